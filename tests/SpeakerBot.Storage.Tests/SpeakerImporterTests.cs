using System.Text;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Storage.Tests;

public class SpeakerImporterTests
{
    [Fact]
    public async Task ImportFileAsync_bad_rows_are_reported_with_line_and_reason_and_good_rows_kept()
    {
        using var db = new TempDatabase();
        var lines = new[]
        {
            TempDatabase.Line("s1"),
            "{\"id\": \"s2\", \"firstName\": ",
            TempDatabase.Line("s3", sector: "aero"),
            TempDatabase.Line("s1"),
            """{"id":"s5","firstName":"Ana","lastName":"B","sector":"btp","region":"bretagne"}""",
            TempDatabase.Line("s6", extra: ",\"bio\":\"" + new string('x', 10 * 1024 * 1024) + "\""),
            TempDatabase.Line("s7"),
        };
        var path = db.File("speakers.jsonl", string.Join('\n', lines));

        var report = await db.Importer.ImportFileAsync(path);

        Assert.Equal(2, report.Written);
        Assert.Equal([2, 3, 4, 5, 6], report.Rejected.Select(r => r.Line));
        Assert.Contains("malformed JSON", report.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Equal("line 3: sector 'aero' is unknown — did you mean 'aeronautique'?", report.Rejected[1].ToString());
        Assert.Contains("already appears on line 1", report.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Equal("required field 'headline' is missing or empty", report.Rejected[3].Reason);
        Assert.Contains("bio is 10,485,760 characters long", report.Rejected[4].Reason, StringComparison.Ordinal);
        Assert.NotNull(await db.Store.GetAsync("s1"));
        Assert.NotNull(await db.Store.GetAsync("s7"));
        Assert.Equal(2, await db.Store.CountAsync());
    }

    [Fact]
    public async Task ImportFileAsync_twice_is_idempotent_and_updates_by_id()
    {
        using var db = new TempDatabase();
        await db.Importer.ImportFileAsync(db.File("a.jsonl", TempDatabase.Line("s1") + "\n" + TempDatabase.Line("s2")));
        await db.Importer.ImportFileAsync(db.File("b.jsonl", TempDatabase.Line("s1", sector: "cybersecurite")));
        Assert.Equal(2, await db.Store.CountAsync());
        Assert.Equal("cybersecurite", (await db.Store.GetAsync("s1"))!.Sector);
    }

    [Fact]
    public async Task ImportFileAsync_dry_run_checks_everything_and_writes_nothing()
    {
        using var db = new TempDatabase();
        var report = await db.Importer.ImportFileAsync(db.File("a.jsonl", TempDatabase.Line("s1") + "\n" + TempDatabase.Line("s2", sector: "nope")), new ImportOptions { DryRun = true });
        Assert.Equal(1, report.Accepted);
        Assert.Single(report.Rejected);
        Assert.Equal(0, await db.Store.CountAsync());
    }

    [Fact]
    public async Task ImportFileAsync_extended_fields_round_trip_through_the_store()
    {
        using var db = new TempDatabase();
        var extra = ""","email":"zoe@example.org","phone":"+33 6 00 00 00 00","photoUrl":"https://example.org/z.jpg","monthlyCap":2,"status":"pending","availability":{"weekly":[{"day":"tue","start":"14:00","end":"17:00"}],"exceptions":[{"date":"2026-12-24","available":false,"start":null,"end":null}]}""";
        var report = await db.Importer.ImportFileAsync(db.File("a.jsonl", TempDatabase.Line("s1", extra: extra)));
        Assert.Empty(report.Rejected);
        var speaker = (await db.Store.GetAsync("s1"))!;
        Assert.Equal("zoe@example.org", speaker.Contact!.Email);
        Assert.Equal(2, speaker.MonthlyCap);
        Assert.Equal(SpeakerStatus.Pending, speaker.Status);
        Assert.Equal(new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(14, 0), new TimeOnly(17, 0)), Assert.Single(speaker.Availability.Weekly));
        Assert.Empty(speaker.Availability.WindowsOn(new DateOnly(2026, 12, 24)));
        Assert.NotEmpty(speaker.Availability.WindowsOn(new DateOnly(2026, 12, 22)));
    }

    [Fact]
    public async Task ImportFileAsync_csv_with_semicolons_in_windows_1252_is_read()
    {
        using var db = new TempDatabase();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "id;firstName;lastName;headline;sector;region;department;lat;lon;topics;formats;availability\r\n"
            + "c1;Hélène;Lefèvre;Ingénieure aéronautique;aeronautique;occitanie;31;43,6;1,44;\"aéronautique;mixité des métiers\";\"classroom;online\";\"mon 09:00-12:00;thu 14:00-16:00 | 2026-12-24 off\"\r\n"
            + "c2;Zoé;Martin;Chimiste;chimi;occitanie;31;;;;;\r\n";
        var report = await db.Importer.ImportFileAsync(db.File("export.csv", csv, Encoding.GetEncoding(1252)));

        Assert.Equal(1, report.Written);
        Assert.Equal("line 3: sector 'chimi' is unknown — did you mean 'chimie'?", Assert.Single(report.Rejected).ToString());
        var speaker = (await db.Store.GetAsync("c1"))!;
        Assert.Equal("Hélène", speaker.FirstName);
        Assert.Equal(["aéronautique", "mixité des métiers"], speaker.Topics);
        Assert.Equal(["classroom", "online"], speaker.Formats);
        Assert.Equal(43.6, speaker.Lat);
        Assert.Equal(2, speaker.Availability.Weekly.Count);
    }

    [Fact]
    public async Task ImportFileAsync_csv_with_an_unquoted_list_spilling_into_other_columns_is_rejected_not_guessed()
    {
        using var db = new TempDatabase();
        var csv = "id;firstName;lastName;headline;sector;region;formats;audiences\n"
            + "s1;Inès;Garnier;Commissaire de police;securite-interieure;occitanie;classroom;online;college\n"
            + "s2;Léa;Roux;Gendarme;securite-interieure;occitanie;\"classroom;online\";college\n";
        var report = await db.Importer.ImportFileAsync(db.File("spill.csv", csv));

        Assert.Equal(1, report.Written);
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal(2, rejected.Line);
        Assert.Contains("9 cells but the header has 8 columns", rejected.ToString(), StringComparison.Ordinal);
        Assert.Null(await db.Store.GetAsync("s1"));
        Assert.Equal(["classroom", "online"], (await db.Store.GetAsync("s2"))!.Formats);
    }

    [Fact]
    public async Task ImportFileAsync_csv_with_commas_in_utf8_and_a_multiline_bio_keeps_line_numbers()
    {
        using var db = new TempDatabase();
        var csv = "id,firstName,lastName,headline,sector,region,bio\n"
            + "u1,Zoé,Hamon,Data scientist,numerique,bretagne,\"Bio sur\ndeux lignes, avec virgule\"\n"
            + "u2,Anne,Roy,Gendarme,securite-interieure,,\n";
        var report = await db.Importer.ImportFileAsync(db.File("a.csv", csv));
        Assert.Equal(1, report.Written);
        Assert.Equal(4, Assert.Single(report.Rejected).Line);
        Assert.Equal("Bio sur\ndeux lignes, avec virgule", (await db.Store.GetAsync("u1"))!.Bio);
    }

    [Fact]
    public async Task ImportFileAsync_csv_without_id_column_fails_with_a_clear_message()
    {
        using var db = new TempDatabase();
        var error = await Assert.ThrowsAsync<ImportFileException>(() => db.Importer.ImportFileAsync(db.File("a.csv", "nom,prenom\nA,B\n")));
        Assert.Contains("no 'id' column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_many_rows_report_progress_and_all_land()
    {
        using var db = new TempDatabase();
        var content = string.Join('\n', Enumerable.Range(0, 5000).Select(i => TempDatabase.Line($"m{i}")));
        var reports = new List<ImportProgress>();
        var report = await db.Importer.ImportFileAsync(db.File("m.jsonl", content), new ImportOptions { BatchSize = 1000, Progress = new SyncProgress(reports) });
        Assert.Equal(5000, report.Written);
        Assert.True(reports.Count >= 5);
        Assert.Equal(5000, await db.Store.CountAsync());
    }

    private sealed class SyncProgress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => reports.Add(value);
    }

    [Fact]
    public async Task ExportAsync_leaves_contact_out_unless_asked_and_reimports_identically()
    {
        using var db = new TempDatabase();
        await db.Importer.ImportFileAsync(db.File("a.jsonl", TempDatabase.Line("s1", extra: ",\"email\":\"zoe@example.org\",\"phone\":\"0600000000\"") + "\n" + TempDatabase.Line("s2")));
        foreach (var format in new[] { ImportFormat.Jsonl, ImportFormat.Csv })
        {
            using var plain = new MemoryStream();
            await db.Exporter.ExportAsync(plain, format, includeContact: false);
            Assert.DoesNotContain("zoe@example.org", Encoding.UTF8.GetString(plain.ToArray()), StringComparison.Ordinal);

            using var full = new MemoryStream();
            await db.Exporter.ExportAsync(full, format, includeContact: true);
            Assert.Contains("zoe@example.org", Encoding.UTF8.GetString(full.ToArray()), StringComparison.Ordinal);

            using var other = new TempDatabase();
            full.Position = 0;
            var report = await other.Importer.ImportAsync(full, format);
            Assert.Empty(report.Rejected);
            var before = (await db.Store.GetAsync("s1"))!;
            var after = (await other.Store.GetAsync("s1"))!;
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(SpeakerRecordMapper.ToRecord(before, includeContact: true)),
                System.Text.Json.JsonSerializer.Serialize(SpeakerRecordMapper.ToRecord(after, includeContact: true)));
        }
    }
}
