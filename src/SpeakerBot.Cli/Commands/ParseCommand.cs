using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Cli.Commands;

/// <summary>
/// `parse`: what the understanding makes of a message, as the contract JSON object. Also `--jsonl` (a batch on stdin)
/// and `--eval FILE` (per-field accuracy over a labelled JSONL test set).
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var today = new Option<string?>("--today") { Description = "Reference date for relative dates, YYYY-MM-DD (default: today)." };
        var locale = new Option<string>("--locale") { Description = "fr or en.", DefaultValueFactory = _ => "fr" };
        var jsonl = new Option<bool>("--jsonl") { Description = "Read lines {\"text\", \"locale\"} from standard input, write one object per line." };
        var eval = new Option<FileInfo?>("--eval") { Description = "Score a labelled JSONL test set and print per-field accuracy." };
        var verbose = new Option<bool>("--misses") { Description = "With --eval, list every wrong field." };
        var model = new Option<bool>("--model") { Description = "Rules + language model (LanguageModel__* settings from the environment)." };
        var explain = new Option<bool>("--explain") { Description = "Also print to standard error how the message was read." };
        var text = new Argument<string?>("text") { Description = "The message to parse.", Arity = ArgumentArity.ZeroOrOne };

        var command = new Command("parse", "Show what the bot understands of a message (intent, sectors, place, dates…) as JSON.")
        {
            today, locale, jsonl, eval, verbose, explain, model, text,
        };
        command.SetAction((result, ct) => RunAsync(
            result.GetValue(today), result.GetValue(locale) ?? "fr", result.GetValue(jsonl),
            result.GetValue(eval), result.GetValue(verbose), result.GetValue(explain), result.GetValue(text), result.GetValue(model), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? todayText, string locale, bool jsonl, FileInfo? evalFile, bool misses, bool explain, string? text, bool useModel, CancellationToken ct)
    {
        DateOnly today;
        if (todayText is null)
        {
            today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
        }
        else if (!DateOnly.TryParseExact(todayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out today))
        {
            Console.Error.WriteLine($"--today: expected a date as YYYY-MM-DD, got '{todayText}'.");
            return ExitCodes.BadInput;
        }

        if (locale is not ("fr" or "en") && !locale.StartsWith("fr-", StringComparison.OrdinalIgnoreCase) && !locale.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"--locale: expected fr or en, got '{locale}'.");
            return ExitCodes.BadInput;
        }

        using var modelServices = useModel ? ModelUnderstanding.Build() : null;
        if (useModel && modelServices is null)
        {
            return ExitCodes.BadInput;
        }

        var understanding = modelServices is null ? CreateUnderstanding() : modelServices.GetRequiredService<IUnderstanding>();
        var reference = new DateTimeOffset(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

        if (evalFile is not null)
        {
            return await EvaluateAsync(understanding, evalFile, todayText is null ? new DateOnly(2026, 11, 22) : today, misses, ct);
        }

        if (jsonl)
        {
            return await BatchAsync(understanding, reference, locale, ct);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            Console.Error.WriteLine("text: expected the message to parse (or --jsonl to read messages from standard input).");
            return ExitCodes.BadInput;
        }

        if (explain && understanding is RuleBasedUnderstanding rules)
        {
            Console.Error.WriteLine(rules.Explain(text, locale, reference));
        }

        Console.Out.WriteLine(UnderstoodJson.Serialize(await understanding.ParseAsync(text, locale, reference, ct)));
        return ExitCodes.Ok;
    }

    private static IUnderstanding CreateUnderstanding()
    {
        var services = new ServiceCollection();
        services.AddGazetteer();
        services.AddRuleBasedUnderstanding();
        return services.BuildServiceProvider().GetRequiredService<IUnderstanding>();
    }

    private static async Task<int> BatchAsync(IUnderstanding understanding, DateTimeOffset reference, string defaultLocale, CancellationToken ct)
    {
        var lineNumber = 0;
        var failures = 0;
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string? message = null;
            var locale = defaultLocale;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    if (doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        message = t.GetString();
                    }

                    if (doc.RootElement.TryGetProperty("locale", out var l) && l.ValueKind == JsonValueKind.String)
                    {
                        locale = l.GetString() ?? defaultLocale;
                    }
                }
            }
            catch (JsonException)
            {
                message = null;
            }

            if (message is null)
            {
                // Keep the output aligned with the input: one object per line, even for a line we cannot read.
                Console.Error.WriteLine($"stdin line {lineNumber}: expected a JSON object with a \"text\" string.");
                Console.Out.WriteLine(UnderstoodJson.Serialize(new Understood()));
                failures++;
                continue;
            }

            Console.Out.WriteLine(UnderstoodJson.Serialize(await understanding.ParseAsync(message, locale, reference, ct)));
        }

        return failures == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static async Task<int> EvaluateAsync(IUnderstanding understanding, FileInfo file, DateOnly defaultToday, bool misses, CancellationToken ct)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"--eval: file '{file.FullName}' does not exist.");
            return ExitCodes.BadInput;
        }

        IReadOnlyList<ParseCase> cases;
        try
        {
            cases = UnderstandingEvaluation.ReadCases(file.FullName, defaultToday);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException)
        {
            Console.Error.WriteLine($"--eval: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var evaluation = new UnderstandingEvaluation();
        foreach (var c in cases)
        {
            var reference = new DateTimeOffset(c.Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            evaluation.Score(c, await understanding.ParseAsync(c.Text, c.Locale, reference, ct));
        }

        Console.Out.Write(evaluation.Report(misses));

        // Speed on the same messages, warm: the whole bot turn budget is 2 ms, so one parse must stay far below it.
        const int Rounds = 20;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var c in cases)
            {
                await understanding.ParseAsync(c.Text, c.Locale, new DateTimeOffset(c.Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), ct);
            }
        }

        watch.Stop();
        var micros = watch.Elapsed.TotalMicroseconds / (Rounds * Math.Max(1, cases.Count));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean parse time: {micros:F1} µs per message ({Rounds} rounds of {cases.Count} messages, warm)"));
        return ExitCodes.Ok;
    }
}
