using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Admin;

public sealed record MonthFigures(string Month, int Held, int Planned, int Target);

/// <summary>Reach of the held visits and panels of one region, sector or network: events, classes met (classroom visits), pupils and girls (from feedback).</summary>
public sealed record ReachFigures(string Key, int Visits, int Pupils, int Girls)
{
    public int Classes { get; init; }
}

/// <summary>Exposure fairness: how many approved speakers received this many requests (e.g. "0", "1", "2", "3-5", "6+").</summary>
public sealed record FairnessBucket(string Requests, int Speakers);

public sealed record DashboardData(
    IReadOnlyList<MonthFigures> Months,
    IReadOnlyList<ReachFigures> ByRegion,
    IReadOnlyList<ReachFigures> BySector,
    IReadOnlyList<ReachFigures> ByNetwork,
    IReadOnlyDictionary<(string Sector, string Region), int> Unfilled,
    int ApprovedSpeakers,
    int SpeakersWithRequest,
    double TopTenPercentShare,
    int TotalRequests)
{
    /// <summary>Approved speakers by number of requests received: the spread of exposure.</summary>
    public IReadOnlyList<FairnessBucket> Spread { get; init; } = [];

    /// <summary>Most requests received by one approved speaker.</summary>
    public int MostRequests { get; init; }

    /// <summary>Share of approved speakers who received at least one request.</summary>
    public double ShareWithRequest => ApprovedSpeakers == 0 ? 0 : SpeakersWithRequest / (double)ApprovedSpeakers;

    /// <summary>Demo bookings counted in these figures (decision 122): the page says so.</summary>
    public int DemoBookings { get; init; }
}

/// <summary>The impact figures of the /admin dashboard, computed from bookings and speakers within the coordinator's regions.</summary>
public sealed class DashboardReport(AdminService admin, TimeProvider time)
{
    public async Task<DashboardData> BuildAsync(Coordinator who, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var speakers = await admin.SpeakerMapAsync(cancellationToken);
        var views = (await admin.AllBookingsAsync(null, cancellationToken)).Where(v => who.Covers(v.Region)).ToList();
        var today = FrenchTime.Today(time);
        var target = admin.Options.MonthlyVisitTarget;

        static bool IsHeld(Booking b) => b.Status is BookingStatus.Held or BookingStatus.FeedbackReceived;
        bool IsPlanned(Booking b) => b.Status is BookingStatus.Accepted or BookingStatus.Requested && b.Date >= today;

        var months = views
            .Where(v => IsHeld(v.Booking) || IsPlanned(v.Booking))
            .GroupBy(v => v.Booking.Date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MonthFigures(g.Key, g.Count(v => IsHeld(v.Booking)), g.Count(v => IsPlanned(v.Booking)), target))
            .ToList();

        var held = views.Where(v => IsHeld(v.Booking)).ToList();
        List<ReachFigures> Reach(Func<BookingView, string?> key) => [.. held
            .GroupBy(v => key(v) ?? "(inconnu)")
            .Select(g => new ReachFigures(g.Key, g.Count(), g.Sum(v => v.Booking.Feedback?.PupilsReached ?? 0), g.Sum(v => v.Booking.Feedback?.Girls ?? 0))
            {
                Classes = g.Count(v => v.Booking.Kind == BookingKind.ClassroomVisit),
            })
            .OrderByDescending(r => r.Visits).ThenBy(r => r.Key, StringComparer.Ordinal)];

        var unfilled = new Dictionary<(string, string), int>();
        foreach (var u in await admin.UnfilledAsync(who, cancellationToken))
        {
            var key = (u.Request.Sector ?? "(inconnu)", u.Request.Region ?? "(inconnu)");
            unfilled[key] = unfilled.GetValueOrDefault(key) + 1;
        }

        var approved = speakers.Values.Where(s => s.Status == SpeakerStatus.Approved && who.Covers(s.Region)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var counts = AdminService.RequestCounts(views.Select(v => v.Booking));
        var perSpeaker = approved.Select(id => counts.GetValueOrDefault(id)).OrderByDescending(c => c).ToList();
        var total = perSpeaker.Sum();
        var top = (int)Math.Ceiling(perSpeaker.Count * 0.10);
        var topShare = total == 0 ? 0 : perSpeaker.Take(top).Sum() / (double)total;

        FairnessBucket Bucket(string label, Func<int, bool> holds) => new(label, perSpeaker.Count(holds));
        return new DashboardData(months, Reach(v => v.Region), Reach(v => v.Sector), Reach(v => v.Network), unfilled,
            approved.Count, perSpeaker.Count(c => c > 0), topShare, total)
        {
            Spread = [Bucket("0", c => c == 0), Bucket("1", c => c == 1), Bucket("2", c => c == 2), Bucket("3-5", c => c is >= 3 and <= 5), Bucket("6+", c => c >= 6)],
            MostRequests = perSpeaker.Count == 0 ? 0 : perSpeaker[0],
            DemoBookings = views.Count(v => v.Booking.IsDemo),
        };
    }
}
