using SpeakerBot.Domain;

namespace SpeakerBot.Search;

/// <summary>A point on the map (WGS84 degrees).</summary>
public readonly record struct GeoPoint(double Lat, double Lon);

/// <summary>What the caller asks for. Every filter is optional; <see cref="Text"/> is free text (French or English).</summary>
public sealed record SearchQuery
{
    public string? Text { get; init; }

    /// <summary>Sector slugs; a speaker matches if she is in any of them.</summary>
    public IReadOnlyList<string> Sectors { get; init; } = [];

    public string? Region { get; init; }

    public string? Department { get; init; }

    /// <summary>More department codes, any of which matches (with <see cref="Department"/>); used to widen to neighbours.</summary>
    public IReadOnlyList<string> Departments { get; init; } = [];

    /// <summary>Centre for distance ranking and the radius filter.</summary>
    public GeoPoint? Near { get; init; }

    /// <summary>With <see cref="Near"/>: keep only speakers within this many km. Without it, distance only ranks.</summary>
    public double? RadiusKm { get; init; }

    public string? Topic { get; init; }

    public string? Audience { get; init; }

    public string? Format { get; init; }

    /// <summary>
    /// A format that lifts the place filters (radius, department, region): a speaker offering it ("online") matches
    /// wherever she lives, ranked by distance with those nearby. "In person near the school, or by video".
    /// </summary>
    public string? AnywhereFormat { get; init; }

    public string? Language { get; init; }

    public string? Network { get; init; }

    /// <summary>Null means approved only (what users may see).</summary>
    public SpeakerStatus? Status { get; init; }

    /// <summary>Keep only speakers with at least one open window between these dates (inclusive).</summary>
    public DateOnly? AvailableFrom { get; init; }

    public DateOnly? AvailableTo { get; init; }

    /// <summary>Speakers left out whatever else matches (e.g. paused or full for a search "as soon as possible").</summary>
    public IReadOnlyCollection<string> ExcludeIds { get; init; } = [];

    public int Skip { get; init; }

    public int Take { get; init; } = 10;
}

/// <summary>Why a hit matched: which fields the words were found in, how far she is, which requested topics she covers.</summary>
public sealed record HitExplanation(
    IReadOnlyList<string> MatchedFields,
    IReadOnlyList<string> MatchedTerms,
    IReadOnlyList<string> MatchedTopics,
    double? DistanceKm,
    bool SectorMatch,
    bool FormatMatch);

public sealed record SearchHit(Speaker Speaker, double Score, HitExplanation Why);

/// <summary>Facet counts over the whole result set (before paging), keyed by slug.</summary>
public sealed record SearchFacets(
    IReadOnlyDictionary<string, int> Sectors,
    IReadOnlyDictionary<string, int> Regions,
    IReadOnlyDictionary<string, int> Audiences,
    IReadOnlyDictionary<string, int> Formats);

/// <summary>
/// A suggestion when a filtered search found too few: which constraint to relax (e.g. "radius", "department",
/// "region", "format", "audience", "sector", "dates"), the query that would result, and how many it returns.
/// </summary>
public sealed record Relaxation(string Constraint, SearchQuery Query, int Total);

public sealed record SearchResult(
    IReadOnlyList<SearchHit> Hits,
    int Total,
    SearchFacets Facets,
    IReadOnlyList<Relaxation> Relaxations);

/// <summary>The search engine over the live directory.</summary>
public interface ISpeakerSearch
{
    SearchResult Search(SearchQuery query);

    /// <summary>Speakers currently indexed (all statuses).</summary>
    int Count { get; }
}

/// <summary>Where fairness data comes from: how many requests each speaker received recently.</summary>
public interface IRecentRequestCounts
{
    int RecentRequests(string speakerId);
}
