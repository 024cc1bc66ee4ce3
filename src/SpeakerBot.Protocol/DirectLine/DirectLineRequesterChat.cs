using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>
/// Proactive messages into the built-in Direct Line's conversations (decision 117): the bot's activity is appended to the
/// transcript, so a connected Web Chat receives it on its stream and one that comes back later reads it from its
/// watermark. A conversation this host does not know (another channel, or forgotten) answers false and nothing is sent.
/// </summary>
public sealed class DirectLineRequesterChat(DirectLineConversations conversations, IOptions<DirectLineOptions> options, TimeProvider time) : IRequesterChat
{
    private const string KeyPrefix = DirectLineHost.ChannelId + "/conversations/";

    public async Task<bool> TellAsync(string conversationKey, string text, string? locale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        if (!conversationKey.StartsWith(KeyPrefix, StringComparison.Ordinal)
            || await conversations.FindAsync(conversationKey[KeyPrefix.Length..], cancellationToken).ConfigureAwait(false) is not { } conversation)
        {
            return false;
        }

        var bot = options.Value;
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = DirectLineHost.ChannelId,
            Conversation = new ConversationAccount { Id = conversation.Id },
            From = new ChannelAccount { Id = bot.BotId, Name = bot.BotName, Role = "bot" },
            Recipient = new ChannelAccount { Id = conversation.UserId, Role = "user" },
            Text = text,
            TextFormat = "plain",
            Locale = locale,
        };
        await conversation.AppendAsync(activity, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await conversations.SaveIfNeededAsync(conversation, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
