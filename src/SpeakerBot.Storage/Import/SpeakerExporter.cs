using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Import;

/// <summary>Writes the whole directory as JSONL or CSV (the import formats). Contact fields only when asked.</summary>
public sealed class SpeakerExporter(ISpeakerStore store)
{
    private static readonly ImportJsonContext Json = new(new JsonSerializerOptions(ImportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public async Task<int> ExportFileAsync(string path, ImportFormat format, bool includeContact, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return await ExportAsync(stream, format, includeContact, cancellationToken);
    }

    public async Task<int> ExportAsync(Stream stream, ImportFormat format, bool includeContact, CancellationToken cancellationToken = default)
    {
        // Excel opens UTF-8 CSV correctly only with a BOM.
        await using var writer = new StreamWriter(stream, new UTF8Encoding(format == ImportFormat.Csv), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var columns = SpeakerImporter.Columns.Where(c => includeContact || c is not ("email" or "phone")).ToList();
        if (format == ImportFormat.Csv)
        {
            await writer.WriteLineAsync(string.Join(',', columns));
        }

        var count = 0;
        await foreach (var speaker in store.ReadAllAsync(cancellationToken))
        {
            var line = format == ImportFormat.Csv
                ? CsvLine(speaker, columns)
                : JsonSerializer.Serialize(SpeakerRecordMapper.ToRecord(speaker, includeContact), Json.SpeakerRecord);
            await writer.WriteLineAsync(line);
            count++;
        }

        return count;
    }

    private static string CsvLine(Speaker s, List<string> columns)
    {
        string Value(string column) => column switch
        {
            "id" => s.Id,
            "firstName" => s.FirstName,
            "lastName" => s.LastName,
            "headline" => s.Headline,
            "employer" => s.Employer ?? string.Empty,
            "sector" => s.Sector,
            "region" => s.Region,
            "department" => s.Department ?? string.Empty,
            "city" => s.City ?? string.Empty,
            "lat" => s.Lat?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
            "lon" => s.Lon?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
            "topics" => string.Join(';', s.Topics),
            "formats" => string.Join(';', s.Formats),
            "audiences" => string.Join(';', s.Audiences),
            "languages" => string.Join(';', s.Languages),
            "network" => s.Network ?? string.Empty,
            "bio" => s.Bio ?? string.Empty,
            "email" => s.Contact?.Email ?? string.Empty,
            "phone" => s.Contact?.Phone ?? string.Empty,
            "photoUrl" => s.PhotoUrl ?? string.Empty,
            "monthlyCap" => s.MonthlyCap.ToString(CultureInfo.InvariantCulture),
            "status" => SpeakerRecordMapper.StatusName(s.Status),
            "availability" => AvailabilityText.Format(s.Availability),
            _ => string.Empty,
        };

        return CsvWriter.Line(columns.Select(Value));
    }
}
