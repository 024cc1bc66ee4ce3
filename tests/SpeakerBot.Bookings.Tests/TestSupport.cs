using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Bookings.Tests;

/// <summary>Returns the speakers it was given, in order; enough to test how a panel is balanced.</summary>
public sealed class ListSearch(IReadOnlyList<Speaker> speakers) : ISpeakerSearch
{
    public int Count => speakers.Count;

    public SearchResult Search(SearchQuery query) => new(
        [.. speakers.Select((s, i) => new SearchHit(s.WithoutContact(), 1.0 / (i + 1), new HitExplanation([], [], [], null, true, true)))],
        speakers.Count,
        new SearchFacets(new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>()),
        []);
}

/// <summary>A real SQLite file in a temp folder plus the booking services wired by hand, with a manual clock.</summary>
public sealed class BookingFixture : IDisposable
{
    // Monday 2 March 2026, 09:00 in Paris.
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public BookingFixture(Action<BookingOptions>? configure = null, IReadOnlyList<Speaker>? searchable = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "speakerbot-bookings-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Options = new BookingOptions { PickupDirectory = Path.Combine(Folder, "outbox"), PublicBaseUrl = "http://127.0.0.1:5099" };
        configure?.Invoke(Options);
        Clock = new FakeTimeProvider(Start);
        Database = new SqliteDatabase(Path.Combine(Folder, "speakerbot.db"));
        Speakers = new InMemorySpeakerStore();
        Search = new ListSearch(searchable ?? []);
        Rebuild();
    }

    public string Folder { get; }

    public BookingOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public SqliteDatabase Database { get; private set; }

    public InMemorySpeakerStore Speakers { get; }

    public ISpeakerSearch Search { get; }

    public SqliteBookingStore Store { get; private set; } = null!;

    public BookingRules Rules { get; private set; } = null!;

    public BookingLinks Links { get; private set; } = null!;

    public BookingMails Mails { get; private set; } = null!;

    public BookingService Service { get; private set; } = null!;

    public BookingRequestCounts Fairness { get; private set; } = null!;

    /// <summary>A fresh set of objects over the same file: what a restarted process would see.</summary>
    public void Rebuild()
    {
        Database = new SqliteDatabase(Database.Path);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Store = new SqliteBookingStore(Database, Clock);
        Rules = new BookingRules(options, Clock);
        Links = new BookingLinks(Store, options, Clock);
        Mails = new BookingMails(Links, options, Clock);
        Fairness = new BookingRequestCounts(Store, options, Clock);
        Service = new BookingService(Store, Speakers, Rules, Mails, Links, Clock, NullLogger<BookingService>.Instance, Fairness, Search);
    }

    public Speaker AddSpeaker(string id, string first = "Claire", string last = "Martin", int cap = 4, string? employer = null, string sector = "aeronautique", Availability? availability = null)
    {
        var speaker = new Speaker
        {
            Id = id,
            FirstName = first,
            LastName = last,
            Headline = "Ingénieure",
            Employer = employer ?? "Employer " + id,
            Sector = sector,
            Region = "occitanie",
            City = "Toulouse",
            Contact = new ContactDetails($"{id}@speakers.example", "+33 6 12 34 56 78"),
            MonthlyCap = cap,
            Availability = availability ?? Availability.Default,
        };
        Speakers.UpsertAsync([speaker]).GetAwaiter().GetResult();
        return speaker;
    }

    public static Requester Teacher(string name = "Sophie Durand", string email = "sophie.durand@ac-toulouse.fr", string user = "webchat/users/sophie", string language = "fr") =>
        new(name, email, user, language);

    public static VisitRequest Visit(string speakerId, DateOnly date, TimeOnly start, Requester? requester = null, VisitFormat format = VisitFormat.InPerson, int pupils = 28) => new()
    {
        SpeakerId = speakerId,
        Date = date,
        Start = start,
        Format = format,
        School = new School("Collège Jean Jaurès", "Toulouse", "0310001A"),
        ClassLevel = "4e",
        Pupils = pupils,
        Requester = requester ?? Teacher(),
        Location = format == VisitFormat.Online ? "https://visio.example/room" : null,
    };

    public OutboxSender Sender(Mail.IMailTransport transport) =>
        new(Store, transport, Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<OutboxSender>.Instance);

    public static string TokenOf(string url) => url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..].Trim();

    /// <summary>The link printed after the line starting with <paramref name="label"/> in the last mail to <paramref name="to"/> that has one.</summary>
    public async Task<string> LinkAfterAsync(string reference, string to, string label)
    {
        var mails = await Store.ListMailsAsync(reference);
        var lines = mails.Last(m => m.To == to && m.Body.Contains(label, StringComparison.Ordinal)).Body.Split('\n').Select(l => l.Trim()).ToList();
        return TokenOf(lines[lines.FindIndex(l => l.StartsWith(label, StringComparison.Ordinal)) + 1]);
    }

    public Task<string> AcceptTokenAsync(string reference, string speakerId) => LinkAfterAsync(reference, $"{speakerId}@speakers.example", "Pour accepter");

    public Task<string> DeclineTokenAsync(string reference, string speakerId) => LinkAfterAsync(reference, $"{speakerId}@speakers.example", "Pour décliner");

    public async Task<string> FeedbackTokenAsync(string reference)
    {
        var mails = await Store.ListMailsAsync(reference);
        var line = mails.Single(m => m.Key.Contains("/followup/", StringComparison.Ordinal)).Body.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/bookings/feedback", StringComparison.Ordinal));
        return TokenOf(line);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
