using System.Collections.Frozen;
using System.Globalization;

namespace SpeakerBot.Conversation.Understanding;

internal enum EntryKind
{
    Sector,
    Topic,
    Level,
    Format,
    Intent,
    Month,
    Weekday,
    Relative,
    Time,
    Number,
    Cue,
    Ignore,
}

/// <summary>What a phrase of the vocabulary means. <see cref="NeedsContext"/> marks ambiguous words ("première", "may").</summary>
internal sealed record LexEntry(EntryKind Kind, string Value, string? Extra, bool NeedsContext);

/// <summary>A phrase found in the token stream: tokens [Start, Start + Count).</summary>
internal readonly record struct LexMatch(int Start, int Count, IReadOnlyList<LexEntry> Entries)
{
    public int End => Start + Count;
}

/// <summary>
/// All vocabularies of the understanding (index/understanding/*.tsv), folded and compiled once into one
/// token trie so a message is scanned in a single left-to-right pass, whatever the number of phrases.
/// </summary>
internal sealed class Lexicon
{
    private readonly TrieNode _root = new();
    private readonly HashSet<string> _lexiconWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownWords = new(StringComparer.Ordinal);

    private Lexicon()
    {
    }

    public FuzzyIndex Fuzzy { get; private set; } = null!;

    public FrozenSet<string> KnownWords { get; private set; } = FrozenSet<string>.Empty;

    public static Lexicon Load(string directory)
    {
        var lexicon = new Lexicon();
        var sectorLines = new List<(string File, int Line, string[] Cols)>();
        foreach (var (file, line, cols) in ReadTsv(directory, "sectors.tsv", 2))
        {
            lexicon.AddPhrases(cols[1], new LexEntry(EntryKind.Sector, cols[0], null, false), file, line);
            sectorLines.Add((file, line, cols));
        }

        lexicon.AddLinkedJobTitles(sectorLines);

        foreach (var (file, line, cols) in ReadTsv(directory, "topics.tsv", 1))
        {
            var label = cols[0];
            var phrases = cols.Length > 1 ? label + " | " + cols[1] : label;
            lexicon.AddPhrases(phrases, new LexEntry(EntryKind.Topic, label, null, false), file, line);
        }

        foreach (var (file, line, cols) in ReadTsv(directory, "levels.tsv", 3))
        {
            var level = cols[1] == "-" ? null : cols[1];
            lexicon.AddPhrases(cols[2], new LexEntry(EntryKind.Level, cols[0], level, false), file, line);
        }

        foreach (var (file, line, cols) in ReadTsv(directory, "formats.tsv", 2))
        {
            lexicon.AddPhrases(cols[1], new LexEntry(EntryKind.Format, cols[0], null, false), file, line);
        }

        foreach (var (file, line, cols) in ReadTsv(directory, "intents.tsv", 2))
        {
            lexicon.AddPhrases(cols[1], new LexEntry(EntryKind.Intent, cols[0], null, false), file, line);
        }

        foreach (var (file, line, cols) in ReadTsv(directory, "numbers.tsv", 3))
        {
            lexicon.AddPhrases(cols[2], new LexEntry(EntryKind.Number, cols[0], cols[1], false), file, line);
        }

        foreach (var (file, line, cols) in ReadTsv(directory, "calendar.tsv", 3))
        {
            var kind = cols[0] switch
            {
                "month" => EntryKind.Month,
                "weekday" => EntryKind.Weekday,
                "relative" => EntryKind.Relative,
                "time" => EntryKind.Time,
                "connector" => EntryKind.Cue,
                _ => throw new InvalidDataException($"{file}:{line}: kind '{cols[0]}' is not one of month, weekday, relative, time, connector."),
            };
            lexicon.AddPhrases(cols[2], new LexEntry(kind, cols[1], null, false), file, line);
        }

        foreach (var (file, line, cols) in ReadTsv(directory, "cues.tsv", 2))
        {
            var entry = cols[0] == "ignore"
                ? new LexEntry(EntryKind.Ignore, "ignore", null, false)
                : new LexEntry(EntryKind.Cue, cols[0], null, false);
            lexicon.AddPhrases(cols[1], entry, file, line);
        }

        foreach (var (_, _, cols) in ReadTsv(directory, "vocabulary.tsv", 1))
        {
            foreach (var word in cols[0].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                lexicon._knownWords.Add(TextNormalizer.Fold(word));
            }
        }

        lexicon._knownWords.UnionWith(lexicon._lexiconWords);
        lexicon.KnownWords = lexicon._knownWords.ToFrozenSet(StringComparer.Ordinal);
        lexicon.Fuzzy = new FuzzyIndex(lexicon._lexiconWords);
        return lexicon;
    }

