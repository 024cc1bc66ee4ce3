using System.CommandLine;
using Npgsql;
using SpeakerBot.Cli.Commands;

namespace SpeakerBot.Cli.Tests;

/// <summary>Skipped with a visible reason without SPEAKERBOT_TEST_POSTGRES, except under CI=true where it runs (and fails).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SPEAKERBOT_TEST_POSTGRES")) && !inCi)
        {
            Skip = "PostgreSQL test skipped: SPEAKERBOT_TEST_POSTGRES is not set (eval \"$(bash .ci/postgres start)\").";
        }
    }
}

/// <summary>`db migrate`: the schema comes up once, and a server that cannot be used gets one line without its password.</summary>
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
        var admin = Environment.GetEnvironmentVariable("SPEAKERBOT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SPEAKERBOT_TEST_POSTGRES is not set and CI=true: start a server with eval \"$(bash .ci/postgres start)\".");
        var name = "sb_" + Guid.NewGuid().ToString("N");
        await Admin(admin, $"CREATE DATABASE {name}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;

            var first = await RunAsync("db", "migrate", "--postgres", connection);
            var second = await RunAsync("db", "migrate", "--postgres", connection);

            Assert.Equal((0, 0), (first.Code, second.Code));
            Assert.Contains("Applied migrations 1, 2, 3, 4", first.Output, StringComparison.Ordinal);
            Assert.Contains("nothing applied", second.Output, StringComparison.Ordinal);
            Assert.Contains($"database {name} on", first.Error, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Admin(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task Admin(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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
