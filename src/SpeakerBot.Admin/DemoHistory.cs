using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Admin;

public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>
    /// At start, add the demo history when the database holds no booking at all (decision 122). Off by default; the
    /// host's launch profile (`dotnet run`) turns it on so a newcomer sees a living back-office.
    /// </summary>
    public bool HistoryOnEmptyDatabase { get; set; }
}

public enum DemoOutcome
{
    /// <summary>The history was written.</summary>
    Added,

    /// <summary>A demo history is already there: nothing written.</summary>
    AlreadyThere,

    /// <summary>The database holds real bookings: nothing written.</summary>
    RealBookings,

    /// <summary>Too few approved speakers to build a history on.</summary>
    NoDirectory,
}

public sealed record DemoHistoryResult(DemoOutcome Outcome, int Bookings, int RealBookings = 0)
{
    public bool Ok => Outcome is DemoOutcome.Added or DemoOutcome.AlreadyThere;
}

/// <summary>
/// Fictional past and upcoming visits, panels, requests (answered, waiting, declined, left unmatched) and feedback
/// over the approved speakers of the directory, so the back-office and the impact page have something to show.
/// Every booking is marked <see cref="Booking.IsDemo"/>, its requester is on example.org and no mail is written.
/// Deterministic: the same directory on the same day gives the same history. Refuses a database with real bookings.
/// </summary>
public sealed class DemoHistory(IBookingStore bookings, ISpeakerStore speakers, IOptions<AdminOptions> admin, TimeProvider time, ILogger<DemoHistory> logger)
{
    public const string Marker = "Données de démonstration (speakerbot demo history)";
    private const string KeyPrefix = "demo-history/";
    private static readonly TimeOnly[] Hours = [new(9, 0), new(10, 30), new(14, 0), new(15, 30)];

    /// <summary>Bookings in the database, real and demo.</summary>
    public async Task<(int Real, int Demo)> CountAsync(CancellationToken cancellationToken = default)
    {
        var (real, demo) = (0, 0);
        foreach (var status in Enum.GetValues<BookingStatus>())
        {
            foreach (var booking in await bookings.ListByStatusAsync(status, cancellationToken))
            {
                if (booking.IsDemo)
                {
                    demo++;
                }
                else
                {
                    real++;
                }
            }
        }

        return (real, demo);
    }

    public async Task<DemoHistoryResult> AddAsync(CancellationToken cancellationToken = default)
    {
        var (real, demo) = await CountAsync(cancellationToken);
        if (real > 0)
        {
            return new DemoHistoryResult(DemoOutcome.RealBookings, 0, real);
        }

        if (demo > 0)
        {
            return new DemoHistoryResult(DemoOutcome.AlreadyThere, demo);
        }

        var pool = new List<Speaker>();
        await foreach (var speaker in speakers.ReadAllAsync(cancellationToken))
        {
            if (speaker.Status == SpeakerStatus.Approved)
            {
                pool.Add(speaker);
            }
        }

        if (pool.Count < 8)
        {
            return new DemoHistoryResult(DemoOutcome.NoDirectory, 0);
        }

        pool.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var written = 0;
        foreach (var plan in Plan(pool, FrenchTime.Today(time), time.GetUtcNow(), admin.Value.UnansweredDays))
        {
            written += await WriteAsync(plan, pool, cancellationToken) ? 1 : 0;
        }

        Log.DemoHistoryAdded(logger, written);
        return new DemoHistoryResult(DemoOutcome.Added, written);
    }

    /// <summary>One booking to write: the draft (speakers chosen from the pool by index) and when it was asked.</summary>
    private sealed record PlannedBooking(int Number, Booking Draft, DateTimeOffset CreatedAt);

