using System.Text.Json;
using SpeakerBot.Cli.Tests.Support;

namespace SpeakerBot.Cli.Tests;

public class ParseCommandTests
{
    private static readonly string[] ContractFields =
    [
        "intent", "sectors", "topics", "region", "department", "city", "audience", "classLevel", "format",
        "dateFrom", "dateTo", "time", "pupils", "speakers", "bookingRef", "email",
    ];

    [Fact]
    public async Task Parse_prints_one_contract_object_with_every_field_and_dates_resolved_against_today()
    {
        using var folder = new CliFolder();

        var run = await folder.RunAsync("parse", "--today", "2026-11-22", "Une policière pour mes 28 élèves de 3e à Toulouse entre le 10 et le 20 mars");

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        var o = document.RootElement;
        Assert.Equal(ContractFields, o.EnumerateObject().Select(p => p.Name));
        Assert.Equal("find_speaker", o.GetProperty("intent").GetString());
        Assert.Equal(["securite-interieure"], o.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(JsonValueKind.Array, o.GetProperty("topics").ValueKind);
        Assert.Equal("Toulouse", o.GetProperty("city").GetString());
        Assert.Equal("31", o.GetProperty("department").GetString());
        Assert.Equal("occitanie", o.GetProperty("region").GetString());
        Assert.Equal("college", o.GetProperty("audience").GetString());
        Assert.Equal("3e", o.GetProperty("classLevel").GetString());
        Assert.Equal("2027-03-10", o.GetProperty("dateFrom").GetString());
        Assert.Equal("2027-03-20", o.GetProperty("dateTo").GetString());
        Assert.Equal(28, o.GetProperty("pupils").GetInt32());
        Assert.Equal(JsonValueKind.Null, o.GetProperty("format").ValueKind);
        Assert.Equal(JsonValueKind.Null, o.GetProperty("bookingRef").ValueKind);
        Assert.Equal(JsonValueKind.Null, o.GetProperty("email").ValueKind);
    }

    [Fact]
    public async Task Parse_english_locale_reads_an_english_request()
    {
        using var folder = new CliFolder();

        var run = await folder.RunAsync("parse", "--today", "2026-11-22", "--locale", "en", "We need 3 women engineers for a panel in Lyon on March 3rd");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var o = document.RootElement;
        Assert.Equal("Lyon", o.GetProperty("city").GetString());
        Assert.Equal("2027-03-03", o.GetProperty("dateFrom").GetString());
        Assert.Equal(3, o.GetProperty("speakers").GetInt32());
        Assert.Equal("panel", o.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Parse_jsonl_writes_one_object_per_input_line_in_the_same_order()
    {
        using var folder = new CliFolder();
        var input = string.Join('\n',
            """{"text": "une ingénieure aéronautique à Toulouse pour des 4e", "locale": "fr"}""",
            """{"text": "a cybersecurity expert in Lille, online", "locale": "en"}""",
            "this line is not JSON",
            """{"text": "une infirmière au Havre le 12 juin", "locale": "fr"}""",
            """{"text": "suivre ma demande, contact: prof@example.org", "locale": "fr"}""") + "\n";

        var run = await folder.RunWithInputAsync(input, "parse", "--today", "2026-11-22", "--jsonl");

        // A line it cannot read still gets its (empty) object, so output line n answers input line n; the exit code says so.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("stdin line 3", run.Stderr, StringComparison.Ordinal);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        var objects = lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.All(objects, o => Assert.Equal(ContractFields, o.EnumerateObject().Select(p => p.Name)));
        Assert.Equal("Toulouse", objects[0].GetProperty("city").GetString());
        Assert.Equal("Lille", objects[1].GetProperty("city").GetString());
        Assert.Equal(JsonValueKind.Null, objects[2].GetProperty("city").ValueKind);
        Assert.Equal("Le Havre", objects[3].GetProperty("city").GetString());
        Assert.Equal("2027-06-12", objects[3].GetProperty("dateFrom").GetString());
        Assert.Equal("prof@example.org", objects[4].GetProperty("email").GetString());
    }

    [Fact]
    public async Task Parse_bad_today_exits_with_bad_input_and_names_the_option()
    {
        using var folder = new CliFolder();
        var run = await folder.RunAsync("parse", "--today", "22/11/2026", "une ingénieure");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--today", run.Stderr, StringComparison.Ordinal);
    }
}
