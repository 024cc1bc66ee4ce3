using System.ComponentModel.DataAnnotations;

namespace SpeakerBot.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string DefaultSqlitePath = "speakerbot.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Folder every relative data path is resolved against (see <see cref="Domain.DataRoot"/>); empty: the checkout's
    /// data/ folder, or SPEAKERBOT_DATA.
    /// </summary>
    public string? DataRoot { get; set; }

    /// <summary>Path of the SQLite database file, relative to the data root unless absolute.</summary>
    [Required]
    public string SqlitePath { get; set; } = DefaultSqlitePath;

    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Test hook, never set in production: a turn whose activity id contains this text holds its commit for a minute,
    /// so a crash test can kill the process while that turn's side effects are done and its state is not yet saved.
    /// </summary>
    public string? HoldCommitOfActivity { get; set; }
}
