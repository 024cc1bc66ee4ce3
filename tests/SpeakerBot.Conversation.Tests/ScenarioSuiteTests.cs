using System.Globalization;
using System.Text;
using SpeakerBot.Conversation.Tests.Support;
using SpeakerBot.Domain;
using Xunit.Abstractions;

namespace SpeakerBot.Conversation.Tests;

/// <summary>
/// The conversation suite of dialogs/scenarios: every scenario is replayed (a failure does not stop the run), the
/// report (pass rate, each failure with file:line and what the bot said) goes to the test output and to
/// scenario-report.txt next to the test assembly. The gate: every scenario not listed in known-failing.txt passes,
/// and every listed one still fails, so the list only shrinks as the product is fixed.
/// </summary>
public sealed class ScenarioSuiteTests(ITestOutputHelper output)
{
    private static string Folder => Path.Combine(RepoData.DialogsDirectory, "scenarios");

    [Fact]
    public async Task ScenarioSuite_every_scenario_not_known_to_fail_passes_and_the_known_failing_list_is_current()
    {
        var files = Directory.GetFiles(Folder, "*.txt").Where(f => !Path.GetFileName(f).Equals("known-failing.txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var only = Environment.GetEnvironmentVariable("SCENARIO");
        if (!string.IsNullOrWhiteSpace(only))
        {
            files = files.Where(f => Path.GetFileName(f).Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        var failures = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                await Transcript.ReplayAsync(file, strict: true);
            }
            catch (Exception e) when (e is TranscriptMismatchException or FormatException)
            {
                failures[Path.GetFileName(file)] = e.Message;
            }
        }

        var known = KnownFailing();
        var names = files.Select(Path.GetFileName).OfType<string>().ToList();
        var newlyFailing = failures.Keys.Where(f => !known.Contains(f)).ToList();
        var nowPassing = names.Where(f => known.Contains(f) && !failures.ContainsKey(f)).ToList();
        var unknownListed = string.IsNullOrWhiteSpace(only) ? known.Where(k => !names.Contains(k)).ToList() : [];

        var report = Report(names.Count, failures, newlyFailing, nowPassing, unknownListed);
        output.WriteLine(report);
        var reportPath = Path.Combine(AppContext.BaseDirectory, "scenario-report.txt");
        await File.WriteAllTextAsync(reportPath, report);
        output.WriteLine("Report written to " + reportPath);

        Assert.True(string.IsNullOrWhiteSpace(only) ? names.Count >= 100 : names.Count > 0, $"expected at least 100 scenarios in {Folder}, found {names.Count}");
        Assert.True(newlyFailing.Count == 0 && nowPassing.Count == 0 && unknownListed.Count == 0, report);
    }

    private static HashSet<string> KnownFailing()
    {
        var path = Path.Combine(Folder, "known-failing.txt");
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    private static string Report(int total, SortedDictionary<string, string> failures, List<string> newlyFailing, List<string> nowPassing, List<string> unknownListed)
    {
        var passed = total - failures.Count;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Scenario suite: {passed} of {total} passed ({(total == 0 ? 0 : 100.0 * passed / total):0.0} %), {failures.Count} failing.").AppendLine();
        if (newlyFailing.Count > 0)
        {
            text.AppendLine("FAILING BUT NOT IN known-failing.txt (a regression, or a new scenario): " + string.Join(", ", newlyFailing));
        }

        if (nowPassing.Count > 0)
        {
            text.AppendLine("NOW PASSING, remove from known-failing.txt: " + string.Join(", ", nowPassing));
        }

        if (unknownListed.Count > 0)
        {
            text.AppendLine("Listed in known-failing.txt but no such scenario: " + string.Join(", ", unknownListed));
        }

        foreach (var (file, message) in failures)
        {
            text.AppendLine().Append("FAIL ").AppendLine(file).AppendLine(message);
        }

        return text.ToString();
    }
}
