using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Search.Analysis;
using SpeakerBot.Search.Engine;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Cli.Commands;

/// <summary>
/// `bench search`: the same protocol as shared/bench/lucene (index build timed without JSON parsing, two warm-up
/// passes, one timed single-threaded pass over the query file, top 10 ids per query) and the same RESULT line.
/// </summary>
internal static class BenchCommand
{
    private const int TopK = 10;
    private static readonly JsonSerializerOptions CorpusJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "Speakers JSONL (gen_corpus.py)", Required = true };
        var queries = new Option<string>("--queries") { Description = "Queries JSONL (gen_queries.py)", Required = true };
        var topk = new Option<string?>("--topk") { Description = "Write the top 10 ids of each query to this JSONL file" };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up passes", DefaultValueFactory = _ => 2 };
        var search = new Command("search", "Time the search engine on a corpus and a query file; last line: RESULT engine=speakerbot …");
        search.Options.Add(corpus);
        search.Options.Add(queries);
        search.Options.Add(topk);
        search.Options.Add(warmup);
        search.SetAction(parseResult => Run(parseResult.GetValue(corpus)!, parseResult.GetValue(queries)!, parseResult.GetValue(topk), parseResult.GetValue(warmup)));
        var command = new Command("bench", "Benchmarks");
        command.Subcommands.Add(search);
        return command;
    }

    private sealed record BenchQuery(string Id, string Kind, string Text, JsonObject Filters, SearchQuery Query);

    private static int Run(string corpusPath, string queriesPath, string? topkPath, int warmupPasses)
    {
        foreach (var path in new[] { corpusPath, queriesPath })
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"bench: cannot read {path}");
                return ExitCodes.BadInput;
            }
        }

        var load = Stopwatch.StartNew();
        var speakers = LoadCorpus(corpusPath);
        var queries = LoadQueries(queriesPath);
        Console.Error.WriteLine($"loaded {speakers.Count} speakers and {queries.Count} queries in {load.ElapsedMilliseconds} ms (not part of index_ms)");

        var lexicon = SearchLexicon.Default;
        GC.Collect();
        var build = Stopwatch.StartNew();
        var engine = new SpeakerSearchEngine(speakers, lexicon);
        var indexMs = build.ElapsedMilliseconds;
        speakers = null!;
        Console.Error.WriteLine($"indexed {engine.Count} speakers in {indexMs} ms");

        for (var pass = 0; pass < warmupPasses; pass++)
        {
            foreach (var q in queries)
            {
                engine.SearchIds(q.Query, TopK);
            }
        }

        var latencies = new double[queries.Count];
        var results = new (int Total, string[] Ids)[queries.Count];
        var timed = Stopwatch.StartNew();
        for (var i = 0; i < queries.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            results[i] = engine.SearchIds(queries[i].Query, TopK);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var timedSeconds = timed.Elapsed.TotalSeconds;

        // The bot's path also builds facets, explanations and relaxations: measured separately, not in RESULT.
        var full = new double[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            engine.Search(queries[i].Query);
            full[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        foreach (var kind in queries.Select(q => q.Kind).Distinct().Order(StringComparer.Ordinal))
        {
            var of = queries.Select((q, i) => (q, i)).Where(x => x.q.Kind == kind).Select(x => latencies[x.i]).ToArray();
            var zero = queries.Select((q, i) => (q, i)).Count(x => x.q.Kind == kind && results[x.i].Total == 0);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-14} n={of.Length,5} p50={Percentile(of, 50),8:F1} us p95={Percentile(of, 95),8:F1} us p99={Percentile(of, 99),8:F1} us zero-hit={zero}"));
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full Search() with facets, explanations and relaxations: p50={Percentile(full, 50):F1} us p95={Percentile(full, 95):F1} us p99={Percentile(full, 99):F1} us"));

        if (topkPath is not null)
        {
            WriteTopK(topkPath, queries, results);
        }

        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT engine=speakerbot n_docs={engine.Count} n_queries={queries.Count} index_ms={indexMs} p50_us={Percentile(latencies, 50):F1} p95_us={Percentile(latencies, 95):F1} p99_us={Percentile(latencies, 99):F1} qps={queries.Count / timedSeconds:F1} zero_hit_queries={results.Count(r => r.Total == 0)} peak_rss_mb={process.PeakWorkingSet64 / 1048576} threads=1 warmup_passes={warmupPasses}"));
        return ExitCodes.Ok;
    }

    private static List<Speaker> LoadCorpus(string path)
    {
        var speakers = new List<Speaker>();
        var now = DateTimeOffset.UtcNow;
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var record = JsonSerializer.Deserialize<SpeakerRecord>(text, CorpusJson);
            if (record is not null && SpeakerRecordMapper.TryToSpeaker(record, now, out var speaker, out _))
            {
                speakers.Add(speaker);
            }
            else
            {
                Console.Error.WriteLine($"corpus line {line} skipped");
            }
        }

        return speakers;
    }

    private static List<BenchQuery> LoadQueries(string path)
    {
        var list = new List<BenchQuery>();
        foreach (var text in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(text) || JsonNode.Parse(text) is not JsonObject o)
            {
                continue;
            }

            var filters = o["filters"] as JsonObject ?? [];
            string? F(string key) => filters[key]?.GetValue<string>();
            var query = new SearchQuery
            {
                Text = o["text"]?.GetValue<string>(),
                Sectors = F("sector") is { } s ? [s] : [],
                Region = F("region"),
                Topic = F("topic"),
                Audience = F("audience"),
                Format = F("format"),
                Take = TopK,
            };
            list.Add(new BenchQuery(o["id"]?.GetValue<string>() ?? $"line-{list.Count + 1}", o["kind"]?.GetValue<string>() ?? "all", query.Text ?? string.Empty, (JsonObject)filters.DeepClone(), query));
        }

        return list;
    }

    private static void WriteTopK(string path, List<BenchQuery> queries, (int Total, string[] Ids)[] results)
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        for (var i = 0; i < queries.Count; i++)
        {
            var line = new JsonObject
            {
                ["id"] = queries[i].Id,
                ["kind"] = queries[i].Kind,
                ["text"] = queries[i].Text,
                ["filters"] = queries[i].Filters.DeepClone(),
                ["total"] = results[i].Total,
                ["hits"] = new JsonArray([.. results[i].Ids.Select(id => (JsonNode)JsonValue.Create(id)!)]),
            };
            writer.Write(line.ToJsonString(options));
            writer.Write('\n');
        }
    }

    private static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
