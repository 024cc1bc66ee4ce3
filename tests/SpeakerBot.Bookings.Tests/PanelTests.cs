using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

public sealed class PanelTests : IDisposable
{
    private static readonly DateOnly EventDay = new(2026, 3, 19);
    private readonly BookingFixture _f;

    public PanelTests()
    {
        var candidates = new[]
        {
            Candidate("a", "Airbus", "aeronautique"),
            Candidate("b", "Airbus", "aeronautique"),
            Candidate("c", "Thales", "aeronautique"),
            Candidate("d", "EDF", "energie"),
            Candidate("e", "Orange", "numerique"),
            Candidate("f", "Safran", "aeronautique"),
        };
        _f = new BookingFixture(searchable: candidates);
        _f.Speakers.UpsertAsync(candidates).GetAwaiter().GetResult();
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task ProposePanelAsync_seats_different_employers_and_mixes_sectors()
    {
        var proposal = await _f.Service.ProposePanelAsync(new PanelQuery { Date = EventDay, Start = new TimeOnly(14, 0), Seats = 3, Standbys = 2 });
        Assert.Equal(["a", "d", "e"], proposal.Seats.Select(s => s.Id));
        Assert.Equal(3, proposal.Seats.Select(s => s.Employer).Distinct().Count());
        Assert.Equal(["c", "f"], proposal.Standbys.Select(s => s.Id));
    }

    [Fact]
    public async Task ProposePanelAsync_leaves_out_speakers_already_busy_then()
    {
        await _f.Service.RequestVisitAsync(BookingFixture.Visit("d", EventDay, new TimeOnly(14, 0)));
        var proposal = await _f.Service.ProposePanelAsync(new PanelQuery { Date = EventDay, Start = new TimeOnly(14, 0), Seats = 3, Standbys = 0 });
        Assert.DoesNotContain(proposal.Seats, s => s.Id == "d");
        Assert.Equal(3, proposal.Seats.Count);
    }

    [Fact]
    public async Task RequestPanelAsync_sends_one_invitation_per_seat_and_confirms_when_all_accept()
    {
        var panel = (await _f.Service.RequestPanelAsync(Panel(["a", "d"], ["e"]))).Booking!;
        Assert.Equal("PN-2026-0001", panel.Reference);
        var invitations = (await _f.Store.ListMailsAsync(panel.Reference)).Where(m => m.Key.Contains("/invite/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["a@speakers.example", "d@speakers.example"], invitations.Select(m => m.To).Order());

        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(panel.Reference, "a"));
        Assert.Equal(BookingStatus.Requested, (await _f.Store.GetAsync(panel.Reference))!.Status);
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(panel.Reference, "d"));
        Assert.Equal(BookingStatus.Accepted, (await _f.Store.GetAsync(panel.Reference))!.Status);
        var confirmation = (await _f.Store.ListMailsAsync(panel.Reference)).Single(m => m.Key.Contains("confirmed/requester", StringComparison.Ordinal));
        Assert.Contains("a@speakers.example", confirmation.Body, StringComparison.Ordinal);
        Assert.Contains("d@speakers.example", confirmation.Body, StringComparison.Ordinal);
        Assert.Equal(2, IcsReader.Read(confirmation.Calendar!).Count(p => p.Name == "ATTENDEE"));
    }

    [Fact]
    public async Task RespondAsync_a_seat_declining_invites_the_next_standby_and_tells_the_organiser()
    {
        var panel = (await _f.Service.RequestPanelAsync(Panel(["a", "d"], ["e", "f"]))).Booking!;
        await _f.Service.RespondAsync(await _f.DeclineTokenAsync(panel.Reference, "a"));

        var stored = (await _f.Store.GetAsync(panel.Reference))!;
        Assert.Equal(SeatStatus.Invited, stored.SeatOf("e")?.Status);
        Assert.Equal(SeatStatus.Waiting, stored.Seats.Single(s => s.SpeakerId == "f").Status);
        var mails = await _f.Store.ListMailsAsync(panel.Reference);
        Assert.Contains(mails, m => m.To == "e@speakers.example" && m.Key.Contains("/invite/", StringComparison.Ordinal));
        var notice = mails.Single(m => m.Key.Contains("/seat/a/e", StringComparison.Ordinal));
        Assert.Equal("orga@industrie.example", notice.To);
        Assert.Contains("Alice A a décliné", notice.Body, StringComparison.Ordinal);

        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(panel.Reference, "d"));
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(panel.Reference, "e"));
        Assert.Equal(BookingStatus.Accepted, (await _f.Store.GetAsync(panel.Reference))!.Status);
    }

    [Fact]
    public async Task ExpireStaleAsync_an_unanswered_seat_passes_to_the_standby()
    {
        var panel = (await _f.Service.RequestPanelAsync(Panel(["a"], ["e"]))).Booking!;
        _f.Clock.Advance(TimeSpan.FromDays(_f.Options.ResponseDays));
        await _f.Service.ExpireStaleAsync();
        var stored = (await _f.Store.GetAsync(panel.Reference))!;
        Assert.Equal(SeatStatus.Expired, stored.Seats.Single(s => s.SpeakerId == "a").Status);
        Assert.Equal(SeatStatus.Invited, stored.SeatOf("e")?.Status);
        Assert.Equal(BookingStatus.Requested, stored.Status);
    }

    [Fact]
    public async Task RequestPanelAsync_with_seven_seats_is_refused()
    {
        var outcome = await _f.Service.RequestPanelAsync(Panel(["a", "b", "c", "d", "e", "f", "g"], []));
        Assert.Equal("invalid-seats", outcome.Refusal?.Code);
        Assert.Contains("1 à 6", outcome.Refusal!.French, StringComparison.Ordinal);
    }

    private static PanelRequest Panel(IReadOnlyList<string> seats, IReadOnlyList<string> standbys) => new()
    {
        Title = "L'industrie verte à Lyon",
        Date = EventDay,
        Start = new TimeOnly(14, 0),
        DurationMinutes = 90,
        Location = "Halle Tony Garnier, Lyon",
        AudienceSize = 120,
        Organisation = "Industrie Verte Lyon",
        Requester = BookingFixture.Teacher("Marc Orga", "orga@industrie.example", "orga"),
        SpeakerIds = seats,
        StandbyIds = standbys,
    };

    private static Speaker Candidate(string id, string employer, string sector) => new()
    {
        Id = id,
        FirstName = "Alice",
        LastName = id.ToUpperInvariant(),
        Headline = "Ingénieure",
        Employer = employer,
        Sector = sector,
        Region = "auvergne-rhone-alpes",
        Contact = new ContactDetails($"{id}@speakers.example", null),
    };
}
