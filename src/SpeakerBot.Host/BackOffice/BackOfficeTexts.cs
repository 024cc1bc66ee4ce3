using System.Globalization;
using System.Text.Json;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.BackOffice;

/// <summary>The back-office's sentences, dialogs/locales/backoffice.{fr,en}.json: one flat object of key → text per language.</summary>
public sealed class BackOfficeTexts
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _texts = new(StringComparer.Ordinal);

    /// <summary>From the dialogs folder the conversation uses (Conversation:DialogsDirectory, else the one beside the program).</summary>
    public BackOfficeTexts(Microsoft.Extensions.Options.IOptions<SpeakerBot.Conversation.ConversationOptions> options)
        : this(Path.Combine(string.IsNullOrWhiteSpace(options?.Value.DialogsDirectory) ? RepoData.DialogsDirectory : options.Value.DialogsDirectory, "locales"))
    {
    }

    public BackOfficeTexts(string localesDirectory)
    {
        foreach (var lang in Languages)
        {
            var file = Path.Combine(localesDirectory, $"backoffice.{lang}.json");
            try
            {
                _texts[lang] = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))
                    ?? throw new InvalidDataException($"{file} is empty: expected an object of \"key\": \"text\".");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file} is not an object of \"key\": \"text\" strings: {e.Message}", e);
            }
        }
    }

    public static IReadOnlyList<string> Languages { get; } = ["fr", "en"];

    public IReadOnlyDictionary<string, string> All(string lang) => _texts[lang];

    /// <summary>The text in <paramref name="lang"/>, else in French, else the key itself (a missing text shows, never breaks the page).</summary>
    public string Get(string lang, string key) =>
        (_texts.TryGetValue(lang, out var texts) && texts.TryGetValue(key, out var text)) || _texts["fr"].TryGetValue(key, out text) ? text : key;

    /// <summary>With {0}, {1}… filled in.</summary>
    public string Format(string lang, string key, params object?[] args) =>
        string.Format(CultureInfo.GetCultureInfo(lang == "en" ? "en-GB" : "fr-FR"), Get(lang, key), args);
}
