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
/// conversations in parallel, redeliveries skipped, a typing indicator when the engine is slow, and on a crash an
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

        // Marked inside the conversation's gate so two concurrent deliveries of one activity cannot both pass.
        if (deduplicate && !string.IsNullOrEmpty(inbound.Id)
            && !await store.TryMarkProcessedAsync($"{input.ConversationKey}/activities/{inbound.Id}", cancellationToken).ConfigureAwait(false))
        {
            Log.DuplicateActivity(logger, inbound.Id, input.ConversationKey);
            return TurnOutcome.Duplicate;
        }

        using var typingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = SendTypingWhenSlowAsync(inbound, sink, typingStop.Token);
        try
        {
            var messages = await engine.HandleTurnAsync(input, cancellationToken).ConfigureAwait(false);
            await StopAsync(typingStop, typing).ConfigureAwait(false);
            foreach (var message in messages)
            {
                await sink.SendAsync(ActivityMapper.ToActivity(message, inbound), cancellationToken).ConfigureAwait(false);
            }

            return TurnOutcome.Handled;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await StopAsync(typingStop, typing).ConfigureAwait(false);
            Log.TurnFailed(logger, ex, input.ConversationKey, inbound.Type);
            await ApologizeAndResetAsync(inbound, input, sink, cancellationToken).ConfigureAwait(false);
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
        if (deduplicate && !string.IsNullOrEmpty(inbound.Id)
            && !await store.TryMarkProcessedAsync($"{key}/activities/{inbound.Id}", cancellationToken).ConfigureAwait(false))
        {
            Log.DuplicateActivity(logger, inbound.Id, key);
            return TurnOutcome.Duplicate;
        }

        try
        {
            await engine.ResetAsync(key, cancellationToken).ConfigureAwait(false);
            Log.ConversationEnded(logger, key, inbound.Code);
            return TurnOutcome.Handled;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ResetFailed(logger, ex, key);
            return TurnOutcome.Failed;
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
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase)
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
