using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SpeakerBot.Domain;
using SpeakerBot.Search.Analysis;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Search.Engine;

/// <summary>What <c>speakerbot index stats</c> prints.</summary>
public sealed record SearchIndexStats(string Path, int Documents, int Segments, long SizeBytes, long? BuildMilliseconds, DateTimeOffset? BuiltAt, bool ReadOnly);

/// <summary>The index folder is held by another process's writer and this one needs to write.</summary>
public sealed class SearchIndexLockedException(string path, Exception? inner = null)
    : InvalidOperationException($"The search index folder {path} is locked by another process (a running bot or command). Stop it, or set Search:IndexPath to another folder.", inner)
{
    public string IndexPath { get; } = path;
}

/// <summary>
/// The directory's search engine: a Lucene index on disk, opened by the constructor and brought up to date with the
/// store by <see cref="StartAsync"/> (the host awaits it at start; tools and tests call it): built from the store on
/// first start, kept as it is on later starts when it matches the store. It stays live on the store's
/// <see cref="ISpeakerStore.Changed"/> events, whose rows are applied before the write returns, and, when several
/// instances share the store, on a database change feed (<see cref="ISpeakerChangeFeed"/>), whose ids go to a queue
/// that one background reader applies after reading the rows with an await (decision 123). IndexWriter +
/// SearcherManager: searches never wait for a writer. Lucene finds and scores the text (BM25 per field, our analysis
/// and vocabularies); our collector applies the radius, dates, facets and ranking policy.
/// </summary>
public sealed class SpeakerSearchEngine : ISpeakerSearch, IDisposable
{
    private const string SchemaKey = "speakerbot.schema";
    private const string FingerprintKey = "speakerbot.fingerprint";
    private const string CountKey = "speakerbot.count";
    private const string BuildMsKey = "speakerbot.build_ms";
    private const string BuiltAtKey = "speakerbot.built_at";

    private static readonly Similarity Ranking = new FieldSimilarity();

    private readonly ISpeakerStore? _store;
    private readonly ISpeakerChangeFeed? _feed;
    private readonly SearchLexicon _lexicon;
    private readonly IRecentRequestCounts _fairness;
    private readonly IGazetteer? _gazetteer;
    private readonly SearchOptions _options;
    private readonly ILogger _logger;
    private readonly System.Threading.Lock _writeGate = new();
    private readonly string _path;
    private readonly bool _temporary;
    private FSDirectory _directory = null!;
    private IndexWriter? _writer;
    private ReferenceManager<IndexSearcher> _manager = null!;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();

