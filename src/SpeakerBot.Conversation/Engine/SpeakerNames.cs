using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// The approved speakers' names, folded, to recognise one named in a message ("Clara Couderc", "Mme Couderc,
/// l'ingénieure du CNES", "réserver Valérie Le Goff"). Read from the store once and again after any change to it.
/// A name counts when the first and last names follow each other, or a title ("Mme", "Ms") precedes the last name;
/// one typo is forgiven in a word of five letters or more. Only names are compared: never bios or FAQ text.
/// </summary>
internal sealed class SpeakerNames
{
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "mme", "madame", "mlle", "mademoiselle", "dr", "docteure", "docteur", "mrs", "ms", "miss",
    };

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "les", "des", "une", "pour", "avec", "dans", "mes", "chez", "est", "que", "qui", "the", "for", "and", "with", "from",
    };

    private readonly ISpeakerStore _store;
    private volatile Named[]? _named;

    public SpeakerNames(ISpeakerStore store)
    {
        _store = store;
        store.Changed += (_, _) => _named = null;
    }

    /// <summary>The speakers the message names, best first (at most <paramref name="take"/>); empty when none.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(string message, int take, CancellationToken cancellationToken)
    {
        var words = TextNormalizer.Tokenize(message).Select(t => t.Text).ToArray();
        if (words.Length == 0)
        {
            return [];
        }

        var named = _named ?? await LoadAsync(cancellationToken).ConfigureAwait(false);
        var context = words.Where(w => w.Length >= 3 && !Filler.Contains(w)).Select(Stem).ToHashSet(StringComparer.Ordinal);
        var full = new List<Named>();
        var titled = new List<(Named Speaker, int Context)>();
        foreach (var speaker in named)
        {
            switch (Match(words, speaker))
            {
                case Kind.FullName:
                    full.Add(speaker);
                    break;
                case Kind.Titled:
                    titled.Add((speaker, speaker.Context.Count(context.Contains)));
                    break;
            }
        }

        if (full.Count > 0)
        {
            return [.. full.Take(take).Select(s => s.Id)];
        }

        if (titled.Count == 0)
        {
            return [];
        }

        // "Mme Couderc, l'ingénieure du CNES": what else the message says about her picks among namesakes.
        var best = titled.Max(t => t.Context);
        return [.. titled.Where(t => t.Context == best).Take(take).Select(t => t.Speaker.Id)];
    }

    private async Task<Named[]> LoadAsync(CancellationToken cancellationToken)
    {
        var list = new List<Named>();
        await foreach (var speaker in _store.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (speaker.Status != SpeakerStatus.Approved)
            {
                continue;
            }

            var about = string.Join(' ', new[] { speaker.Headline, speaker.Employer, speaker.City }.OfType<string>());
            list.Add(new Named(
                speaker.Id,
                Words(speaker.FirstName),
                Words(speaker.LastName),
                [.. Words(about).Where(w => w.Length >= 3 && !Filler.Contains(w)).Select(Stem).Distinct(StringComparer.Ordinal)]));
        }

        var named = list.Where(n => n.Last.Length > 0).ToArray();
        _named = named;
        return named;
    }

    private static Kind Match(string[] words, Named speaker)
    {
        var last = speaker.Last;
        for (var at = 0; at + last.Length <= words.Length; at++)
        {
            var typos = Typos(words, at, last, 1);
            if (typos < 0)
            {
                continue;
            }

            var first = speaker.First;
            if (first.Length > 0 && at >= first.Length && Typos(words, at - first.Length, first, 1 - typos) >= 0)
            {
                return Kind.FullName;
            }

            if (at > 0 && Titles.Contains(words[at - 1]))
            {
                return Kind.Titled;
            }
        }

        return Kind.None;
    }

    /// <summary>Typos needed for <paramref name="name"/> to be read at <paramref name="at"/>, or -1 past <paramref name="allowed"/>.</summary>
    private static int Typos(string[] words, int at, string[] name, int allowed)
    {
        var typos = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var word = words[at + i];
            if (word == name[i])
            {
                continue;
            }

            if (name[i].Length < 5 || typos >= allowed || EditDistance.Bounded(word, name[i], 1) > 1)
            {
                return -1;
            }

            typos++;
        }

        return typos;
    }

    private static string[] Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. TextNormalizer.Tokenize(text).Select(t => t.Text)];

    private static string Stem(string word) => word.Length > 4 && word.EndsWith('s') ? word[..^1] : word;

    private enum Kind
    {
        None,
        FullName,
        Titled,
    }

    private sealed record Named(string Id, string[] First, string[] Last, string[] Context);
}
