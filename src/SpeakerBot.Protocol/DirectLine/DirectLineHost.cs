using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Turns;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>
/// Delivers Direct Line activities in-process to the same turn pipeline as /api/messages, and appends the bot's
/// replies to the conversation's transcript where polls and WebSockets pick them up.
/// </summary>
public sealed class DirectLineHost(
    TurnPipeline pipeline,
    DirectLineConversations conversations,
    IOptions<DirectLineOptions> options,
    IOptions<BotProtocolOptions> botOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DirectLineHost> logger)
{
    public const string ChannelId = "directline";

    private readonly DirectLineOptions _options = options.Value;

    /// <summary>Starts the conversation once: the bot hears the user join (and welcomes them) before anything is posted.</summary>
    public async Task StartAsync(DirectLineConversation conversation, string serviceUrl, string? locale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (!await conversation.TryStartAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await conversations.SaveIfNeededAsync(conversation, cancellationToken).ConfigureAwait(false);
        var join = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Id = conversation.Id + "|join",
            ChannelId = ChannelId,
            ServiceUrl = serviceUrl,
            Conversation = new ConversationAccount { Id = conversation.Id },
            Recipient = Bot,
            From = new ChannelAccount { Id = conversation.UserId, Role = "user" },
            MembersAdded = [Bot, new ChannelAccount { Id = conversation.UserId }],
            Locale = locale,
            Timestamp = time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            FromIssuedToken = true,
        };

        // Not awaited on purpose: the pipeline takes the conversation's turn lock synchronously, so a message posted
        // right after still runs after the welcome, while the start call answers at once.
        conversation.BeginTurn();
        _ = RunAsync(conversation, join);
    }

    /// <summary>Stamps and echoes the user's activity, runs the turn, and returns the server id (the echo's id).</summary>
    public async Task<string> PostAsync(DirectLineConversation conversation, Activity activity, string serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = serviceUrl;
        activity.Conversation = new ConversationAccount { Id = conversation.Id };
        activity.Recipient = Bot;
        activity.CallerId = null;

        // The user is whoever the token was issued to, whatever the client wrote in from.id.
        activity.From = new ChannelAccount { Id = conversation.UserId, Name = activity.From?.Name, Role = "user", ExtensionData = activity.From?.ExtensionData };
        activity.FromIssuedToken = true;
        if (activity.Type == ActivityTypes.Typing)
        {
            return await conversation.AppendAsync(activity, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        string id;
        conversation.BeginTurn();
        try
        {
            id = await conversation.AppendAsync(activity, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            conversation.EndTurn();
            throw;
        }

        var turn = RunAsync(conversation, activity);
        await turn.CompletesWithinAsync(botOptions.Value.ResponseBudget, time, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Runs a turn the caller opened with <see cref="DirectLineConversation.BeginTurn"/>, and closes it.</summary>
    private async Task RunAsync(DirectLineConversation conversation, Activity inbound)
    {
        Interlocked.Increment(ref conversation.Waiters);
        try
        {
            // Direct Line ids are ours and unique, so there is no redelivery to detect: skip the store round trip.
            await pipeline.RunAsync(inbound, new TranscriptSink(conversation, time), deduplicate: false, lifetime.ApplicationStopping).ConfigureAwait(false);
            await conversations.SaveIfNeededAsync(conversation, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DirectLineTurnFailed(logger, ex, conversation.Id);
        }
        finally
        {
            Interlocked.Decrement(ref conversation.Waiters);
            conversation.EndTurn();
        }
    }

    private ChannelAccount Bot => new() { Id = _options.BotId, Name = _options.BotName, Role = "bot" };

    private sealed class TranscriptSink(DirectLineConversation conversation, TimeProvider time) : IReplySink
    {
        public async Task SendAsync(Activity reply, CancellationToken cancellationToken)
        {
            reply.ServiceUrl = null;
            if (reply.From is not null)
            {
                reply.From.Role = "bot";
            }

            await conversation.AppendAsync(reply, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }
}
