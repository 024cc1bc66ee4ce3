using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace SpeakerBot.Search.Analysis;

/// <summary>
/// Splits text into words: runs of letters and digits, an apostrophe kept inside a word (as ') so Lucene's
/// <see cref="ElisionFilter"/> can remove "l'", "qu'"…; a run longer than the limit is cut, not split.
/// </summary>
internal sealed class WordTokenizer : Tokenizer
{
    private const int MaxRun = 255;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly char[] _buffer = new char[4096];
    private int _bufferLength;
    private int _bufferIndex;
    private int _consumed;

    public WordTokenizer(TextReader input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        var length = 0;
        var start = -1;
        var end = -1;
        var pendingApostrophe = false;
        while (true)
        {
            if (_bufferIndex >= _bufferLength)
            {
                _consumed += _bufferLength;
                _bufferLength = m_input.Read(_buffer, 0, _buffer.Length);
                _bufferIndex = 0;
                if (_bufferLength <= 0)
                {
                    _bufferLength = 0;
                    break;
                }
            }

            var c = _buffer[_bufferIndex];
            var position = _consumed + _bufferIndex;
            _bufferIndex++;
            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = position;
                }

                if (pendingApostrophe && length < MaxRun)
                {
                    _term.Append('\'');
                    length++;
                }

                pendingApostrophe = false;
                if (length < MaxRun)
                {
                    _term.Append(c);
                    length++;
                }

                end = position + 1;
            }
            else if (c is '\'' or '’' or 'ʼ' or '`' && length > 0)
            {
                pendingApostrophe = true;
            }
            else if (length > 0)
            {
                break;
            }
        }

        if (length == 0)
        {
            return false;
        }

        _offset.SetOffset(CorrectOffset(start), CorrectOffset(end));
        return true;
    }

    public override void End()
    {
        base.End();
        var final = CorrectOffset(_consumed + _bufferIndex);
        _offset.SetOffset(final, final);
    }

    public override void Reset()
    {
        base.Reset();
        _bufferLength = 0;
        _bufferIndex = 0;
        _consumed = 0;
    }
}

/// <summary>After folding: apostrophes left inside a word (aujourd'hui) are dropped, words are cut to the limit, empty ones skipped.</summary>
internal sealed class WordShapeFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    public WordShapeFilter(TokenStream input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        while (m_input.IncrementToken())
        {
            var buffer = _term.Buffer;
            var length = 0;
            for (var i = 0; i < _term.Length; i++)
            {
                if (buffer[i] != '\'' && char.IsLetterOrDigit(buffer[i]))
                {
                    buffer[length++] = buffer[i];
                }
            }

            if (length > 0)
            {
                _term.Length = Math.Min(length, FrenchAnalyzer.MaxWordLength);
                return true;
            }
        }

        return false;
    }
}

/// <summary>The project's stemmer for job titles (feminine, masculine and plural forms meet) as a Lucene filter.</summary>
internal sealed class JobTitleStemFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    public JobTitleStemFilter(TokenStream input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        _term.Length = FrenchStemmer.Stem(_term.Buffer.AsSpan(), _term.Length);
        return true;
    }
}

/// <summary>
/// Appends a concept term for each synonym group found in the field ("IA" and "intelligence artificielle" both
/// add the same concept), so a query for one meets the other. Runs after stemming, on the whole field value.
/// </summary>
internal sealed class ConceptFilter : TokenFilter
{
    private readonly PhraseMatcher _synonyms;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly List<string> _stems = [];
    private readonly List<string> _pending = [];
    private bool _mayMatch;
    private bool _drained;
    private int _next;
    private int _lastEnd;

    public ConceptFilter(TokenStream input, PhraseMatcher synonyms)
        : base(input)
    {
        _synonyms = synonyms;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    public static string ConceptTerm(int group) => "\u0001" + group.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override bool IncrementToken()
    {
        if (!_drained)
        {
            if (m_input.IncrementToken())
            {
                var stem = _term.ToString();
                _stems.Add(stem);
                _mayMatch |= _synonyms.StartsAny(stem);
                _lastEnd = _offset.EndOffset;
                return true;
            }

            _drained = true;
            if (_mayMatch)
            {
                for (var i = 0; i < _stems.Count; i++)
                {
                    var length = _synonyms.Match(_stems, i, out var groups);
                    if (length == 0)
                    {
                        continue;
                    }

                    foreach (var group in groups)
                    {
                        _pending.Add(ConceptTerm(group));
                    }

                    i += length - 1;
                }
            }
        }

        if (_next >= _pending.Count)
        {
            return false;
        }

        ClearAttributes();
        _term.SetEmpty().Append(_pending[_next++]);
        _offset.SetOffset(_lastEnd, _lastEnd);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _stems.Clear();
        _pending.Clear();
        _mayMatch = false;
        _drained = false;
        _next = 0;
        _lastEnd = 0;
    }
}

/// <summary>
/// The analysis chain. Folding: words, elisions removed (Lucene's ElisionFilter), lower case, accents folded
/// (Lucene's ASCIIFoldingFilter: œ → oe), stop words dropped (Lucene's StopFilter with index/search/stopwords.txt).
/// Index: the same, then job-title stemming and synonym concepts.
/// </summary>
internal sealed class SpeakerAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly CharArraySet Elisions = new(Version, ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"], true);

    private readonly CharArraySet _stopWords;
    private readonly PhraseMatcher? _synonyms;
    private readonly bool _stem;

    public SpeakerAnalyzer(CharArraySet stopWords, bool stem, PhraseMatcher? synonyms)
    {
        _stopWords = stopWords;
        _stem = stem;
        _synonyms = synonyms;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new WordTokenizer(reader);
        TokenStream stream = new ElisionFilter(source, Elisions);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream, false);
        stream = new WordShapeFilter(stream);
        stream = new StopFilter(Version, stream, _stopWords);
        if (_stem)
        {
            stream = new JobTitleStemFilter(stream);
        }

        if (_synonyms is not null)
        {
            stream = new ConceptFilter(stream, _synonyms);
        }

        return new TokenStreamComponents(source, stream);
    }

    /// <summary>Every term the chain gives for <paramref name="text"/>, in order.</summary>
    public List<string> Terms(string field, string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }
}
