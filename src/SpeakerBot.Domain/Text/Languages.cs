namespace SpeakerBot.Domain;

/// <summary>The service speaks French first and English too: every "is this English?" asks here.</summary>
public static class Languages
{
    /// <summary>True for an English locale or language tag ("en", "en-GB", "en-US,en;q=0.9"); French for anything else, null included.</summary>
    public static bool IsEnglish(string? localeOrLanguage) =>
        localeOrLanguage is not null && localeOrLanguage.StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
