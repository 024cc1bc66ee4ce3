using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Admin;

public sealed record MonthFigures(string Month, int Held, int Planned, int Target);

public sealed record ReachFigures(string Key, int Visits, int Pupils, int Girls);

public sealed record DashboardData(
    IReadOnlyList<MonthFigures> Months,
    IReadOnlyList<ReachFigures> ByRegion,
    IReadOnlyList<ReachFigures> BySector,
    IReadOnlyList<ReachFigures> ByNetwork,
    IReadOnlyDictionary<(string Sector, string Region), int> Unfilled,
    int ApprovedSpeakers,
    int SpeakersWithRequest,
    double TopTenPercentShare,
    int TotalRequests);

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
            .Select(g => new ReachFigures(g.Key, g.Count(), g.Sum(v => v.Booking.Feedback?.PupilsReached ?? 0), g.Sum(v => v.Booking.Feedback?.Girls ?? 0)))
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

        return new DashboardData(months, Reach(v => v.Region), Reach(v => v.Sector), Reach(v => v.Network), unfilled,
            approved.Count, perSpeaker.Count(c => c > 0), topShare, total);
    }
}
