using SpeakerBot.Domain;

namespace SpeakerBot.Search.Analysis;

/// <summary>A phrase (sequence of stems) and what it stands for.</summary>
public sealed record LexiconPhrase(string[] Stems, int Payload);

/// <summary>Finds the longest known phrase starting at a position of a stem sequence.</summary>
public sealed class PhraseMatcher
{
    private readonly Dictionary<string, List<(string[] Stems, List<int> Payloads)>> _byFirst = new(StringComparer.Ordinal);

    public PhraseMatcher(IEnumerable<LexiconPhrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        foreach (var phrase in phrases.Where(p => p.Stems.Length > 0))
        {
            if (!_byFirst.TryGetValue(phrase.Stems[0], out var list))
            {
                _byFirst[phrase.Stems[0]] = list = [];
            }

            var existing = list.FirstOrDefault(e => e.Stems.AsSpan().SequenceEqual(phrase.Stems));
            if (existing.Stems is null)
            {
                list.Add((phrase.Stems, [phrase.Payload]));
            }
            else if (!existing.Payloads.Contains(phrase.Payload))
            {
                existing.Payloads.Add(phrase.Payload);
            }
        }

        foreach (var list in _byFirst.Values)
        {
            list.Sort((a, b) => b.Stems.Length.CompareTo(a.Stems.Length));
        }
    }

    public bool StartsAny(string stem) => _byFirst.ContainsKey(stem);

    /// <summary>The length (in words) of the longest phrase at <paramref name="start"/> and its payloads; 0 when none.</summary>
    public int Match(IReadOnlyList<string> stems, int start, out IReadOnlyList<int> payloads)
    {
        ArgumentNullException.ThrowIfNull(stems);
        payloads = [];
        if (!_byFirst.TryGetValue(stems[start], out var candidates))
        {
            return 0;
        }

        foreach (var (phrase, found) in candidates)
        {
            if (start + phrase.Length > stems.Count)
            {
                continue;
            }

            var same = true;
            for (var i = 1; i < phrase.Length && same; i++)
            {
                same = string.Equals(stems[start + i], phrase[i], StringComparison.Ordinal);
            }

            if (same)
            {
                payloads = found;
                return phrase.Length;
            }
        }

        return 0;
    }
}

/// <summary>
/// The search vocabulary kept as data under index/search/: stop words, synonym groups (single words and
/// multi-word expressions, French and English) and the words that point to a sector.
/// </summary>
public sealed class SearchLexicon
{
    private SearchLexicon(FrenchAnalyzer analyzer, IReadOnlyList<IReadOnlyList<string[]>> synonymGroups, IReadOnlyList<(string Sector, string[] Stems)> sectorPhrases)
    {
        Analyzer = analyzer;
        SynonymGroups = synonymGroups;
        Synonyms = new PhraseMatcher(synonymGroups.SelectMany((g, i) => g.Select(p => new LexiconPhrase(p, i))));
        var sectors = Taxonomy.Sectors.ToList();
        SectorHints = new PhraseMatcher(sectorPhrases.Select(p => new LexiconPhrase(p.Stems, sectors.IndexOf(p.Sector))).Where(p => p.Payload >= 0));
        IndexAnalyzer = new SpeakerAnalyzer(analyzer.LuceneStopWords, stem: true, Synonyms);
        WriterAnalyzer = new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(
            IndexAnalyzer,
            new Dictionary<string, Lucene.Net.Analysis.Analyzer> { [Engine.SpeakerDocuments.Words] = analyzer.FoldingAnalyzer });
    }

    /// <summary>What the index writer analyses with: the text fields with <see cref="IndexAnalyzer"/>, the word list folded only.</summary>
    internal Lucene.Net.Analysis.Analyzer WriterAnalyzer { get; }

    /// <summary>The Lucene analyzer of the index's text fields: folding, stop words, stemming, then synonym concepts.</summary>
    internal SpeakerAnalyzer IndexAnalyzer { get; }

    public FrenchAnalyzer Analyzer { get; }

    /// <summary>Each group: its phrases as stem sequences. The group index names the concept term in the index.</summary>
    public IReadOnlyList<IReadOnlyList<string[]>> SynonymGroups { get; }

    public PhraseMatcher Synonyms { get; }

    /// <summary>Payload: index of the sector in <see cref="Taxonomy.Sectors"/>.</summary>
    public PhraseMatcher SectorHints { get; }

    private static readonly Lazy<SearchLexicon> LazyDefault = new(() => Load(DefaultDirectory()));

    /// <summary>The lexicon in the repository's index/search folder (empty lists if the folder is missing).</summary>
    public static SearchLexicon Default => LazyDefault.Value;

    public static string DefaultDirectory()
    {
        try
        {
            return Path.Combine(RepoData.IndexDirectory, "search");
        }
        catch (DirectoryNotFoundException)
        {
            return Path.Combine(AppContext.BaseDirectory, "index", "search");
        }
    }

    public static SearchLexicon Load(string directory)
    {
        var stopWords = Lines(Path.Combine(directory, "stopwords.txt")).SelectMany(l => l.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)).ToList();
        var analyzer = new FrenchAnalyzer(stopWords);
        string[] Stems(string phrase) => [.. analyzer.Analyze(phrase)];

        var groups = Lines(Path.Combine(directory, "synonyms.txt"))
            .Select(l => (IReadOnlyList<string[]>)[.. l.Split(',').Select(p => Stems(p)).Where(p => p.Length > 0).DistinctBy(p => string.Join(' ', p))])
            .Where(g => g.Count > 1)
            .ToList();

        var sectors = new List<(string, string[])>();
        foreach (var line in Lines(Path.Combine(directory, "sectors.txt")))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var slug = line[..colon].Trim();
            sectors.AddRange(line[(colon + 1)..].Split(',').Select(p => Stems(p)).Where(p => p.Length > 0).Select(p => (slug, p)));
        }

        return new SearchLexicon(analyzer, groups, sectors);
    }

    private static IEnumerable<string> Lines(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            : [];
}
