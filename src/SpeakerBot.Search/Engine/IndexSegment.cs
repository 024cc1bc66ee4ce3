using SpeakerBot.Domain;
using SpeakerBot.Search.Analysis;

namespace SpeakerBot.Search.Engine;

/// <summary>
/// An immutable inverted index over a set of speakers. Postings are parallel arrays per term (document ids ascending,
/// a precomputed BM25F weight, and a bit mask of the fields the term occurs in), so a query is a few array scans.
/// Structured fields are byte arrays and bitsets, so filters and facets cost a handful of instructions per document.
/// </summary>
internal sealed class IndexSegment
{
    public const int FieldCount = 5;
    public static readonly string[] FieldNames = ["headline", "topics", "bio", "employer", "city"];
    private static readonly float[] FieldWeights = [3.0f, 2.0f, 1.0f, 1.5f, 1.0f];
    private static readonly float[] FieldB = [0.5f, 0.5f, 0.75f, 0.5f, 0.3f];
    public const float K1 = 1.2f;

    public Speaker[] Docs { get; }

    public int Count => Docs.Length;

    public Dictionary<string, int> IdToDoc { get; }

    public byte[] SectorOf { get; }

    public byte[] RegionOf { get; }

    public byte[] AudienceMask { get; }

    public byte[] FormatMask { get; }

    public float[] Lat { get; }

    public float[] Lon { get; }

    /// <summary>Filter bitsets by "kind:value" (sector:, region:, dept:, audience:, format:, status:, lang:, network:, topic:).</summary>
    public Dictionary<string, ulong[]> Filters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Terms { get; } = new(StringComparer.Ordinal);

    public int[][] PostingDocs { get; private set; } = [];

    /// <summary>Term id → term text.</summary>
    public string[] TermNames { get; private set; } = [];

    public float[][] PostingWeights { get; private set; } = [];

    public byte[][] PostingFields { get; private set; } = [];

    /// <summary>Folded (unstemmed) words of the texts, sorted, with the term of their stem: prefix and typo lookups.</summary>
    public string[] Words { get; private set; } = [];

    public int[] WordTerm { get; private set; } = [];

    /// <summary>Word indexes by first letter and length, for typo lookups (a typo rarely hits the first letter).</summary>
    public Dictionary<int, int[]> WordBuckets { get; } = [];

    /// <summary>City names (folded words, stop words removed) → centre of the speakers living there.</summary>
    public List<(string Name, string[] Words, GeoPoint Point)> Cities { get; } = [];

    public IndexSegment(IReadOnlyList<Speaker> speakers, SearchLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(lexicon);
        Docs = [.. speakers];
        var n = Docs.Length;
        IdToDoc = new Dictionary<string, int>(n, StringComparer.Ordinal);
        SectorOf = new byte[n];
        RegionOf = new byte[n];
        AudienceMask = new byte[n];
        FormatMask = new byte[n];
        Lat = new float[n];
        Lon = new float[n];
        BuildStructured(lexicon);
        BuildText(lexicon);
    }

    public static string ConceptTerm(int group) => "\u0001" + group.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int DocFrequency(string term) => Terms.TryGetValue(term, out var id) ? PostingDocs[id].Length : 0;

    private void BuildStructured(SearchLexicon lexicon)
    {
        var sectors = Taxonomy.Sectors;
        var regions = Taxonomy.Regions;
        var cityPoints = new Dictionary<string, (string Name, double Lat, double Lon, int Count)>(StringComparer.Ordinal);
        for (var d = 0; d < Docs.Length; d++)
        {
            var s = Docs[d];
            IdToDoc[s.Id] = d;
            SectorOf[d] = (byte)Math.Max(0, IndexOf(sectors, s.Sector));
            RegionOf[d] = (byte)Math.Max(0, IndexOf(regions, s.Region));
            foreach (var audience in s.Audiences)
            {
                var i = IndexOf(Taxonomy.Audiences, audience);
                AudienceMask[d] |= (byte)(i >= 0 ? 1 << i : 0);
                Mark("audience:" + audience, d);
            }

            foreach (var format in s.Formats)
            {
                var i = IndexOf(Taxonomy.Formats, format);
                FormatMask[d] |= (byte)(i >= 0 ? 1 << i : 0);
                Mark("format:" + format, d);
            }

            Lat[d] = s.Lat is { } lat ? (float)lat : float.NaN;
            Lon[d] = s.Lon is { } lon ? (float)lon : float.NaN;
            Mark("sector:" + s.Sector, d);
            Mark("region:" + s.Region, d);
            Mark("status:" + s.Status, d);
            if (s.Department is not null)
            {
                Mark("dept:" + s.Department, d);
            }

            if (s.Network is not null)
            {
                Mark("network:" + TextFolding.FoldText(s.Network), d);
            }

            foreach (var language in s.Languages)
            {
                Mark("lang:" + language, d);
            }

            foreach (var topic in s.Topics)
            {
                Mark("topic:" + TextFolding.FoldText(topic), d);
            }

            if (s.City is not null && s.Lat is { } cityLat && s.Lon is { } cityLon)
            {
                var key = TextFolding.FoldText(s.City);
                cityPoints.TryGetValue(key, out var c);
                cityPoints[key] = (s.City, c.Lat + cityLat, c.Lon + cityLon, c.Count + 1);
            }
        }

        foreach (var (_, c) in cityPoints)
        {
            var words = lexicon.Analyzer.Tokens(c.Name).Select(t => t.Folded).ToArray();
            if (words.Length > 0)
            {
                Cities.Add((c.Name, words, new GeoPoint(c.Lat / c.Count, c.Lon / c.Count)));
            }
        }
    }

