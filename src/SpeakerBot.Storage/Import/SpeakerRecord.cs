using System.Text.Json.Serialization;

namespace SpeakerBot.Storage.Import;

/// <summary>
/// One speaker as written in import/export files (JSONL, and CSV with the same column names).
/// Every member is optional here; <see cref="SpeakerRecordMapper"/> says what is required and why a row is rejected.
/// </summary>
public sealed class SpeakerRecord
{
    public string? Id { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Headline { get; set; }

    public string? Employer { get; set; }

    public string? Sector { get; set; }

    public string? Region { get; set; }

    public string? Department { get; set; }

    public string? City { get; set; }

    public double? Lat { get; set; }

    public double? Lon { get; set; }

    public List<string>? Topics { get; set; }

    public List<string>? Formats { get; set; }

    public List<string>? Audiences { get; set; }

    public List<string>? Languages { get; set; }

    public string? Network { get; set; }

    public string? Bio { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Phone { get; set; }

    public string? PhotoUrl { get; set; }

    public int? MonthlyCap { get; set; }

    public string? Status { get; set; }

    public AvailabilityRecord? Availability { get; set; }
}

public sealed class AvailabilityRecord
{
    public List<WeeklySlotRecord>? Weekly { get; set; }

    public List<AvailabilityExceptionRecord>? Exceptions { get; set; }
}

public sealed class WeeklySlotRecord
{
    public string? Day { get; set; }

    public string? Start { get; set; }

    public string? End { get; set; }
}

public sealed class AvailabilityExceptionRecord
{
    public string? Date { get; set; }

    public bool Available { get; set; }

    public string? Start { get; set; }

    public string? End { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SpeakerRecord))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(AvailabilityRecord))]
internal sealed partial class ImportJsonContext : JsonSerializerContext;
