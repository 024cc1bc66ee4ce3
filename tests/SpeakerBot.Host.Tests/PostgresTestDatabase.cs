using Npgsql;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// A database of its own on the server named by SPEAKERBOT_TEST_POSTGRES (CREATE DATABASE sb_…), migrated, and
/// dropped at the end, so tests never share state. Tests using it are [PostgresFact] (SharedStateInstancesTests.cs).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "SPEAKERBOT_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set: start a server with `eval \"$(bash .ci/postgres start)\"`.");
        var name = "sb_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        using (PostgresDatabase.Start(connectionString))
        {
            // Migrated once here, as the first instance to start would.
        }

        return new PostgresTestDatabase(server, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
