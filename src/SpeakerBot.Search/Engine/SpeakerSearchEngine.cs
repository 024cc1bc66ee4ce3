using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Search.Analysis;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Search.Engine;

/// <summary>
/// The directory's search engine: an in-memory inverted index built from the store and kept live on its
/// <see cref="ISpeakerStore.Changed"/> events, or on a database change feed (<see cref="ISpeakerChangeFeed"/>) when
/// several instances share the store. Searches never lock; an update publishes a new snapshot.
/// </summary>
public sealed class SpeakerSearchEngine : ISpeakerSearch, IDisposable
{
    private readonly ISpeakerStore? _store;
    private readonly ISpeakerChangeFeed? _feed;
    private readonly SearchLexicon _lexicon;
    private readonly IRecentRequestCounts _fairness;
    private readonly IGazetteer? _gazetteer;
    private readonly SearchOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _writeGate = new();
    private IndexSnapshot _snapshot;

    public SpeakerSearchEngine(ISpeakerStore store, SearchLexicon lexicon, SearchOptions? options = null, IRecentRequestCounts? fairness = null, IGazetteer? gazetteer = null, ILogger<SpeakerSearchEngine>? logger = null, ISpeakerChangeFeed? changes = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _feed = changes;
        _lexicon = lexicon ?? throw new ArgumentNullException(nameof(lexicon));
        _options = options ?? new SearchOptions();
        _fairness = fairness ?? NoRecentRequests.Instance;
        _gazetteer = gazetteer;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        lock (_writeGate)
        {
            // Subscribe first: a change committed during the build waits on the gate and is applied after it.
            // The store's own event keeps this instance's index current the moment it writes; the feed brings what
            // other instances wrote (and this one's writes again, which applies the same rows twice, harmlessly).
            _store.Changed += OnStoreChanged;
            if (_feed is not null)
            {
                _feed.Changed += OnStoreChanged;
            }

            _snapshot = IndexSnapshot.Build([], _lexicon);
            Rebuild();
        }
    }

    /// <summary>An engine over a fixed list (benchmarks, tools): no store, no live updates.</summary>
    public SpeakerSearchEngine(IReadOnlyList<Speaker> speakers, SearchLexicon lexicon, SearchOptions? options = null, IRecentRequestCounts? fairness = null, IGazetteer? gazetteer = null)
    {
        _lexicon = lexicon ?? throw new ArgumentNullException(nameof(lexicon));
        _options = options ?? new SearchOptions();
        _fairness = fairness ?? NoRecentRequests.Instance;
        _gazetteer = gazetteer;
        _logger = NullLogger.Instance;
        _snapshot = IndexSnapshot.Build(speakers, _lexicon);
    }

    public int Count => Volatile.Read(ref _snapshot).LiveCount;

