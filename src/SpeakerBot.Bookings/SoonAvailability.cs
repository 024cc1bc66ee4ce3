using System.Collections.Immutable;
using SpeakerBot.Conversation.Engine;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>
/// Who cannot be booked "as soon as possible" (decision 125): a speaker with no day in the coming
/// <see cref="WindowDays"/> days (from the programme's notice) that is both open in her availability (not paused,
/// not on holiday) and in a month where her cap is not reached. The search reads it on every undated query, so it is
/// a set in memory: a speaker's entry is judged again at once when she saves her space or one of her bookings changes
/// in this process, and every entry at each background job tick (other instances, expiries, the days moving on).
/// </summary>
public sealed class SoonAvailability(ISpeakerStore speakers, IBookingStore store, BookingRules rules) : ISoonAvailability
{
    /// <summary>"As soon as possible": the first two weeks a visit may be booked.</summary>
    public const int WindowDays = 14;

    private static readonly BookingStatus[] Holding = [BookingStatus.Requested, BookingStatus.Accepted];

    private readonly Lock _gate = new();
    private ImmutableHashSet<string> _out = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public IReadOnlyCollection<string> NotBookableSoon => Volatile.Read(ref _out);

    public async Task RefreshAsync(string speakerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(speakerId);
        var speaker = await speakers.GetAsync(speakerId, cancellationToken);
        var (first, last) = Window();
        var bookings = speaker is null ? [] : await store.ListForSpeakerAsync(speakerId, BookingRules.MonthOf(first).From, BookingRules.MonthOf(last).To, cancellationToken);
        var bookable = speaker is null || speaker.Status != SpeakerStatus.Approved || BookableSoon(speaker, MonthCounts(bookings.Where(b => b.IsActive && b.Seats.Any(s => s.SpeakerId == speakerId && s.HoldsSlot))), first, last);
        lock (_gate)
        {
            _out = bookable ? _out.Remove(speakerId) : _out.Add(speakerId);
        }
    }

    public async Task RefreshAllAsync(CancellationToken cancellationToken = default)
    {
        var (first, last) = Window();
        var (from, to) = (BookingRules.MonthOf(first).From, BookingRules.MonthOf(last).To);
        var held = new Dictionary<string, List<Booking>>(StringComparer.Ordinal);
        foreach (var status in Holding)
        {
            foreach (var booking in await store.ListByStatusAsync(status, cancellationToken))
            {
                if (booking.Date < from || booking.Date > to)
                {
                    continue;
                }

                foreach (var seat in booking.Seats.Where(s => s.HoldsSlot))
                {
                    (held.TryGetValue(seat.SpeakerId, out var list) ? list : held[seat.SpeakerId] = []).Add(booking);
                }
            }
        }

        var result = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        await foreach (var speaker in speakers.ReadAllAsync(cancellationToken))
        {
            if (speaker.Status == SpeakerStatus.Approved && !BookableSoon(speaker, MonthCounts(held.GetValueOrDefault(speaker.Id) ?? []), first, last))
            {
                result.Add(speaker.Id);
            }
        }

        lock (_gate)
        {
            _out = result.ToImmutable();
        }
    }

    private (DateOnly First, DateOnly Last) Window() => (rules.EarliestDate, rules.EarliestDate.AddDays(WindowDays - 1));

    private static Dictionary<(int Year, int Month), int> MonthCounts(IEnumerable<Booking> bookings) =>
        bookings.DistinctBy(b => b.Reference).GroupBy(b => (b.Date.Year, b.Date.Month)).ToDictionary(g => g.Key, g => g.Count());

    private static bool BookableSoon(Speaker speaker, Dictionary<(int Year, int Month), int> counts, DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (counts.GetValueOrDefault((day.Year, day.Month)) < speaker.MonthlyCap && speaker.Availability.WindowsOn(day).Count > 0)
            {
                return true;
            }
        }

        return false;
    }
}
