using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>The real host on Kestrel with a temp SQLite file, plus helpers to add speakers, bookings and coordinators.</summary>
public sealed class AdminHost : IAsyncDisposable
{
    private readonly HostFactory _factory;

    public AdminHost(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Bookings:RunBackgroundServices"] = "false",
            ["Bookings:MinLeadDays"] = "0",
            ["Admin:RunRetentionJob"] = "false",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        _factory = new HostFactory(all);
    }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The host under test, for <see cref="BackOffice.BackOfficeBrowser"/>.</summary>
    public HostFactory Factory => _factory;

    public Uri Address => _factory.ServerAddress;

    public ISpeakerStore Speakers => Services.GetRequiredService<ISpeakerStore>();

    public IBookingStore Bookings => Services.GetRequiredService<IBookingStore>();

    public SqliteDatabase Database => Services.GetRequiredService<SqliteDatabase>();

    public async Task<string> TokenAsync(string email, CoordinatorRole role, params string[] regions)
    {
        var result = await Services.GetRequiredService<CoordinatorService>()
            .AddAsync(email, role == CoordinatorRole.National ? "national" : "regional", regions, "test");
        Assert.True(result.Ok, result.Error?.Detail);
        return result.Value.Token;
    }

    public HttpClient Client(string? token = null)
    {
        var client = _factory.CreateRealClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static Speaker Speaker(string id, string region, string sector = "aeronautique", SpeakerStatus status = SpeakerStatus.Approved, string? network = "IndustriElles") => new()
    {
        Id = id,
        FirstName = "Prénom" + id,
        LastName = "Nom" + id,
        Headline = "Ingénieure",
        Sector = sector,
        Region = region,
        Network = network,
        Status = status,
        Formats = ["classroom", "online"],
        Audiences = ["college", "lycee"],
        Contact = new ContactDetails($"{id}@speakers.example", "06 00 00 00 00"),
    };

    public async Task AddSpeakersAsync(params Speaker[] speakers) => await Speakers.UpsertAsync(speakers);

    /// <summary>Writes a booking straight into the store (no rules), returning its reference.</summary>
    public async Task<Booking> AddBookingAsync(
        string speakerId,
        DateOnly date,
        BookingStatus status = BookingStatus.Requested,
        BookingFeedback? feedback = null,
        string requesterEmail = "prof@ac-toulouse.fr",
        string requesterName = "Claire Martin",
        DateTimeOffset? createdAt = null,
        string? requesterUserKey = null)
    {
        var seatStatus = status switch
        {
            BookingStatus.Requested => SeatStatus.Invited,
            BookingStatus.Declined => SeatStatus.Declined,
            BookingStatus.Expired => SeatStatus.Expired,
            BookingStatus.Cancelled => SeatStatus.Cancelled,
            _ => SeatStatus.Accepted,
        };
        var draft = new Booking
        {
            Reference = string.Empty,
            Kind = BookingKind.ClassroomVisit,
            Status = status,
            Requester = new Requester(requesterName, requesterEmail, requesterUserKey ?? "user-" + requesterEmail),
            Date = date,
            Start = new TimeOnly(10, 0),
            School = new School("Collège Jean Jaurès", "Toulouse"),
            ClassLevel = "4e",
            Pupils = 25,
            Feedback = feedback,
            Seats = [new BookingSeat(1, speakerId, SeatRole.Seat, seatStatus)],
        };
        var result = await Bookings.CreateAsync(draft, Guid.NewGuid().ToString("N"), _ => null, b => [new OutboxMessage
        {
            Key = b.Reference + "/test",
            BookingReference = b.Reference,
            To = requesterEmail,
            ToName = requesterName,
            Subject = "Demande " + b.Reference,
            Body = $"Bonjour {requesterName}, votre demande {b.Reference} est enregistrée.",
        }]);
        Assert.True(result.Succeeded, result.Refusal?.French);
        return result.Booking!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
