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
    public const string DefaultSqlitePath = "data/speakerbot.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Path of the SQLite database file, relative to the working directory unless absolute.</summary>
    [Required]
    public string SqlitePath { get; set; } = DefaultSqlitePath;

    public string? PostgresConnectionString { get; set; }
}