    private static List<PlannedBooking> Plan(IReadOnlyList<Speaker> pool, DateOnly today, DateTimeOffset now, int unansweredDays)
    {
        var random = new Random(122);
        var list = new List<PlannedBooking>();
        var number = 0;

        Speaker Pick() => pool[random.Next(pool.Count)];

        DateOnly Weekday(DateOnly date) => date.DayOfWeek switch
        {
            DayOfWeek.Saturday => date.AddDays(2),
            DayOfWeek.Sunday => date.AddDays(1),
            _ => date,
        };

        Booking Visit(Speaker speaker, DateOnly date, BookingStatus status, SeatStatus seat)
        {
            number++;
            var pupils = 18 + random.Next(15);
            return new Booking
            {
                Reference = string.Empty,
                Kind = BookingKind.ClassroomVisit,
                Status = status,
                IsDemo = true,
                Requester = Requester(number),
                Date = Weekday(date),
                Start = Hours[random.Next(Hours.Length)],
                Format = speaker.Formats.Contains("online") && random.Next(4) == 0 ? VisitFormat.Online : VisitFormat.InPerson,
                School = new School($"Collège démo n° {number}", speaker.City),
                ClassLevel = new[] { "4e", "3e", "seconde", "première", "terminale" }[random.Next(5)],
                Pupils = pupils,
                Message = Marker,
                Seats = [new BookingSeat(1, speaker.Id, SeatRole.Seat, seat)],
            };
        }

        BookingFeedback Feedback(int pupils, DateOnly date) =>
            new(pupils, (int)Math.Round(pupils * (0.35 + (random.NextDouble() * 0.3))), 3 + random.Next(3), FrenchTime.ToInstant(date.AddDays(2), new TimeOnly(18, 0)));

        // Held visits over the last six months, more each month, most with feedback.
        int[] perMonth = [7, 9, 11, 10, 13, 15];
        for (var m = 0; m < perMonth.Length; m++)
        {
            var monthsAgo = perMonth.Length - m;
            for (var i = 0; i < perMonth[m]; i++)
            {
                var date = today.AddMonths(-monthsAgo).AddDays(-random.Next(25));
                var visit = Visit(Pick(), date, BookingStatus.Held, SeatStatus.Accepted);
                if (random.Next(4) != 0)
                {
                    visit = visit with { Status = BookingStatus.FeedbackReceived, Feedback = Feedback(visit.Pupils!.Value, visit.Date) };
                }

                list.Add(new PlannedBooking(number, visit, Asked(visit.Date, 25)));
            }
        }

        // Panels: two held with feedback, one upcoming.
        foreach (var (daysFromToday, held) in new[] { (-75, true), (-20, true), (24, false) })
        {
            number++;
            var date = Weekday(today.AddDays(daysFromToday));
            var seated = Enumerable.Range(0, 3).Select(_ => Pick()).DistinctBy(s => s.Id).ToList();
            var audience = 80 + random.Next(80);
            var panel = new Booking
            {
                Reference = string.Empty,
                Kind = BookingKind.Panel,
                Status = held ? BookingStatus.FeedbackReceived : BookingStatus.Accepted,
                IsDemo = true,
                Requester = Requester(number),
                Date = date,
                Start = new TimeOnly(14, 0),
                DurationMinutes = 90,
                Title = $"Table ronde démo n° {number} : des métiers pour toutes",
                Organisation = "Association démo",
                Region = seated[0].Region,
                Location = seated[0].City,
                AudienceSize = audience,
                SeatsWanted = seated.Count,
                Message = Marker,
                Seats = [.. seated.Select((s, i) => new BookingSeat(i + 1, s.Id, SeatRole.Seat, SeatStatus.Accepted))],
                Feedback = held ? Feedback(audience, date) : null,
            };
            list.Add(new PlannedBooking(number, panel, Asked(date, 40)));
        }

        // Upcoming visits already accepted.
        for (var i = 0; i < 14; i++)
        {
            var visit = Visit(Pick(), today.AddDays(3 + random.Next(50)), BookingStatus.Accepted, SeatStatus.Accepted);
            list.Add(new PlannedBooking(number, visit, now.AddDays(-random.Next(1, 10))));
        }

        // Waiting requests: some for longer than Admin:UnansweredDays (never invited by mail, so they do not expire).
        for (var i = 0; i < 8; i++)
        {
            var visit = Visit(Pick(), today.AddDays(10 + random.Next(30)), BookingStatus.Requested, SeatStatus.Invited);
            var waited = i < 5 ? unansweredDays + 1 + random.Next(6) : random.Next(Math.Max(1, unansweredDays));
            list.Add(new PlannedBooking(number, visit, now.AddDays(-waited).AddHours(-2)));
        }

        // Declined or expired requests nobody took over.
        for (var i = 0; i < 5; i++)
        {
            var declined = i < 3;
            var visit = Visit(Pick(), today.AddDays(12 + random.Next(30)), declined ? BookingStatus.Declined : BookingStatus.Expired, declined ? SeatStatus.Declined : SeatStatus.Expired);
            list.Add(new PlannedBooking(number, visit, now.AddDays(-(4 + random.Next(8)))));
        }

        // Requests left on the chat when no speaker fitted (unmatched: no seat, the sector and region asked for).
        foreach (var (sector, region) in new[] { ("cybersecurite", "bretagne"), ("btp", "occitanie"), ("chimie", "grand-est"), ("cybersecurite", "hauts-de-france"), ("securite-civile", "occitanie") })
        {
            number++;
            var date = Weekday(today.AddDays(15 + random.Next(30)));
            list.Add(new PlannedBooking(number, new Booking
            {
                Reference = string.Empty,
                Kind = BookingKind.ClassroomVisit,
                Status = BookingStatus.Unmatched,
                IsDemo = true,
                Requester = Requester(number),
                Date = date,
                Start = Hours[random.Next(Hours.Length)],
                School = new School($"Lycée démo n° {number}", null),
                ClassLevel = "seconde",
                Pupils = 28,
                Sector = sector,
                Region = region,
                Message = Marker,
            }, now.AddDays(-(2 + random.Next(10)))));
        }

        // Two cancellations.
        for (var i = 0; i < 2; i++)
        {
            var visit = Visit(Pick(), today.AddDays(-30 + (i * 40)), BookingStatus.Cancelled, SeatStatus.Cancelled) with
            {
                CancelReason = i == 0 ? "grève des transports (démo)" : "classe en sortie ce jour-là (démo)",
                CancelledBy = "requester",
            };
            list.Add(new PlannedBooking(number, visit, Asked(visit.Date, 20)));
        }

        return list;

        DateTimeOffset Asked(DateOnly date, int daysBefore) => FrenchTime.ToInstant(date.AddDays(-daysBefore), new TimeOnly(11, 0));
    }