    /// <summary>Reads the whole store again and replaces the index. Returns the time it took.</summary>
    public TimeSpan Rebuild()
    {
        if (_store is null)
        {
            return TimeSpan.Zero;
        }

        lock (_writeGate)
        {
            var watch = Stopwatch.StartNew();
            var speakers = new List<Speaker>();
            var enumerator = _store.ReadAllAsync().GetAsyncEnumerator();
            try
            {
                while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                {
                    speakers.Add(enumerator.Current);
                }
            }
            finally
            {
                enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            Volatile.Write(ref _snapshot, IndexSnapshot.Build(speakers, _lexicon));
            Log.IndexBuilt(_logger, speakers.Count, watch.ElapsedMilliseconds);
            return watch.Elapsed;
        }
    }

    public void Dispose()
    {
        if (_feed is not null)
        {
            _feed.Changed -= OnStoreChanged;
        }

        if (_store is not null)
        {
            _store.Changed -= OnStoreChanged;
        }
    }

    private void OnStoreChanged(object? sender, SpeakersChangedEventArgs e)
    {
        if (_store is null)
        {
            return;
        }

        if (e.IsEverything)
        {
            Rebuild();
            return;
        }

        lock (_writeGate)
        {
            var changed = new Dictionary<string, Speaker?>(StringComparer.Ordinal);
            foreach (var id in e.Ids)
            {
                changed[id] = _store.GetAsync(id).GetAwaiter().GetResult();
            }

            Volatile.Write(ref _snapshot, _snapshot.Apply(changed, _lexicon));
            Log.IndexUpdated(_logger, changed.Count);
        }
    }

    public SearchResult Search(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = Volatile.Read(ref _snapshot);
        var take = Math.Clamp(query.Take, 0, 1000);
        var skip = Math.Clamp(query.Skip, 0, 10_000);
        var run = Run(snapshot, query, skip + take, collectFacets: true, out var facets, out var plan, out _);
        var hits = run.Hits.Skip(skip).Take(take)
            .Select(c => new SearchHit(snapshot.Segments[c.Segment].Docs[c.Doc], c.Score, Explain(snapshot, c, plan, query)))
            .ToList();
        var relaxations = run.Total < take ? Relax(snapshot, query, run.Total) : [];
        return new SearchResult(hits, run.Total, facets!.ToFacets(), relaxations);
    }

    /// <summary>How many speakers the query matches (no ranking, no paging).</summary>
    public int CountMatches(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Run(Volatile.Read(ref _snapshot), query, 0, collectFacets: false, out _, out _, out _).Total;
    }

    /// <summary>The ids of the top <paramref name="k"/> hits only: the benchmark's path (no explanations or relaxations).</summary>
    public (int Total, string[] Ids) SearchIds(SearchQuery query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = Volatile.Read(ref _snapshot);
        var run = Run(snapshot, query, k, collectFacets: false, out _, out _, out _);
        return (run.Total, [.. run.Hits.Select(c => snapshot.Segments[c.Segment].Docs[c.Doc].Id)]);
    }

    private (int Total, List<Candidate> Hits) Run(IndexSnapshot snapshot, SearchQuery query, int k, bool collectFacets, out FacetCounter? facets, out QueryPlan plan, out GeoPoint? centre)
    {
        var inferPlace = query.Near is null && _options.InferPlaceFromText;
        plan = QueryPlan.Build(query.Text, _lexicon, snapshot.Segments, inferPlace);
        centre = query.Near ?? plan.InferredPlace;
        var idf = new double[plan.Clauses.Count][];
        var n = Math.Max(1, snapshot.LiveCount);
        for (var c = 0; c < plan.Clauses.Count; c++)
        {
            var alternatives = plan.Clauses[c].Alternatives;
            idf[c] = new double[alternatives.Count];
            for (var a = 0; a < alternatives.Count; a++)
            {
                var df = 0;
                foreach (var segment in snapshot.Segments)
                {
                    df += segment.DocFrequency(alternatives[a].Term);
                }

                idf[c][a] = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            }
        }

        // An explicit sector filter already restricts; hints only matter without one.
        var sectorHints = query.Sectors.Count > 0 ? 0 : plan.SectorHints;

        var useFairness = !ReferenceEquals(_fairness, NoRecentRequests.Instance) && _options.FairnessWeight > 0 && k > 0;
        var context = new SearchContext
        {
            Query = query,
            Plan = plan,
            Idf = idf,
            Centre = centre,
            RadiusKm = query.Near is not null ? query.RadiusKm : null,
            SectorHints = sectorHints,
            TopK = k,
            CollectFacets = collectFacets,
            Fairness = useFairness ? _fairness : null,
        };
        var top = new TopCollector(useFairness ? k * 3 : k);
        facets = collectFacets ? new FacetCounter() : null;
        var total = 0;
        for (var s = 0; s < snapshot.Segments.Length; s++)
        {
            var segment = snapshot.Segments[s];
            var filter = SegmentSearcher.Filter(segment, snapshot.Live[s], query);
            total += SegmentSearcher.Run(s, segment, filter, context, top, facets);
        }

        var hits = top.Drain();
        if (useFairness)
        {
            hits = [.. hits
                .Select(c => c with { Score = (float)(c.Score / (1 + (_options.FairnessWeight * _fairness.RecentRequests(snapshot.Segments[c.Segment].Docs[c.Doc].Id)))) })
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.Segment)
                .ThenBy(c => c.Doc)
                .Take(k)];
        }

        return (total, hits);
    }

