using System.CommandLine;
using System.Text.Json;
using SpeakerBot.Cli.Commands;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Sqlite;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SpeakerBot.Cli.Tests;

/// <summary>`speakers` and `privacy` commands run in-process on a real SQLite file; console output captured (hence no parallel tests).</summary>
public sealed class CuratorCommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-cli-" + Guid.NewGuid().ToString("N"));
    private readonly string _database;

    public CuratorCommandsTests()
    {
        Directory.CreateDirectory(_folder);
        _database = Path.Combine(_folder, "speakerbot.db");
        var store = new SqliteSpeakerStore(new SqliteDatabase(_database));
        store.UpsertAsync([Speaker("cli-pending", SpeakerStatus.Pending), Speaker("cli-approved", SpeakerStatus.Approved)]).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Speakers_pending_lists_only_pending_and_approve_makes_her_approved()
    {
        var (listed, listOutput, _) = await RunAsync("speakers", "pending");
        var (approved, approveOutput, _) = await RunAsync("speakers", "approve", "cli-pending");

        Assert.Equal((0, 0), (listed, approved));
        Assert.Contains("cli-pending", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-approved", listOutput, StringComparison.Ordinal);
        Assert.Contains("approved and searchable", approveOutput, StringComparison.Ordinal);
        Assert.Equal(SpeakerStatus.Approved, (await Store().GetAsync("cli-pending"))!.Status);
        var (_, after, _) = await RunAsync("speakers", "pending");
        Assert.Contains("No profile is waiting", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speakers_reject_without_reason_fails_and_with_reason_records_it_in_the_audit_log()
    {
        var (without, _, _) = await RunAsync("speakers", "reject", "cli-pending");
        var (with, _, _) = await RunAsync("speakers", "reject", "cli-pending", "--reason", "Profil en double");

        Assert.NotEqual(0, without);
        Assert.Equal(0, with);
        Assert.Equal(SpeakerStatus.Rejected, (await Store().GetAsync("cli-pending"))!.Status);
        var audit = await new SqliteCoordinatorStore(new SqliteDatabase(_database), TimeProvider.System).ReadAuditAsync("speaker:cli-pending");
        var entry = Assert.Single(audit, e => e.Action == "speaker.reject");
        Assert.Contains("Profil en double", entry.AfterJson, StringComparison.Ordinal);
        Assert.StartsWith("coordinator:0:cli:", entry.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speakers_approve_unknown_id_exits_with_bad_input_and_says_so()
    {
        var (code, _, error) = await RunAsync("speakers", "approve", "nobody");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("nobody", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Privacy_export_then_erase_with_yes_removes_her_contact()
    {
        var file = Path.Combine(_folder, "export.json");

        var (exported, _, _) = await RunAsync("privacy", "export", "--email", "cli-approved@example.org", "--output", file);
        var (refused, _, refusal) = await RunAsync("privacy", "erase", "--email", "cli-approved@example.org");
        var (erased, output, _) = await RunAsync("privacy", "erase", "--email", "cli-approved@example.org", "--yes");

        Assert.Equal((0, ExitCodes.BadInput, 0), (exported, refused, erased));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var profile = Assert.Single(json.RootElement.GetProperty("speakerProfiles").EnumerateArray());
        Assert.Equal("06 11 22 33 44", profile.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Contains("--yes", refusal, StringComparison.Ordinal);
        Assert.Contains("1 speaker profiles", output, StringComparison.Ordinal);
        var left = await Store().GetAsync("cli-approved");
        Assert.Equal((SpeakerStatus.Archived, (ContactDetails?)null), (left!.Status, left.Contact));
        Assert.DoesNotContain("Nomcli-approved", left.FullName, StringComparison.Ordinal);
    }

    private SqliteSpeakerStore Store() => new(new SqliteDatabase(_database));

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Options.Add(CliOptions.Database);
        root.Subcommands.Add(SpeakersCommand.Create());
        root.Subcommands.Add(PrivacyCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await root.Parse([.. args, "--db", _database]).InvokeAsync();
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    internal static Speaker Speaker(string id, SpeakerStatus status) => new()
    {
        Id = id,
        FirstName = "Prénom" + id,
        LastName = "Nom" + id,
        Headline = "Ingénieure",
        Sector = "aeronautique",
        Region = "occitanie",
        Status = status,
        Contact = new ContactDetails($"{id}@example.org", "06 11 22 33 44"),
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}
