using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Conversation;
using SpeakerBot.Domain;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Turns;

public enum TurnOutcome
{
    Handled,
    Ignored,
    Duplicate,
    Failed,
}

/// <summary>
/// Runs one inbound activity through the engine: one turn at a time per conversation (state is last-writer-wins),
/// conversations in parallel, a redelivery answered with the replies recorded for it, a typing indicator when the engine is slow, and on a crash an
/// apology plus a reset of that conversation's dialog state so nobody stays stuck in a broken flow.
/// </summary>
public sealed class TurnPipeline(
    IConversationEngine engine,
    IStateStore store,
    TimeProvider time,
    IOptions<BotProtocolOptions> options,
    ILogger<TurnPipeline> logger)
{
    private readonly KeyedLock _conversationLocks = new();

    /// <summary>Conversations with a turn running or waiting; zero when idle.</summary>
    public int BusyConversations => _conversationLocks.ActiveKeys;

    public Task<TurnOutcome> RunAsync(Activity inbound, IReplySink sink, CancellationToken cancellationToken) =>
        RunAsync(inbound, sink, deduplicate: true, cancellationToken);

    /// <param name="deduplicate">False when the caller issued the activity id itself and cannot see a redelivery.</param>
    public async Task<TurnOutcome> RunAsync(Activity inbound, IReplySink sink, bool deduplicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(sink);
        if (inbound.Type == ActivityTypes.EndOfConversation && !string.IsNullOrEmpty(inbound.Conversation?.Id))
        {
            return await EndConversationAsync(inbound, deduplicate, cancellationToken).ConfigureAwait(false);
        }

        var input = ActivityMapper.ToTurnInput(inbound);
        if (input is null)
        {
            return TurnOutcome.Ignored;
        }

        using var turnLock = await _conversationLocks.AcquireAsync(input.ConversationKey, cancellationToken).ConfigureAwait(false);
        // The store's lock spans instances (PostgreSQL): a turn of this conversation on another instance waits for this one.
        await using var instancesLock = await store.LockAsync(input.ConversationKey, cancellationToken).ConfigureAwait(false);

        // Looked up and recorded inside the conversation's gate, so two concurrent deliveries of one activity cannot
        // both run, on this instance or another. The mark is written at the END of the turn, with the state and the replies (the engine commits
        // them together): a crash mid-turn leaves no mark and a redelivery runs the turn; a redelivery after the
        // commit gets the recorded replies again, which is how a reply lost with the crash reaches the user.
        string? activityKey = null;
        if (deduplicate && !string.IsNullOrEmpty(inbound.Id))
        {
            activityKey = $"{input.ConversationKey}/activities/{inbound.Id}";
            if (await store.FindProcessedAsync(activityKey, cancellationToken).ConfigureAwait(false) is { } recorded)
            {
                Log.DuplicateActivity(logger, inbound.Id, input.ConversationKey);

                // expectReplies: the replies travel only in the HTTP answer, which the caller never got, so it gets them
                // again. Through the Connector they were posted on their own; posting them twice would show them twice.
                if (string.Equals(inbound.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.Ordinal))
                {
                    foreach (var message in TurnRecord.Deserialize(recorded))
                    {
                        await sink.SendAsync(ActivityMapper.ToActivity(message, inbound), cancellationToken).ConfigureAwait(false);
                    }
                }

                return TurnOutcome.Duplicate;
            }

            input = input with { ActivityKey = activityKey };
        }

        using var typingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = SendTypingWhenSlowAsync(inbound, sink, typingStop.Token);
        IReadOnlyList<BotMessage> messages;
        try
        {
            messages = await engine.HandleTurnAsync(input, cancellationToken).ConfigureAwait(false);
            await StopAsync(typingStop, typing).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await StopAsync(typingStop, typing).ConfigureAwait(false);
            Log.TurnFailed(logger, ex, input.ConversationKey, inbound.Type);
            await ApologizeAndResetAsync(inbound, input, sink, cancellationToken).ConfigureAwait(false);
            await MarkAsync(activityKey, [new BotMessage { Text = Apology(input.Locale), Locale = input.Locale }], input.ConversationKey).ConfigureAwait(false);
            return TurnOutcome.Failed;
        }

        // An engine that committed the mark itself (ours) makes this a no-op; any other engine gets it now.
        await MarkAsync(activityKey, messages, input.ConversationKey).ConfigureAwait(false);
        try
        {
            foreach (var message in messages)
            {
                await sink.SendAsync(ActivityMapper.ToActivity(message, inbound), cancellationToken).ConfigureAwait(false);
            }

            return TurnOutcome.Handled;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The turn is committed: the replies wait in the mark for a redelivery rather than a reset undoing the answer.
            Log.TurnFailed(logger, ex, input.ConversationKey, inbound.Type);
            return TurnOutcome.Failed;
        }
    }

    /// <summary>
    /// A parent bot ending its skill call (or a channel ending the conversation): the running flow is dropped, as the SDK's
    /// dialog runner cancels all dialogs, so the next message starts afresh. Nothing is said back.
    /// </summary>
    private async Task<TurnOutcome> EndConversationAsync(Activity inbound, bool deduplicate, CancellationToken cancellationToken)
    {
        var key = ActivityMapper.ConversationKey(inbound);
        using var turnLock = await _conversationLocks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        await using var instancesLock = await store.LockAsync(key, cancellationToken).ConfigureAwait(false);
        var activityKey = deduplicate && !string.IsNullOrEmpty(inbound.Id) ? $"{key}/activities/{inbound.Id}" : null;
        if (activityKey is not null && await store.FindProcessedAsync(activityKey, cancellationToken).ConfigureAwait(false) is not null)
        {
            Log.DuplicateActivity(logger, inbound.Id!, key);
            return TurnOutcome.Duplicate;
        }

        try
        {
            await engine.ResetAsync(key, cancellationToken).ConfigureAwait(false);
            Log.ConversationEnded(logger, key, inbound.Code);
            await MarkAsync(activityKey, [], key).ConfigureAwait(false);
            return TurnOutcome.Handled;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ResetFailed(logger, ex, key);
            return TurnOutcome.Failed;
        }
    }

    private async Task MarkAsync(string? activityKey, IReadOnlyList<BotMessage> replies, string conversationKey)
    {
        if (activityKey is null)
        {
            return;
        }

        try
        {
            await store.TryMarkProcessedAsync(activityKey, TurnRecord.Serialize(replies), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MarkFailed(logger, ex, conversationKey);
        }
    }

    private async Task ApologizeAndResetAsync(Activity inbound, TurnInput input, IReplySink sink, CancellationToken cancellationToken)
    {
        try
        {
            await engine.ResetAsync(input.ConversationKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ResetFailed(logger, ex, input.ConversationKey);
        }

        try
        {
            var apology = ActivityMapper.CreateReply(inbound);
            apology.Text = Apology(input.Locale);
            apology.InputHint = InputHints.AcceptingInput;
            await sink.SendAsync(apology, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ApologyFailed(logger, ex, input.ConversationKey);
        }
    }

    internal static string Apology(string? locale) =>
        Languages.IsEnglish(locale)
            ? "Sorry, something went wrong on my side. Let's start again: who would you like to invite?"
            : "Désolée, quelque chose s'est mal passé de mon côté. Reprenons depuis le début : qui souhaitez-vous inviter ?";

    private async Task SendTypingWhenSlowAsync(Activity inbound, IReplySink sink, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.TypingDelay, time, cancellationToken).ConfigureAwait(false);
            await sink.SendAsync(ActivityMapper.CreateReply(inbound, ActivityTypes.Typing), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The turn finished first: no indicator needed.
        }
        catch (Exception ex)
        {
            Log.TypingFailed(logger, ex);
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task typing)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await typing.ConfigureAwait(false);
    }
}
