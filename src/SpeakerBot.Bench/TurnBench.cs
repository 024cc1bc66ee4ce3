using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Mathematics.OutlierDetection;
using SpeakerBot.Conversation;

namespace SpeakerBot.Bench;

/// <summary>
/// Issue 4's target: one turn through understanding, search and reply building on the seed directory, p50 under
/// 2 ms in-process. Each benchmark is one user message to <see cref="IConversationEngine.HandleTurnAsync"/>, state
/// read from and saved to SQLite as in production.
/// </summary>
[Config(typeof(TurnBench.PerTurnConfig))]
[MemoryDiagnoser]
public class TurnBench
{
    private const string FrenchKey = "bench/fr";
    private const string EnglishKey = "bench/en";
    private const string RefineKey = "bench/refine";

    private const string FrenchRequest = "Bonjour, je cherche une ingénieure aéronautique pour mes élèves de 4e à Toulouse en mars";
    private const string EnglishRequest = "Hello, we are looking for an aerospace engineer in Toulouse for my high school students";
    private const string Refinement = "plutôt en visio";

    private TurnBenchWorld _world = null!;
    private IConversationEngine _engine = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _world = await TurnBenchWorld.CreateAsync();
        _engine = _world.Engine;

        // Each conversation is put in the state its measured turn expects, and each turn is checked once so the
        // benchmark cannot silently time an error reply or an empty search.
        await ExpectCardsAsync(FrenchKey, FrenchRequest, "fr-FR");
        await ExpectCardsAsync(EnglishKey, EnglishRequest, "en-US");
        await ExpectCardsAsync(RefineKey, FrenchRequest, "fr-FR");
        await ExpectCardsAsync(RefineKey, Refinement, "fr-FR");
    }

    [GlobalCleanup]
    public void Cleanup() => _world.Dispose();

    /// <summary>A full French request: sector from a job title, a city, a class level and a month.</summary>
    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<BotMessage>> FrenchRequestTurn() => Turn(FrenchKey, FrenchRequest, "fr-FR");

    [Benchmark]
    public Task<IReadOnlyList<BotMessage>> EnglishRequestTurn() => Turn(EnglishKey, EnglishRequest, "en-US");

    /// <summary>A refinement after results: keeps the request, switches the format, searches again.</summary>
    [Benchmark]
    public Task<IReadOnlyList<BotMessage>> RefineOnlineTurn() => Turn(RefineKey, Refinement, "fr-FR");

    private Task<IReadOnlyList<BotMessage>> Turn(string conversation, string text, string locale) =>
        _engine.HandleTurnAsync(new TurnInput { ConversationKey = conversation, UserKey = "bench-teacher", Text = text, Locale = locale });

    private async Task ExpectCardsAsync(string conversation, string text, string locale)
    {
        var replies = await Turn(conversation, text, locale);
        var cards = replies.Sum(r => r.Cards.Count);
        Console.WriteLine($"// setup {conversation} \"{text}\": {replies.Count} message(s), {cards} card(s): {replies[0].Text?.Split('\n')[0]}");
        if (cards == 0)
        {
            throw new InvalidOperationException($"'{text}' got no speaker cards; the benchmark would not measure a search turn: {string.Join(" | ", replies.Select(r => r.Text))}");
        }
    }

    /// <summary>
    /// One turn per iteration, so Median and P95 are per-turn latencies rather than means of batches; no forced GC
    /// between turns and no outlier removal, so collections and slow turns stay in the tail. In-process: the target
    /// is in-process, and it spares building a generated project on the shared machine.
    /// </summary>
    public sealed class PerTurnConfig : ManualConfig
    {
        public PerTurnConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(50)
                .WithIterationCount(400)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithGcForce(false)
                .WithOutlierMode(OutlierMode.DontRemove)
                .WithId("PerTurn"));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max);
        }
    }

    /// <summary>`turn [BenchmarkDotNet options]`: both classes by default, then one RESULT line per benchmark.</summary>
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkSwitcher.FromTypes([typeof(TurnBench), typeof(TurnBenchParse)])
            .Run(args.Length == 0 ? ["--filter", "*"] : args, config)
            .ToList();

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            if (report.ResultStatistics is not { } stats)
            {
                Console.WriteLine($"RESULT bench=turn case={report.BenchmarkCase.Descriptor.WorkloadMethod.Name} failed");
                continue;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT bench=turn case={report.BenchmarkCase.Descriptor.WorkloadMethod.Name} job={report.BenchmarkCase.Job.Id} n={stats.N} p50_us={stats.Median / 1000:F1} p95_us={stats.Percentiles.P95 / 1000:F1} max_us={stats.Max / 1000:F1} mean_us={stats.Mean / 1000:F1} cores={Environment.ProcessorCount} loadavg1={load}"));
        }

        return summaries.Count > 0 && summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
    }
}
