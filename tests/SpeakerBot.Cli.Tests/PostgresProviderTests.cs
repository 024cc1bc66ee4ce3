using SpeakerBot.Cli.Tests.Support;
using SpeakerBot.Storage.Postgres;
using static SpeakerBot.Cli.Tests.Support.SpeakerLines;

namespace SpeakerBot.Cli.Tests;

/// <summary>
/// With Storage:Provider=Postgres every command works on that database, as the bot does: coordinators, import,
/// search and the curator commands; the SQLite file of --db is never created.
/// </summary>
public sealed class PostgresProviderTests
{
    [PostgresFact]
    public async Task Commands_on_the_postgres_provider_write_and_read_that_database_and_never_the_sqlite_file()
    {
        using var folder = new CliFolder();
        using var database = new PostgresTestDatabase();
        var settings = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["Storage__PostgresConnectionString"] = database.ConnectionString,
        };
        Task<CliRun> Run(params string[] args) => Speakerbot.RunWithEnvironmentAsync(folder.Path, null, settings, [.. args, "--db", folder.Database]);

        var added = await Run("coordinator", "add", "--email", "anne@example.org", "--role", "national");
        var listed = await Run("coordinator", "list");
        var imported = await Run("import", folder.Write("speakers.jsonl", Json("pg-1", bio: "Océanographe en mer du Nord.") + "\n"));
        var found = await Run("search", "océanographe", "--json");
        var pending = await Run("speakers", "pending");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains($"Database: PostgreSQL database {database.Name} on", added.Stderr, StringComparison.Ordinal);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("anne@example.org", listed.Stdout, StringComparison.Ordinal);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Contains("pg-1", found.Stdout, StringComparison.Ordinal);
        Assert.True(pending.ExitCode == 0, pending.ToString());
        Assert.False(File.Exists(folder.Database), "the SQLite file of --db was created although Storage:Provider is Postgres");

        var stored = new PostgresCoordinatorStore(database.Open(), TimeProvider.System);
        Assert.Equal("anne@example.org", Assert.Single(await stored.ListAsync()).Email);
        Assert.Equal("pg-1", (await new PostgresSpeakerStore(database.Open()).GetAsync("pg-1"))!.Id);
    }

    [Fact]
    public async Task A_postgres_provider_that_cannot_be_reached_gets_one_line_naming_the_setting()
    {
        using var folder = new CliFolder();
        var settings = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["Storage__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Database=speakerbot;Username=bot;Password=s3cret-Pw;Timeout=3",
        };

        var run = await Speakerbot.RunWithEnvironmentAsync(folder.Path, null, settings, "coordinator", "list", "--db", folder.Database);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Storage:PostgresConnectionString", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pw", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
