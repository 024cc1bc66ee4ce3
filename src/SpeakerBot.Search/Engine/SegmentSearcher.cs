using SpeakerBot.Domain;

namespace SpeakerBot.Search.Engine;

/// <summary>Per-thread scratch arrays, reused across searches (generation stamps avoid clearing them).</summary>
internal sealed class Scratch
{
    [ThreadStatic]
    private static Scratch? _current;

    public float[] Score = [];
    public float[] ClauseBest = [];
    public int[] Stamp = [];
    public int[] ClauseStamp = [];
    public byte[] Matched = [];
    public int[] Touched = [];
    public int[] ClauseTouched = [];
    public int Generation;

    public static Scratch For(int size)
    {
        var scratch = _current ??= new Scratch();
        if (scratch.Score.Length < size)
        {
            var capacity = Math.Max(size, 1024);
            scratch.Score = new float[capacity];
            scratch.ClauseBest = new float[capacity];
            scratch.Stamp = new int[capacity];
            scratch.ClauseStamp = new int[capacity];
            scratch.Matched = new byte[capacity];
            scratch.Touched = new int[capacity];
            scratch.ClauseTouched = new int[capacity];
            scratch.Generation = 0;
        }

        return scratch;
    }

    public int NextGeneration()
    {
        if (++Generation == int.MaxValue)
        {
            Array.Clear(Stamp);
            Array.Clear(ClauseStamp);
            Generation = 1;
        }

        return Generation;
    }
}

/// <summary>A matching document of one segment with its final score.</summary>
internal readonly record struct Candidate(int Segment, int Doc, float Score, float Text, double? DistanceKm);

/// <summary>Everything the executor needs besides the plan: resolved filters and ranking inputs.</summary>
internal sealed class SearchContext
{
    public required SearchQuery Query { get; init; }

    public required QueryPlan Plan { get; init; }

    public required double[][] Idf { get; init; }

    public GeoPoint? Centre { get; init; }

    public double? RadiusKm { get; init; }

    public int SectorHints { get; init; }

    public int TopK { get; init; }

    public bool CollectFacets { get; init; }

    public IRecentRequestCounts? Fairness { get; init; }
}

internal static class SegmentSearcher
{
    /// <summary>The documents of a segment allowed by the query's filters and the segment's live set.</summary>
    public static ulong[] Filter(IndexSegment segment, ulong[] live, SearchQuery query)
    {
        var bits = (ulong[])live.Clone();
        var status = query.Status ?? SpeakerStatus.Approved;
        Restrict(bits, segment, ["status:" + status]);
        if (query.Sectors.Count > 0)
        {
            Restrict(bits, segment, query.Sectors.Select(s => "sector:" + s));
        }

        string[] anywhere = query.AnywhereFormat is null ? [] : ["format:" + query.AnywhereFormat];
        if (query.Region is not null)
        {
            Restrict(bits, segment, ["region:" + query.Region, .. anywhere]);
        }

        var departments = query.Departments.Concat(query.Department is null ? [] : [query.Department]).ToList();
        if (departments.Count > 0)
        {
            Restrict(bits, segment, departments.Select(d => "dept:" + d).Concat(anywhere));
        }

        if (query.Topic is not null)
        {
            Restrict(bits, segment, ["topic:" + Analysis.TextFolding.FoldText(query.Topic)]);
        }

        if (query.Audience is not null)
        {
            Restrict(bits, segment, ["audience:" + query.Audience]);
        }

        if (query.Format is not null)
        {
            Restrict(bits, segment, ["format:" + query.Format]);
        }

        if (query.Language is not null)
        {
            Restrict(bits, segment, ["lang:" + query.Language.Trim().ToLowerInvariant()]);
        }

        if (query.Network is not null)
        {
            Restrict(bits, segment, ["network:" + Analysis.TextFolding.FoldText(query.Network)]);
        }

        return bits;
    }

