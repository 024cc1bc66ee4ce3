using System.CommandLine;
using SpeakerBot.Cli.Commands;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Cli.Tests;

/// <summary>`demo history` in-process on a real SQLite file seeded with the checkout's directory.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-demo-" + Guid.NewGuid().ToString("N"));
    private readonly string _database;

    public DemoCommandTests()
    {
        Directory.CreateDirectory(_folder);
        _database = Path.Combine(_folder, "speakerbot.db");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Demo_history_fills_past_and_upcoming_visits_requests_and_feedback_marked_as_demo_and_runs_only_once()
    {
        var (code, output, _) = await RunAsync("demo", "history");
        var first = await AllBookingsAsync();
        var (again, againOutput, _) = await RunAsync("demo", "history");

        Assert.Equal((0, 0), (code, again));
        Assert.Contains("Demo history added", output, StringComparison.Ordinal);
        Assert.Contains("already there", againOutput, StringComparison.Ordinal);
        Assert.Equal(first.Count, (await AllBookingsAsync()).Count);
        Assert.InRange(first.Count, 80, 120);
        Assert.All(first, b => Assert.True(b.IsDemo, b.Reference));
        Assert.All(first, b => Assert.EndsWith("@example.org", b.Requester.Email, StringComparison.Ordinal));

        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var feedback = first.Where(b => b.Status == BookingStatus.FeedbackReceived).ToList();
        Assert.True(feedback.Count >= 30, $"{feedback.Count} visits with feedback");
        Assert.All(feedback, b => Assert.InRange(b.Feedback!.Girls, 1, b.Feedback.PupilsReached));
        Assert.All(feedback, b => Assert.InRange(b.Feedback!.Satisfaction, 1, 5));
        Assert.Contains(first, b => b.Kind == BookingKind.Panel && b.Status == BookingStatus.FeedbackReceived && b.Seats.Count >= 2);
        Assert.True(first.Count(b => b.Status == BookingStatus.Accepted && b.Date > today) >= 10, "upcoming visits");
        Assert.True(first.Count(b => b.Status == BookingStatus.Requested && now - b.CreatedAt > TimeSpan.FromDays(7)) >= 3, "requests waiting longer than Admin:UnansweredDays");
        Assert.Contains(first, b => b.Status == BookingStatus.Requested && now - b.CreatedAt < TimeSpan.FromDays(7));
        Assert.True(first.Count(b => b.Status == BookingStatus.Unmatched && b.Sector is not null && b.Region is not null) >= 3, "requests left unmatched");
        Assert.Contains(first, b => b.Status == BookingStatus.Declined);
        var months = first.Where(b => b.Status is BookingStatus.Held or BookingStatus.FeedbackReceived && b.Kind == BookingKind.ClassroomVisit)
            .Select(b => b.Date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).Distinct().Count();
        Assert.InRange(months, 6, 8);
        Assert.Empty(await MailsAsync(first));
    }

    [Fact]
    public async Task Demo_history_refuses_a_database_holding_a_real_booking_and_writes_nothing()
    {
        var store = new SqliteBookingStore(new SqliteDatabase(_database), TimeProvider.System);
        var real = await store.CreateAsync(new Booking
        {
            Reference = string.Empty,
            Kind = BookingKind.ClassroomVisit,
            Requester = new Requester("Claire Martin", "claire@ac-toulouse.fr", "user-claire"),
            Date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20),
            Start = new TimeOnly(10, 0),
            Seats = [new BookingSeat(1, "seed-0001", SeatRole.Seat, SeatStatus.Invited)],
        }, "real-1", _ => null, _ => []);
        Assert.True(real.Succeeded);

        var (code, _, error) = await RunAsync("demo", "history");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("1 real booking", error, StringComparison.Ordinal);
        var left = Assert.Single(await AllBookingsAsync());
        Assert.False(left.IsDemo);
    }

    private async Task<List<Booking>> AllBookingsAsync()
    {
        var store = new SqliteBookingStore(new SqliteDatabase(_database), TimeProvider.System);
        var all = new List<Booking>();
        foreach (var status in Enum.GetValues<BookingStatus>())
        {
            all.AddRange(await store.ListByStatusAsync(status));
        }

        return all;
    }

    private async Task<List<OutboxMessage>> MailsAsync(IEnumerable<Booking> bookings)
    {
        var store = new SqliteBookingStore(new SqliteDatabase(_database), TimeProvider.System);
        var mails = new List<OutboxMessage>();
        foreach (var booking in bookings)
        {
            mails.AddRange(await store.ListMailsAsync(booking.Reference));
        }

        return mails;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Options.Add(CliOptions.Database);
        root.Subcommands.Add(DemoCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await root.Parse([.. args, "--db", _database]).InvokeAsync();
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
