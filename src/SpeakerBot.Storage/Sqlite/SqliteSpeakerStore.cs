using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Storage.Sqlite;

/// <summary>
/// The directory in the embedded SQLite file. One row per speaker; list fields as JSON text, the availability
/// in its compact text form (<see cref="AvailabilityText"/>). Writes are batched in one transaction per call.
/// </summary>
public sealed class SqliteSpeakerStore : ISpeakerStore
{
    public const string Area = "directory";

    private static readonly Migration[] Migrations =
    [
        new(1, "speakers", """
            CREATE TABLE speakers (
                id TEXT PRIMARY KEY,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                headline TEXT NOT NULL,
                employer TEXT,
                sector TEXT NOT NULL,
                region TEXT NOT NULL,
                department TEXT,
                city TEXT,
                lat REAL,
                lon REAL,
                topics TEXT NOT NULL,
                formats TEXT NOT NULL,
                audiences TEXT NOT NULL,
                languages TEXT NOT NULL,
                network TEXT,
                bio TEXT,
                photo_url TEXT,
                email TEXT,
                phone TEXT,
                monthly_cap INTEGER NOT NULL,
                status TEXT NOT NULL,
                availability TEXT NOT NULL,
                updated_at TEXT
            );
            CREATE INDEX ix_speakers_status ON speakers (status);
            CREATE INDEX ix_speakers_sector_region ON speakers (sector, region);
            """),
    ];

    private const string Columns = "id, first_name, last_name, headline, employer, sector, region, department, city, lat, lon, topics, formats, audiences, languages, network, bio, photo_url, email, phone, monthly_cap, status, availability, updated_at";

    private readonly SqliteDatabase _database;

    public SqliteSpeakerStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _database.Migrate(Area, Migrations);
    }

    public event EventHandler<SpeakersChangedEventArgs>? Changed;

    public async Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM speakers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
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

        await using var connection = _database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO speakers ({Columns}) VALUES ($id, $first_name, $last_name, $headline, $employer, $sector, $region, $department, $city, $lat, $lon, $topics, $formats, $audiences, $languages, $network, $bio, $photo_url, $email, $phone, $monthly_cap, $status, $availability, $updated_at)
            ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name, headline = excluded.headline,
                employer = excluded.employer, sector = excluded.sector, region = excluded.region, department = excluded.department, city = excluded.city,
                lat = excluded.lat, lon = excluded.lon, topics = excluded.topics, formats = excluded.formats, audiences = excluded.audiences,
                languages = excluded.languages, network = excluded.network, bio = excluded.bio, photo_url = excluded.photo_url, email = excluded.email,
                phone = excluded.phone, monthly_cap = excluded.monthly_cap, status = excluded.status, availability = excluded.availability, updated_at = excluded.updated_at
            """;
        var parameters = Columns.Split(", ").ToDictionary(c => c, c => command.Parameters.Add("$" + c, SqliteType.Text), StringComparer.Ordinal);
        command.Prepare();
        var ids = new List<string>(speakers.Count);
        foreach (var speaker in speakers)
        {
            Bind(parameters, speaker);
            await command.ExecuteNonQueryAsync(cancellationToken);
            ids.Add(speaker.Id);
        }

        await transaction.CommitAsync(cancellationToken);
        Changed?.Invoke(this, new SpeakersChangedEventArgs(ids, speakers));
        return ids.Count;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        int deleted;
        await using (var connection = _database.Open())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM speakers WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
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
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM speakers";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async IAsyncEnumerable<Speaker> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM speakers ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    /// <summary>The given speakers as they are now; ids no longer in the store are simply absent.</summary>
    public async Task<IReadOnlyList<Speaker>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new List<Speaker>(ids.Count);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM speakers WHERE id = $id";
        var parameter = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            parameter.Value = id;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found.Add(Read(reader));
            }
        }

        return found;
    }

    private static void Bind(Dictionary<string, SqliteParameter> p, Speaker s)
    {
        p["id"].Value = s.Id;
        p["first_name"].Value = s.FirstName;
        p["last_name"].Value = s.LastName;
        p["headline"].Value = s.Headline;
        p["employer"].Value = (object?)s.Employer ?? DBNull.Value;
        p["sector"].Value = s.Sector;
        p["region"].Value = s.Region;
        p["department"].Value = (object?)s.Department ?? DBNull.Value;
        p["city"].Value = (object?)s.City ?? DBNull.Value;
        p["lat"].SqliteType = SqliteType.Real;
        p["lat"].Value = (object?)s.Lat ?? DBNull.Value;
        p["lon"].SqliteType = SqliteType.Real;
        p["lon"].Value = (object?)s.Lon ?? DBNull.Value;
        p["topics"].Value = JsonList(s.Topics);
        p["formats"].Value = JsonList(s.Formats);
        p["audiences"].Value = JsonList(s.Audiences);
        p["languages"].Value = JsonList(s.Languages);
        p["network"].Value = (object?)s.Network ?? DBNull.Value;
        p["bio"].Value = (object?)s.Bio ?? DBNull.Value;
        p["photo_url"].Value = (object?)s.PhotoUrl ?? DBNull.Value;
        p["email"].Value = (object?)s.Contact?.Email ?? DBNull.Value;
        p["phone"].Value = (object?)s.Contact?.Phone ?? DBNull.Value;
        p["monthly_cap"].SqliteType = SqliteType.Integer;
        p["monthly_cap"].Value = s.MonthlyCap;
        p["status"].Value = SpeakerRecordMapper.StatusName(s.Status);
        p["availability"].Value = AvailabilityText.Format(s.Availability);
        p["updated_at"].Value = s.UpdatedAt is { } at ? at.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
    }

    private static Speaker Read(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        double? Real(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        var email = Text(18);
        var phone = Text(19);
        _ = AvailabilityText.TryParse(r.GetString(22), out var availability, out _);
        _ = SpeakerRecordMapper.TryParseStatus(r.GetString(21), out var status);
        return new Speaker
        {
            Id = r.GetString(0),
            FirstName = r.GetString(1),
            LastName = r.GetString(2),
            Headline = r.GetString(3),
            Employer = Text(4),
            Sector = r.GetString(5),
            Region = r.GetString(6),
            Department = Text(7),
            City = Text(8),
            Lat = Real(9),
            Lon = Real(10),
            Topics = ParseList(r.GetString(11)),
            Formats = ParseList(r.GetString(12)),
            Audiences = ParseList(r.GetString(13)),
            Languages = ParseList(r.GetString(14)),
            Network = Text(15),
            Bio = Text(16),
            PhotoUrl = Text(17),
            Contact = email is null && phone is null ? null : new ContactDetails(email, phone),
            MonthlyCap = r.GetInt32(20),
            Status = status,
            Availability = availability,
            UpdatedAt = Text(23) is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null,
        };
    }

    private static string JsonList(IReadOnlyList<string> values) => JsonSerializer.Serialize([.. values], ImportJsonContext.Default.ListString);

    private static List<string> ParseList(string json) => JsonSerializer.Deserialize(json, ImportJsonContext.Default.ListString) ?? [];
}
