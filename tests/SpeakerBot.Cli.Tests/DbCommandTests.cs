using System.CommandLine;
using SpeakerBot.Cli.Commands;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Cli.Tests;

/// <summary>
/// `db migrate`: the schema comes up once, and a server that cannot be used gets one line without its password.
/// `db copy`: an SQLite deployment goes into an empty PostgreSQL database with its counts printed, once.
/// </summary>
public sealed class DbCommandTests
{
    [Fact]
    public async Task Migrate_against_an_unreachable_server_names_the_setting_in_one_line_without_the_password()
    {
        var (code, _, error) = await RunAsync("db", "migrate", "--postgres", "Host=127.0.0.1;Port=1;Database=speakerbot;Username=bot;Password=s3cret-Pw;Timeout=5");

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("Storage:PostgresConnectionString", StringComparison.Ordinal));
        Assert.Contains("database speakerbot on 127.0.0.1:1 as user bot", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pw", error, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Migrate_applies_the_schema_once_then_finds_nothing_to_do()
    {
        using var database = new PostgresTestDatabase();

        var first = await RunAsync("db", "migrate", "--postgres", database.ConnectionString);
        var second = await RunAsync("db", "migrate", "--postgres", database.ConnectionString);

        Assert.Equal((0, 0), (first.Code, second.Code));
        Assert.Contains("Applied migrations 1, 2, 3, 4", first.Output, StringComparison.Ordinal);
        Assert.Contains("nothing applied", second.Output, StringComparison.Ordinal);
        Assert.Contains($"database {database.Name} on", first.Error, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Copy_prints_each_store_count_then_refuses_a_second_copy_into_the_same_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "speakerbot-copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "speakerbot.db");
            var sqlite = new SqliteDatabase(file);
            await new SqliteSpeakerStore(sqlite).UpsertAsync([CuratorCommandsTests.Speaker("cp-1", SpeakerStatus.Approved), CuratorCommandsTests.Speaker("cp-2", SpeakerStatus.Approved)]);
            await new SqliteCoordinatorStore(sqlite, TimeProvider.System).AddAsync("anne@example.org", CoordinatorRole.National, [], [1, 2, 3], "cli:test");
            using var database = new PostgresTestDatabase();

            var first = await RunAsync("db", "copy", "--from", "sqlite:" + file, "--to", "postgres:" + database.ConnectionString);
            var second = await RunAsync("db", "copy", "--from", file, "--to", database.ConnectionString);

            Assert.True(first.Code == 0, first.Error);
            var lines = first.Output.Split('\n');
            Assert.Matches(@"^speakers\s+2 copied,\s+2 in PostgreSQL \(speakers\)", Assert.Single(lines, l => l.EndsWith("(speakers)", StringComparison.Ordinal)));
            Assert.Matches(@"^coordinators\s+1 copied,\s+1 in PostgreSQL", Assert.Single(lines, l => l.EndsWith("(coordinators)", StringComparison.Ordinal)));
            Assert.Matches(@"^audit lines\s+1 copied,", Assert.Single(lines, l => l.EndsWith("(audit_log)", StringComparison.Ordinal)));
            Assert.Contains("every count matches", first.Output, StringComparison.Ordinal);
            Assert.Contains($"To:   PostgreSQL database {database.Name} on", first.Error, StringComparison.Ordinal);
            Assert.Equal(2, second.Code);
            Assert.Contains("is not empty (speakers, coordinators, audit_log already have rows)", second.Error, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Options.Add(CliOptions.Database);
        root.Subcommands.Add(DbCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await root.Parse(args).InvokeAsync();
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