    private static Requester Requester(int number) =>
        new($"Enseignante démo {number}", $"demo-{number.ToString("000", CultureInfo.InvariantCulture)}@example.org", $"demo:{number.ToString("000", CultureInfo.InvariantCulture)}");

    /// <summary>Writes one planned booking (no mail), then dates its request; another speaker is tried when her slot is taken.</summary>
    private async Task<bool> WriteAsync(PlannedBooking plan, IReadOnlyList<Speaker> pool, CancellationToken cancellationToken)
    {
        var draft = plan.Draft;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var result = await bookings.CreateAsync(draft, KeyPrefix + plan.Number.ToString(CultureInfo.InvariantCulture) + (attempt == 0 ? string.Empty : "/" + attempt.ToString(CultureInfo.InvariantCulture)), _ => null, _ => [], cancellationToken);
            if (result.Succeeded)
            {
                var created = plan.CreatedAt;
                await bookings.UpdateAsync(result.Booking!.Reference, (current, _) => new BookingChange { Updated = current with { CreatedAt = created } }, cancellationToken);
                return true;
            }

            // Her slot is taken by another demo booking: the next speaker of the directory takes this one.
            draft = draft with { Seats = [.. draft.Seats.Select(s => s with { SpeakerId = Next(pool, s.SpeakerId, plan.Number) })] };
        }

        return false;
    }

    private static string Next(IReadOnlyList<Speaker> pool, string speakerId, int step)
    {
        var index = 0;
        while (index < pool.Count && pool[index].Id != speakerId)
        {
            index++;
        }

        return pool[(index + 1 + step) % pool.Count].Id;
    }
}

/// <summary>Demo:HistoryOnEmptyDatabase: the demo history on a database without any booking, once the directory is seeded.</summary>
internal sealed class DemoHistoryAtStart(DemoHistory demo, IOptions<DemoOptions> options, ILogger<DemoHistoryAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.HistoryOnEmptyDatabase)
        {
            return;
        }

        var (real, existing) = await demo.CountAsync(cancellationToken);
        if (real + existing > 0)
        {
            Log.DemoHistorySkipped(logger, real, existing);
            return;
        }

        await demo.AddAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