    private static void Restrict(ulong[] bits, IndexSegment segment, IEnumerable<string> anyOf)
    {
        ulong[]? union = null;
        foreach (var key in anyOf)
        {
            if (segment.Filters.TryGetValue(key, out var set))
            {
                if (union is null)
                {
                    union = (ulong[])set.Clone();
                }
                else
                {
                    Bits.OrWith(union, set);
                }
            }
        }

        if (union is null)
        {
            Array.Clear(bits);
        }
        else
        {
            Bits.AndWith(bits, union);
        }
    }

    /// <summary>Runs the query on one segment: every match is counted (and faceted); the best go to <paramref name="top"/>.</summary>
    public static int Run(int segmentIndex, IndexSegment segment, ulong[] filter, SearchContext context, TopCollector top, FacetCounter? facets)
    {
        var plan = context.Plan;
        var query = context.Query;
        var checkAvailability = query.AvailableFrom is not null || query.AvailableTo is not null;
        var from = query.AvailableFrom ?? query.AvailableTo ?? default;
        var to = query.AvailableTo ?? from.AddDays(30);
        var total = 0;
        var anywhere = query.AnywhereFormat is { } anywhereFormat && segment.Filters.TryGetValue("format:" + anywhereFormat, out var anywhereSet) ? anywhereSet : null;

        bool Accept(int doc, out double? distance)
        {
            distance = null;
            if (context.Centre is { } centre)
            {
                var lat = segment.Lat[doc];
                if (!float.IsNaN(lat))
                {
                    distance = Geo.DistanceKm(centre.Lat, centre.Lon, lat, segment.Lon[doc]);
                }

                if (context.RadiusKm is { } radius && (distance is null || distance > radius)
                    && (anywhere is null || (anywhere[doc >> 6] & (1UL << (doc & 63))) == 0))
                {
                    return false;
                }
            }

            return !checkAvailability || segment.Docs[doc].Availability.HasAnyWindow(from, to);
        }

        void Take(int doc, float text, double? distance)
        {
            total++;
            facets?.Add(segment, doc);
            var score = text;
            if (distance is { } d)
            {
                score *= (float)Geo.Decay(d);
            }
            else if (context.Centre is not null)
            {
                score *= (float)Geo.Decay(double.PositiveInfinity);
            }

            if (context.SectorHints != 0 && (context.SectorHints & (1 << segment.SectorOf[doc])) != 0)
            {
                score *= 1.35f;
            }

            top.Offer(new Candidate(segmentIndex, doc, score, text, distance));
        }

        if (!plan.HasText)
        {
            for (var w = 0; w < filter.Length; w++)
            {
                var word = filter[w];
                while (word != 0)
                {
                    var doc = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    if (Accept(doc, out var distance))
                    {
                        Take(doc, 1f, distance);
                    }
                }
            }

            return total;
        }

        var scratch = Scratch.For(segment.Count);
        var generation = scratch.NextGeneration();
        var touchedCount = 0;
        var score = scratch.Score;
        var stamp = scratch.Stamp;
        var matched = scratch.Matched;
        var touched = scratch.Touched;
        for (var c = 0; c < plan.Clauses.Count; c++)
        {
            var clause = plan.Clauses[c];
            var clauseGeneration = scratch.NextGeneration();
            var clauseTouchedCount = 0;
            var best = scratch.ClauseBest;
            var clauseStamp = scratch.ClauseStamp;
            var clauseTouched = scratch.ClauseTouched;
            for (var a = 0; a < clause.Alternatives.Count; a++)
            {
                var alternative = clause.Alternatives[a];
                if (!segment.Terms.TryGetValue(alternative.Term, out var term))
                {
                    continue;
                }

                var factor = (float)(context.Idf[c][a] * alternative.Factor);
                var docs = segment.PostingDocs[term];
                var weights = segment.PostingWeights[term];
                for (var i = 0; i < docs.Length; i++)
                {
                    var doc = docs[i];
                    if ((filter[doc >> 6] & (1UL << doc)) == 0)
                    {
                        continue;
                    }

                    var s = weights[i] * factor;
                    if (clauseStamp[doc] != clauseGeneration)
                    {
                        clauseStamp[doc] = clauseGeneration;
                        best[doc] = s;
                        clauseTouched[clauseTouchedCount++] = doc;
                    }
                    else if (s > best[doc])
                    {
                        best[doc] = s;
                    }
                }
            }

            var required = clause.Required ? (byte)1 : (byte)0;
            for (var i = 0; i < clauseTouchedCount; i++)
            {
                var doc = clauseTouched[i];
                if (stamp[doc] != generation)
                {
                    stamp[doc] = generation;
                    score[doc] = 0;
                    matched[doc] = 0;
                    touched[touchedCount++] = doc;
                }

                score[doc] += best[doc];
                matched[doc] += required;
            }
        }

        var msm = plan.MinimumShouldMatch;
        for (var i = 0; i < touchedCount; i++)
        {
            var doc = touched[i];
            if (matched[doc] >= msm && Accept(doc, out var distance))
            {
                Take(doc, score[doc], distance);
            }
        }

        return total;
    }
}