    private HitExplanation Explain(IndexSnapshot snapshot, Candidate candidate, QueryPlan plan, SearchQuery query)
    {
        var segment = snapshot.Segments[candidate.Segment];
        var speaker = segment.Docs[candidate.Doc];
        byte fields = 0;
        var terms = new List<string>();
        var matchedStems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var clause in plan.Clauses)
        {
            var matched = false;
            foreach (var alternative in clause.Alternatives)
            {
                if (segment.Terms.TryGetValue(alternative.Term, out var term) && segment.Find(term, candidate.Doc) is var position && position >= 0)
                {
                    fields |= segment.PostingFields[term][position];
                    matched = true;
                    matchedStems.Add(alternative.Term);
                }
            }

            if (matched)
            {
                terms.Add(clause.Surface);
            }
        }

        var topicFilter = query.Topic is null ? null : TextFolding.FoldText(query.Topic);
        var topics = speaker.Topics
            .Where(t => (topicFilter is not null && TextFolding.FoldText(t) == topicFilter)
                || (matchedStems.Count > 0 && _lexicon.Analyzer.Analyze(t).Any(matchedStems.Contains)))
            .ToList();
        var fieldNames = Enumerable.Range(0, IndexSegment.FieldCount).Where(f => (fields & (1 << f)) != 0).Select(f => IndexSegment.FieldNames[f]).ToList();
        var sectorMatch = query.Sectors.Contains(speaker.Sector) || (plan.SectorHints & (1 << segment.SectorOf[candidate.Doc])) != 0;
        var formatMatch = query.Format is not null && speaker.Formats.Contains(query.Format);
        return new HitExplanation(fieldNames, terms, topics, candidate.DistanceKm is { } d ? Math.Round(d, 1) : null, sectorMatch, formatMatch);
    }

    private List<Relaxation> Relax(IndexSnapshot snapshot, SearchQuery query, int total)
    {
        var options = new List<(string Constraint, SearchQuery Query)>();
        if (query.Near is not null && query.RadiusKm is { } radius)
        {
            options.Add(("radius", query with { RadiusKm = Math.Max(radius * 2, radius + 25) }));
        }

        var departments = query.Departments.Concat(query.Department is null ? [] : [query.Department]).Distinct(StringComparer.Ordinal).ToList();
        if (departments.Count > 0)
        {
            if (_gazetteer is not null)
            {
                var widened = departments.Concat(departments.SelectMany(_gazetteer.NeighbouringDepartments)).Distinct(StringComparer.Ordinal).ToList();
                if (widened.Count > departments.Count)
                {
                    options.Add(("department", query with { Department = null, Departments = widened }));
                }
            }

            var region = query.Region ?? RegionOfDepartment(snapshot, departments[0]);
            options.Add(("region", query with { Department = null, Departments = [], Region = region }));
        }
        else if (query.Region is not null)
        {
            options.Add(("region", query with { Region = null }));
        }

        if (query.Format is not null && query.Format != "online")
        {
            options.Add(("format", query with { Format = "online" }));
        }

        if (query.Audience is not null)
        {
            options.Add(("audience", query with { Audience = null }));
        }

        if (query.AvailableFrom is not null || query.AvailableTo is not null)
        {
            options.Add(("dates", query with { AvailableFrom = null, AvailableTo = null }));
        }

        if (query.Topic is not null)
        {
            options.Add(("topic", query with { Topic = null }));
        }

        if (query.Sectors.Count > 0)
        {
            options.Add(("sector", query with { Sectors = [] }));
        }

        if (query.Language is not null)
        {
            options.Add(("language", query with { Language = null }));
        }

        if (query.Network is not null)
        {
            options.Add(("network", query with { Network = null }));
        }

        var relaxations = new List<Relaxation>();
        foreach (var (constraint, relaxed) in options)
        {
            var count = Run(snapshot, relaxed, 0, collectFacets: false, out _, out _, out _).Total;
            if (count > total)
            {
                relaxations.Add(new Relaxation(constraint, relaxed, count));
            }
        }

        return relaxations;
    }

    private string? RegionOfDepartment(IndexSnapshot snapshot, string department)
    {
        if (_gazetteer?.Department(department) is { } known)
        {
            return known.Region;
        }

        foreach (var segment in snapshot.Segments)
        {
            foreach (var speaker in segment.Docs)
            {
                if (speaker.Department == department)
                {
                    return speaker.Region;
                }
            }
        }

        return null;
    }
}
