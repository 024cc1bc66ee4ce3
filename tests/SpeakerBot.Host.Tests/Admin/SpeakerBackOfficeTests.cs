using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Search;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>The back-office's speaker services on the real host: its search engine, SQLite file, audit log and outbox.</summary>
public sealed class SpeakerBackOfficeTests : IAsyncLifetime
{
    private readonly string _mailbox = Path.Combine(Path.GetTempPath(), "speakerbot-office-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly AdminHost _host;
    private Coordinator _national = null!;
    private Coordinator _breton = null!;

    public SpeakerBackOfficeTests() => _host = new AdminHost(new() { ["Bookings:PickupDirectory"] = _mailbox });

    private SpeakerBackOffice Office => _host.Services.GetRequiredService<SpeakerBackOffice>();

    private TransferBackOffice Transfer => _host.Services.GetRequiredService<TransferBackOffice>();

    public async Task InitializeAsync()
    {
        _ = _host.Address;
        var coordinators = _host.Services.GetRequiredService<CoordinatorService>();
        _national = (await coordinators.AddAsync("nat@reseau.example", "national", [], "test")).Value.Coordinator;
        _breton = (await coordinators.AddAsync("bzh@reseau.example", "regional", ["bretagne"], "test")).Value.Coordinator;
        await _host.AddSpeakersAsync(
            Named("bo-p1", "Zéphyrine", "bretagne", SpeakerStatus.Pending),
            Named("bo-a1", "Zéphyrine", "occitanie", SpeakerStatus.Approved),
            Named("bo-q1", "Quokkanie", "bretagne", SpeakerStatus.Approved),
            Named("bo-q2", "Quokkanie", "bretagne", SpeakerStatus.Approved),
            Named("bo-q3", "Quokkanie", "bretagne", SpeakerStatus.Archived),
            Named("bo-q4", "Quokkanie", "occitanie", SpeakerStatus.Approved),
            Named("bo-q5", "Quokkanie", "bretagne", SpeakerStatus.Pending));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_mailbox))
        {
            Directory.Delete(_mailbox, recursive: true);
        }
    }

    [Fact]
    public async Task List_by_text_and_status_uses_the_engine_for_every_status_and_counts_each()
    {
        var pending = await Office.ListAsync(_national, new SpeakerListQuery { Text = "Zéphyrine", Status = "pending" });
        var all = await Office.ListAsync(_national, new SpeakerListQuery { Text = "Zéphyrine" });

        Assert.Equal(["bo-p1"], pending.Value!.Speakers.Select(s => s.Id));
        Assert.Equal(["bo-a1", "bo-p1"], all.Value!.Speakers.Select(s => s.Id).Order());
        Assert.Equal((1, 1, 0), (all.Value.Statuses[SpeakerStatus.Pending], all.Value.Statuses[SpeakerStatus.Approved], all.Value.Statuses[SpeakerStatus.Rejected]));
        Assert.Equal(1, all.Value.Regions["occitanie"]);
    }

    [Fact]
    public async Task List_of_a_regional_coordinator_holds_only_her_regions_and_refuses_another()
    {
        var mine = await Office.ListAsync(_breton, new SpeakerListQuery { Text = "Quokkanie", PageSize = 2 });
        var other = await Office.ListAsync(_breton, new SpeakerListQuery { Region = "occitanie" });

        Assert.Equal(4, mine.Value!.Total);
        Assert.Equal(2, mine.Value.PageCount);
        Assert.DoesNotContain("occitanie", mine.Value.Regions.Where(r => r.Value > 0).Select(r => r.Key));
        var pages = new List<string>();
        for (var page = 1; page <= 2; page++)
        {
            pages.AddRange((await Office.ListAsync(_breton, new SpeakerListQuery { Text = "Quokkanie", PageSize = 2, Page = page })).Value!.Speakers.Select(s => s.Id));
        }

        Assert.Equal(["bo-q1", "bo-q2", "bo-q3", "bo-q5"], pages.Order());
        Assert.Equal(403, other.Error!.Status);
    }

    [Fact]
    public async Task Editor_refuses_each_bad_field_with_its_own_message_by_the_import_rules_and_saves_nothing()
    {
        var before = await _host.Speakers.GetAsync("bo-q1");
        var form = SpeakerForm.From(before!) with { Sector = "astrologie", MonthlyCap = "beaucoup", FirstName = "<script>x</script>" };

        var edit = await Office.SaveAsync(_breton, "bo-q1", form);

        Assert.False(edit.Ok);
        Assert.Contains("astrologie", edit.Errors["sector"], StringComparison.Ordinal);
        Assert.Contains("beaucoup", edit.Errors["monthlyCap"], StringComparison.Ordinal);
        Assert.Contains("firstName", edit.Errors["firstName"], StringComparison.Ordinal);
        Assert.False(edit.Errors.ContainsKey("headline"));
        var after = await _host.Speakers.GetAsync("bo-q1");
        Assert.Equal((before!.FirstName, before.Sector, before.MonthlyCap), (after!.FirstName, after.Sector, after.MonthlyCap));
        Assert.Empty(await Office.HistoryAsync("bo-q1"));
    }

    [Fact]
    public async Task Editor_saves_good_values_and_the_change_shows_in_the_history()
    {
        var before = await _host.Speakers.GetAsync("bo-q2");

        var edit = await Office.SaveAsync(_breton, "bo-q2", SpeakerForm.From(before!) with { Headline = "Cheffe de projet spatial", MonthlyCap = "6" });

        Assert.True(edit.Ok, string.Join("; ", edit.Errors.Values));
        Assert.Equal(("Cheffe de projet spatial", 6), (edit.Saved!.Headline, edit.Saved.MonthlyCap));
        var profile = await Office.ProfileAsync(_breton, "bo-q2");
        Assert.Contains(profile.Value!.History, e => e.Action == "speaker.update" && e.AfterJson!.Contains("Cheffe de projet spatial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reject_needs_a_reason_then_mails_it_to_her_and_audits_it()
    {
        await _host.AddSpeakersAsync(Named("bo-r1", "Rejetée", "bretagne", SpeakerStatus.Pending));

        var noReason = await Office.DecideAsync(_breton, "bo-r1", SpeakerStatus.Rejected, "  ");
        var rejected = await Office.DecideAsync(_breton, "bo-r1", SpeakerStatus.Rejected, "Profil en doublon avec bo-q1");

        Assert.Equal("reason", noReason.Error!.Field);
        Assert.Equal(SpeakerStatus.Rejected, rejected.Value!.Status);
        var mail = Assert.Single(await MailboxAsync("bo-r1@speakers.example"));
        Assert.Contains("Profil en doublon avec bo-q1", mail, StringComparison.Ordinal);
        Assert.Contains(await Office.HistoryAsync("bo-r1"), e => e.Action == "speaker.reject" && e.AfterJson!.Contains("Profil en doublon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approve_makes_her_findable_by_the_bots_search()
    {
        await _host.AddSpeakersAsync(Named("bo-v1", "Validée", "bretagne", SpeakerStatus.Pending) with { Headline = "Vulcanologue" });
        var search = _host.Services.GetRequiredService<ISpeakerSearch>();
        Assert.DoesNotContain(search.Search(new SearchQuery { Text = "vulcanologue" }).Hits, h => h.Speaker.Id == "bo-v1");

        var approved = await Office.DecideAsync(_breton, "bo-v1", SpeakerStatus.Approved, null);

        Assert.True(approved.Ok);
        Assert.Contains(search.Search(new SearchQuery { Text = "vulcanologue" }).Hits, h => h.Speaker.Id == "bo-v1");
        Assert.Contains("validé", Assert.Single(await MailboxAsync("bo-v1@speakers.example")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regional_coordinator_cannot_see_or_change_a_speaker_of_another_region()
    {
        var profile = await Office.ProfileAsync(_breton, "bo-a1");
        var decided = await Office.DecideAsync(_breton, "bo-a1", SpeakerStatus.Archived, null);
        var edited = await Office.SaveAsync(_breton, "bo-a1", new SpeakerForm { FirstName = "Volée" });

        Assert.Equal((403, 403, 403), (profile.Error!.Status, decided.Error!.Status, edited.Error!.Status));
        Assert.Equal(SpeakerStatus.Approved, (await _host.Speakers.GetAsync("bo-a1"))!.Status);
        Assert.Equal("Zéphyrine", (await _host.Speakers.GetAsync("bo-a1"))!.FirstName);
    }

    [Fact]
    public async Task Import_dry_run_keeps_the_file_and_apply_writes_exactly_the_accepted_rows_once()
    {
        var csv = """
            id,firstName,lastName,headline,sector,region
            bo-i1,Ilona,Importée,Ingénieure réseaux,numerique,bretagne
            bo-i2,Ines,,Chimiste,chimie,bretagne
            """;

        var staged = await Transfer.DryRunAsync(_national, "annuaire.csv", Encoding.UTF8.GetBytes(csv));
        var stolen = await Transfer.ApplyAsync(_breton, staged.Value!.Token);
        Assert.Null(await _host.Speakers.GetAsync("bo-i1"));
        var applied = await Transfer.ApplyAsync(_national, staged.Value.Token);
        var again = await Transfer.ApplyAsync(_national, staged.Value.Token);

        Assert.Equal(3, Assert.Single(staged.Value.Report.Rejected).Line);
        Assert.Equal("file", stolen.Error!.Field);
        Assert.Equal(1, applied.Value!.Report.Written);
        Assert.NotNull(await _host.Speakers.GetAsync("bo-i1"));
        Assert.Equal("file", again.Error!.Field);
    }

    [Fact]
    public async Task Export_writes_the_filtered_speakers_with_formula_cells_neutralised()
    {
        await _host.AddSpeakersAsync(Named("bo-x1", "Formulette", "bretagne", SpeakerStatus.Approved) with { Headline = "=cmd|' /C calc'!A0" });
        using var output = new MemoryStream();

        var count = await Transfer.ExportAsync(_breton, new SpeakerListQuery { Text = "Formulette" }, output);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(1, count.Value);
        Assert.Contains("bo-x1", text, StringComparison.Ordinal);
        Assert.Contains("'=cmd", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bo-q1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@speakers.example", text, StringComparison.Ordinal);
    }

    private static Speaker Named(string id, string firstName, string region, SpeakerStatus status) =>
        AdminHost.Speaker(id, region, status: status) with { FirstName = firstName };

    private async Task<IReadOnlyList<string>> MailboxAsync(string address)
    {
        await _host.Services.GetRequiredService<OutboxSender>().SendDueAsync();
        var mails = new List<string>();
        foreach (var file in Directory.Exists(_mailbox) ? Directory.GetFiles(_mailbox, "*.eml") : [])
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                mails.Add(message.Subject + "\n" + message.TextBody);
            }
        }

        return mails;
    }
}
