using System.Text;
using SpeakerBot.Cli.Tests.Support;
using static SpeakerBot.Cli.Tests.Support.SpeakerLines;

namespace SpeakerBot.Cli.Tests;

public class ImportCommandTests
{
    private const int BadInput = 2;

    [Fact]
    public async Task Import_jsonl_with_bad_rows_names_each_by_line_and_keeps_the_good_ones()
    {
        using var folder = new CliFolder();
        var tenMegabyteBio = new string('a', 10_000_000);
        var file = folder.Write("speakers.jsonl", string.Join('\n',
            Json("imp-1"),
            """{"id":"imp-2","firstName":""",
            Json("imp-3", sector: "aero"),
            Json("imp-4"),
            string.Empty,
            Json("imp-1"),
            Json("imp-5", withHeadline: false),
            Json("imp-6", bio: tenMegabyteBio),
            Json("imp-7")) + "\n");

        var run = await folder.RunAsync("import", file);

        Assert.True(run.ExitCode == BadInput, run.ToString());
        var rejected = ImportOutput.Rejected(run.Stdout);
        Assert.Equal([2, 3, 6, 7, 8], rejected.Select(r => r.Line));
        Assert.StartsWith("malformed JSON", rejected[0].Reason, StringComparison.Ordinal);
        Assert.Equal("sector 'aero' is unknown — did you mean 'aeronautique'?", rejected[1].Reason);
        Assert.Equal("id 'imp-1' already appears on line 1 of this file; the first one is kept", rejected[2].Reason);
        Assert.Equal("required field 'headline' is missing or empty", rejected[3].Reason);
        Assert.StartsWith("bio is 10,000,000 characters long; at most 20,000 are accepted", rejected[4].Reason, StringComparison.Ordinal);
        Assert.Equal(["imp-3", "imp-1", "imp-5", "imp-6"], rejected.Skip(1).Select(r => r.Id));
        Assert.Contains("8 rows read, 3 imported, 5 rejected.", run.Stdout, StringComparison.Ordinal);

        var export = await folder.RunAsync("export", folder.File("out.jsonl"));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(["imp-1", "imp-4", "imp-7"], ReadExport(folder.File("out.jsonl")).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_valid_file_exits_zero_and_a_second_import_updates_instead_of_duplicating()
    {
        using var folder = new CliFolder();
        var first = await folder.RunAsync("import", folder.Write("a.jsonl", Json("up-1") + "\n" + Json("up-2") + "\n"));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Empty(ImportOutput.Rejected(first.Stdout));

        var second = await folder.RunAsync("import", folder.Write("b.jsonl", Json("up-1", bio: "Nouvelle bio.") + "\n"));
        Assert.True(second.ExitCode == 0, second.ToString());

        await folder.RunAsync("export", folder.File("out.jsonl"));
        var exported = ReadExport(folder.File("out.jsonl"));
        Assert.Equal(["up-1", "up-2"], exported.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Nouvelle bio.", exported["up-1"]["bio"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_dry_run_reports_the_same_rejections_and_writes_nothing()
    {
        using var folder = new CliFolder();
        var file = folder.Write("speakers.jsonl", Json("dry-1") + "\n" + Json("dry-2", sector: "aero") + "\n" + Json("dry-3") + "\n");

        var run = await folder.RunAsync("import", file, "--dry-run");

        Assert.True(run.ExitCode == BadInput, run.ToString());
        var rejected = Assert.Single(ImportOutput.Rejected(run.Stdout));
        Assert.Equal(2, rejected.Line);
        Assert.Contains("Dry run: 3 rows read, 2 would be imported, 1 rejected. Nothing was written.", run.Stdout, StringComparison.Ordinal);

        var export = await folder.RunAsync("export", folder.File("out.jsonl"));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Empty(ReadExport(folder.File("out.jsonl")));
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    public async Task Import_csv_with_either_separator_splits_list_cells_and_reports_bad_rows(char separator)
    {
        using var folder = new CliFolder();

        // In a ';' file the list cells are quoted, as the README asks; in a ',' file they need no quotes.
        string List(string cell) => separator == ';' ? $"\"{cell}\"" : cell;
        var topics = List("chantier;mixité des métiers");
        string Row(params string[] cells) => string.Join(separator, cells);
        var csv = string.Join("\r\n",
            Row("id", "firstName", "lastName", "headline", "sector", "region", "city", "topics", "formats"),
            Row("csv-1", "Hélène", "Martin", "Cheffe de chantier", "btp", "bretagne", "Rennes", topics, "classroom"),
            Row("csv-2", "Anne", "Roy", "Ingénieure", "aero", "bretagne", "Brest", string.Empty, string.Empty),
            Row("csv-3", "Inès", "Morel", string.Empty, "btp", "bretagne", "Brest", string.Empty, string.Empty),
            Row("csv-4", "Maëlle", "Le Goff", "Conductrice de travaux", "btp", "bretagne", "Vannes", topics, List("classroom;online"))) + "\r\n";

        var run = await folder.RunAsync("import", folder.Write($"speakers-{(separator == ';' ? "semicolon" : "comma")}.csv", csv));

        Assert.True(run.ExitCode == BadInput, run.ToString());
        Assert.Contains($"cells separated by '{separator}'", run.Stdout, StringComparison.Ordinal);
        var rejected = ImportOutput.Rejected(run.Stdout);
        Assert.Equal([3, 4], rejected.Select(r => r.Line));
        Assert.Equal("sector 'aero' is unknown — did you mean 'aeronautique'?", rejected[0].Reason);
        Assert.Equal("required field 'headline' is missing or empty", rejected[1].Reason);

        await folder.RunAsync("export", folder.File("out.jsonl"));
        var exported = ReadExport(folder.File("out.jsonl"));
        Assert.Equal(["csv-1", "csv-4"], exported.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["chantier", "mixité des métiers"], Strings(exported["csv-4"]["topics"]));
        Assert.Equal(["classroom", "online"], Strings(exported["csv-4"]["formats"]));
        Assert.Equal("Hélène", exported["csv-1"]["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_windows_1252_csv_as_excel_saves_it_keeps_the_accents()
    {
        using var folder = new CliFolder();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "id;firstName;lastName;headline;sector;region;bio\r\n"
            + "win-1;Hélène;Bœuf;Cheffe d’équipe;btp;bretagne;Elle dirige une équipe de 12 compagnons – sur des chantiers.\r\n"
            + "win-2;Maëlle;Roy;Ingénieure;aero;bretagne;\r\n";
        var path = folder.File("excel.csv");
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding(1252).GetBytes(csv));

        var run = await folder.RunAsync("import", path);

        Assert.True(run.ExitCode == BadInput, run.ToString());
        Assert.Contains("read as Windows-1252", run.Stdout, StringComparison.Ordinal);
        var rejected = Assert.Single(ImportOutput.Rejected(run.Stdout));
        Assert.Equal(3, rejected.Line);
        Assert.Equal("sector 'aero' is unknown — did you mean 'aeronautique'?", rejected.Reason);

        await folder.RunAsync("export", folder.File("out.jsonl"));
        var speaker = Assert.Single(ReadExport(folder.File("out.jsonl"))).Value;
        Assert.Equal("Hélène", speaker["firstName"]!.GetValue<string>());
        Assert.Equal("Bœuf", speaker["lastName"]!.GetValue<string>());
        Assert.Equal("Cheffe d’équipe", speaker["headline"]!.GetValue<string>());
        Assert.Equal("Elle dirige une équipe de 12 compagnons – sur des chantiers.", speaker["bio"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_missing_file_says_so_and_exits_with_bad_input()
    {
        using var folder = new CliFolder();
        var run = await folder.RunAsync("import", folder.File("nowhere.jsonl"));
        Assert.True(run.ExitCode == BadInput, run.ToString());
        // Spectre wraps at the console width; a long temp path pushes the end of the sentence to the next line.
        Assert.Matches(@"does\s+not\s+exist", run.Stdout);
    }
}
