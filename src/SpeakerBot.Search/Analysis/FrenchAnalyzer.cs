using System.Collections.Frozen;

namespace SpeakerBot.Search.Analysis;

/// <summary>A word after analysis: its folded surface form (for typo and prefix matching) and its stem (the index term).</summary>
public readonly record struct AnalyzedToken(string Folded, string Stem);

/// <summary>Receives each folded word of a text (stop words included: the caller decides, often from a cache).</summary>
public delegate void FoldedWordVisitor(ReadOnlySpan<char> folded);

/// <summary>
/// French-first analysis: words split on anything not a letter or digit, elisions removed (l', d', qu', jusqu'…),
/// lower case and accents folded (œ → oe), stop words (French and English, from data) dropped, light stemming.
/// </summary>
public sealed class FrenchAnalyzer
{
    public const int MaxWordLength = 40;

    private static readonly FrozenSet<string> Elisions = new[] { "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenSet<string> _stopWords;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;

    public FrenchAnalyzer(IEnumerable<string> stopWords)
    {
        ArgumentNullException.ThrowIfNull(stopWords);
        _stopWords = stopWords.Select(TextFolding.FoldText).Where(w => w.Length > 0).ToFrozenSet(StringComparer.Ordinal);
        _stopLookup = _stopWords.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlySet<string> StopWords => _stopWords;

    public bool IsStopWord(ReadOnlySpan<char> folded) => _stopLookup.Contains(folded);

    /// <summary>The stems of <paramref name="text"/>, in order (what the index sees).</summary>
    public IReadOnlyList<string> Analyze(string? text) => [.. Tokens(text).Select(t => t.Stem)];

    public List<AnalyzedToken> Tokens(string? text)
    {
        var tokens = new List<AnalyzedToken>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var stem = new char[MaxWordLength * 2];
        ForEachWord(text, folded =>
        {
            if (IsStopWord(folded))
            {
                return;
            }

            folded.CopyTo(stem);
            var length = FrenchStemmer.Stem(stem, folded.Length);
            tokens.Add(new AnalyzedToken(folded.ToString(), new string(stem, 0, length)));
        });
        return tokens;
    }

    /// <summary>Visits each folded word with elisions removed; stop words are not removed here.</summary>
    public static void ForEachWord(ReadOnlySpan<char> text, FoldedWordVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        Span<char> word = stackalloc char[MaxWordLength * 2];
        var length = 0;
        var elisionLookup = Elisions.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c is '\'' or '’' or 'ʼ' or '`')
            {
                if (length > 0 && elisionLookup.Contains(word[..length]))
                {
                    length = 0;
                    continue;
                }

                Emit(word, ref length, visitor);
                continue;
            }

            if (c is 'œ' or 'Œ' or 'æ' or 'Æ')
            {
                if (length < MaxWordLength * 2 - 2)
                {
                    word[length++] = c is 'œ' or 'Œ' ? 'o' : 'a';
                    word[length++] = 'e';
                }

                continue;
            }

            var folded = TextFolding.Fold(c);
            if (folded == '\0')
            {
                Emit(word, ref length, visitor);
            }
            else if (length < MaxWordLength)
            {
                word[length++] = folded;
            }
        }
    }

    private static void Emit(Span<char> word, ref int length, FoldedWordVisitor visitor)
    {
        if (length > 0)
        {
            visitor(word[..Math.Min(length, MaxWordLength)]);
            length = 0;
        }
    }
}
