using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpeakerBot.Conversation;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Turns;

/// <summary>Translates between Bot Framework activities and the channel-neutral turn contract of the engine.</summary>
public static partial class ActivityMapper
{
    public static string ConversationKey(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return $"{StateChannel(activity)}/conversations/{activity.Conversation?.Id}";
    }

    /// <summary>The turn this activity asks for, or null when the bot has nothing to do with it (typing, bot joined, unknown types…).</summary>
    public static TurnInput? ToTurnInput(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var kind = activity.Type switch
        {
            ActivityTypes.Message => TurnKind.Message,
            ActivityTypes.ConversationUpdate when UserJoined(activity) => TurnKind.Join,
            _ => (TurnKind?)null,
        };
        if (kind is null)
        {
            return null;
        }

        var user = kind == TurnKind.Join
            ? activity.MembersAdded!.First(m => !string.Equals(m.Id, activity.Recipient?.Id, StringComparison.Ordinal))
            : activity.From;

        JsonElement? value = activity.Value is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } v ? v : null;
        var text = activity.Text is null ? null : StripMentions(activity.Text).Trim();
        if (string.IsNullOrEmpty(text) && value is { ValueKind: JsonValueKind.String } textValue)
        {
            // Web Chat posts a string postBack value as text, but other clients put it in value only.
            text = textValue.GetString();
        }

        return new TurnInput
        {
            ConversationKey = ConversationKey(activity),
            UserKey = $"{StateChannel(activity)}/users/{user?.Id}",
            Kind = kind.Value,
            Text = kind == TurnKind.Message ? text : null,
            Value = kind == TurnKind.Message ? value : null,
            Locale = string.IsNullOrWhiteSpace(activity.Locale) ? null : activity.Locale,
            LocalTimestamp = UserLocalTime(activity),
            UserName = user?.Name,
        };
    }

    /// <summary>True for a conversationUpdate adding someone other than the bot itself (the SDK's OnMembersAdded rule).</summary>
    public static bool UserJoined(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.MembersAdded?.Any(m => m.Id is not null && !string.Equals(m.Id, activity.Recipient?.Id, StringComparison.Ordinal)) == true;
    }

    /// <summary>A reply addressed back to the sender, with the field mapping of the SDK's CreateReply.</summary>
    public static Activity CreateReply(Activity inbound, string type = ActivityTypes.Message)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var noReplyTo = inbound.Type == ActivityTypes.ConversationUpdate
            && (inbound.ChannelId is "directline" or "webchat");
        return new Activity
        {
            Type = type,
            From = inbound.Recipient is null ? null : new ChannelAccount { Id = inbound.Recipient.Id, Name = inbound.Recipient.Name, Role = "bot" },
            Recipient = inbound.From is null ? null : new ChannelAccount { Id = inbound.From.Id, Name = inbound.From.Name },
            Conversation = inbound.Conversation,
            ChannelId = inbound.ChannelId,
            ServiceUrl = inbound.ServiceUrl,
            Locale = inbound.Locale,
            ReplyToId = noReplyTo ? null : inbound.Id,
        };
    }

    public static Activity ToActivity(BotMessage message, Activity inbound)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(inbound);
        var reply = CreateReply(inbound);
        reply.Text = MarkdownText.Escape(message.Text);
        reply.TextFormat = message.Text is null ? null : "markdown";
        reply.InputHint = message.ExpectsInput ? InputHints.ExpectingInput : InputHints.AcceptingInput;
        if (message.Locale is not null)
        {
            reply.Locale = message.Locale;
        }

        if (message.Cards.Count > 0)
        {
            reply.Attachments = [.. message.Cards.Select(ToAttachment)];
            reply.AttachmentLayout = message.Cards.Count > 1 ? "carousel" : "list";
        }

        if (message.SuggestedActions.Count > 0)
        {
            var userId = inbound.Type == ActivityTypes.ConversationUpdate
                ? inbound.MembersAdded?.FirstOrDefault(m => !string.Equals(m.Id, inbound.Recipient?.Id, StringComparison.Ordinal))?.Id
                : inbound.From?.Id;
            reply.SuggestedActions = new SuggestedActions
            {
                To = userId is null ? null : [userId],
                Actions = [.. message.SuggestedActions.Select(ToCardAction)],
            };
        }

        return reply;
    }

    public static Attachment ToAttachment(BotCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var hero = new HeroCard
        {
            Title = MarkdownText.Escape(card.Title),
            Subtitle = MarkdownText.Escape(card.Subtitle),
            Text = MarkdownText.Escape(card.Text),
            Images = IsWebAddress(card.ImageUrl) ? [new CardImage { Url = card.ImageUrl!, Alt = card.Title }] : null,
            Buttons = card.Buttons.Count == 0 ? null : [.. card.Buttons.Select(ToCardAction)],
        };
        return new Attachment { ContentType = HeroCard.HeroContentType, Content = ProtocolJson.ToElement(hero) };
    }

    public static CardAction ToCardAction(BotButton button)
    {
        ArgumentNullException.ThrowIfNull(button);
        return new CardAction
        {
            // imBack must carry a string value: Web Chat sends value, not title, and throws on anything else.
            Type = button.Kind switch
            {
                ButtonKind.Post => "postBack",
                ButtonKind.OpenUrl => "openUrl",
                _ => "imBack",
            },
            Title = button.Title,
            Value = ProtocolJson.ToElement(button.Value),
        };
    }

    /// <summary>
    /// The user's wall clock: the instant of <c>localTimestamp</c> (else the channel's <c>timestamp</c>) seen in the IANA
    /// <c>localTimezone</c> when the client named one we know. A parent bot re-sending <c>localTimestamp</c> in UTC
    /// would otherwise move "aujourd'hui" to the wrong day around midnight. Null when the activity says nothing local.
    /// </summary>
    public static DateTimeOffset? UserLocalTime(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var local = ParseLocalTimestamp(activity.LocalTimestamp);
        var zone = FindTimeZone(activity.LocalTimezone);
        if (zone is null)
        {
            return local;
        }

        var instant = local ?? ParseLocalTimestamp(activity.Timestamp);
        return instant is null ? null : TimeZoneInfo.ConvertTime(instant.Value, zone);
    }

    /// <summary>An IANA name such as Europe/Paris; anything else (unknown, malformed, a path) is ignored.</summary>
    public static TimeZoneInfo? FindTimeZone(string? id) =>
        id is { Length: > 0 and <= 64 } && TimeZoneIdPattern().IsMatch(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex TimeZoneIdPattern();

    // A profile's photo comes from a file a coordinator imported: only an http(s) address is shown as an image.
    private static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static DateTimeOffset? ParseLocalTimestamp(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;

    /// <summary>Teams puts "&lt;at&gt;Bot&lt;/at&gt;" in the text of a mention; the engine must not read the bot's name as a request.</summary>
    private static string StripMentions(string text) =>
        text.Contains("<at>", StringComparison.OrdinalIgnoreCase) ? MentionPattern().Replace(text, string.Empty) : text;

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex MentionPattern();
}
