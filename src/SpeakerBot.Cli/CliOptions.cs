using System.CommandLine;
using SpeakerBot.Storage;

namespace SpeakerBot.Cli;

/// <summary>Options shared by every command.</summary>
internal static class CliOptions
{
    /// <summary>The SQLite database file; the same default as the bot so both see one directory.</summary>
    public static readonly Option<string> Database = new("--db")
    {
        Description = "SQLite database file of the directory",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Storage__SqlitePath") ?? StorageOptions.DefaultSqlitePath,
        Recursive = true,
    };
}