    // Ids applied from rows the store handed over, with the sequence number of that write: a row the background
    // reader fetched before such a write is older than what the index holds, and is skipped.
    private readonly Dictionary<string, long> _appliedAt = new(StringComparer.Ordinal);
    private long _sequence;
    private Task? _start;
    private volatile bool _started;
    private bool _disposed;
    private int _disposing;
    private ulong _fingerprint;
    private int _count;

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
        (_path, _temporary) = ChoosePath(_options.IndexPath);
        lock (_writeGate)
        {
            // Subscribe first: a change committed before StartAsync has read the store is queued and applied after
            // the build. The store's own event keeps this instance's index current the moment it writes; the feed
            // brings what other instances wrote (and this one's writes again, which applies the same rows twice,
            // harmlessly).
            _store.Changed += OnStoreChanged;
            if (_feed is not null)
            {
                _feed.Changed += OnStoreChanged;
            }

            Open();
            _started = _writer is null;
        }
    }

    /// <summary>An engine over a fixed list (benchmarks, tools): no store, no live updates; a temporary index unless IndexPath is set.</summary>
    public SpeakerSearchEngine(IReadOnlyList<Speaker> speakers, SearchLexicon lexicon, SearchOptions? options = null, IRecentRequestCounts? fairness = null, IGazetteer? gazetteer = null)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        _lexicon = lexicon ?? throw new ArgumentNullException(nameof(lexicon));
        _options = options ?? new SearchOptions();
        _fairness = fairness ?? NoRecentRequests.Instance;
        _gazetteer = gazetteer;
        _logger = NullLogger.Instance;
        (_path, _temporary) = ChoosePath(_options.IndexPath);
        lock (_writeGate)
        {
            Open();
            if (_writer is null)
            {
                throw new SearchIndexLockedException(_path);
            }

            Build(speakers, Stopwatch.StartNew());
            _started = true;
        }
    }

    /// <summary>The index folder.</summary>
    public string IndexPath => _path;

    /// <summary>True when another process holds the index: searches read its last commit, live updates are not applied.</summary>
    public bool ReadOnly => _writer is null;

    public int Count
    {
        get
        {
            var searcher = Acquire();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                _manager.Release(searcher);
            }
        }
    }

    /// <summary>
    /// Brings the index up to date with the store (kept as it is when it already matches, else rebuilt), then starts
    /// the reader that applies the change feed. Searches wait for nothing: before it completes they are refused.
    /// Idempotent: every call returns the same start.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _start ??= StartCoreAsync(_stopping.Token);
            return _start.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes when every change queued before the call is in the index (tests, tools).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new Pending(null, done)))
        {
            done.TrySetResult();
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reads the whole store again and rebuilds the index from it. Returns the time it took.</summary>
    public async Task<TimeSpan> RebuildAsync(CancellationToken cancellationToken = default)
    {
        if (_store is null)
        {
            return TimeSpan.Zero;
        }

        if (_writer is null)
        {
            throw new SearchIndexLockedException(_path);
        }

        var watch = Stopwatch.StartNew();
        var speakers = await ReadAllAsync(_store, cancellationToken);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Build(speakers, watch);
        }
    }

    public SearchIndexStats Stats()
    {
        var searcher = Acquire();
        try
        {
            var commit = ((DirectoryReader)searcher.IndexReader).IndexCommit.UserData;
            long size = 0;
            foreach (var file in _directory.ListAll())
            {
                try
                {
                    size += _directory.FileLength(file);
                }
                catch (FileNotFoundException)
                {
                    // A file merged away while we listed: not part of the index any more.
                }
            }

            return new SearchIndexStats(
                _path,
                searcher.IndexReader.NumDocs,
                searcher.IndexReader.Leaves.Count,
                size,
                commit.TryGetValue(BuildMsKey, out var ms) && long.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : null,
                commit.TryGetValue(BuiltAtKey, out var at) && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var a) ? a : null,
                ReadOnly);
        }
        finally
        {
            _manager.Release(searcher);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            return;
        }

        _pending.Writer.TryComplete();
        _stopping.Cancel();
        if (_store is not null)
        {
            _store.Changed -= OnStoreChanged;
        }

        if (_feed is not null)
        {
            _feed.Changed -= OnStoreChanged;
        }

        lock (_writeGate)
        {
            _disposed = true;
            _manager.Dispose();
            _writer?.Dispose();
            _directory.Dispose();
        }

        _stopping.Dispose();

        if (_temporary)
        {
            try
            {
                System.IO.Directory.Delete(_path, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    private static (string Path, bool Temporary) ChoosePath(string? configured) =>
        string.IsNullOrWhiteSpace(configured)
            ? (System.IO.Path.Combine(System.IO.Path.GetTempPath(), "speakerbot-index-" + Guid.NewGuid().ToString("N")), true)
            : (System.IO.Path.GetFullPath(configured), false);

    private IndexWriterConfig WriterConfig(OpenMode mode) => new(SpeakerAnalyzer.Version, _lexicon.WriterAnalyzer)
    {
        OpenMode = mode,
        Similarity = Ranking,
        RAMBufferSizeMB = 64,
    };

    /// <summary>Opens the folder: a writer and a searcher manager; a corrupt index is wiped and recreated; a locked one opens read-only.</summary>
    private void Open()
    {
        System.IO.Directory.CreateDirectory(_path);
        try
        {
            OpenWriter(OpenMode.CREATE_OR_APPEND);
        }
        catch (LockObtainFailedException e)
        {
            OpenReadOnly(e);
        }
        catch (Exception e) when (e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or EndOfStreamException or IOException)
        {
            Log.IndexUnreadable(_logger, _path, e.GetType().Name);
            CloseQuietly();
            foreach (var file in System.IO.Directory.EnumerateFiles(_path))
            {
                File.Delete(file);
            }

            OpenWriter(OpenMode.CREATE);
        }
    }

    private void OpenWriter(OpenMode mode)
    {
        _directory = FSDirectory.Open(_path);
        _writer = new IndexWriter(_directory, WriterConfig(mode));
        if (mode == OpenMode.CREATE || !DirectoryReader.IndexExists(_directory))
        {
            _writer.Commit();
        }

        _manager = new SearcherManager(_writer, true, new RankingSearcherFactory());
        var data = _writer.CommitData;
        _fingerprint = data.TryGetValue(FingerprintKey, out var f) && ulong.TryParse(f, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : 0;
        _count = data.TryGetValue(CountKey, out var c) && int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (!data.TryGetValue(SchemaKey, out var schema) || schema != SpeakerDocuments.Schema)
        {
            _count = -1;
        }
    }

    private void OpenReadOnly(LockObtainFailedException cause)
    {
        CloseQuietly();
        _directory = FSDirectory.Open(_path);
        if (!DirectoryReader.IndexExists(_directory))
        {
            throw new SearchIndexLockedException(_path, cause);
        }

        _manager = new SearcherManager(_directory, new RankingSearcherFactory());
        Log.IndexLocked(_logger, _path);
    }

    private void CloseQuietly()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception e) when (e is IOException or CorruptIndexException)
        {
            // Closing a writer over a broken index: the folder is about to be wiped anyway.
        }

        _writer = null;
        _directory?.Dispose();
    }

    /// <summary>On start: keep the index when it holds exactly the store's speakers at their last update, else rebuild.</summary>
    private void SyncWithStore(List<Speaker> speakers, Stopwatch watch)
    {
        ulong fingerprint = 0;
        foreach (var speaker in speakers)
        {
            fingerprint ^= SpeakerDocuments.Fingerprint(speaker.Id, speaker.UpdatedAt?.UtcTicks ?? 0);
        }

        if (speakers.Count == _count && fingerprint == _fingerprint)
        {
            Log.IndexOpened(_logger, _path, speakers.Count, watch.ElapsedMilliseconds);
            return;
        }

        Build(speakers, watch);
    }

    private TimeSpan Build(IEnumerable<Speaker> speakers, Stopwatch watch)
    {
        var writer = _writer!;
        writer.DeleteAll();
        ulong fingerprint = 0;
        var count = 0;
        foreach (var speaker in speakers)
        {
            writer.AddDocument(SpeakerDocuments.Build(speaker));
            fingerprint ^= SpeakerDocuments.Fingerprint(speaker.Id, speaker.UpdatedAt?.UtcTicks ?? 0);
            count++;
        }

        _fingerprint = fingerprint;
        _count = count;
        Commit(watch.ElapsedMilliseconds, DateTimeOffset.UtcNow);
        _manager.MaybeRefreshBlocking();
        Log.IndexBuilt(_logger, count, watch.ElapsedMilliseconds);
        return watch.Elapsed;
    }

    private void Commit(long? buildMs, DateTimeOffset? builtAt)
    {
        var data = new Dictionary<string, string>(_writer!.CommitData, StringComparer.Ordinal)
        {
            [SchemaKey] = SpeakerDocuments.Schema,
            [FingerprintKey] = _fingerprint.ToString("x16", CultureInfo.InvariantCulture),
            [CountKey] = _count.ToString(CultureInfo.InvariantCulture),
        };
        if (buildMs is not null)
        {
            data[BuildMsKey] = buildMs.Value.ToString(CultureInfo.InvariantCulture);
            data[BuiltAtKey] = builtAt!.Value.ToString("O", CultureInfo.InvariantCulture);
        }

        _writer.SetCommitData(data);
        _writer.Commit();
    }

    private static async Task<List<Speaker>> ReadAllAsync(ISpeakerStore store, CancellationToken cancellationToken)
    {
        var speakers = new List<Speaker>();
        await foreach (var speaker in store.ReadAllAsync(cancellationToken))
        {
            speakers.Add(speaker);
        }

        return speakers;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_store is null || _writer is null)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        long before;
        lock (_writeGate)
        {
            before = _sequence;
        }

        var speakers = await ReadAllAsync(_store, cancellationToken);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SyncWithStore(speakers, watch);
            RequeueAppliedSince(before);
            _started = true;
        }

        _ = Task.Run(() => ApplyQueuedAsync(cancellationToken), CancellationToken.None);
    }

    /// <summary>
    /// The store's own writes come with their rows: applied at once, so a profile is searchable when the write returns.
    /// Changes known only by id (a change feed, or a write before the start) go to the background reader.
    /// </summary>
    private void OnStoreChanged(object? sender, SpeakersChangedEventArgs e)
    {
        if (_store is null)
        {
            return;
        }

        lock (_writeGate)
        {
            if (_disposed || _writer is null)
            {
                return;
            }

            if (!_started || e.IsEverything || e.Written is null)
            {
                _pending.Writer.TryWrite(new Pending(e, null));
                return;
            }

            var rows = e.Written.ToDictionary(s => s.Id, StringComparer.Ordinal);
            var sequence = ++_sequence;
            foreach (var id in e.Ids)
            {
                _appliedAt[id] = sequence;
            }

            Apply(e.Ids.Distinct(StringComparer.Ordinal).Select(id => (id, rows.GetValueOrDefault(id))));
        }
    }

    /// <summary>The one background reader: takes what is queued, reads those rows with an await, applies them in one commit.</summary>
    private async Task ApplyQueuedAsync(CancellationToken cancellationToken)
    {
        var reader = _pending.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                var everything = false;
                var flushes = new List<TaskCompletionSource>();
                while (reader.TryRead(out var item))
                {
                    if (item.Flushed is not null)
                    {
                        flushes.Add(item.Flushed);
                    }
                    else if (item.Change!.IsEverything)
                    {
                        everything = true;
                    }
                    else
                    {
                        ids.UnionWith(item.Change.Ids);
                    }
                }

                try
                {
                    if (everything)
                    {
                        await ResyncAsync(cancellationToken);
                    }
                    else if (ids.Count > 0)
                    {
                        await ApplyIdsAsync(ids, cancellationToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
                {
                    // The store blinked while the rows were read: read everything again a moment later.
                    Log.IndexUpdateFailed(_logger, ids.Count, e.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    _pending.Writer.TryWrite(new Pending(SpeakersChangedEventArgs.Everything, null));
                }

                foreach (var flushed in flushes)
                {
                    flushed.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is read again from the store at the next start.
        }
        catch (ObjectDisposedException)
        {
            // Disposed between a read and its apply.
        }
        finally
        {
            while (reader.TryRead(out var item))
            {
                item.Flushed?.TrySetResult();
            }
        }
    }

    private async Task ApplyIdsAsync(HashSet<string> ids, CancellationToken cancellationToken)
    {
        long before;
        lock (_writeGate)
        {
            before = _sequence;
        }

        var rows = new List<(string Id, Speaker? Speaker)>(ids.Count);
        foreach (var id in ids)
        {
            rows.Add((id, await _store!.GetAsync(id, cancellationToken)));
        }

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Apply(rows.Where(r => _appliedAt.GetValueOrDefault(r.Id) <= before));
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        long before;
        lock (_writeGate)
        {
            before = _sequence;
        }

        var watch = Stopwatch.StartNew();
        var speakers = await ReadAllAsync(_store!, cancellationToken);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SyncWithStore(speakers, watch);
            RequeueAppliedSince(before);
        }
    }

    /// <summary>A rebuild from a snapshot read before these writes would have lost them: read them again.</summary>
    private void RequeueAppliedSince(long before)
    {
        var since = _appliedAt.Where(a => a.Value > before).Select(a => a.Key).ToList();
        if (since.Count > 0)
        {
            _pending.Writer.TryWrite(new Pending(new SpeakersChangedEventArgs(since), null));
        }
    }

    /// <summary>Under the write gate: each id is replaced by its row, or removed when the row is null; one commit.</summary>
    private void Apply(IEnumerable<(string Id, Speaker? Speaker)> rows)
    {
        var searcher = _manager.Acquire();
        var applied = 0;
        try
        {
            foreach (var (id, speaker) in rows)
            {
                applied++;
                var found = searcher.Search(new TermQuery(new Term(SpeakerDocuments.Id, id)), 1);
                if (found.TotalHits > 0)
                {
                    var old = searcher.Doc(found.ScoreDocs[0].Doc, new HashSet<string> { SpeakerDocuments.Updated });
                    _fingerprint ^= SpeakerDocuments.Fingerprint(id, old.GetField(SpeakerDocuments.Updated)?.GetInt64Value() ?? 0);
                    _count--;
                }

                if (speaker is null)
                {
                    _writer!.DeleteDocuments(new Term(SpeakerDocuments.Id, id));
                }
                else
                {
                    _writer!.UpdateDocument(new Term(SpeakerDocuments.Id, id), SpeakerDocuments.Build(speaker));
                    _fingerprint ^= SpeakerDocuments.Fingerprint(id, speaker.UpdatedAt?.UtcTicks ?? 0);
                    _count++;
                }
            }
        }
        finally
        {
            _manager.Release(searcher);
        }

        if (applied == 0)
        {
            return;
        }

        Commit(null, null);
        _manager.MaybeRefreshBlocking();
        Log.IndexUpdated(_logger, applied);
    }

    private IndexSearcher Acquire()
    {
        if (!_started)
        {
            throw new InvalidOperationException($"The search index at {_path} is not started yet: await SpeakerSearchEngine.StartAsync first (the host does it at start, services.StartSpeakerSearchAsync() elsewhere).");
        }

        RefreshReadOnly();
        return _manager.Acquire();
    }

    private sealed record Pending(SpeakersChangedEventArgs? Change, TaskCompletionSource? Flushed);

    /// <summary>Read-only: pick up what the process holding the index committed since (a cheap check when nothing changed).</summary>
    private void RefreshReadOnly()
    {
        if (_writer is null)
        {
            _manager.MaybeRefresh();
        }
    }

    public SearchResult Search(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var searcher = Acquire();
        try
        {
            var view = new IndexView(searcher, _lexicon);
            var take = Math.Clamp(query.Take, 0, 1000);
            var skip = Math.Clamp(query.Skip, 0, 10_000);
            var facets = new FacetCounter();
            var (total, candidates, plan) = Run(view, query, skip + take, facets);
            var hits = candidates.Skip(skip).Take(take)
                .Select(c => (Candidate: c, Speaker: SpeakerDocuments.Read(searcher.Doc(c.Doc))))
                .Select(h => new SearchHit(h.Speaker, h.Candidate.Score, Explain(h.Speaker, h.Candidate, plan, query)))
                .ToList();
            var relaxations = total < take ? Relax(view, query, total) : [];
            return new SearchResult(hits, total, facets.ToFacets(), relaxations);
        }
        finally
        {
            _manager.Release(searcher);
        }
    }

    /// <summary>How many speakers the query matches (no ranking, no paging).</summary>
    public int CountMatches(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var searcher = Acquire();
        try
        {
            return Run(new IndexView(searcher, _lexicon), query, 0, null).Total;
        }
        finally
        {
            _manager.Release(searcher);
        }
    }

    /// <summary>The ids of the top <paramref name="k"/> hits only: the benchmark's path (no explanations or relaxations).</summary>
    public (int Total, string[] Ids) SearchIds(SearchQuery query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        var searcher = Acquire();
        try
        {
            var (total, hits, _) = Run(new IndexView(searcher, _lexicon), query, k, null);
            return (total, [.. hits.Select(c => IdOf(searcher, c.Doc))]);
        }
        finally
        {
            _manager.Release(searcher);
        }
    }

    private static readonly HashSet<string> IdOnly = [SpeakerDocuments.Id];

    private static string IdOf(IndexSearcher searcher, int doc) => searcher.Doc(doc, IdOnly).Get(SpeakerDocuments.Id);

    private (int Total, List<Candidate> Hits, QueryPlan Plan) Run(IndexView view, SearchQuery query, int k, FacetCounter? facets)
    {
        var inferPlace = query.Near is null && _options.InferPlaceFromText;
        var plan = QueryPlan.Build(query.Text, _lexicon, view, inferPlace);
        var centre = query.Near ?? plan.InferredPlace;

        var useFairness = !ReferenceEquals(_fairness, NoRecentRequests.Instance) && _options.FairnessWeight > 0 && k > 0;
        var anywhere = query.AnywhereFormat is null ? -1 : IndexOf(Taxonomy.Formats, query.AnywhereFormat);
        var context = new RankingContext
        {
            Centre = centre,
            RadiusKm = query.Near is not null ? query.RadiusKm : null,
            AnywhereFormatBit = anywhere >= 0 ? 1L << anywhere : 0,

            // An explicit sector filter already restricts; hints only matter without one.
            SectorHints = query.Sectors.Count > 0 ? 0 : plan.SectorHints,
            AvailableFrom = query.AvailableFrom,
            AvailableTo = query.AvailableTo,
            HasText = plan.HasText,
        };
        var collector = new SpeakerCollector(context, useFairness ? k * 3 : k, facets, AvailabilityCache.Of);
        view.Searcher.Search(TextQuery(plan, view), Filter(query), collector);
        var hits = collector.Drain();
        if (useFairness)
        {
            hits = [.. hits
                .Select(c => c with { Score = (float)(c.Score / (1 + (_options.FairnessWeight * _fairness.RecentRequests(IdOf(view.Searcher, c.Doc))))) })
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.Doc)
                .Take(k)];
        }

        return (collector.Total, hits, plan);
    }

    /// <summary>
    /// The plan as a Lucene query: each clause is the best of its alternatives (a DisjunctionMaxQuery), each
    /// alternative a term in any text field with the field's boost; the words must meet the minimum-should-match
    /// rule, a place name only adds to the score. Built from analysed terms: user text never reaches a query parser.
    /// </summary>
    private static Query TextQuery(QueryPlan plan, IndexView view)
    {
        if (!plan.HasText)
        {
            return new MatchAllDocsQuery();
        }

        var required = new BooleanQuery { MinimumNumberShouldMatch = plan.MinimumShouldMatch };
        var outer = new BooleanQuery();
        foreach (var clause in plan.Clauses)
        {
            var best = new DisjunctionMaxQuery(0f);
            foreach (var alternative in clause.Alternatives)
            {
                var fields = new BooleanQuery();
                for (var f = 0; f < SpeakerDocuments.TextFields.Length; f++)
                {
                    var term = new Term(SpeakerDocuments.TextFields[f], alternative.Term);
                    if (view.Reader.DocFreq(term) > 0)
                    {
                        fields.Add(new TermQuery(term) { Boost = SpeakerDocuments.TextBoosts[f] }, Occur.SHOULD);
                    }
                }

                if (fields.Clauses.Count > 0)
                {
                    fields.Boost = alternative.Factor;
                    best.Add(fields);
                }
            }

            if (best.Disjuncts.Count == 0)
            {
                // A word no document holds: it still counts against the minimum-should-match rule.
                best.Add(new TermQuery(new Term(SpeakerDocuments.TextFields[0], clause.Surface)));
            }

            (clause.Required ? required : outer).Add(best, Occur.SHOULD);
        }

        if (required.Clauses.Count > 0)
        {
            outer.Add(required, Occur.MUST);
        }

        return outer;
    }

    /// <summary>One cached filter per keyword (field and value): Lucene keeps its bit set per segment, reused by every query.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Field, string Value), Filter> _termFilters = new();

    private Filter TermFilter(string field, string value) =>
        _termFilters.TryGetValue((field, value), out var cached) ? cached
        : _termFilters.Count < 10_000 ? _termFilters.GetOrAdd((field, value), static key => new CachingWrapperFilter(new TermsFilter(new Term(key.Field, key.Value))))
        : new TermsFilter(new Term(field, value));

    /// <summary>The query's filters as Lucene filters: every constraint must hold, each with any of its values.</summary>
    private Filter Filter(SearchQuery query)
    {
        var filter = new BooleanFilter();
        void Require(string field, IEnumerable<string> anyOf, params (string Field, string Value)[] or)
        {
            var terms = anyOf.Select(v => (field, v)).Concat(or).Distinct().ToList();
            if (terms.Count == 1)
            {
                filter.Add(new FilterClause(TermFilter(terms[0].Item1, terms[0].Item2), Occur.MUST));
                return;
            }

            var any = new BooleanFilter();
            foreach (var (f, v) in terms)
            {
                any.Add(new FilterClause(TermFilter(f, v), Occur.SHOULD));
            }

            filter.Add(new FilterClause(any, Occur.MUST));
        }

        Require(SpeakerDocuments.Status, [(query.Status ?? SpeakerStatus.Approved).ToString()]);
        if (query.ExcludeIds.Count > 0)
        {
            filter.Add(new FilterClause(new TermsFilter([.. query.ExcludeIds.Select(id => new Term(SpeakerDocuments.Id, id))]), Occur.MUST_NOT));
        }

        if (query.Sectors.Count > 0)
        {
            Require(SpeakerDocuments.Sector, query.Sectors);
        }

        (string, string)[] anywhere = query.AnywhereFormat is null ? [] : [(SpeakerDocuments.Format, query.AnywhereFormat)];
        if (query.Region is not null)
        {
            Require(SpeakerDocuments.Region, [query.Region], anywhere);
        }

        var departments = query.Departments.Concat(query.Department is null ? [] : [query.Department]).ToList();
        if (departments.Count > 0)
        {
            Require(SpeakerDocuments.Department, departments, anywhere);
        }

        if (query.Topic is not null)
        {
            Require(SpeakerDocuments.Topic, [TextFolding.FoldText(query.Topic)]);
        }

        if (query.Audience is not null)
        {
            Require(SpeakerDocuments.Audience, [query.Audience]);
        }

        if (query.Format is not null)
        {
            Require(SpeakerDocuments.Format, [query.Format]);
        }

        if (query.Language is not null)
        {
            Require(SpeakerDocuments.Language, [query.Language.Trim().ToLowerInvariant()]);
        }

        if (query.Network is not null)
        {
            Require(SpeakerDocuments.Network, [TextFolding.FoldText(query.Network)]);
        }

        return filter;
    }

    private HitExplanation Explain(Speaker speaker, Candidate candidate, QueryPlan plan, SearchQuery query)
    {
        var analyzer = _lexicon.IndexAnalyzer;
        var fieldTerms = new HashSet<string>[SpeakerDocuments.TextFields.Length];
        fieldTerms[0] = [.. analyzer.Terms(SpeakerDocuments.TextFields[0], speaker.Headline)];
        fieldTerms[1] = [.. speaker.Topics.SelectMany(t => analyzer.Terms(SpeakerDocuments.TextFields[1], t))];
        fieldTerms[2] = [.. analyzer.Terms(SpeakerDocuments.TextFields[2], speaker.Bio)];
        fieldTerms[3] = [.. analyzer.Terms(SpeakerDocuments.TextFields[3], speaker.Employer)];
        fieldTerms[4] = [.. analyzer.Terms(SpeakerDocuments.TextFields[4], speaker.City)];
        var fields = new bool[fieldTerms.Length];
        var terms = new List<string>();
        var matchedStems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var clause in plan.Clauses)
        {
            var matched = false;
            foreach (var alternative in clause.Alternatives)
            {
                for (var f = 0; f < fieldTerms.Length; f++)
                {
                    if (fieldTerms[f].Contains(alternative.Term))
                    {
                        fields[f] = true;
                        matched = true;
                        matchedStems.Add(alternative.Term);
                    }
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
        var fieldNames = Enumerable.Range(0, fields.Length).Where(f => fields[f]).Select(f => SpeakerDocuments.TextFields[f]).ToList();
        var sector = IndexOf(Taxonomy.Sectors, speaker.Sector);
        var sectorMatch = query.Sectors.Contains(speaker.Sector) || (sector >= 0 && (plan.SectorHints & (1 << sector)) != 0);
        var formatMatch = query.Format is not null && speaker.Formats.Contains(query.Format);
        return new HitExplanation(fieldNames, terms, topics, candidate.DistanceKm is { } d ? Math.Round(d, 1) : null, sectorMatch, formatMatch);
    }

    private List<Relaxation> Relax(IndexView view, SearchQuery query, int total)
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

            var region = query.Region ?? RegionOfDepartment(view, departments[0]);
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
            var count = Run(view, relaxed, 0, null).Total;
            if (count > total)
            {
                relaxations.Add(new Relaxation(constraint, relaxed, count));
            }
        }

        if (total == 0 && relaxations.Count == 0 && RelaxTogether(view, query, options) is { } combined)
        {
            relaxations.Add(combined);
        }

        return relaxations;
    }

    /// <summary>
    /// When no single relaxation finds anyone, two (then three) relaxed together: the first combination, in the order of
    /// the single ones, that finds someone, named "topic+radius". Each option is applied as the difference it makes to
    /// the original query, so that two options touching different constraints add up.
    /// </summary>
    private Relaxation? RelaxTogether(IndexView view, SearchQuery query, List<(string Constraint, SearchQuery Query)> options)
    {
        // Only one way of widening the place at a time: "department" and "region" both replace the same fields.
        static bool Place(string c) => c is "radius" or "department" or "region";
        for (var size = 2; size <= Math.Min(3, options.Count); size++)
        {
            foreach (var combination in Combinations(options.Count, size))
            {
                if (combination.Count(k => Place(options[k].Constraint)) > 1)
                {
                    continue;
                }

                var relaxed = query;
                foreach (var k in combination)
                {
                    relaxed = Merge(relaxed, query, options[k].Query);
                }

                var count = Run(view, relaxed, 0, null).Total;
                if (count > 0)
                {
                    return new Relaxation(string.Join('+', combination.Select(k => options[k].Constraint)), relaxed, count);
                }
            }
        }

        return null;
    }

    private static IEnumerable<int[]> Combinations(int n, int size)
    {
        var index = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return (int[])index.Clone();
            var i = size - 1;
            while (i >= 0 && index[i] == n - size + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            index[i]++;
            for (var j = i + 1; j < size; j++)
            {
                index[j] = index[j - 1] + 1;
            }
        }
    }

    /// <summary>Applies to <paramref name="current"/> the fields in which <paramref name="option"/> differs from <paramref name="original"/>.</summary>
    private static SearchQuery Merge(SearchQuery current, SearchQuery original, SearchQuery option) => current with
    {
        RadiusKm = option.RadiusKm != original.RadiusKm ? option.RadiusKm : current.RadiusKm,
        Department = option.Department != original.Department ? option.Department : current.Department,
        Departments = !ReferenceEquals(option.Departments, original.Departments) ? option.Departments : current.Departments,
        Region = option.Region != original.Region ? option.Region : current.Region,
        Format = option.Format != original.Format ? option.Format : current.Format,
        Audience = option.Audience != original.Audience ? option.Audience : current.Audience,
        AvailableFrom = option.AvailableFrom != original.AvailableFrom ? option.AvailableFrom : current.AvailableFrom,
        AvailableTo = option.AvailableTo != original.AvailableTo ? option.AvailableTo : current.AvailableTo,
        Topic = option.Topic != original.Topic ? option.Topic : current.Topic,
        Sectors = !ReferenceEquals(option.Sectors, original.Sectors) ? option.Sectors : current.Sectors,
        Language = option.Language != original.Language ? option.Language : current.Language,
        Network = option.Network != original.Network ? option.Network : current.Network,
    };

    private string? RegionOfDepartment(IndexView view, string department)
    {
        if (_gazetteer?.Department(department) is { } known)
        {
            return known.Region;
        }

        var found = view.Searcher.Search(new TermQuery(new Term(SpeakerDocuments.Department, department)), 1);
        return found.TotalHits > 0 ? SpeakerDocuments.Read(view.Searcher.Doc(found.ScoreDocs[0].Doc)).Region : null;
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

    /// <summary>BM25 with the length normalisation chosen per text field.</summary>
    private sealed class FieldSimilarity : PerFieldSimilarityWrapper
    {
        private readonly Dictionary<string, Similarity> _byField = SpeakerDocuments.TextFields
            .Select((f, i) => (f, (Similarity)new BM25Similarity(1.2f, SpeakerDocuments.TextB[i])))
            .ToDictionary(x => x.f, x => x.Item2, StringComparer.Ordinal);

        private readonly Similarity _default = new BM25Similarity();

        public override Similarity Get(string name) => _byField.TryGetValue(name, out var similarity) ? similarity : _default;
    }

    private sealed class RankingSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Ranking };
    }
}
