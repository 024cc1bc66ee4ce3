using System.Globalization;
using System.Text;
using System.Text.Json;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Import;

/// <summary>
/// Imports speakers from JSONL or CSV: every row is checked on its own, accepted rows are upserted by id in
/// batches (one transaction each), rejected rows are reported with their line and a reason a coordinator
/// understands. A bad row never prevents the others from being written.
/// </summary>
public sealed class SpeakerImporter(ISpeakerStore store, TimeProvider time)
{
    private static readonly string[] ListColumns = ["topics", "formats", "audiences", "languages"];

    private static readonly string[] KnownColumns =
    [
        "id", "firstName", "lastName", "headline", "employer", "sector", "region", "department", "city", "lat", "lon",
        "topics", "formats", "audiences", "languages", "network", "bio", "email", "phone", "photoUrl", "monthlyCap", "status", "availability",
    ];

    public static ImportFormat FormatOf(string path) =>
        Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) || Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase)
            ? ImportFormat.Csv
            : ImportFormat.Jsonl;

    public async Task<ImportReport> ImportFileAsync(string path, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new ImportFileException($"file '{path}' does not exist");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(stream, FormatOf(path), options, cancellationToken);
    }

    public async Task<ImportReport> ImportAsync(Stream stream, ImportFormat format, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new ImportOptions();
        var total = stream.CanSeek ? stream.Length : 0;
        var warnings = new List<string>();
        var rows = format == ImportFormat.Csv
            ? ReadCsv(await ReadAllBytesAsync(stream, cancellationToken), warnings)
            : ReadJsonl(stream);

        var rejected = new List<RejectedRow>();
        var firstLineById = new Dictionary<string, int>(StringComparer.Ordinal);
        var batch = new List<Speaker>(options.BatchSize);
        int count = 0, accepted = 0, written = 0;
        var now = time.GetUtcNow();

        foreach (var (line, record, error) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            count++;
            if (record is null)
            {
                rejected.Add(new RejectedRow(line, null, error ?? "unreadable row"));
                continue;
            }

            if (!SpeakerRecordMapper.TryToSpeaker(record, now, out var speaker, out var reason))
            {
                rejected.Add(new RejectedRow(line, record.Id, reason) { Code = reason.Code, Args = reason.Args });
                continue;
            }

            if (firstLineById.TryGetValue(speaker.Id, out var firstLine))
            {
                rejected.Add(new RejectedRow(line, speaker.Id, $"id '{speaker.Id}' already appears on line {firstLine} of this file; the first one is kept") { Code = ImportRuleCodes.DuplicateId, Args = [speaker.Id, firstLine] });
                continue;
            }

            firstLineById[speaker.Id] = line;
            accepted++;
            batch.Add(speaker);
            if (batch.Count >= options.BatchSize)
            {
                written += await FlushAsync(batch, options, cancellationToken);
                options.Progress?.Report(new ImportProgress(Position(stream, total), total, count, accepted, rejected.Count));
            }
        }

        written += await FlushAsync(batch, options, cancellationToken);
        options.Progress?.Report(new ImportProgress(total, total, count, accepted, rejected.Count));
        return new ImportReport(count, accepted, written, rejected, warnings, options.DryRun);
    }

    private async Task<int> FlushAsync(List<Speaker> batch, ImportOptions options, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var written = options.DryRun ? 0 : await store.UpsertAsync(batch.ToArray(), cancellationToken);
        batch.Clear();
        return written;
    }

    private static long Position(Stream stream, long total) => stream.CanSeek ? Math.Min(stream.Position, total) : 0;

    private static async Task<byte[]> ReadAllBytesAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static IEnumerable<(int Line, SpeakerRecord? Record, string? Error)> ReadJsonl(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            SpeakerRecord? record = null;
            string? error = null;
            try
            {
                record = JsonSerializer.Deserialize(line, ImportJsonContext.Default.SpeakerRecord);
                if (record is null)
                {
                    error = "the line is 'null', expected a JSON object";
                }
            }
            catch (JsonException exception)
            {
                error = exception.Path is { Length: > 1 } path
                    ? $"malformed JSON at '{path.TrimStart('$', '.')}' (a value has the wrong type or the line is cut); expected one JSON object per line"
                    : "malformed JSON; expected one JSON object per line";
            }

            yield return (lineNumber, record, error);
        }
    }

    private static IEnumerable<(int Line, SpeakerRecord? Record, string? Error)> ReadCsv(byte[] bytes, List<string> warnings)
    {
        var text = CsvText.Decode(bytes, out var encoding);
        var delimiter = CsvText.DetectDelimiter(text);
        warnings.Add($"read as {encoding}, cells separated by '{(delimiter == '\t' ? "tab" : delimiter.ToString())}'");
        using var rows = CsvText.Read(text, delimiter).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new ImportFileException("the CSV file is empty; its first line must name the columns (id, firstName, lastName, headline, sector, region, …)");
        }

        var header = rows.Current.Cells.Select(c => c.Trim().TrimStart('\uFEFF')).ToList();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var known = KnownColumns.FirstOrDefault(k => k.Equals(header[i].Replace("_", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                if (header[i].Length > 0)
                {
                    warnings.Add($"column '{header[i]}' is not a known field and was ignored");
                }
            }
            else
            {
                columns.TryAdd(known, i);
            }
        }

        if (!columns.ContainsKey("id"))
        {
            throw new ImportFileException($"the CSV header has no 'id' column (found: {string.Join(", ", header.Take(12))}); the first line must name the columns");
        }

        while (rows.MoveNext())
        {
            var (line, cells) = rows.Current;
            // Restore drops the quote our own export put before a formula-like cell (decision 091).
            string? Cell(string name) => columns.TryGetValue(name, out var i) && i < cells.Count && CsvWriter.Restore(cells[i].Trim()).Trim() is { Length: > 0 } cell ? cell : null;
            List<string>? List(string name) => Cell(name)?.Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

            var latError = NumberError(Cell("lat"), "lat", out var lat);
            var error = NumberError(Cell("lon"), "lon", out var lon) ?? latError;
            if (cells.Count > header.Count && cells.Skip(header.Count).Any(c => c.Trim().Length > 0))
            {
                // A list cell written unquoted in a ';' file ("classroom;online") spills into the next columns:
                // every value after it would land in the wrong field, so the row is refused rather than guessed.
                error = $"{cells.Count} cells but the header has {header.Count} columns; a cell holding the separator '{delimiter}' must be quoted (\"classroom{delimiter}online\")";
            }
            int? cap = null;
            if (error is null && Cell("monthlyCap") is { } capText)
            {
                if (int.TryParse(capText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c))
                {
                    cap = c;
                }
                else
                {
                    error = $"monthlyCap '{capText}' is not a whole number";
                }
            }

            AvailabilityRecord? availability = null;
            if (error is null && Cell("availability") is { } availabilityText)
            {
                if (AvailabilityText.TryParse(availabilityText, out var parsed, out var availabilityError))
                {
                    availability = SpeakerRecordMapper.ToRecord(new Speaker { Id = "-", FirstName = "-", LastName = "-", Headline = "-", Sector = "-", Region = "-", Availability = parsed }, false).Availability;
                }
                else
                {
                    error = availabilityError;
                }
            }

            if (error is not null)
            {
                yield return (line, null, error);
                continue;
            }

            yield return (line, new SpeakerRecord
            {
                Id = Cell("id"),
                FirstName = Cell("firstName"),
                LastName = Cell("lastName"),
                Headline = Cell("headline"),
                Employer = Cell("employer"),
                Sector = Cell("sector"),
                Region = Cell("region"),
                Department = Cell("department"),
                City = Cell("city"),
                Lat = lat,
                Lon = lon,
                Topics = List("topics"),
                Formats = List("formats"),
                Audiences = List("audiences"),
                Languages = List("languages"),
                Network = Cell("network"),
                Bio = Cell("bio"),
                Email = Cell("email"),
                Phone = Cell("phone"),
                PhotoUrl = Cell("photoUrl"),
                MonthlyCap = cap,
                Status = Cell("status"),
                Availability = availability,
            }, null);
        }
    }

    private static string? NumberError(string? text, string name, out double? value)
    {
        value = null;
        if (text is null)
        {
            return null;
        }

        // Excel in French writes "43,6"; the delimiter check already kept such cells whole.
        if (double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return null;
        }

        return $"{name} '{text}' is not a number";
    }

    internal static IReadOnlyList<string> ListColumnNames => ListColumns;

    internal static IReadOnlyList<string> Columns => KnownColumns;
}