    public bool IsLexiconWord(string word) => _lexiconWords.Contains(word);

    /// <summary>Longest phrase starting at token <paramref name="start"/>, or null.</summary>
    public LexMatch? LongestAt(IReadOnlyList<string> words, int start)
    {
        var node = _root;
        LexMatch? best = null;
        for (var i = start; i < words.Count; i++)
        {
            if (node.Children is null || !node.Children.TryGetValue(words[i], out var next))
            {
                break;
            }

            node = next;
            if (node.Entries is not null)
            {
                best = new LexMatch(start, i - start + 1, node.Entries);
            }
        }

        return best;
    }

    /// <summary>
    /// "ingénieure en environnement" as well as "ingénieure environnement" (decision 118): a job word that starts at
    /// least three sector phrases ("ingénieure", "technicienne", "responsable") is also read with "en" after it.
    /// </summary>
    private void AddLinkedJobTitles(List<(string File, int Line, string[] Cols)> sectorLines)
    {
        var phrases = sectorLines
            .SelectMany(l => l.Cols[1].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(p => !p.EndsWith('!'))
                .Select(p => (l.File, l.Line, Slug: l.Cols[0], Words: TextNormalizer.Tokenize(p).Select(t => t.Text).ToList())))
            .Where(p => p.Words.Count >= 2)
            .ToList();
        var heads = phrases.GroupBy(p => p.Words[0], StringComparer.Ordinal).Where(g => g.Count() >= 3).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (file, line, slug, words) in phrases)
        {
            if (heads.Contains(words[0]) && words[1] is not ("en" or "de" or "d" or "du" or "des" or "la" or "l"))
            {
                AddPhrases(string.Join(' ', [words[0], "en", .. words.Skip(1)]), new LexEntry(EntryKind.Sector, slug, null, false), file, line);
            }
        }
    }

    private void AddPhrases(string phrases, LexEntry entry, string file, int line)
    {
        foreach (var raw in phrases.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var needsContext = raw.EndsWith('!');
            var phrase = needsContext ? raw[..^1] : raw;
            var words = TextNormalizer.Tokenize(phrase).Select(t => t.Text).ToList();
            if (words.Count == 0)
            {
                throw new InvalidDataException($"{file}:{line}: empty phrase in '{phrases}'.");
            }

            var node = _root;
            foreach (var word in words)
            {
                node.Children ??= new Dictionary<string, TrieNode>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(word, out var child))
                {
                    child = new TrieNode();
                    node.Children[word] = child;
                }

                node = child;
                if (word.Length >= 3 && !char.IsAsciiDigit(word[0]))
                {
                    _lexiconWords.Add(word);
                }
                else
                {
                    _knownWords.Add(word);
                }
            }

            node.Entries ??= [];
            var e = needsContext ? entry with { NeedsContext = true } : entry;
            if (!node.Entries.Contains(e))
            {
                node.Entries.Add(e);
            }
        }
    }

    private static IEnumerable<(string File, int Line, string[] Columns)> ReadTsv(string directory, string name, int minColumns)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Understanding vocabulary '{name}' is missing from {directory}.", path);
        }

        var lineNumber = 0;
        foreach (var text in File.ReadLines(path))
        {
            lineNumber++;
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var cols = text.Split('\t', StringSplitOptions.TrimEntries);
            if (cols.Length < minColumns)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:{lineNumber}: expected {minColumns} tab-separated columns, found {cols.Length}."));
            }

            yield return (path, lineNumber, cols);
        }
    }

    private sealed class TrieNode
    {
        public Dictionary<string, TrieNode>? Children { get; set; }

        public List<LexEntry>? Entries { get; set; }
    }
}
