using System.Collections.Frozen;
using Lucene.Net.Analysis.Util;

namespace SpeakerBot.Search.Analysis;

/// <summary>A word after analysis: its folded surface form (for typo and prefix matching) and its stem (the index term).</summary>
public readonly record struct AnalyzedToken(string Folded, string Stem);

/// <summary>
/// French-first analysis on Lucene's chain: words split on anything not a letter or digit, elisions removed
/// (l', d', qu', jusqu'…), lower case and accents folded (œ → oe), stop words (French and English, from data)
/// dropped, then the project's light stemming of job titles. The index uses the same chain (<see cref="IndexAnalyzer"/>).
/// </summary>
public sealed class FrenchAnalyzer
{
    public const int MaxWordLength = 40;

    private readonly FrozenSet<string> _stopWords;

    public FrenchAnalyzer(IEnumerable<string> stopWords)
    {
        ArgumentNullException.ThrowIfNull(stopWords);
        _stopWords = stopWords.Select(TextFolding.FoldText).Where(w => w.Length > 0).ToFrozenSet(StringComparer.Ordinal);
        LuceneStopWords = new CharArraySet(SpeakerAnalyzer.Version, _stopWords, false);
        FoldingAnalyzer = new SpeakerAnalyzer(LuceneStopWords, stem: false, synonyms: null);
    }

    public IReadOnlySet<string> StopWords => _stopWords;

    internal CharArraySet LuceneStopWords { get; }

    /// <summary>The chain without stemming: folded words (the index's word list for prefixes and typos).</summary>
    internal SpeakerAnalyzer FoldingAnalyzer { get; }

    public bool IsStopWord(ReadOnlySpan<char> folded) => _stopWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(folded);

    /// <summary>The stems of <paramref name="text"/>, in order (what the index sees).</summary>
    public IReadOnlyList<string> Analyze(string? text) => [.. Tokens(text).Select(t => t.Stem)];

    public List<AnalyzedToken> Tokens(string? text)
    {
        var folded = FoldingAnalyzer.Terms("text", text);
        var tokens = new List<AnalyzedToken>(folded.Count);
        foreach (var word in folded)
        {
            tokens.Add(new AnalyzedToken(word, FrenchStemmer.Stem(word)));
        }

        return tokens;
    }
}
