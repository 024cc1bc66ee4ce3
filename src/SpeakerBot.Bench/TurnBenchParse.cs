using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bench;

/// <summary>
/// The understanding alone (the `parse` command's work) on the same messages as <see cref="TurnBench"/>: how much
/// of a turn is reading the sentence. Batched iterations of 100 ms (not BenchmarkDotNet's 500 ms) to keep the run
/// short; Median and P95 are therefore over iteration means, not single parses.
/// </summary>
[Config(typeof(ParseConfig))]
[MemoryDiagnoser]
public class TurnBenchParse
{
    private static readonly DateTimeOffset Reference = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private ServiceProvider _services = null!;
    private IUnderstanding _understanding = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddGazetteer().AddRuleBasedUnderstanding().BuildServiceProvider();
        _understanding = _services.GetRequiredService<IUnderstanding>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Understood ParseFrenchRequest() =>
        _understanding.Parse("Bonjour, je cherche une ingénieure aéronautique pour mes élèves de 4e à Toulouse en mars", "fr", Reference);

    [Benchmark]
    public Understood ParseEnglishRequest() =>
        _understanding.Parse("Hello, we are looking for an aerospace engineer in Toulouse for my high school students", "en", Reference);

    [Benchmark]
    public Understood ParseRefinement() => _understanding.Parse("plutôt en visio", "fr", Reference);

    [Benchmark]
    public Understood ParseLongChattyMessage() =>
        _understanding.Parse(
            "Bonjour, je suis professeure de SVT dans un collège de Saint-Étienne et je voudrais faire venir une chercheuse ou une ingénieure pour parler des métiers de la santé à mes 28 élèves de 3e, idéalement le mardi 9 février à 14h, sinon en visio, merci d'avance !",
            "fr",
            Reference);

    public sealed class ParseConfig : ManualConfig
    {
        public ParseConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(20)
                .WithIterationTime(TimeInterval.FromMilliseconds(100))
                .WithId("Parse"));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }
}