/// <summary>Keeps the best K candidates (min-heap); ties go to the earlier document, as in Lucene.</summary>
internal sealed class TopCollector(int k)
{
    private readonly PriorityQueue<Candidate, (float Score, int Segment, int Doc)> _heap = new(Comparer<(float Score, int Segment, int Doc)>.Create(static (a, b) =>
    {
        var byScore = a.Score.CompareTo(b.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        // The worst of equals is the later document.
        var bySegment = b.Segment.CompareTo(a.Segment);
        return bySegment != 0 ? bySegment : b.Doc.CompareTo(a.Doc);
    }));

    public void Offer(Candidate candidate)
    {
        if (k <= 0)
        {
            return;
        }

        var priority = (candidate.Score, candidate.Segment, candidate.Doc);
        if (_heap.Count < k)
        {
            _heap.Enqueue(candidate, priority);
            return;
        }

        _heap.TryPeek(out _, out var worst);
        if (priority.Score > worst.Score || (priority.Score == worst.Score && (priority.Segment < worst.Segment || (priority.Segment == worst.Segment && priority.Doc < worst.Doc))))
        {
            _heap.EnqueueDequeue(candidate, priority);
        }
    }

    /// <summary>Best first.</summary>
    public List<Candidate> Drain()
    {
        var list = new List<Candidate>(_heap.Count);
        while (_heap.TryDequeue(out var candidate, out _))
        {
            list.Add(candidate);
        }

        list.Reverse();
        return list;
    }
}

internal sealed class FacetCounter
{
    public int[] Sectors { get; } = new int[Taxonomy.Sectors.Count];

    public int[] Regions { get; } = new int[Taxonomy.Regions.Count];

    public int[] Audiences { get; } = new int[Taxonomy.Audiences.Count];

    public int[] Formats { get; } = new int[Taxonomy.Formats.Count];

    public void Add(IndexSegment segment, int doc)
    {
        Sectors[segment.SectorOf[doc]]++;
        Regions[segment.RegionOf[doc]]++;
        var audiences = segment.AudienceMask[doc];
        for (var i = 0; audiences != 0; i++, audiences >>= 1)
        {
            Audiences[i] += audiences & 1;
        }

        var formats = segment.FormatMask[doc];
        for (var i = 0; formats != 0; i++, formats >>= 1)
        {
            Formats[i] += formats & 1;
        }
    }

    public SearchFacets ToFacets() => new(
        Map(Taxonomy.Sectors, Sectors),
        Map(Taxonomy.Regions, Regions),
        Map(Taxonomy.Audiences, Audiences),
        Map(Taxonomy.Formats, Formats));

    private static Dictionary<string, int> Map(IReadOnlyList<string> slugs, int[] counts)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < slugs.Count; i++)
        {
            if (counts[i] > 0)
            {
                map[slugs[i]] = counts[i];
            }
        }

        return map;
    }
}

internal static class Geo
{
    /// <summary>Great-circle distance (haversine), km.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Ranking weight of a distance: 1 on the spot, about 0.6 at 30 km, 0.35 at 50 km, a floor of 0.15 far away.</summary>
    public static double Decay(double km) => double.IsInfinity(km) ? 0.15 : 0.15 + (0.85 / (1 + ((km / 30) * (km / 30))));
}
