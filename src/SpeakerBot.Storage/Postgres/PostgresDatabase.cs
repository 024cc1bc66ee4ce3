using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace SpeakerBot.Storage.Postgres;

/// <summary>The PostgreSQL server cannot be used; the message names the setting, where it points and why, never the password.</summary>
public sealed class PostgresDatabaseUnavailableException(string target, string reason, Exception inner)
    : StorageUnavailableException($"Storage:PostgresConnectionString must reach a PostgreSQL server that accepts its user, but for {target} {reason}.", inner)
{
    public string Target { get; } = target;
}

/// <summary>
/// The one <see cref="NpgsqlDataSource"/> (connection pool) every PostgreSQL store of the process shares. Created by
/// <see cref="Start"/>, which brings the schema up to date first (<see cref="PostgresMigrator"/>), so a store never
/// meets a missing table.
/// </summary>
public sealed class PostgresDatabase : IDisposable, IAsyncDisposable
{
    private PostgresDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource lockSource, string target)
    {
        DataSource = dataSource;
        LockSource = lockSource;
        Target = target;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// A second pool, only for connections that hold a conversation's turn lock while the turn runs: a turn waiting
    /// for a lock connection holds nothing, so many turns at once can never take every connection a turn then needs.
    /// </summary>
    public NpgsqlDataSource LockSource { get; }

    /// <summary>"database D on host:port as user U": what logs and messages may show (no password).</summary>
    public string Target { get; }

    /// <summary>
    /// Connects, applies the migrations not yet recorded (<see cref="PostgresMigrations.All"/> unless given) and returns the
    /// database; throws <see cref="PostgresDatabaseUnavailableException"/> when the server cannot be reached or refuses.
    /// </summary>
    public static PostgresDatabase Start(string? connectionString, IReadOnlyList<PostgresMigration>? migrations = null)
    {
        var (dataSource, target) = Build(connectionString);
        try
        {
            PostgresMigrator.Migrate(dataSource, migrations ?? PostgresMigrations.All);
        }
        catch (Exception e) when (Explain(e) is { } reason)
        {
            dataSource.Dispose();
            throw new PostgresDatabaseUnavailableException(target, reason, e);
        }

        var locks = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { ApplicationName = "speakerbot-locks" };
        return new PostgresDatabase(dataSource, NpgsqlDataSource.Create(locks), target);
    }

    public NpgsqlConnection Open() => DataSource.OpenConnection();

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) => DataSource.OpenConnectionAsync(cancellationToken);

    public void Dispose()
    {
        LockSource.Dispose();
        DataSource.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await LockSource.DisposeAsync();
        await DataSource.DisposeAsync();
    }

    /// <summary>The data source for a connection string, and how to name it without its password.</summary>
    public static (NpgsqlDataSource DataSource, string Target) Build(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new PostgresDatabaseUnavailableException("an empty value", "a connection string such as Host=db.example.org;Database=speakerbot;Username=speakerbot;Password=… is needed", new ArgumentException("empty", nameof(connectionString)));
        }

        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new PostgresDatabaseUnavailableException("the value given", $"it is not a valid connection string ({e.Message})", e);
        }

        var settings = builder.ConnectionStringBuilder;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "speakerbot";
        }

        var target = string.Create(CultureInfo.InvariantCulture, $"database {settings.Database ?? settings.Username ?? "(default)"} on {settings.Host ?? "localhost"}:{settings.Port} as user {settings.Username ?? "(default)"}");
        return (builder.Build(), target);
    }

    /// <summary>One clause saying why the server could not be used, or null when the error is not about reaching it.</summary>
    public static string? Explain(Exception e) => e switch
    {
        PostgresException { SqlState: "28P01" } => "the password was refused",
        PostgresException { SqlState: "28000" } => "the server refuses this user (pg_hba.conf or role)",
        PostgresException { SqlState: "3D000" } => "that database does not exist",
        PostgresException { SqlState: "42501" } => "the user may not create tables (grant CREATE on the schema)",
        PostgresException p => $"the server answered {p.SqlState}: {p.MessageText}",
        NpgsqlException { InnerException: SocketException s } => $"no server answers ({s.SocketErrorCode})",
        NpgsqlException { InnerException: TimeoutException } => "the server did not answer in time",
        NpgsqlException n => n.Message,
        SocketException s => $"no server answers ({s.SocketErrorCode})",
        TimeoutException => "the server did not answer in time",
        _ => null,
    };
}
