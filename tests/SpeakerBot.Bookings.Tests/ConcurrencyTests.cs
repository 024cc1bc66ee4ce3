using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly BookingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task RequestVisitAsync_fifty_teachers_confirming_one_slot_exactly_one_wins_and_the_others_get_free_slots()
    {
        _f.AddSpeaker("s1");
        var slot = new DateOnly(2026, 3, 10);
        var tasks = Enumerable.Range(0, 50).Select(i => Task.Run(() => _f.Service.RequestVisitAsync(
            BookingFixture.Visit("s1", slot, new TimeOnly(10, 0), BookingFixture.Teacher($"Teacher {i}", $"t{i}@ac-paris.fr", $"user-{i}")),
            $"idem-{i}")));
        var outcomes = await Task.WhenAll(tasks);

        var winners = outcomes.Where(o => o.Succeeded).ToList();
        Assert.Single(winners);
        Assert.All(outcomes.Where(o => !o.Succeeded), o =>
        {
            Assert.Contains(o.Refusal!.Code, new[] { "overlap", "slot-taken" });
            Assert.NotEmpty(o.Alternatives);
            Assert.DoesNotContain(new BookingSlot(slot, new TimeOnly(10, 0)), o.Alternatives);
        });
        var stored = await _f.Store.ListForSpeakerAsync("s1", slot, slot);
        Assert.Equal(winners[0].Booking!.Reference, Assert.Single(stored).Reference);
    }

    [Fact]
    public async Task RequestVisitAsync_the_same_activity_delivered_twenty_times_at_once_books_once()
    {
        _f.AddSpeaker("s1");
        var request = BookingFixture.Visit("s1", new DateOnly(2026, 3, 10), new TimeOnly(10, 0));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _f.Service.RequestVisitAsync(request, "conv/activity-1"))));
        Assert.All(outcomes, o => Assert.Equal("HD-2026-0001", o.Booking?.Reference));
        Assert.Single(await _f.Store.ListForRequesterAsync(request.Requester.UserKey));
    }
}
