using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings;
using SpeakerBot.Bookings.Mail;
using SpeakerBot.Conversation;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Domain.Privacy;

namespace SpeakerBot.Admin;

/// <summary>Who a privacy request is about: an e-mail address (speaker or requester) or a speaker id.</summary>
public sealed record PrivacySubject(string? Email, string? SpeakerId)
{
    public override string ToString() => SpeakerId is not null ? "speaker:" + SpeakerId : "e-mail " + Email;
}

/// <summary>A booking seen from the person's side: the whole record when she asked, her seat when she spoke.</summary>
public sealed record PersonalBooking(string Role, Booking Booking);

/// <summary>Everything held about one person, as returned to her on request.</summary>
public sealed record PersonalDataExport(
    string Subject,
    DateTimeOffset ExportedAt,
    IReadOnlyList<Speaker> SpeakerProfiles,
    IReadOnlyList<PersonalBooking> Bookings,
    IReadOnlyList<StoredMail> Mails,
    IReadOnlyList<StoredDocument> ConversationState,
    IReadOnlyList<AuditEntry> Audit);

/// <summary>What an erasure or a retention pass removed.</summary>
public sealed record ErasureReport(
    int SpeakerProfilesErased,
    IReadOnlyList<string> BookingsAnonymised,
    int MailsDeleted,
    int MailFilesDeleted,
    int StateDocumentsDeleted,
    int AuditEntriesScrubbed)
{
    /// <summary>Processed-activity marks older than <c>Conversation:ProcessedActivityRetentionDays</c> (retention only).</summary>
    public int ProcessedActivitiesDeleted { get; init; }
}

