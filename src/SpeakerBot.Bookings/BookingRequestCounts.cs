using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Bookings;

/// <summary>
/// Fair exposure fed from the booking store (decision 107): how many requests each speaker received over the last
/// <see cref="BookingOptions.FairnessWindowDays"/> days, counted like the coordinators' fairness table (every seat she
/// was invited to, whatever became of it). The search reads it on every query, so it is a snapshot in memory,
/// reloaded after each new request this process writes and at every background job tick (the window slides, other
/// processes and the admin API write too).
/// </summary>
public sealed class BookingRequestCounts(IBookingStore store, IOptions<BookingOptions> options, TimeProvider time) : IRecentRequestCounts
{
    private static readonly BookingStatus[] AllStatuses = Enum.GetValues<BookingStatus>();

    private FrozenDictionary<string, int> _counts = FrozenDictionary<string, int>.Empty;

    public int RecentRequests(string speakerId) => _counts.GetValueOrDefault(speakerId);

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow().AddDays(-options.Value.FairnessWindowDays);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in AllStatuses)
        {
            foreach (var booking in await store.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                if (booking.CreatedAt < since)
                {
                    continue;
                }

                foreach (var seat in booking.Seats.Where(s => s.Status != SeatStatus.Waiting))
                {
                    counts[seat.SpeakerId] = counts.GetValueOrDefault(seat.SpeakerId) + 1;
                }
            }
        }

        Volatile.Write(ref _counts, counts.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
