using SpeakerBot.Conversation.Understanding;
using Xunit.Abstractions;

namespace SpeakerBot.Conversation.Tests.Understanding;

/// <summary>
/// Replays parse-cases.jsonl (teachers' and organisers' messages, French and English, reference 2026-11-22) and
/// scores every contract field; the same figure as `speakerbot parse --eval`.
/// </summary>
[Collection(UnderstandingCollection.Name)]
public sealed class ParseCasesTests(UnderstandingFixture fixture, ITestOutputHelper output)
{
    private const double RequiredAccuracy = 0.95;

    [Fact]
    public void Parse_cases_file_gets_at_least_95_percent_of_fields_right()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Understanding", "parse-cases.jsonl");
        var cases = UnderstandingEvaluation.ReadCases(path, new DateOnly(2026, 11, 22));
        var evaluation = new UnderstandingEvaluation();
        foreach (var c in cases)
        {
            var reference = new DateTimeOffset(c.Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            evaluation.Score(c, fixture.Understanding.Parse(c.Text, c.Locale, reference));
        }

        output.WriteLine(evaluation.Report(withMisses: true));
        Assert.True(cases.Count >= 150, $"the test set should hold at least 150 cases, found {cases.Count}");
        Assert.True(evaluation.Accuracy >= RequiredAccuracy, evaluation.Report(withMisses: true));
    }

    [Fact]
    public void Parse_cases_cover_french_english_and_every_intent()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Understanding", "parse-cases.jsonl");
        var cases = UnderstandingEvaluation.ReadCases(path, new DateOnly(2026, 11, 22));
        var intents = cases.Select(c => c.Expect.GetProperty("intent").GetString()).ToHashSet();

        Assert.Contains(cases, c => c.Locale == "en");
        Assert.Contains(cases, c => c.Locale == "fr");
        Assert.Subset(intents, new HashSet<string?>
        {
            Intents.FindSpeaker, Intents.BookVisit, Intents.BookPanel, Intents.BookingStatus,
            Intents.CancelBooking, Intents.Help, Intents.Greeting, Intents.Other,
        });
    }
}