    private void Mark(string key, int doc)
    {
        if (!Filters.TryGetValue(key, out var bits))
        {
            Filters[key] = bits = Bits.New(Docs.Length);
        }

        Bits.Set(bits, doc);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>What the build caches per distinct folded word: its term, or -1 for a stop word.</summary>
    private readonly record struct WordInfo(int Term, bool StartsPhrase);

    private sealed class PostingBuilder
    {
        public int[] Docs = new int[4];
        public int[] PackedTf = new int[4];
        public int Count;

        public void Add(int doc, int field)
        {
            if (Count > 0 && Docs[Count - 1] == doc)
            {
                PackedTf[Count - 1] = Bump(PackedTf[Count - 1], field);
                return;
            }

            if (Count == Docs.Length)
            {
                Array.Resize(ref Docs, Count * 2);
                Array.Resize(ref PackedTf, Count * 2);
            }

            Docs[Count] = doc;
            PackedTf[Count] = Bump(0, field);
            Count++;
        }

        // Six bits of term frequency per field, saturating at 63.
        private static int Bump(int packed, int field)
        {
            var shift = field * 6;
            var tf = (packed >> shift) & 63;
            return tf == 63 ? packed : packed + (1 << shift);
        }
    }

    private void BuildText(SearchLexicon lexicon)
    {
        var analyzer = lexicon.Analyzer;
        var words = new Dictionary<string, WordInfo>(StringComparer.Ordinal);
        var wordLookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        var builders = new List<PostingBuilder>();
        var termNames = new List<string>();
        var fieldLengths = new ushort[FieldCount][];
        for (var f = 0; f < FieldCount; f++)
        {
            fieldLengths[f] = new ushort[Docs.Length];
        }

        var stemBuffer = new char[FrenchAnalyzer.MaxWordLength * 2];
        var fieldStems = new List<string>(256);
        var mayHavePhrase = false;
        var doc = 0;
        var field = 0;

        int TermId(string term)
        {
            if (!Terms.TryGetValue(term, out var id))
            {
                id = Terms.Count;
                Terms[term] = id;
                termNames.Add(term);
                builders.Add(new PostingBuilder());
            }

            return id;
        }

        void Visit(ReadOnlySpan<char> folded)
        {
            if (!wordLookup.TryGetValue(folded, out var info))
            {
                var word = folded.ToString();
                if (analyzer.IsStopWord(folded))
                {
                    info = new WordInfo(-1, false);
                }
                else
                {
                    folded.CopyTo(stemBuffer);
                    var stem = new string(stemBuffer, 0, FrenchStemmer.Stem(stemBuffer, folded.Length));
                    info = new WordInfo(TermId(stem), lexicon.Synonyms.StartsAny(stem));
                }

                words[word] = info;
            }

            if (info.Term < 0)
            {
                return;
            }

            builders[info.Term].Add(doc, field);
            fieldLengths[field][doc] = (ushort)Math.Min(ushort.MaxValue, fieldLengths[field][doc] + 1);
            fieldStems.Add(termNames[info.Term]);
            mayHavePhrase |= info.StartsPhrase;
        }

        for (doc = 0; doc < Docs.Length; doc++)
        {
            var s = Docs[doc];
            for (field = 0; field < FieldCount; field++)
            {
                fieldStems.Clear();
                mayHavePhrase = false;
                switch (field)
                {
                    case 0:
                        FrenchAnalyzer.ForEachWord(s.Headline, Visit);
                        break;
                    case 1:
                        foreach (var topic in s.Topics)
                        {
                            FrenchAnalyzer.ForEachWord(topic, Visit);
                            fieldStems.Add(string.Empty);
                        }

                        break;
                    case 2:
                        FrenchAnalyzer.ForEachWord(s.Bio ?? string.Empty, Visit);
                        break;
                    case 3:
                        FrenchAnalyzer.ForEachWord(s.Employer ?? string.Empty, Visit);
                        break;
                    default:
                        FrenchAnalyzer.ForEachWord(s.City ?? string.Empty, Visit);
                        break;
                }

                if (mayHavePhrase)
                {
                    AddConcepts(lexicon, fieldStems, TermId, builders, doc, field);
                }
            }
        }

        Finish(builders, fieldLengths, words);
    }

    /// <summary>Synonym groups found in a field become concept terms, so "IA" meets "intelligence artificielle".</summary>
    private static void AddConcepts(SearchLexicon lexicon, List<string> fieldStems, Func<string, int> termId, List<PostingBuilder> builders, int doc, int field)
    {
        for (var i = 0; i < fieldStems.Count; i++)
        {
            var length = lexicon.Synonyms.Match(fieldStems, i, out var groups);
            if (length == 0)
            {
                continue;
            }

            foreach (var group in groups)
            {
                builders[termId(ConceptTerm(group))].Add(doc, field);
            }

            i += length - 1;
        }
    }

    private void Finish(List<PostingBuilder> builders, ushort[][] fieldLengths, Dictionary<string, WordInfo> words)
    {
        var n = Math.Max(1, Docs.Length);
        var average = new float[FieldCount];
        for (var f = 0; f < FieldCount; f++)
        {
            long total = 0;
            foreach (var length in fieldLengths[f])
            {
                total += length;
            }

            average[f] = Math.Max(1f, (float)total / n);
        }

        // Per-document length normalisation of each field, computed once.
        var norms = new float[FieldCount][];
        for (var f = 0; f < FieldCount; f++)
        {
            norms[f] = new float[Docs.Length];
            for (var d = 0; d < Docs.Length; d++)
            {
                norms[f][d] = FieldWeights[f] / (1 - FieldB[f] + (FieldB[f] * fieldLengths[f][d] / average[f]));
            }
        }

        TermNames = new string[Terms.Count];
        foreach (var (name, id) in Terms)
        {
            TermNames[id] = name;
        }

        PostingDocs = new int[builders.Count][];
        PostingWeights = new float[builders.Count][];
        PostingFields = new byte[builders.Count][];
        for (var t = 0; t < builders.Count; t++)
        {
            var b = builders[t];
            var docs = b.Docs.AsSpan(0, b.Count).ToArray();
            var weights = new float[b.Count];
            var fields = new byte[b.Count];
            for (var i = 0; i < b.Count; i++)
            {
                var packed = b.PackedTf[i];
                var d = docs[i];
                float pseudoTf = 0;
                byte mask = 0;
                for (var f = 0; f < FieldCount; f++)
                {
                    var tf = (packed >> (f * 6)) & 63;
                    if (tf > 0)
                    {
                        pseudoTf += tf * norms[f][d];
                        mask |= (byte)(1 << f);
                    }
                }

                // Saturation precomputed; the query multiplies by idf only.
                weights[i] = pseudoTf * (K1 + 1) / (pseudoTf + K1);
                fields[i] = mask;
            }

            PostingDocs[t] = docs;
            PostingWeights[t] = weights;
            PostingFields[t] = fields;
        }

        var vocabulary = words.Where(w => w.Value.Term >= 0).Select(w => (w.Key, w.Value.Term)).ToList();
        vocabulary.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        Words = [.. vocabulary.Select(v => v.Key)];
        WordTerm = [.. vocabulary.Select(v => v.Term)];
        var buckets = new Dictionary<int, List<int>>();
        for (var i = 0; i < Words.Length; i++)
        {
            var key = BucketKey(Words[i][0], Words[i].Length);
            if (!buckets.TryGetValue(key, out var list))
            {
                buckets[key] = list = [];
            }

            list.Add(i);
        }

        foreach (var (key, list) in buckets)
        {
            WordBuckets[key] = [.. list];
        }
    }

    public static int BucketKey(char first, int length) => (first << 8) | Math.Min(length, 255);

    /// <summary>Position of a document in a term's postings (binary search), or -1.</summary>
    public int Find(int term, int doc)
    {
        var docs = PostingDocs[term];
        return Array.BinarySearch(docs, doc) is var i && i >= 0 ? i : -1;
    }
}
