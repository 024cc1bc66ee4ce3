using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Tests;

public sealed class BookingServiceTests : IDisposable
{
    private static readonly DateOnly Tuesday = new(2026, 3, 10);
    private static readonly BookingAccess Sophie = new("webchat/users/sophie");
    private readonly BookingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task RequestVisitAsync_mails_hide_contacts_until_the_speaker_accepts()
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)));
        var mails = await _f.Store.ListMailsAsync(outcome.Booking!.Reference);
        var toSpeaker = mails.Single(m => m.To == "s1@speakers.example");
        var toTeacher = mails.Single(m => m.To == "sophie.durand@ac-toulouse.fr");
        Assert.DoesNotContain("sophie.durand@ac-toulouse.fr", toSpeaker.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("s1@speakers.example", toTeacher.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("+33", toTeacher.Body, StringComparison.Ordinal);
        Assert.Contains("Collège Jean Jaurès", toSpeaker.Body, StringComparison.Ordinal);
        Assert.Contains(outcome.Booking.Reference, toTeacher.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestVisitAsync_teacher_mails_follow_her_language()
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0), BookingFixture.Teacher(language: "en-GB")));
        var toTeacher = (await _f.Store.ListMailsAsync(outcome.Booking!.Reference)).Single(m => m.To == "sophie.durand@ac-toulouse.fr");
        Assert.StartsWith("Request HD-2026-0001 recorded", toTeacher.Subject, StringComparison.Ordinal);
        Assert.Contains("Tuesday 10 March 2026 at 10:00", toTeacher.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "invalid-pupils")]
    [InlineData(41, "invalid-pupils")]
    public async Task RequestVisitAsync_pupils_outside_one_to_forty_are_refused(int pupils, string code)
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0), pupils: pupils));
        Assert.Equal(code, outcome.Refusal?.Code);
        Assert.Contains("entre 1 et 40", outcome.Refusal!.French, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestVisitAsync_bad_email_is_refused_naming_the_field()
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0), BookingFixture.Teacher(email: "sophie@")));
        Assert.Equal("invalid-email", outcome.Refusal?.Code);
        Assert.Contains("adresse e-mail", outcome.Refusal!.French, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestVisitAsync_refused_slot_offers_the_next_free_slots()
    {
        _f.AddSpeaker("s1");
        var outcome = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 3, 4), new TimeOnly(10, 0)));
        Assert.Equal("too-soon", outcome.Refusal?.Code);
        Assert.Equal(new BookingSlot(new DateOnly(2026, 3, 9), new TimeOnly(9, 0)), outcome.Alternatives[0]);
    }

    [Fact]
    public async Task RespondAsync_accept_confirms_and_mails_contacts_invitation_and_reminders()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        var outcome = await _f.Service.RespondAsync(await _f.AcceptTokenAsync(booking.Reference, "s1"));

        Assert.Equal(LinkOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(BookingStatus.Accepted, (await _f.Store.GetAsync(booking.Reference))!.Status);
        var mails = await _f.Store.ListMailsAsync(booking.Reference);
        var toTeacher = mails.Single(m => m.Key.EndsWith("confirmed/requester/202603101000", StringComparison.Ordinal));
        Assert.Contains("s1@speakers.example", toTeacher.Body, StringComparison.Ordinal);
        Assert.NotNull(toTeacher.Calendar);
        var toSpeaker = mails.Single(m => m.Key.Contains("confirmed/s1/", StringComparison.Ordinal));
        Assert.Contains("sophie.durand@ac-toulouse.fr", toSpeaker.Body, StringComparison.Ordinal);
        var reminders = mails.Where(m => m.Key.Contains("/reminder", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reminders.Count(m => m.DueAt == booking.StartsAt.AddDays(-1)));
        Assert.Equal(2, reminders.Count(m => m.DueAt == booking.StartsAt.AddDays(-7)));
    }

    [Fact]
    public async Task RespondAsync_a_reused_link_says_it_was_already_used()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        var token = await _f.AcceptTokenAsync(booking.Reference, "s1");
        await _f.Service.RespondAsync(token);
        Assert.Equal(LinkOutcomeKind.AlreadyUsed, (await _f.Service.RespondAsync(token)).Kind);
    }

    [Fact]
    public async Task RespondAsync_a_tampered_link_is_invalid_and_changes_nothing()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        var token = await _f.DeclineTokenAsync(booking.Reference, "s1");
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(token[..token.IndexOf('.', StringComparison.Ordinal)])));
        var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload.Replace("|decline|", "|accept|", StringComparison.Ordinal))).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            + token[token.IndexOf('.', StringComparison.Ordinal)..];

        Assert.Equal(LinkOutcomeKind.Invalid, (await _f.Service.RespondAsync(forged)).Kind);
        Assert.Equal(LinkOutcomeKind.Invalid, (await _f.Service.RespondAsync(token[..^2] + "xx")).Kind);
        Assert.Equal(LinkOutcomeKind.Invalid, (await _f.Service.RespondAsync("garbage")).Kind);
        Assert.Equal(BookingStatus.Requested, (await _f.Store.GetAsync(booking.Reference))!.Status);
    }

    [Fact]
    public async Task RespondAsync_an_expired_link_says_so()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 6, 9), new TimeOnly(10, 0)))).Booking!;
        var token = await _f.AcceptTokenAsync(booking.Reference, "s1");
        _f.Clock.Advance(TimeSpan.FromDays(_f.Options.LinkValidityDays + 1));
        Assert.Equal(LinkOutcomeKind.Expired, (await _f.Service.RespondAsync(token)).Kind);
        Assert.Equal(BookingStatus.Requested, (await _f.Store.GetAsync(booking.Reference))!.Status);
    }

    [Fact]
    public async Task RespondAsync_decline_tells_the_teacher_and_frees_the_slot()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        Assert.Equal(LinkOutcomeKind.Declined, (await _f.Service.RespondAsync(await _f.DeclineTokenAsync(booking.Reference, "s1"))).Kind);
        Assert.Equal(BookingStatus.Declined, (await _f.Store.GetAsync(booking.Reference))!.Status);
        Assert.Contains((await _f.Store.ListMailsAsync(booking.Reference)), m => m.Key.EndsWith("declined/requester", StringComparison.Ordinal));
        var other = await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0), BookingFixture.Teacher("Paul", "paul@ac-lyon.fr", "paul")));
        Assert.True(other.Succeeded);
    }

    [Fact]
    public async Task ExpireStaleAsync_unanswered_request_expires_and_alerts_the_coordinator()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", new DateOnly(2026, 4, 14), new TimeOnly(10, 0)))).Booking!;
        _f.Clock.Advance(TimeSpan.FromDays(_f.Options.ResponseDays - 1));
        Assert.Equal(0, await _f.Service.ExpireStaleAsync());
        _f.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await _f.Service.ExpireStaleAsync());
        Assert.Equal(BookingStatus.Expired, (await _f.Store.GetAsync(booking.Reference))!.Status);
        var mails = await _f.Store.ListMailsAsync(booking.Reference);
        Assert.Contains(mails, m => m.To == _f.Options.CoordinatorEmail);
        Assert.Contains(mails, m => m.Key.EndsWith("expired/requester", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetStatusAsync_from_another_user_is_refused_until_the_emailed_code_is_given()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        var stranger = await _f.Service.GetStatusAsync(booking.Reference.ToLowerInvariant(), new BookingAccess("someone-else"));
        Assert.Equal("not-owner", stranger.Refusal?.Code);
        Assert.Contains("s*****@ac-toulouse.fr", stranger.Refusal!.French, StringComparison.Ordinal);

        Assert.Equal("s*****@ac-toulouse.fr", await _f.Service.SendAccessCodeAsync(booking.Reference));
        var codeMail = (await _f.Store.ListMailsAsync(booking.Reference)).Single(m => m.Key.Contains("/code/", StringComparison.Ordinal));
        var code = new string([.. codeMail.Body.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit)]);
        Assert.Equal("not-owner", (await _f.Service.GetStatusAsync(booking.Reference, new BookingAccess("someone-else", "000000"))).Refusal?.Code);
        Assert.True((await _f.Service.GetStatusAsync(booking.Reference, new BookingAccess("someone-else", code))).Succeeded);
        _f.Clock.Advance(TimeSpan.FromHours(1));
        Assert.False((await _f.Service.GetStatusAsync(booking.Reference, new BookingAccess("someone-else", code))).Succeeded);
    }

    [Fact]
    public async Task CancelAsync_by_the_requester_cancels_reminders_and_tells_the_speaker()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(booking.Reference, "s1"));
        var cancelled = await _f.Service.CancelAsync(booking.Reference, Sophie, "sortie scolaire ce jour-là");

        Assert.Equal(BookingStatus.Cancelled, cancelled.Booking?.Status);
        Assert.Equal("sortie scolaire ce jour-là", cancelled.Booking?.CancelReason);
        var mails = await _f.Store.ListMailsAsync(booking.Reference);
        Assert.DoesNotContain(mails, m => m.Tag == BookingMails.ScheduledTag);
        Assert.Contains(mails, m => m.To == "s1@speakers.example" && m.Body.Contains("sortie scolaire", StringComparison.Ordinal));
        Assert.Equal("not-changeable", (await _f.Service.CancelAsync(booking.Reference, Sophie, "encore")).Refusal?.Code);
    }

    [Fact]
    public async Task MoveAsync_checks_the_rules_again_and_asks_the_speaker_again()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(booking.Reference, "s1"));

        var weekend = await _f.Service.MoveAsync(booking.Reference, Sophie, new DateOnly(2026, 3, 14), null);
        Assert.Equal("weekend", weekend.Refusal?.Code);
        Assert.NotEmpty(weekend.Alternatives);

        var moved = await _f.Service.MoveAsync(booking.Reference, Sophie, new DateOnly(2026, 3, 12), new TimeOnly(14, 0));
        Assert.Equal((BookingStatus.Requested, new DateOnly(2026, 3, 12), new TimeOnly(14, 0)), (moved.Booking!.Status, moved.Booking.Date, moved.Booking.Start));
        var mails = await _f.Store.ListMailsAsync(booking.Reference);
        Assert.DoesNotContain(mails, m => m.Tag == BookingMails.ScheduledTag);
        Assert.Contains(mails, m => m.Key.EndsWith("invite/1/202603121400", StringComparison.Ordinal));
        Assert.Single(await _f.Store.ListForSpeakerAsync("s1", Tuesday, new DateOnly(2026, 3, 31)));
    }

    [Fact]
    public async Task CheckMoveAsync_refuses_a_weekend_with_free_slots_and_changes_nothing()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;

        var weekend = await _f.Service.CheckMoveAsync(booking.Reference, Sophie, new DateOnly(2026, 3, 14), null);
        Assert.Equal("weekend", weekend.Refusal?.Code);
        Assert.NotEmpty(weekend.Alternatives);
        Assert.True((await _f.Service.CheckMoveAsync(booking.Reference, Sophie, new DateOnly(2026, 3, 12), new TimeOnly(14, 0))).Succeeded);

        var kept = (await _f.Service.GetStatusAsync(booking.Reference, Sophie)).Booking!;
        Assert.Equal((Tuesday, new TimeOnly(10, 0)), (kept.Date, kept.Start));
        Assert.Equal("not-found", (await _f.Service.CheckMoveAsync("HD-2026-0999", Sophie, new DateOnly(2026, 3, 12), null)).Refusal?.Code);
    }

    [Fact]
    public async Task MoveAsync_onto_its_own_slot_neighbourhood_ignores_itself()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        var moved = await _f.Service.MoveAsync(booking.Reference, Sophie, Tuesday, new TimeOnly(11, 0));
        Assert.True(moved.Succeeded, moved.Refusal?.English);
    }

    [Fact]
    public async Task SubmitFeedbackAsync_after_the_visit_stores_the_answers_once()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(booking.Reference, "s1"));
        var token = await _f.FeedbackTokenAsync(booking.Reference);
        _f.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal(1, await _f.Service.MarkHeldAsync());
        Assert.Equal(BookingStatus.Held, (await _f.Store.GetAsync(booking.Reference))!.Status);

        var wrong = await _f.Service.SubmitFeedbackAsync(token, 25, 30, 4);
        Assert.Equal(LinkOutcomeKind.Refused, wrong.Kind);
        Assert.Equal("invalid-pupils-reached", wrong.Refusal?.Code);

        Assert.Equal(LinkOutcomeKind.FeedbackSaved, (await _f.Service.SubmitFeedbackAsync(token, 27, 14, 5)).Kind);
        var stored = await _f.Store.GetAsync(booking.Reference);
        Assert.Equal(BookingStatus.FeedbackReceived, stored!.Status);
        Assert.Equal((27, 14, 5), (stored.Feedback!.PupilsReached, stored.Feedback.Girls, stored.Feedback.Satisfaction));
        Assert.Equal(LinkOutcomeKind.AlreadyUsed, (await _f.Service.SubmitFeedbackAsync(token, 1, 1, 1)).Kind);
    }

    [Fact]
    public async Task RespondAsync_speaker_cancel_link_cancels_with_her_reason_and_tells_the_teacher()
    {
        _f.AddSpeaker("s1");
        var booking = (await _f.Service.RequestVisitAsync(BookingFixture.Visit("s1", Tuesday, new TimeOnly(10, 0)))).Booking!;
        await _f.Service.RespondAsync(await _f.AcceptTokenAsync(booking.Reference, "s1"));
        var cancelToken = await _f.LinkAfterAsync(booking.Reference, "s1@speakers.example", "Pour annuler");
        var outcome = await _f.Service.RespondAsync(cancelToken, "déplacement professionnel");
        Assert.Equal(LinkOutcomeKind.Cancelled, outcome.Kind);
        Assert.Equal("speaker:s1", outcome.Booking?.CancelledBy);
        Assert.Contains(await _f.Store.ListMailsAsync(booking.Reference), m => m.To == "sophie.durand@ac-toulouse.fr" && m.Body.Contains("déplacement professionnel", StringComparison.Ordinal));
    }

    private static string Pad(string s) => s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (s.Length % 4)) % 4);
}
