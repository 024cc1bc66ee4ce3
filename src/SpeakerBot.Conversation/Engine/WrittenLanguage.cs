using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// The language a message is clearly written in, from its common words: English or French when at least two of
/// that language's words outnumber the other's three to one ("Hi, I need a female engineer for my class in
/// Toulouse"); null when short or mixed ("Toulouse", "ok", "Book Clara Couderc"), which keeps the language as it was.
/// </summary>
internal static class WrittenLanguage
{
    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "i", "im", "need", "looking", "want", "would", "like", "the", "my", "our", "we", "you", "your", "for", "with", "and",
        "is", "are", "can", "could", "please", "hi", "hello", "thanks", "thank", "pupils", "students", "speaker", "speakers",
        "female", "woman", "women", "engineer", "school", "next", "week", "what", "how", "who", "when", "where", "does",
        "have", "has", "of", "to", "in", "at", "this", "that", "there", "it", "be", "about", "any", "some", "from", "book",
        "visit", "free", "year", "old", "she", "her", "they", "them", "will", "should", "yes", "no", "after", "before",
    };

    private static readonly HashSet<string> FrenchWords = new(StringComparer.Ordinal)
    {
        "je", "j", "suis", "cherche", "voudrais", "veux", "une", "des", "les", "le", "la", "du", "pour", "mes", "ma", "mon",
        "nous", "vous", "avec", "et", "est", "sont", "dans", "au", "aux", "de", "bonjour", "merci", "classe", "eleves",
        "intervenante", "intervenantes", "ingenieure", "qui", "que", "quoi", "quand", "comment", "pas", "oui", "non", "il",
        "elle", "en", "ce", "cette", "sur", "chez", "prochaine", "semaine", "avez", "faut", "peut", "mais", "ou", "apres",
        "avant", "besoin", "cherchons", "notre", "nos", "votre", "vos",
    };

    /// <summary>Words found inside names of places and organisations; they count, but never decide a language alone.</summary>
    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "de", "du", "des", "la", "le", "les", "en", "au", "aux", "sur", "of", "the", "in", "at", "and",
    };

    /// <summary><see cref="DialogCatalog.English"/>, <see cref="DialogCatalog.French"/> or null when not clear.</summary>
    public static string? Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        int english = 0, french = 0, englishStrong = 0, frenchStrong = 0;
        foreach (var token in TextNormalizer.Tokenize(text))
        {
            var isEnglish = EnglishWords.Contains(token.Text);
            var isFrench = FrenchWords.Contains(token.Text);
            english += isEnglish ? 1 : 0;
            french += isFrench ? 1 : 0;
            englishStrong += isEnglish && !NameParticles.Contains(token.Text) ? 1 : 0;
            frenchStrong += isFrench && !NameParticles.Contains(token.Text) ? 1 : 0;
        }

        // Particles alone ("2 rue de la Paix, Saint-Germain-en-Laye", "University of Kent") are names, not a language.
        return english >= 2 && englishStrong >= 1 && english >= 3 * french ? DialogCatalog.English
            : french >= 2 && frenchStrong >= 1 && french >= 3 * english ? DialogCatalog.French
            : null;
    }
}
