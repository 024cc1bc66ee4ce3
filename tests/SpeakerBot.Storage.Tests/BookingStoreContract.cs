using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Tests;

/// <summary>
/// What every <see cref="IBookingStore"/> must do, including across instances: one subclass per provider, whose
/// <see cref="OpenAnotherInstance"/> opens the same database as a second bot instance would.
/// </summary>
public abstract class BookingStoreContract : IDisposable
{
    private static readonly BookingRefusal Busy = new("busy", "Occupée.", "Busy.");

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    protected abstract IBookingStore Bookings { get; }

    /// <summary>A second store on the same database, with its own connections, as another instance of the bot.</summary>
    protected abstract IBookingStore OpenAnotherInstance();

    public abstract void Dispose();

    [StoreFact]
    public async Task A_created_booking_comes_back_with_the_next_reference_and_its_mail()
    {
        var first = await Create(Bookings, "sp-1", new DateOnly(2027, 1, 11), "req-1");
        var second = await Create(Bookings, "sp-2", new DateOnly(2027, 1, 11), "req-2");

        Assert.Equal(("HD-2026-0001", "HD-2026-0002"), (first.Booking!.Reference, second.Booking!.Reference));
        var stored = await Bookings.GetAsync(" hd-2026-0001 ");
        Assert.NotNull(stored);
        Assert.Equal((BookingStatus.Requested, "Prof@Example.org", "webchat/u-prof", new DateOnly(2027, 1, 11), new TimeOnly(10, 0), 1),
            (stored.Status, stored.Requester.Email, stored.Requester.UserKey, stored.Date, stored.Start, stored.Version));
        Assert.Equal(["sp-1"], stored.Seats.Select(s => s.SpeakerId));
        Assert.Equal(["HD-2026-0001/request"], (await Bookings.ListMailsAsync("HD-2026-0001")).Select(m => m.Key));
        Assert.Equal(["HD-2026-0001"], (await Bookings.ListForSpeakerAsync("sp-1", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31))).Select(b => b.Reference));
        Assert.Empty(await Bookings.ListForSpeakerAsync("sp-1", new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 28)));
        Assert.Equal(["HD-2026-0001", "HD-2026-0002"], (await Bookings.ListForRequesterAsync("webchat/u-prof")).Select(b => b.Reference).Order());
        Assert.Equal(2, (await Bookings.ListByStatusAsync(BookingStatus.Requested)).Count);
        Assert.Null(await Bookings.GetAsync("HD-2026-0099"));
    }

    [StoreFact]
    public async Task The_same_request_twice_keeps_the_first_booking_and_its_single_mail()
    {
        var first = await Create(Bookings, "sp-1", new DateOnly(2027, 1, 11), "same-key");
        var again = await Create(Bookings, "sp-1", new DateOnly(2027, 1, 11), "same-key");

        Assert.True(again.Replayed);
        Assert.Equal(first.Booking!.Reference, again.Booking!.Reference);
        Assert.Single(await Bookings.ListMailsAsync(first.Booking.Reference));
    }

    [StoreFact]
    public async Task A_refused_request_writes_nothing_and_uses_no_reference()
    {
        var refused = await Bookings.CreateAsync(Draft("sp-1", new DateOnly(2027, 1, 11)), "refused", _ => Busy, RequestMail);
        var next = await Create(Bookings, "sp-1", new DateOnly(2027, 1, 11), "accepted");

        Assert.Equal("busy", refused.Refusal?.Code);
        Assert.Equal("HD-2026-0001", next.Booking!.Reference);
        Assert.Single(await Bookings.ListForRequesterAsync("webchat/u-prof"));
    }

    [StoreFact]
    public async Task A_slot_already_held_is_refused_even_when_the_rules_miss_it()
    {
        await Bookings.CreateAsync(Draft("sp-1", new DateOnly(2027, 1, 11)), "a", _ => null, RequestMail);
        var second = await Bookings.CreateAsync(Draft("sp-1", new DateOnly(2027, 1, 11)), "b", _ => null, RequestMail);

        Assert.Equal("slot-taken", second.Refusal?.Code);
        Assert.Single(await Bookings.ListForSpeakerAsync("sp-1", new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 11)));
        Assert.Empty(await Bookings.ListMailsAsync("HD-2026-0002"));
    }

    [StoreFact]
    public async Task An_update_bumps_the_version_cancels_tagged_mails_and_a_cancelled_booking_frees_its_slot()
    {
        var created = await Bookings.CreateAsync(Draft("sp-1", new DateOnly(2027, 1, 11)), "a", _ => null, b =>
        [
            Mail($"{b.Reference}/request", b.Reference),
            Mail($"{b.Reference}/reminder", b.Reference) with { Tag = "reminders", DueAt = Time.GetUtcNow().AddDays(30) },
        ]);
        var reference = created.Booking!.Reference;

        var accepted = await Bookings.UpdateAsync(reference, (b, _) => new BookingChange
        {
            Updated = b with { Status = BookingStatus.Accepted },
            Mails = [Mail($"{b.Reference}/accepted", b.Reference)],
            CancelTags = ["reminders"],
        });
        var cancelled = await Bookings.UpdateAsync(reference, (b, _) => new BookingChange { Updated = b with { Status = BookingStatus.Cancelled, CancelReason = "grève" } });
        var rebooked = await Create(Bookings, "sp-1", new DateOnly(2027, 1, 11), "b");

        Assert.Equal((BookingStatus.Accepted, 2), (accepted.Booking!.Status, accepted.Booking.Version));
        Assert.Equal([$"{reference}/request", $"{reference}/accepted"], (await Bookings.ListMailsAsync(reference)).Select(m => m.Key));
        var stored = await Bookings.GetAsync(reference);
        Assert.Equal((BookingStatus.Cancelled, "grève", 3), (stored!.Status, stored.CancelReason, stored.Version));
        Assert.True(cancelled.Succeeded);
        Assert.True(rebooked.Succeeded);
        Assert.Equal("not-found", (await Bookings.UpdateAsync("HD-2026-0099", (b, _) => BookingChange.None)).Refusal?.Code);
    }

    [StoreFact]
    public async Task The_outbox_gives_each_due_mail_once_and_holds_a_claimed_one_for_its_lease()
    {
        var now = Time.GetUtcNow();
        await Bookings.EnqueueAsync([Mail("m1", null), Mail("m2", null), Mail("later", null) with { DueAt = now.AddHours(2) }]);

        var claimed = await Bookings.ClaimDueMailsAsync(now, 10, TimeSpan.FromMinutes(5));
        var duringLease = await Bookings.ClaimDueMailsAsync(now.AddMinutes(1), 10, TimeSpan.FromMinutes(5));
        foreach (var mail in claimed)
        {
            await Bookings.MarkMailSentAsync(mail.Id, now);
        }

        var afterLease = await Bookings.ClaimDueMailsAsync(now.AddMinutes(10), 10, TimeSpan.FromMinutes(5));
        var whenDue = await Bookings.ClaimDueMailsAsync(now.AddHours(2), 10, TimeSpan.FromMinutes(5));

        Assert.Equal(["m1", "m2"], claimed.Select(m => m.Key));
        Assert.Equal(("prof@example.org", "Votre demande", "fr"), (claimed[0].To, claimed[0].Subject, claimed[0].Language));
        Assert.Empty(duringLease);
        Assert.Empty(afterLease);
        Assert.Equal(["later"], whenDue.Select(m => m.Key));
    }

    [StoreFact]
    public async Task A_failed_mail_comes_back_at_its_retry_time_and_a_final_failure_never()
    {
        var now = Time.GetUtcNow();
        await Bookings.EnqueueAsync([Mail("retry", null), Mail("give-up", null)]);
        var claimed = await Bookings.ClaimDueMailsAsync(now, 10, TimeSpan.FromMinutes(5));
        await Bookings.MarkMailFailedAsync(claimed.Single(m => m.Key == "retry").Id, "421 busy", now.AddMinutes(30));
        await Bookings.MarkMailFailedAsync(claimed.Single(m => m.Key == "give-up").Id, "550 no such user", null);

        var beforeRetry = await Bookings.ClaimDueMailsAsync(now.AddMinutes(20), 10, TimeSpan.FromMinutes(5));
        var atRetry = await Bookings.ClaimDueMailsAsync(now.AddMinutes(30), 10, TimeSpan.FromMinutes(5));

        Assert.Empty(beforeRetry);
        Assert.Equal([("retry", 1)], atRetry.Select(m => (m.Key, m.Attempts)));
    }

    [StoreFact]
    public async Task The_snapshot_counts_bookings_per_status_and_the_mails_already_due()
    {
        var now = Time.GetUtcNow();
        await Create(Bookings, "sp-1", new DateOnly(2027, 1, 11), "a");
        var second = await Create(Bookings, "sp-2", new DateOnly(2027, 1, 11), "b");
        await Bookings.UpdateAsync(second.Booking!.Reference, (b, _) => new BookingChange { Updated = b with { Status = BookingStatus.Accepted } });
        await Bookings.EnqueueAsync([Mail("later", null) with { DueAt = now.AddDays(1) }]);

        var snapshot = await Bookings.SnapshotAsync(now);

        Assert.Equal((1, 1, 0), (snapshot.BookingsByStatus[BookingStatus.Requested], snapshot.BookingsByStatus[BookingStatus.Accepted], snapshot.BookingsByStatus[BookingStatus.Cancelled]));
        Assert.Equal((2, now), (snapshot.QueuedMails, snapshot.OldestQueuedDueAt));
    }

    [StoreFact]
    public async Task A_link_token_is_used_once_and_a_secret_is_made_once()
    {
        var first = await Bookings.TryConsumeTokenAsync("token-1", Time.GetUtcNow());
        var second = await Bookings.TryConsumeTokenAsync("token-1", Time.GetUtcNow());
        var secret = await Bookings.GetOrCreateSecretAsync("links", () => "first");
        var again = await Bookings.GetOrCreateSecretAsync("links", () => "second");

        Assert.Equal((true, false), (first, second));
        Assert.Equal(("first", "first"), (secret, again));
    }

    [StoreFact]
    public async Task Two_instances_asked_for_the_same_slot_at_once_make_one_booking()
    {
        var other = OpenAnotherInstance();
        for (var round = 0; round < 8; round++)
        {
            var day = new DateOnly(2027, 2, 1).AddDays(round);
            BookingRefusal? Rules(IBookingTransactionView view) => view.ActiveBookingsOfSpeaker("sp-1", day, day).Count > 0 ? Busy : null;

            var results = await Task.WhenAll(
                Task.Run(() => Bookings.CreateAsync(Draft("sp-1", day), $"a{round}", Rules, RequestMail)),
                Task.Run(() => other.CreateAsync(Draft("sp-1", day), $"b{round}", Rules, RequestMail)));

            Assert.Single(results, r => r.Succeeded);
            Assert.Single(results, r => r.Refusal?.Code is "busy" or "slot-taken");
        }

        Assert.Equal(8, (await other.ListForSpeakerAsync("sp-1", new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 28))).Count);
    }

    [StoreFact]
    public async Task The_same_request_reaching_two_instances_at_once_makes_one_booking()
    {
        var other = OpenAnotherInstance();
        for (var round = 0; round < 8; round++)
        {
            var day = new DateOnly(2027, 3, 1).AddDays(round);
            var results = await Task.WhenAll(
                Task.Run(() => Bookings.CreateAsync(Draft($"sp-{round}", day), $"same-{round}", _ => null, RequestMail)),
                Task.Run(() => other.CreateAsync(Draft($"sp-{round}", day), $"same-{round}", _ => null, RequestMail)));

            Assert.Single(results, r => !r.Replayed);
            Assert.Equal(results[0].Booking!.Reference, results[1].Booking!.Reference);
        }

        Assert.Equal(8, (await Bookings.ListForRequesterAsync("webchat/u-prof")).Count);
    }

    [StoreFact]
    public async Task One_accept_link_followed_on_two_instances_at_once_has_one_effect()
    {
        var other = OpenAnotherInstance();
        for (var round = 0; round < 8; round++)
        {
            var reference = (await Create(Bookings, "sp-1", new DateOnly(2027, 4, 1).AddDays(round), $"req-{round}")).Booking!.Reference;
            var token = $"accept-{reference}";

            var accepted = await Task.WhenAll(Task.Run(() => Accept(Bookings, reference, token)), Task.Run(() => Accept(other, reference, token)));
            var raced = await Task.WhenAll(Task.Run(() => Accept(Bookings, reference, null)), Task.Run(() => Accept(other, reference, null)));

            Assert.Single(accepted, a => a);
            Assert.DoesNotContain(raced, a => a);
            Assert.Single(await Bookings.ListMailsAsync(reference), m => m.Key.EndsWith("/accepted", StringComparison.Ordinal));
            Assert.Equal((BookingStatus.Accepted, 2), ((await other.GetAsync(reference))!.Status, (await other.GetAsync(reference))!.Version));
        }
    }

    [StoreFact]
    public async Task Two_instances_racing_to_accept_an_unaccepted_booking_accept_it_once()
    {
        var other = OpenAnotherInstance();
        for (var round = 0; round < 8; round++)
        {
            var reference = (await Create(Bookings, "sp-1", new DateOnly(2027, 5, 1).AddDays(round), $"req-{round}")).Booking!.Reference;

            var results = await Task.WhenAll(Task.Run(() => Accept(Bookings, reference, null)), Task.Run(() => Accept(other, reference, null)));

            Assert.Single(results, r => r);
            Assert.Single(await other.ListMailsAsync(reference), m => m.Key.EndsWith("/accepted", StringComparison.Ordinal));
        }
    }

    [StoreFact]
    public async Task Two_senders_draining_the_outbox_at_once_never_take_the_same_mail()
    {
        var now = Time.GetUtcNow();
        await Bookings.EnqueueAsync([.. Enumerable.Range(1, 40).Select(i => Mail($"bulk-{i:00}", null))]);
        var other = OpenAnotherInstance();

        var sent = await Task.WhenAll(Task.Run(() => Drain(Bookings, now)), Task.Run(() => Drain(other, now)));

        var all = sent.SelectMany(s => s).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
        Assert.Empty(await Bookings.ClaimDueMailsAsync(now.AddHours(1), 100, TimeSpan.FromMinutes(5)));
    }

    [StoreFact]
    public async Task A_sender_that_dies_leaves_its_mails_to_another_after_its_lease()
    {
        var now = Time.GetUtcNow();
        await Bookings.EnqueueAsync([Mail("m1", null), Mail("m2", null)]);
        var other = OpenAnotherInstance();

        var dead = await Bookings.ClaimDueMailsAsync(now, 10, TimeSpan.FromMinutes(5));
        var duringLease = await other.ClaimDueMailsAsync(now.AddMinutes(4), 10, TimeSpan.FromMinutes(5));
        var afterLease = await other.ClaimDueMailsAsync(now.AddMinutes(5).AddSeconds(1), 10, TimeSpan.FromMinutes(5));
        foreach (var mail in afterLease)
        {
            await other.MarkMailSentAsync(mail.Id, now.AddMinutes(6));
        }

        Assert.Equal(["m1", "m2"], dead.Select(m => m.Key));
        Assert.Empty(duringLease);
        Assert.Equal(["m1", "m2"], afterLease.Select(m => m.Key));
        Assert.Empty(await Bookings.ClaimDueMailsAsync(now.AddHours(1), 10, TimeSpan.FromMinutes(5)));
    }

    private async Task<bool> Accept(IBookingStore store, string reference, string? token)
    {
        if (token is not null && !await store.TryConsumeTokenAsync(token, Time.GetUtcNow()))
        {
            return false;
        }

        var result = await store.UpdateAsync(reference, (b, _) => b.Status != BookingStatus.Requested
            ? BookingChange.Refuse(Busy)
            : new BookingChange { Updated = b with { Status = BookingStatus.Accepted }, Mails = [Mail($"{b.Reference}/accepted", b.Reference)] });
        return result.Succeeded;
    }

    private static async Task<List<string>> Drain(IBookingStore store, DateTimeOffset now)
    {
        var sent = new List<string>();
        while (await store.ClaimDueMailsAsync(now, 3, TimeSpan.FromMinutes(5)) is { Count: > 0 } batch)
        {
            foreach (var mail in batch)
            {
                await store.MarkMailSentAsync(mail.Id, now);
                sent.Add(mail.Key);
            }
        }

        return sent;
    }

    private Task<BookingWriteResult> Create(IBookingStore store, string speakerId, DateOnly date, string key) =>
        store.CreateAsync(Draft(speakerId, date), key, _ => null, RequestMail);

    private IReadOnlyList<OutboxMessage> RequestMail(Booking booking) => [Mail($"{booking.Reference}/request", booking.Reference)];

    private static Booking Draft(string speakerId, DateOnly date) => new()
    {
        Reference = string.Empty,
        Kind = BookingKind.ClassroomVisit,
        Requester = new Requester("Mme Prof", "Prof@Example.org", "webchat/u-prof"),
        Date = date,
        Start = new TimeOnly(10, 0),
        School = new School("Collège Jean Moulin", "Toulouse"),
        Seats = [new BookingSeat(1, speakerId, SeatRole.Seat, SeatStatus.Invited)],
    };

    private OutboxMessage Mail(string key, string? reference) => new()
    {
        Key = key,
        BookingReference = reference,
        To = "prof@example.org",
        Subject = "Votre demande",
        Body = "Bonjour",
        DueAt = Time.GetUtcNow(),
    };
}
