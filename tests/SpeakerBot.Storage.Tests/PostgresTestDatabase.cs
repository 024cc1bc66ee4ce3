using Npgsql;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Storage.Tests;

/// <summary>
/// A database of its own (sb_&lt;random&gt;) on the server named by SPEAKERBOT_TEST_POSTGRES, dropped afterwards, so
/// tests never share state. <see cref="Open"/> starts one more "instance": its own pool, migrations run as at start.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public const string Variable = "SPEAKERBOT_TEST_POSTGRES";

    private readonly string _admin;
    private readonly List<PostgresDatabase> _opened = [];

    public PostgresTestDatabase()
    {
        _admin = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set and CI=true, so PostgreSQL tests must run: start a server with eval \"$(bash .ci/postgres start)\".");
        Name = "sb_" + Guid.NewGuid().ToString("N");
        Admin($"CREATE DATABASE {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = Name }.ConnectionString;
    }

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can (or must: CI=true).</summary>
    public static string? SkipReason =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"PostgreSQL test skipped: {Variable} is not set (eval \"$(bash .ci/postgres start)\" starts a throwaway server).";

    public string Name { get; }

    public string ConnectionString { get; }

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

        Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
