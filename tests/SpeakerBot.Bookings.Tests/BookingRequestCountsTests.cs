namespace SpeakerBot.Bookings.Tests;

/// <summary>Fair exposure's source (decision 107): requests per speaker read from the booking store, over a sliding window.</summary>
public sealed class BookingRequestCountsTests : IDisposable
{
    private static readonly DateOnly Tuesday = new(2026, 3, 17);
    private readonly BookingFixture _f = new();

    [Fact]
    public async Task RecentRequests_counts_a_request_as_soon_as_it_is_stored_and_forgets_it_past_the_window()
    {
        _f.AddSpeaker("s1");
        _f.AddSpeaker("s2", "Inès", "Haddad");
        Assert.Equal(0, _f.Fairness.RecentRequests("s1"));

        Assert.NotNull((await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking);
        Assert.NotNull((await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday.AddDays(7), new TimeOnly(10, 0)))).Booking);

        Assert.Equal(2, _f.Fairness.RecentRequests("s1"));
        Assert.Equal(0, _f.Fairness.RecentRequests("s2"));

        // A restarted process reads the same counts from the store.
        _f.Rebuild();
        await _f.Fairness.RefreshAsync();
        Assert.Equal(2, _f.Fairness.RecentRequests("s1"));

        // Eight weeks later the window has slid past them.
        _f.Clock.Advance(TimeSpan.FromDays(BookingOptions.DefaultFairnessWindowDays + 1));
        await _f.Fairness.RefreshAsync();
        Assert.Equal(0, _f.Fairness.RecentRequests("s1"));
    }

    public void Dispose() => _f.Dispose();
}
