using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Cli.Commands;

/// <summary>
/// `parse-bench FILE`: understanding latency per message over a parse test set, rules alone and with the model path
/// (against the configured model, or --local-model: an OpenAI-compatible stub on 127.0.0.1 that answers at once, so
/// the figure is our overhead: masking, HTTP, JSON schema, validation and merge). Also the share of cases the rules
/// leave incomplete, i.e. what the model would be asked when LanguageModel:Always is off.
/// </summary>
internal static class ParseBenchCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSONL parse test set (lines {\"text\", \"locale\", \"today\"?})." };
        var model = new Option<bool>("--model") { Description = "Also measure the model path with the configured LanguageModel__* settings." };
        var local = new Option<bool>("--local-model") { Description = "Also measure the model path against a local stub server (no real model)." };
        var rounds = new Option<int>("--rounds") { Description = "Passes over the file per path.", DefaultValueFactory = _ => 3 };
        var command = new Command("parse-bench", "Understanding latency, rules alone vs rules + language model, and the share the rules leave incomplete.")
        {
            file, model, local, rounds,
        };
        command.SetAction((result, ct) => RunAsync(result.GetValue(file)!, result.GetValue(model), result.GetValue(local), result.GetValue(rounds), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, bool useModel, bool localModel, int rounds, CancellationToken ct)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"file: '{file.FullName}' does not exist.");
            return ExitCodes.BadInput;
        }

        if (rounds is < 1 or > 100)
        {
            Console.Error.WriteLine($"--rounds: expected 1 to 100, got {rounds}.");
            return ExitCodes.BadInput;
        }

        IReadOnlyList<ParseCase> cases;
        try
        {
            cases = UnderstandingEvaluation.ReadCases(file.FullName, new DateOnly(2026, 11, 22));
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException)
        {
            Console.Error.WriteLine($"file: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (cases.Count == 0)
        {
            Console.Error.WriteLine($"file: '{file.FullName}' holds no case.");
            return ExitCodes.BadInput;
        }

        using var stub = localModel ? LocalModelStub.Start() : null;
        IEnumerable<KeyValuePair<string, string?>>? overrides = stub is null ? null :
        [
            new("LanguageModel:Provider", "OpenAI"),
            new("LanguageModel:Endpoint", stub.Endpoint.ToString()),
            new("LanguageModel:ApiKey", "local"),
            new("LanguageModel:Deployment", "stub"),
            new("LanguageModel:Always", "true"),
        ];
        using var modelServices = useModel || localModel ? ModelUnderstanding.Build(overrides) : null;
        if ((useModel || localModel) && modelServices is null)
        {
            return ExitCodes.BadInput;
        }

        var rules = new ServiceCollection().AddGazetteerAndRules();
        var rulesUnderstanding = rules.GetRequiredService<IUnderstanding>();
        var incomplete = cases.Count(c => ModelBackedUnderstanding.NeedsModel(rulesUnderstanding.Parse(c.Text, c.Locale, Reference(c))));
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"cases: {cases.Count} ({file.Name}), rounds: {rounds}");
        output.AppendLine(CultureInfo.InvariantCulture, $"left incomplete or unsure by the rules (model asked when Always=false): {incomplete}/{cases.Count} = {100.0 * incomplete / cases.Count:F1}%");
        output.AppendLine(await MeasureAsync("rules only", rulesUnderstanding, cases, rounds, ct).ConfigureAwait(false));
        if (modelServices is not null)
        {
            var label = stub is not null ? "rules + model (local stub, Always=true)" : "rules + model (configured)";
            output.AppendLine(await MeasureAsync(label, modelServices.GetRequiredService<IUnderstanding>(), cases, rounds, ct).ConfigureAwait(false));
        }

        Console.Out.Write(output.ToString());
        return ExitCodes.Ok;
    }

    private static ServiceProvider AddGazetteerAndRules(this IServiceCollection services)
    {
        Search.Geography.GazetteerServiceCollectionExtensions.AddGazetteer(services);
        services.AddRuleBasedUnderstanding();
        return services.BuildServiceProvider();
    }

    private static DateTimeOffset Reference(ParseCase c) => new(c.Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static async Task<string> MeasureAsync(string label, IUnderstanding understanding, IReadOnlyList<ParseCase> cases, int rounds, CancellationToken ct)
    {
        // One warm-up pass: JIT, vocabularies, connection pool.
        foreach (var c in cases.Take(20))
        {
            await understanding.ParseAsync(c.Text, c.Locale, Reference(c), ct).ConfigureAwait(false);
        }

        var samples = new List<double>(cases.Count * rounds);
        for (var r = 0; r < rounds; r++)
        {
            foreach (var c in cases)
            {
                var start = Stopwatch.GetTimestamp();
                await understanding.ParseAsync(c.Text, c.Locale, Reference(c), ct).ConfigureAwait(false);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        samples.Sort();
        double P(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
        return string.Create(CultureInfo.InvariantCulture, $"{label}: p50 {P(0.50):F3} ms, p95 {P(0.95):F3} ms, max {samples[^1]:F3} ms over {samples.Count} parses");
    }
}

/// <summary>
/// A minimal OpenAI-compatible /chat/completions endpoint on 127.0.0.1 (HttpListener) that answers every call at once
/// with an empty but schema-valid request: it measures the model path's plumbing, not a model.
/// </summary>
internal sealed class LocalModelStub : IDisposable
{
    private const string Answer = """{"intent":"find_speaker","sectors":[],"topics":[],"region":null,"department":null,"city":null,"audience":null,"classLevel":null,"format":null,"dateFrom":null,"dateTo":null,"time":null,"pupils":null,"speakers":null}""";
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    private LocalModelStub(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public static LocalModelStub Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LocalModelStub(port);
    }

    private async Task LoopAsync()
    {
        var body = JsonSerializer.Serialize(new
        {
            id = "stub",
            @object = "chat.completion",
            created = 1_764_000_000,
            model = "stub",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = Answer }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 500, completion_tokens = 60, total_tokens = 560 },
        });
        var bytes = Encoding.UTF8.GetBytes(body);
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var drain = new StreamReader(context.Request.InputStream))
            {
                await drain.ReadToEndAsync().ConfigureAwait(false);
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; nothing to report.
        }
    }
}
