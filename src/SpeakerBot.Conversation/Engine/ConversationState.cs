using System.Text.Json.Serialization;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// Everything the bot remembers about one conversation, saved after each turn (one JSON document per conversation key)
/// so a restart resumes where the user was. Versioned so an older document is read or dropped knowingly.
/// </summary>
internal sealed class ConversationState
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>"fr" or "en": the last locale the channel sent.</summary>
    public string Locale { get; set; } = "fr";

    /// <summary>"fr" or "en" when the user writes in the other language than the page's (replies follow hers); else null.</summary>
    public string? Language { get; set; }

    /// <summary>What the user has told us so far (parse fields and shared facts such as speakerId), as strings.</summary>
    public Dictionary<string, string> Facts { get; set; } = new(StringComparer.Ordinal);

    public FlowState? Flow { get; set; }

    public ResultsState? Results { get; set; }

    public int Turns { get; set; }
}

internal sealed class FlowState
{
    public required string Id { get; set; }

    public Dictionary<string, string> Slots { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The slot whose question is waiting for an answer.</summary>
    public string? Pending { get; set; }

    public int Attempts { get; set; }

    /// <summary>Facts this flow's answers wrote, removed again if the user cancels the flow.</summary>
    public List<string> Written { get; set; } = [];

    /// <summary>Choices computed by a provider when the question was asked, so the answer is checked against what was shown.</summary>
    public List<StoredChoice>? Offered { get; set; }

    /// <summary>True after "Modifier" on a confirmation: the next message names the answer to change.</summary>
    public bool Editing { get; set; }
}

internal sealed record StoredChoice(string Title, string Value);

internal sealed class ResultsState
{
    public int Page { get; set; }

    /// <summary>How many times the area was widened since the place was last set.</summary>
    public int Widen { get; set; }

    public int Total { get; set; }

    /// <summary>Speaker ids of the cards last shown, best first (for "the second one" and booking).</summary>
    public List<string> Shown { get; set; } = [];

    public List<string> ShownNames { get; set; } = [];

    /// <summary>Speakers the user asked to replace ("remplace la première"): left out of the next result pages.</summary>
    public List<string> Excluded { get; set; } = [];
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConversationState))]
internal sealed partial class ConversationStateJson : JsonSerializerContext;
