namespace SpeakerBot.Storage.Import;

public enum ImportFormat
{
    Jsonl,
    Csv,
}

public sealed record ImportProgress(long BytesRead, long TotalBytes, int Rows, int Accepted, int Rejected);

public sealed record ImportOptions
{
    /// <summary>Check every row and report, write nothing.</summary>
    public bool DryRun { get; init; }

    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>Rows written per transaction: large enough for speed, small enough that progress moves.</summary>
    public int BatchSize { get; init; } = 2000;
}

/// <summary>A row that was not imported: its line in the file (1-based, the header is line 1 in CSV) and why.</summary>
public sealed record RejectedRow(int Line, string? Id, string Reason)
{
    /// <summary>The rule's code (<see cref="ImportRuleCodes"/>) for the back-office's translation; not in the API's JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Code { get; init; }

    /// <summary>The values the rule's sentence names.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<object?> Args { get; init; } = [];

    public override string ToString() => $"line {Line}: {Reason}";
}

public sealed record ImportReport(int Rows, int Accepted, int Written, IReadOnlyList<RejectedRow> Rejected, IReadOnlyList<string> Warnings, bool DryRun);

/// <summary>The file as a whole cannot be read (no header, no id column, unreadable): nothing was imported.</summary>
public sealed class ImportFileException(string message) : Exception(message);