/// <summary>
/// Export and erasure of a person's data, and the retention pass. Erasure keeps the figures (bookings stay with
/// their school, date and feedback; an erased speaker stays as an archived profile without name or contact so
/// region and sector counts hold) and removes everything that identifies the person. See docs/decisions/070.
/// </summary>
public sealed class PrivacyService(
    AdminService admin,
    IBookingStore bookings,
    IPersonalDataStore personalData,
    ICoordinatorStore audit,
    IOptions<BookingOptions> bookingOptions,
    IOptions<ConversationOptions> conversationOptions,
    IStateStore state,
    TimeProvider time)
{
    /// <summary>The address left in an anonymised booking; ".invalid" can never be delivered (RFC 2606).</summary>
    public const string ErasedEmail = "erased@speakerbot.invalid";

    public const string ErasedName = "(effacé)";

    public async Task<AdminResult<PersonalDataExport>> ExportAsync(Coordinator who, PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(who, subject, cancellationToken);
        if (!found.Ok)
        {
            return found.Error!;
        }

        var (speakers, asRequester, asSpeaker, needles) = found.Value!;
        var references = asRequester.Select(b => b.Reference).ToList();
        var mails = await personalData.FindMailsAsync(needles, references, cancellationToken);
        var state = await personalData.FindStateAsync(needles, cancellationToken);
        var entries = new List<AuditEntry>();
        foreach (var speaker in speakers)
        {
            entries.AddRange(await audit.ReadAuditAsync("speaker:" + speaker.Id, 1000, cancellationToken));
        }

        var list = asRequester.Select(b => new PersonalBooking("requester", b))
            .Concat(asSpeaker.Select(b => new PersonalBooking("speaker", WithoutRequester(b))))
            .ToList();
        await admin.AuditAsync(who.Actor, "privacy.export", AuditTarget(subject), null, new { speakers = speakers.Count, bookings = list.Count, mails = mails.Count }, cancellationToken);
        return AdminResult<PersonalDataExport>.Success(new PersonalDataExport(subject.ToString(), time.GetUtcNow(), speakers, list, mails, state, entries));
    }

    public async Task<AdminResult<ErasureReport>> EraseAsync(Coordinator who, PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(who, subject, cancellationToken);
        if (!found.Ok)
        {
            return found.Error!;
        }

        var (speakers, asRequester, asSpeaker, needles) = found.Value!;
        var anonymised = new List<string>();
        foreach (var booking in asRequester)
        {
            if (await AnonymiseRequesterAsync(booking.Reference, needles, cancellationToken))
            {
                anonymised.Add(booking.Reference);
            }
        }

        foreach (var booking in asSpeaker.Where(b => Mentions(b.Message, needles)))
        {
            // A teacher's message may greet the speaker by name; the rest of the booking says nothing about her.
            await bookings.UpdateAsync(booking.Reference, (current, _) => new BookingChange { Updated = current with { Message = null } }, cancellationToken);
            anonymised.Add(booking.Reference);
        }

        foreach (var speaker in speakers)
        {
            await admin.Speakers.UpsertAsync([Tombstone(speaker, time.GetUtcNow())], cancellationToken);
        }

        var (mails, files) = await PurgeMailsAsync(needles, [.. asRequester.Select(b => b.Reference)], cancellationToken);
        var state = await personalData.FindStateAsync(needles, cancellationToken);
        var stateDeleted = await personalData.DeleteStateAsync([.. state.Select(s => s.Key)], cancellationToken);
        var scrubbed = 0;
        foreach (var speaker in speakers)
        {
            scrubbed += await personalData.ScrubAuditAsync("speaker:" + speaker.Id, needles, cancellationToken);
        }

        scrubbed += await personalData.ScrubAuditAsync(null, needles, cancellationToken);
        var report = new ErasureReport(speakers.Count, [.. anonymised.Distinct(StringComparer.Ordinal)], mails, files, stateDeleted, scrubbed);
        await admin.AuditAsync(who.Actor, "privacy.erase", AuditTarget(subject), null, report, cancellationToken);
        await personalData.CompactAsync(cancellationToken);
        return AdminResult<ErasureReport>.Success(report);
    }

    /// <summary>
    /// Anonymises the requester of every booking whose visit is more than <see cref="AdminOptions.RetentionMonths"/>
    /// months old, deletes those bookings' mails, and drops conversation state not written for as long.
    /// </summary>
    public async Task<ErasureReport> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        var months = admin.Options.RetentionMonths;
        var cutoff = FrenchTime.Today(time).AddMonths(-months);
        var anonymised = new List<string>();
        foreach (var view in await admin.AllBookingsAsync(null, cancellationToken))
        {
            var booking = view.Booking;
            if (booking.Date < cutoff && !IsAnonymised(booking.Requester))
            {
                await AnonymiseRequesterAsync(booking.Reference, Needles([booking.Requester.Email], [], [booking.Requester.Name]), cancellationToken);
                anonymised.Add(booking.Reference);
            }
        }

        var (mails, files) = anonymised.Count == 0 ? (0, 0) : await PurgeMailsAsync([], anonymised, cancellationToken);
        var stale = await personalData.DeleteStateOlderThanAsync(FrenchTime.ToInstant(cutoff, TimeOnly.MinValue), cancellationToken);

        // The conversation a booking was made in is kept as long as the booking (decision 117), and forgotten with it.
        stale += await personalData.DeleteStateAsync([.. anonymised.SelectMany(SpeakerBot.Bookings.BookingChat.KeysOf)], cancellationToken);

        // A one-message visitor's conversation is not kept for the months a booking is: idle state goes after days
        // (what must outlive it — demand records, coordinator links — follows the months above), marks sooner still.
        var now = time.GetUtcNow();
        var conversation = conversationOptions.Value;
        stale += await personalData.DeleteStateOlderThanAsync(now.AddDays(-conversation.StateRetentionDays), ConversationOptions.LongLivedStatePrefixes, cancellationToken);
        var marks = await state.DeleteProcessedOlderThanAsync(now.AddDays(-conversation.ProcessedActivityRetentionDays), cancellationToken);
        var report = new ErasureReport(0, anonymised, mails, files, stale, 0) { ProcessedActivitiesDeleted = marks };
        if (anonymised.Count > 0 || stale > 0 || marks > 0)
        {
            await admin.AuditAsync("system:retention", "privacy.retention", $"bookings-before:{AdminService.Iso(cutoff)}", null, report, cancellationToken);
            await personalData.CompactAsync(cancellationToken);
        }

        return report;
    }

    /// <summary>
    /// A speaker's own request, from her space, for her data or for erasure: mailed to every active national
    /// coordinator (the programme's address when there is none), who answers it with <see cref="ExportAsync"/> or
    /// <see cref="EraseAsync"/>, and audited. Asking twice within the hour sends one mail.
    /// </summary>
    /// <returns>How many coordinators were written to.</returns>
    public async Task<int> RequestFromSpeakerAsync(Speaker speaker, bool erase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var national = (await audit.ListAsync(cancellationToken)).Where(c => c.IsActive && c.Role == CoordinatorRole.National).Select(c => c.Email).ToList();
        if (national.Count == 0)
        {
            national.Add(bookingOptions.Value.CoordinatorEmail);
        }

        var kind = erase ? "erase" : "export";
        var hour = time.GetUtcNow().ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var what = erase ? "l'effacement de ses données" : "une copie de ses données";
        var how = erase
            ? $"POST /api/admin/privacy/erase {{\"speakerId\": \"{speaker.Id}\"}}"
            : $"GET /api/admin/privacy/export?speakerId={Uri.EscapeDataString(speaker.Id)}";
        await bookings.EnqueueAsync([.. national.Distinct(StringComparer.OrdinalIgnoreCase).Select(to => new OutboxMessage
        {
            Key = $"privacy-request/{speaker.Id}/{kind}/{hour}/{to.ToLowerInvariant()}",
            To = to,
            ToName = "Coordination nationale",
            Subject = $"Demande RGPD de l'intervenante {speaker.Id} : {(erase ? "effacement" : "accès")}",
            Body = $"Bonjour,\n\n{speaker.FullName} (intervenante {speaker.Id}) demande, depuis son espace, {what}.\nRépondez-y sous un mois (RGPD, articles 15 et 17) avec l'API d'administration :\n{how}\n",
            Language = "fr",
            DueAt = time.GetUtcNow(),
        })], cancellationToken);
        await admin.AuditAsync("speaker:" + speaker.Id, "privacy.request", "speaker:" + speaker.Id, null, new { kind, coordinators = national.Count }, cancellationToken);
        return national.Count;
    }

    public static bool IsAnonymised(Requester requester) =>
        string.Equals(requester?.Email, ErasedEmail, StringComparison.Ordinal);

    private async Task<AdminResult<(List<Speaker> Speakers, List<Booking> AsRequester, List<Booking> AsSpeaker, List<string> Needles)>> FindAsync(
        Coordinator who,
        PrivacySubject subject,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(subject);
        if (who.Role != CoordinatorRole.National)
        {
            return AdminError.Forbidden("L'export et l'effacement des données personnelles sont réservés à la coordination nationale.");
        }

        var email = subject.Email?.Trim();
        var speakerId = subject.SpeakerId?.Trim();
        if (string.IsNullOrEmpty(email) == string.IsNullOrEmpty(speakerId))
        {
            return AdminError.Invalid("email", "Indiquez soit une adresse e-mail (email), soit l'identifiant d'une intervenante (speakerId), pas les deux.");
        }

        if (!string.IsNullOrEmpty(email) && !BookingService.IsEmail(email))
        {
            return AdminError.Invalid("email", $"« {email} » n'est pas une adresse e-mail valide.");
        }

        var speakers = new List<Speaker>();
        await foreach (var speaker in admin.Speakers.ReadAllAsync(cancellationToken))
        {
            if ((speakerId is { Length: > 0 } && speaker.Id == speakerId)
                || (email is { Length: > 0 } && string.Equals(speaker.Contact?.Email?.Trim(), email, StringComparison.OrdinalIgnoreCase)))
            {
                speakers.Add(speaker);
            }
        }

        if (speakerId is { Length: > 0 } && speakers.Count == 0)
        {
            return AdminError.NotFound($"Aucune intervenante n'a l'identifiant « {speakerId} ».");
        }

        var ids = speakers.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var asRequester = new List<Booking>();
        var asSpeaker = new List<Booking>();
        foreach (var view in await admin.AllBookingsAsync(null, cancellationToken))
        {
            var booking = view.Booking;
            if (email is { Length: > 0 } && string.Equals(booking.Requester.Email.Trim(), email, StringComparison.OrdinalIgnoreCase))
            {
                asRequester.Add(booking);
            }
            else if (booking.Seats.Any(s => ids.Contains(s.SpeakerId)))
            {
                asSpeaker.Add(booking);
            }
        }

        var emails = new List<string>();
        if (email is { Length: > 0 })
        {
            emails.Add(email);
        }

        emails.AddRange(speakers.Select(s => s.Contact?.Email).OfType<string>());
        var phones = speakers.Select(s => s.Contact?.Phone).OfType<string>().ToList();
        var names = speakers.Select(s => s.FullName).Concat(asRequester.Select(b => b.Requester.Name)).ToList();
        var needles = Needles(emails, phones, names);
        needles.AddRange(asRequester.Select(b => b.Requester.UserKey).Where(k => k.Length >= 8));
        return AdminResult<(List<Speaker>, List<Booking>, List<Booking>, List<string>)>.Success((speakers, asRequester, asSpeaker, needles.Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
    }

    private async Task<bool> AnonymiseRequesterAsync(string reference, IReadOnlyCollection<string> needles, CancellationToken cancellationToken)
    {
        var result = await bookings.UpdateAsync(reference, (current, _) =>
        {
            if (IsAnonymised(current.Requester))
            {
                return BookingChange.None;
            }

            return new BookingChange
            {
                Updated = current with
                {
                    Requester = new Requester(ErasedName, ErasedEmail, "erased:" + current.Reference, current.Requester.Language),
                    Message = null,
                    // An online visit's link was the teacher's own meeting room; a school's street address is not personal.
                    Location = current.Format == VisitFormat.Online || Mentions(current.Location, needles) ? null : current.Location,
                    CancelReason = Mentions(current.CancelReason, needles) ? ErasedName : current.CancelReason,
                    Organisation = Mentions(current.Organisation, needles) ? null : current.Organisation,
                    Title = Mentions(current.Title, needles) ? null : current.Title,
                },
            };
        }, cancellationToken);
        return result.Booking is not null;
    }

    private async Task<(int Rows, int Files)> PurgeMailsAsync(IReadOnlyCollection<string> needles, IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        var mails = await personalData.FindMailsAsync(needles, references, cancellationToken);
        var files = 0;
        var folder = Path.GetFullPath(bookingOptions.Value.PickupDirectory);
        foreach (var mail in mails)
        {
            var file = Path.Combine(folder, EmlFolderMailTransport.FileName(new OutboxMessage { Id = mail.Id, Key = mail.Key, To = mail.To, Subject = mail.Subject, Body = mail.Body }));
            if (File.Exists(file))
            {
                File.Delete(file);
                files++;
            }
        }

        // Mails written before their outbox row was numbered, or by an older version, are found by the address
        // in their headers (addresses stay plain ASCII in .eml files, unlike encoded names and bodies).
        var addresses = needles.Where(n => n.Contains('@', StringComparison.Ordinal)).ToList();
        if (addresses.Count > 0 && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
            {
                var text = await File.ReadAllTextAsync(file, cancellationToken);
                if (addresses.Any(a => text.Contains(a, StringComparison.OrdinalIgnoreCase)))
                {
                    File.Delete(file);
                    files++;
                }
            }
        }

        var rows = await personalData.DeleteMailsAsync([.. mails.Select(m => m.Id)], cancellationToken);
        return (rows, files);
    }

    private static Speaker Tombstone(Speaker speaker, DateTimeOffset now) => new()
    {
        Id = speaker.Id,
        FirstName = "Profil",
        LastName = "effacé",
        Headline = "—",
        Sector = speaker.Sector,
        Region = speaker.Region,
        Network = speaker.Network,
        Formats = speaker.Formats,
        Audiences = speaker.Audiences,
        Languages = speaker.Languages,
        MonthlyCap = 0,
        Status = SpeakerStatus.Archived,
        Availability = Availability.Default,
        UpdatedAt = now,
    };

    private static Booking WithoutRequester(Booking booking) => booking with
    {
        Requester = new Requester(string.Empty, string.Empty, string.Empty, booking.Requester.Language),
        Message = null,
    };

    private static List<string> Needles(IEnumerable<string> emails, IEnumerable<string> phones, IEnumerable<string> names)
    {
        var needles = new List<string>();
        needles.AddRange(emails.Select(e => e.Trim()).Where(e => e.Length > 0));
        needles.AddRange(phones.Select(p => p.Trim()).Where(p => p.Count(char.IsAsciiDigit) >= 6));
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length >= 4 && n != ErasedName))
        {
            needles.Add(name);

            // JSON documents escape accented letters by default: "Hélène" is stored as "H\u00E9l\u00E8ne".
            var escaped = JsonSerializer.Serialize(name)[1..^1];
            if (escaped != name)
            {
                needles.Add(escaped);
            }
        }

        return needles;
    }

    private static bool Mentions(string? text, IReadOnlyCollection<string> needles) =>
        text is not null && needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));

    private static string AuditTarget(PrivacySubject subject) =>
        subject.SpeakerId is { Length: > 0 } id
            ? "speaker:" + id.Trim()
            : "person:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(subject.Email!.Trim().ToLowerInvariant())))[..16];
}
