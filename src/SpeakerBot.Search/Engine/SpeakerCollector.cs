using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using SpeakerBot.Domain;

namespace SpeakerBot.Search.Engine;

/// <summary>A matching document (index-wide id) with its final score, its text score and its distance.</summary>
internal readonly record struct Candidate(int Doc, float Score, float Text, double? DistanceKm);

/// <summary>What the collector applies on top of Lucene's text score: the place, the radius, the dates and the hints.</summary>
internal sealed class RankingContext
{
    public GeoPoint? Centre { get; init; }

    public double? RadiusKm { get; init; }

    /// <summary>Bit of a format (in Taxonomy.Formats) that lifts the radius: she offers it, so distance does not exclude her.</summary>
    public long AnywhereFormatBit { get; init; }

    /// <summary>Bit i set: the text names sector Taxonomy.Sectors[i] (ranking hint).</summary>
    public int SectorHints { get; init; }

    public DateOnly? AvailableFrom { get; init; }

    public DateOnly? AvailableTo { get; init; }

    /// <summary>Without text every filtered document scores 1 (distance then ranks).</summary>
    public bool HasText { get; init; }
}

/// <summary>
/// The Lucene collector of every search: it sees each document the query and filters match, applies the radius
/// and the availability dates, counts it (and its facets) and keeps the best K by our ranking policy: Lucene's
/// BM25 text score × distance decay × sector-hint boost.
/// </summary>
internal sealed class SpeakerCollector(RankingContext context, int k, FacetCounter? facets, Func<AtomicReader, int, Availability> availability) : ICollector
{
    private readonly TopCollector _top = new(k);
    private Scorer? _scorer;
    private AtomicReader? _reader;
    private int _docBase;
    private NumericDocValues? _sector;
    private NumericDocValues? _region;
    private NumericDocValues? _audiences;
    private NumericDocValues? _formats;
    private NumericDocValues? _lat;
    private NumericDocValues? _lon;

    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public List<Candidate> Drain() => _top.Drain();

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext readerContext)
    {
        _reader = readerContext.AtomicReader;
        _docBase = readerContext.DocBase;
        _sector = _reader.GetNumericDocValues(SpeakerDocuments.SectorOrdinal);
        _region = _reader.GetNumericDocValues(SpeakerDocuments.RegionOrdinal);
        _audiences = _reader.GetNumericDocValues(SpeakerDocuments.AudienceMask);
        _formats = _reader.GetNumericDocValues(SpeakerDocuments.FormatMask);
        _lat = _reader.GetNumericDocValues(SpeakerDocuments.Lat);
        _lon = _reader.GetNumericDocValues(SpeakerDocuments.Lon);
    }

    public void Collect(int doc)
    {
        double? distance = null;
        if (context.Centre is { } centre && _lat is not null && _lon is not null)
        {
            var lat = BitConverter.Int64BitsToDouble(_lat.Get(doc));
            if (!double.IsNaN(lat))
            {
                distance = Geo.DistanceKm(centre.Lat, centre.Lon, lat, BitConverter.Int64BitsToDouble(_lon.Get(doc)));
            }

            if (context.RadiusKm is { } radius && (distance is null || distance > radius)
                && (context.AnywhereFormatBit == 0 || ((_formats?.Get(doc) ?? 0) & context.AnywhereFormatBit) == 0))
            {
                return;
            }
        }

        if (context.AvailableFrom is not null || context.AvailableTo is not null)
        {
            var from = context.AvailableFrom ?? context.AvailableTo!.Value;
            var to = context.AvailableTo ?? from.AddDays(30);
            if (!availability(_reader!, doc).HasAnyWindow(from, to))
            {
                return;
            }
        }

        Total++;
        var sector = (int)(_sector?.Get(doc) ?? 0);
        facets?.Add(sector, (int)(_region?.Get(doc) ?? 0), _audiences?.Get(doc) ?? 0, _formats?.Get(doc) ?? 0);
        if (k <= 0)
        {
            return;
        }

        var text = context.HasText ? _scorer!.GetScore() : 1f;
        var score = text;
        if (distance is { } d)
        {
            score *= (float)Geo.Decay(d);
        }
        else if (context.Centre is not null)
        {
            score *= (float)Geo.Decay(double.PositiveInfinity);
        }

        if (context.SectorHints != 0 && (context.SectorHints & (1 << sector)) != 0)
        {
            score *= 1.35f;
        }

        _top.Offer(new Candidate(_docBase + doc, score, text, distance));
    }
}

/// <summary>Keeps the best K candidates (min-heap); ties go to the earlier document, as in Lucene.</summary>
internal sealed class TopCollector(int k)
{
    private readonly PriorityQueue<Candidate, (float Score, int Doc)> _heap = new(Comparer<(float Score, int Doc)>.Create(static (a, b) =>
    {
        var byScore = a.Score.CompareTo(b.Score);

        // The worst of equals is the later document.
        return byScore != 0 ? byScore : b.Doc.CompareTo(a.Doc);
    }));

    public void Offer(Candidate candidate)
    {
        if (k <= 0)
        {
            return;
        }

        var priority = (candidate.Score, candidate.Doc);
        if (_heap.Count < k)
        {
            _heap.Enqueue(candidate, priority);
            return;
        }

        _heap.TryPeek(out _, out var worst);
        if (priority.Score > worst.Score || (priority.Score == worst.Score && priority.Doc < worst.Doc))
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

/// <summary>Facet counts over every collected document, from doc values (ordinals and bit masks).</summary>
internal sealed class FacetCounter
{
    public int[] Sectors { get; } = new int[Taxonomy.Sectors.Count];

    public int[] Regions { get; } = new int[Taxonomy.Regions.Count];

    public int[] Audiences { get; } = new int[Taxonomy.Audiences.Count];

    public int[] Formats { get; } = new int[Taxonomy.Formats.Count];

    public void Add(int sector, int region, long audiences, long formats)
    {
        if ((uint)sector < (uint)Sectors.Length)
        {
            Sectors[sector]++;
        }

        if ((uint)region < (uint)Regions.Length)
        {
            Regions[region]++;
        }

        for (var i = 0; audiences != 0 && i < Audiences.Length; i++, audiences >>= 1)
        {
            Audiences[i] += (int)(audiences & 1);
        }

        for (var i = 0; formats != 0 && i < Formats.Length; i++, formats >>= 1)
        {
            Formats[i] += (int)(formats & 1);
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

/// <summary>Availability of each document of a segment, read from its stored profile once and kept with the segment.</summary>
internal static class AvailabilityCache
{
    private static readonly ConditionalWeakTable<object, Availability?[]> Tables = [];

    public static Availability Of(AtomicReader reader, int doc)
    {
        var table = Tables.GetValue(reader.CoreCacheKey, _ => new Availability?[reader.MaxDoc]);
        if (table[doc] is { } known)
        {
            return known;
        }

        var availability = SpeakerDocuments.Read(reader.Document(doc)).Availability;
        table[doc] = availability;
        return availability;
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
