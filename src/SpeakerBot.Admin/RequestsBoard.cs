using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Search;

namespace SpeakerBot.Admin;

/// <summary>A request on the coordinator's board: how long it has waited and why it is there.</summary>
public sealed record BoardRequest(BookingView View, int DaysWaiting, string Reason);

/// <summary>Unfilled demand of one sector in one region (requests declined, expired, left unmatched or unanswered).</summary>
public sealed record DemandCell(string Sector, string Region, int Requests);

/// <summary>
/// The three sections of /admin/requests: requests waiting for an answer longer than Admin:UnansweredDays, the demand
/// nobody filled (each request and the sector × region totals), and the upcoming visits and panels.
/// </summary>
public sealed record RequestsOverview(
    IReadOnlyList<BoardRequest> Waiting,
    IReadOnlyList<BoardRequest> Unfilled,
    IReadOnlyList<DemandCell> Demand,
    IReadOnlyList<BookingView> Upcoming,
    int UnansweredDays);

/// <summary>A speaker the bot's own ranking proposes for a booking's seat.</summary>
public sealed record Suggestion(Speaker Speaker, double Score, int RecentRequests);

/// <summary>The coordinator's view of requests and visits, scoped to her regions, and who could take a seat instead.</summary>
public sealed class RequestsBoard(AdminService admin, ISpeakerSearch search, IBookingStore bookings, TimeProvider time)
{
    public async Task<RequestsOverview> OverviewAsync(Coordinator who, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var unfilled = await admin.UnfilledAsync(who, cancellationToken);
        var waiting = unfilled.Where(u => u.Request.Booking.Status == BookingStatus.Requested)
            .Select(u => new BoardRequest(u.Request, u.DaysWaiting, u.Reason))
            .OrderByDescending(r => r.DaysWaiting).ThenBy(r => r.View.Booking.Reference, StringComparer.Ordinal)
            .ToList();
        var left = unfilled.Where(u => u.Request.Booking.Status != BookingStatus.Requested)
            .Select(u => new BoardRequest(u.Request, u.DaysWaiting, u.Reason))
            .OrderBy(r => r.View.Booking.StartsAt).ThenBy(r => r.View.Booking.Reference, StringComparer.Ordinal)
            .ToList();
        var demand = unfilled
            .GroupBy(u => (Sector: u.Request.Sector ?? "(inconnu)", Region: u.Request.Region ?? "(inconnu)"))
            .Select(g => new DemandCell(g.Key.Sector, g.Key.Region, g.Count()))
            .OrderByDescending(c => c.Requests).ThenBy(c => c.Sector, StringComparer.Ordinal).ThenBy(c => c.Region, StringComparer.Ordinal)
            .ToList();

        var today = FrenchTime.Today(time);
        var upcoming = (await admin.AllBookingsAsync([BookingStatus.Accepted], cancellationToken))
            .Where(v => v.IsVisibleTo(who) && v.Booking.Date >= today)
            .OrderBy(v => v.Booking.StartsAt)
            .ToList();
        return new RequestsOverview(waiting, left, demand, upcoming, admin.Options.UnansweredDays);
    }

    /// <summary>
    /// Who could take a seat of this booking, ranked by the bot's search (same sector, the event's region, the booking's
    /// format, an open window that day), without the speakers already on it nor those busy at that hour, within her regions.
    /// </summary>
    public async Task<AdminResult<IReadOnlyList<Suggestion>>> SuggestAsync(Coordinator who, string reference, int take = 5, CancellationToken cancellationToken = default)
    {
        var found = await admin.GetBookingAsync(who, reference, cancellationToken);
        if (!found.Ok)
        {
            return found.Error!;
        }

        var view = found.Value!;
        var b = view.Booking;
        var format = b.Kind == BookingKind.Panel ? "panel" : b.Format == VisitFormat.Online ? "online" : "classroom";
        var region = view.IsOrganisedBy(who) ? view.Region : view.SpeakerRegions.Values.FirstOrDefault(who.Covers);
        var result = search.Search(new SearchQuery
        {
            Sectors = view.Sector is null ? [] : [view.Sector],
            Region = region,
            Format = format,
            AvailableFrom = b.Date,
            AvailableTo = b.Date,
            Take = 30,
        });
        var on = b.Seats.Select(s => s.SpeakerId).ToHashSet(StringComparer.Ordinal);
        var counts = AdminService.RequestCounts((await admin.AllBookingsAsync(null, cancellationToken)).Select(v => v.Booking));
        var list = new List<Suggestion>();
        foreach (var hit in result.Hits)
        {
            var speaker = hit.Speaker;
            if (on.Contains(speaker.Id) || !who.Covers(speaker.Region) || speaker.Status != SpeakerStatus.Approved)
            {
                continue;
            }

            var busy = (await bookings.ListForSpeakerAsync(speaker.Id, b.Date, b.Date, cancellationToken))
                .Any(other => other.Reference != b.Reference && other.ActiveSeats.Any(s => s.SpeakerId == speaker.Id)
                    && other.StartsAt < b.EndsAt && b.StartsAt < other.EndsAt);
            if (busy)
            {
                continue;
            }

            list.Add(new Suggestion(speaker.WithoutContact(), hit.Score, counts.GetValueOrDefault(speaker.Id)));
            if (list.Count >= take)
            {
                break;
            }
        }

        return AdminResult<IReadOnlyList<Suggestion>>.Success(list);
    }
}
