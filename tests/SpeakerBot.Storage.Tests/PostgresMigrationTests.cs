using Npgsql;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Storage.Tests;

/// <summary>The schema comes up once however many instances start together, and grows by appended steps.</summary>
public sealed class PostgresMigrationTests : IPostgresContract, IDisposable
{
    private readonly PostgresTestDatabase _database = new();

    [StoreFact]
    public async Task Three_instances_starting_at_once_apply_each_step_once()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(_database.Open)));

        var versions = PostgresMigrator.AppliedVersions(started[0].DataSource);
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version).Order(), versions);
        Assert.Empty(PostgresMigrator.Migrate(started[2].DataSource, PostgresMigrations.All));
    }

    [StoreFact]
    public void A_step_appended_later_is_applied_once_on_the_next_start()
    {
        var database = _database.Open();
        List<PostgresMigration> extended = [.. PostgresMigrations.All, new(1000, "test: one more table", "CREATE TABLE later_table (id integer PRIMARY KEY)")];

        var first = PostgresMigrator.Migrate(database.DataSource, extended);
        var second = PostgresMigrator.Migrate(database.DataSource, extended);

        Assert.Equal([1000], first);
        Assert.Empty(second);
        using var connection = database.Open();
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM later_table", connection);
        Assert.Equal(0L, command.ExecuteScalar());
    }

    [StoreFact]
    public void A_failing_step_leaves_nothing_half_applied()
    {
        var database = _database.Open();
        List<PostgresMigration> broken = [.. PostgresMigrations.All, new(1001, "test: broken", "CREATE TABLE half_table (id integer); SELECT no_such_function();")];

        Assert.ThrowsAny<PostgresException>(() => PostgresMigrator.Migrate(database.DataSource, broken));

        Assert.DoesNotContain(1001, PostgresMigrator.AppliedVersions(database.DataSource));
        using var connection = database.Open();
        using var command = new NpgsqlCommand("SELECT to_regclass('half_table') IS NULL", connection);
        Assert.Equal(true, command.ExecuteScalar());
    }

    public void Dispose() => _database.Dispose();
}

/// <summary>Start-up against a server that cannot be used: one line naming the setting and where it points, never the password.</summary>
public sealed class PostgresUnavailableTests
{
    [Fact]
    public void An_unreachable_server_is_named_with_the_setting_and_without_the_password()
    {
        var error = Assert.Throws<PostgresDatabaseUnavailableException>(() =>
            PostgresDatabase.Start("Host=127.0.0.1;Port=1;Database=speakerbot;Username=bot;Password=s3cret-Pw;Timeout=5"));

        Assert.StartsWith("Storage:PostgresConnectionString ", error.Message, StringComparison.Ordinal);
        Assert.Contains("database speakerbot on 127.0.0.1:1 as user bot", error.Message, StringComparison.Ordinal);
        Assert.Contains("no server answers", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pw", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("", "connection string such as Host=")]
    [InlineData("Hots=db;Password=s3cret-Pw", "not a valid connection string")]
    public void A_missing_or_malformed_connection_string_says_what_is_expected(string value, string expected)
    {
        var error = Assert.Throws<PostgresDatabaseUnavailableException>(() => PostgresDatabase.Start(value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pw", error.Message, StringComparison.Ordinal);
    }
}
