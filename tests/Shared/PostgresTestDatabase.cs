using Npgsql;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Tests.Shared;

/// <summary>
/// A database of its own (sb_&lt;random&gt;) on the server named by SPEAKERBOT_TEST_POSTGRES, dropped afterwards, so
/// tests never share state. One source file, linked into every test project that needs PostgreSQL.
/// <see cref="Open"/> starts one more "instance": its own pool, migrations run as at start.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable, IAsyncDisposable
{
    public const string Variable = "SPEAKERBOT_TEST_POSTGRES";

    private readonly string _server;
    private readonly List<PostgresDatabase> _opened = [];

    /// <summary>Creates the database, empty (no migration yet).</summary>
    public PostgresTestDatabase()
    {
        _server = Server ?? throw new InvalidOperationException($"{Variable} is not set and CI=true, so PostgreSQL tests must run: start a server with eval \"$(bash .ci/postgres start)\".");
        Name = "sb_" + Guid.NewGuid().ToString("N")[..16];
        using var admin = new NpgsqlConnection(_server);
        admin.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
        create.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    }

    /// <summary>The server's connection string (database postgres), or null when none is configured.</summary>
    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can (or must: CI=true).</summary>
    public static string? SkipReason => Server is not null || InCi
        ? null
        : $"PostgreSQL test skipped: {Variable} is not set (eval \"$(bash .ci/postgres start)\" starts a throwaway server).";

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A database already migrated, as the first instance to start would leave it.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = await Task.Run(() => new PostgresTestDatabase());
        await using (PostgresDatabase.Start(database.ConnectionString))
        {
            // Migrated once here.
        }

        return database;
    }

    /// <summary>A new instance's view of the database, as another process would open it (migrations included).</summary>
    public PostgresDatabase Open()
    {
        var database = PostgresDatabase.Start(ConnectionString);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    public void Dispose()
    {
        foreach (var database in _opened)
        {
            database.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(_server);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs a PostgreSQL server: skipped with a visible reason without SPEAKERBOT_TEST_POSTGRES, except under CI=true where it runs (and fails).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
