using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// The directory on PostgreSQL, in the same shape as the SQLite table: list fields as JSON text, the availability in
/// its compact text form. <see cref="Changed"/> is raised in this process only.
/// </summary>
public sealed class PostgresSpeakerStore(PostgresDatabase database) : ISpeakerStore
{
    private const string Columns = "id, first_name, last_name, headline, employer, sector, region, department, city, lat, lon, topics, formats, audiences, languages, network, bio, photo_url, email, phone, monthly_cap, status, availability, updated_at";

    public event EventHandler<SpeakersChangedEventArgs>? Changed;

    public async Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM speakers WHERE id = $1", connection).With(Param.Text(id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<int> UpsertAsync(IReadOnlyCollection<Speaker> speakers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        if (speakers.Count == 0)
        {
            return 0;
        }

        var names = Columns.Split(", ");
        var values = string.Join(", ", names.Select((_, i) => $"${i + 1}"));
        var updates = string.Join(", ", names.Skip(1).Select(c => $"{c} = excluded.{c}"));
        var ids = new List<string>(speakers.Count);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var speaker in speakers)
        {
            var command = new NpgsqlBatchCommand($"INSERT INTO speakers ({Columns}) VALUES ({values}) ON CONFLICT (id) DO UPDATE SET {updates}");
            command.Parameters.AddRange(Bind(speaker));
            batch.BatchCommands.Add(command);
            ids.Add(speaker.Id);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Changed?.Invoke(this, new SpeakersChangedEventArgs(ids, speakers));
        return ids.Count;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        int deleted;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("DELETE FROM speakers WHERE id = $1", connection).With(Param.Text(id)))
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (deleted > 0)
        {
            Changed?.Invoke(this, new SpeakersChangedEventArgs([id], []));
        }

        return deleted > 0;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*)::int FROM speakers", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async IAsyncEnumerable<Speaker> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM speakers ORDER BY id COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    private static NpgsqlParameter[] Bind(Speaker s) =>
    [
        Param.Text(s.Id),
        Param.Text(s.FirstName),
        Param.Text(s.LastName),
        Param.Text(s.Headline),
        Param.Text(s.Employer),
        Param.Text(s.Sector),
        Param.Text(s.Region),
        Param.Text(s.Department),
        Param.Text(s.City),
        Param.Real(s.Lat),
        Param.Real(s.Lon),
        Param.Text(JsonList(s.Topics)),
        Param.Text(JsonList(s.Formats)),
        Param.Text(JsonList(s.Audiences)),
        Param.Text(JsonList(s.Languages)),
        Param.Text(s.Network),
        Param.Text(s.Bio),
        Param.Text(s.PhotoUrl),
        Param.Text(s.Contact?.Email),
        Param.Text(s.Contact?.Phone),
        Param.Int(s.MonthlyCap),
        Param.Text(SpeakerRecordMapper.StatusName(s.Status)),
        Param.Text(AvailabilityText.Format(s.Availability)),
        Param.Instant(s.UpdatedAt),
    ];

    private static Speaker Read(NpgsqlDataReader r)
    {
        double? Real(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        var email = r.TextOrNull(18);
        var phone = r.TextOrNull(19);
        _ = AvailabilityText.TryParse(r.GetString(22), out var availability, out _);
        _ = SpeakerRecordMapper.TryParseStatus(r.GetString(21), out var status);
        return new Speaker
        {
            Id = r.GetString(0),
            FirstName = r.GetString(1),
            LastName = r.GetString(2),
            Headline = r.GetString(3),
            Employer = r.TextOrNull(4),
            Sector = r.GetString(5),
            Region = r.GetString(6),
            Department = r.TextOrNull(7),
            City = r.TextOrNull(8),
            Lat = Real(9),
            Lon = Real(10),
            Topics = ParseList(r.GetString(11)),
            Formats = ParseList(r.GetString(12)),
            Audiences = ParseList(r.GetString(13)),
            Languages = ParseList(r.GetString(14)),
            Network = r.TextOrNull(15),
            Bio = r.TextOrNull(16),
            PhotoUrl = r.TextOrNull(17),
            Contact = email is null && phone is null ? null : new ContactDetails(email, phone),
            MonthlyCap = r.GetInt32(20),
            Status = status,
            Availability = availability,
            UpdatedAt = r.InstantOrNull(23),
        };
    }

    private static string JsonList(IReadOnlyList<string> values) => JsonSerializer.Serialize([.. values], ImportJsonContext.Default.ListString);

    private static List<string> ParseList(string json) => JsonSerializer.Deserialize(json, ImportJsonContext.Default.ListString) ?? [];
}
