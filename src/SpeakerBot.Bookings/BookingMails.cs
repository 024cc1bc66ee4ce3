using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>
/// Writes the e-mails of each booking event, in the requester's language for the requester and in the
/// speaker's for her. Contact details appear only in the mails sent after acceptance.
/// </summary>
public sealed class BookingMails(BookingLinks links, IOptions<BookingOptions> options, TimeProvider time)
{
    /// <summary>Tag of the mails that depend on the date (reminders, follow-up): cancelled on move or cancellation.</summary>
    public const string ScheduledTag = "scheduled";

    private readonly BookingOptions _options = options.Value;

    public static string LanguageOf(Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        return speaker.Languages.Count == 0 || speaker.Languages.Contains("fr") ? "fr" : "en";
    }

    public OutboxMessage Invitation(Booking b, Speaker speaker, int seat)
    {
        var lang = LanguageOf(speaker);
        var accept = links.CreateUrl(b.Reference, seat, LinkAction.Accept);
        var decline = links.CreateUrl(b.Reference, seat, LinkAction.Decline);
        var body = new StringBuilder()
            .AppendLine(T(lang, $"Bonjour {speaker.FirstName},", $"Hello {speaker.FirstName},"))
            .AppendLine()
            .AppendLine(b.Kind == BookingKind.Panel
                ? T(lang, $"{b.Requester.Name} ({b.Organisation}) vous invite à intervenir au panel « {b.Title} ».", $"{b.Requester.Name} ({b.Organisation}) invites you to speak on the panel \"{b.Title}\".")
                : T(lang, $"{b.Requester.Name} vous demande une heure découverte.", $"{b.Requester.Name} asks you for a classroom visit."))
            .AppendLine()
            .Append(Summary(b, lang))
            .AppendLine()
            .AppendLine(T(lang, "Pour accepter :", "To accept:"))
            .AppendLine(accept)
            .AppendLine(T(lang, "Pour décliner :", "To decline:"))
            .AppendLine(decline)
            .AppendLine()
            .AppendLine(T(lang, "Vos demandes, vos disponibilités et vos congés, dans votre espace :", "Your requests, availability and time off, in your space:"))
            .AppendLine(SpeakerSpace.MailedLink(links, _options, time, speaker.Id))
            .AppendLine()
            .AppendLine(T(lang,
                $"Sans réponse sous {_options.ResponseDays} jours, la demande expirera. Vos coordonnées ne sont transmises qu'après votre accord.",
                $"Without an answer within {_options.ResponseDays} days the request expires. Your contact details are shared only once you accept."))
            .ToString();
        // The speaker is in the key: a seat given to another speaker (reassign) is a new mail, not a duplicate of the first invitation.
        return Mail(b, $"to/{speaker.Id}/invite/{seat}/{b.Date:yyyyMMdd}{b.Start:HHmm}", speaker.Contact?.Email, speaker.FullName, lang,
            T(lang, $"Demande d'intervention {b.Reference} le {BookingText.DateTime(lang, b.Date, b.Start)}", $"Speaking request {b.Reference} on {BookingText.DateTime(lang, b.Date, b.Start)}"),
            body);
    }

    public OutboxMessage RequestReceived(Booking b, IReadOnlyList<Speaker> speakers)
    {
        var lang = b.Requester.Language;
        var names = string.Join(", ", speakers.Select(s => s.FullName));
        var body = new StringBuilder()
            .AppendLine(T(lang, $"Bonjour {b.Requester.Name},", $"Hello {b.Requester.Name},"))
            .AppendLine()
            .AppendLine(T(lang,
                $"Votre demande {b.Reference} est enregistrée et transmise à {names}. Vous recevrez ses coordonnées par e-mail dès qu'elle aura accepté.",
                $"Your request {b.Reference} is recorded and sent to {names}. You will receive her contact details by e-mail as soon as she accepts."))
            .AppendLine()
            .Append(Summary(b, lang))
            .ToString();
        return Mail(b, "received", b.Requester.Email, b.Requester.Name, lang,
            T(lang, $"Demande {b.Reference} enregistrée", $"Request {b.Reference} recorded"), body);
    }

    /// <summary>The mails of an accepted visit or a confirmed panel: contacts both ways, invitation, reminders, follow-up.</summary>
    public IReadOnlyList<OutboxMessage> Confirmed(Booking b, IReadOnlyList<Speaker> speakers)
    {
        var mails = new List<OutboxMessage>();
        var stamp = $"{b.Date:yyyyMMdd}{b.Start:HHmm}";
        var lang = b.Requester.Language;
        var calendar = Calendar(b, speakers, lang);
        var contacts = new StringBuilder();
        foreach (var s in speakers)
        {
            contacts.AppendLine(CultureInfo.InvariantCulture, $"- {s.FullName}, {s.Headline}: {s.Contact?.Email ?? "-"}{(s.Contact?.Phone is { } phone ? ", " + phone : string.Empty)}");
        }

        mails.Add(Mail(b, $"confirmed/requester/{stamp}", b.Requester.Email, b.Requester.Name, lang,
            T(lang, $"Confirmé : {b.Reference} le {BookingText.DateTime(lang, b.Date, b.Start)}", $"Confirmed: {b.Reference} on {BookingText.DateTime(lang, b.Date, b.Start)}"),
            new StringBuilder()
                .AppendLine(T(lang, $"Bonjour {b.Requester.Name},", $"Hello {b.Requester.Name},"))
                .AppendLine()
                .AppendLine(b.Kind == BookingKind.Panel
                    ? T(lang, "Toutes les intervenantes ont accepté : votre panel est confirmé. Leurs coordonnées :", "Every speaker accepted: your panel is confirmed. Their contact details:")
                    : T(lang, "L'intervenante a accepté. Ses coordonnées :", "The speaker accepted. Her contact details:"))
                .Append(contacts)
                .AppendLine()
                .Append(Summary(b, lang))
                .AppendLine()
                .AppendLine(T(lang, "L'invitation de calendrier est jointe (invite.ics).", "The calendar invitation is attached (invite.ics)."))
                .ToString(), calendar));

        foreach (var s in speakers)
        {
            var sl = LanguageOf(s);
            mails.Add(Mail(b, $"confirmed/{s.Id}/{stamp}", s.Contact?.Email, s.FullName, sl,
                T(sl, $"Confirmé : {b.Reference} le {BookingText.DateTime(sl, b.Date, b.Start)}", $"Confirmed: {b.Reference} on {BookingText.DateTime(sl, b.Date, b.Start)}"),
                new StringBuilder()
                    .AppendLine(T(sl, $"Bonjour {s.FirstName},", $"Hello {s.FirstName},"))
                    .AppendLine()
                    .AppendLine(T(sl, "Merci d'avoir accepté. Les coordonnées de votre contact :", "Thank you for accepting. Your contact's details:"))
                    .AppendLine(CultureInfo.InvariantCulture, $"- {b.Requester.Name}: {b.Requester.Email}")
                    .AppendLine()
                    .Append(Summary(b, sl))
                    .AppendLine()
                    .AppendLine(T(sl, "Pour annuler avec un motif :", "To cancel, with a reason:"))
                    .AppendLine(links.CreateUrl(b.Reference, b.SeatOf(s.Id)?.Number ?? 1, LinkAction.Cancel))
                    .ToString(), Calendar(b, speakers, sl)));
        }

        foreach (var days in new[] { 7, 1 })
        {
            var due = b.StartsAt.AddDays(-days);
            if (due <= time.GetUtcNow())
            {
                continue;
            }

            var when = T(lang, days == 1 ? "demain" : "dans une semaine", days == 1 ? "tomorrow" : "in one week");
            mails.Add(Scheduled(Mail(b, $"reminder{days}/requester/{stamp}", b.Requester.Email, b.Requester.Name, lang,
                T(lang, $"Rappel : {b.Reference} {when}", $"Reminder: {b.Reference} {when}"),
                T(lang, $"Bonjour {b.Requester.Name},\n\nPetit rappel : {b.Reference} a lieu {when}.\n\n", $"Hello {b.Requester.Name},\n\nA reminder: {b.Reference} takes place {when}.\n\n") + Summary(b, lang)), due));
            foreach (var s in speakers)
            {
                var sl = LanguageOf(s);
                var sWhen = T(sl, days == 1 ? "demain" : "dans une semaine", days == 1 ? "tomorrow" : "in one week");
                mails.Add(Scheduled(Mail(b, $"reminder{days}/{s.Id}/{stamp}", s.Contact?.Email, s.FullName, sl,
                    T(sl, $"Rappel : {b.Reference} {sWhen}", $"Reminder: {b.Reference} {sWhen}"),
                    T(sl, $"Bonjour {s.FirstName},\n\nPetit rappel : votre intervention {b.Reference} a lieu {sWhen}.\n\n", $"Hello {s.FirstName},\n\nA reminder: your talk {b.Reference} takes place {sWhen}.\n\n") + Summary(b, sl)), due));
            }
        }

        var feedback = links.CreateUrl(b.Reference, 0, LinkAction.Feedback);
        mails.Add(Scheduled(Mail(b, $"followup/{stamp}", b.Requester.Email, b.Requester.Name, lang,
            T(lang, $"{b.Reference} : deux questions sur l'intervention", $"{b.Reference}: two questions about the visit"),
            T(lang,
                $"Bonjour {b.Requester.Name},\n\nMerci d'avoir accueilli cette intervention. Deux questions (une minute) : combien d'élèves ont été touchés, dont combien de filles ? Et votre satisfaction de 1 à 5 ?\n{feedback}\n",
                $"Hello {b.Requester.Name},\n\nThank you for hosting this visit. Two questions (one minute): how many pupils were reached, of whom how many girls? And your satisfaction from 1 to 5?\n{feedback}\n")),
            b.EndsAt.AddHours(2)));
        return mails;
    }

    public OutboxMessage Declined(Booking b, Speaker speaker, bool expired)
    {
        var lang = b.Requester.Language;
        var why = expired
            ? T(lang, $"{speaker.FirstName} n'a pas répondu dans les {_options.ResponseDays} jours : la demande {b.Reference} a expiré.", $"{speaker.FirstName} did not answer within {_options.ResponseDays} days: request {b.Reference} has expired.")
            : T(lang, $"{speaker.FirstName} ne peut pas assurer l'intervention {b.Reference}.", $"{speaker.FirstName} cannot do visit {b.Reference}.");
        return Mail(b, expired ? "expired/requester" : "declined/requester", b.Requester.Email, b.Requester.Name, lang,
            T(lang, $"{b.Reference} : pas de réponse favorable", $"{b.Reference}: not accepted"),
            T(lang,
                $"Bonjour {b.Requester.Name},\n\n{why} Revenez sur le chat et demandez par exemple « d'autres intervenantes » : je vous en proposerai d'autres qui sont libres à cette date.\n",
                $"Hello {b.Requester.Name},\n\n{why} Come back to the chat and ask for example \"other speakers\": I will suggest others who are free on that date.\n"));
    }

    public OutboxMessage CoordinatorAlert(Booking b, string what) =>
        Mail(b, $"coordinator/{Slug(what)}/{b.Version}", _options.CoordinatorEmail, "Coordination", "fr",
            $"[SpeakerBot] {b.Reference} : {what}",
            $"{what}\n\n{Summary(b, "fr")}\nDemandeur : {b.Requester.Name}\n");

    /// <summary>To a coordinator of the request's region (national when none covers it): a request nobody fits yet.</summary>
    public OutboxMessage UnmatchedRequest(Booking b, string coordinatorEmail) =>
        Mail(b, $"unmatched/{coordinatorEmail.ToLowerInvariant()}", coordinatorEmail, "Coordination", "fr",
            $"[SpeakerBot] {b.Reference} : demande sans intervenante{(b.Region is { } region ? " (" + region + ")" : string.Empty)}",
            $"Une demande a été laissée sur le chat faute d'intervenante qui convienne. Répondez-lui à {b.Requester.Email}.\n\n"
            + $"Recherche : {b.Title ?? "(non précisée)"}\nSecteur : {b.Sector ?? "(non précisé)"}\nRégion : {b.Region ?? "(inconnue)"}\n"
            + $"{Summary(b, "fr")}\nDemandeur : {b.Requester.Email}\n");

    public OutboxMessage SeatChanged(Booking b, Speaker gone, Speaker? next, bool expired)
    {
        var lang = b.Requester.Language;
        var fr = (expired ? $"{gone.FullName} n'a pas répondu à temps" : $"{gone.FullName} a décliné")
            + (next is null ? " et il ne reste pas de remplaçante : dites-moi sur le chat si vous voulez chercher une autre intervenante." : $" ; j'ai invité la remplaçante suivante, {next.FullName} ({next.Headline}).");
        var en = (expired ? $"{gone.FullName} did not answer in time" : $"{gone.FullName} declined")
            + (next is null ? " and no standby is left: tell me in the chat if you want to look for another speaker." : $"; I invited the next standby, {next.FullName} ({next.Headline}).");
        return Mail(b, $"seat/{gone.Id}/{(next?.Id ?? "none")}", b.Requester.Email, b.Requester.Name, lang,
            T(lang, $"{b.Reference} : changement dans le panel", $"{b.Reference}: panel change"),
            T(lang, $"Bonjour {b.Requester.Name},\n\n{fr}\n", $"Hello {b.Requester.Name},\n\n{en}\n"));
    }

    /// <summary>To a speaker whose seat the coordination gave to someone else: she is no longer expected.</summary>
    public OutboxMessage Released(Booking b, Speaker speaker)
    {
        var lang = LanguageOf(speaker);
        return Mail(b, $"released/{speaker.Id}/{b.Version}", speaker.Contact?.Email, speaker.FullName, lang,
            T(lang, $"{b.Reference} : vous n'êtes plus attendue", $"{b.Reference}: you are no longer expected"),
            T(lang,
                $"Bonjour {speaker.FirstName},\n\nLa coordination a confié à une autre intervenante votre place dans {b.Reference} du {BookingText.DateTime(lang, b.Date, b.Start)} : vous n'êtes plus attendue et ce créneau est de nouveau libre dans votre agenda. Merci pour votre disponibilité.\n",
                $"Hello {speaker.FirstName},\n\nThe coordination gave your place in {b.Reference} on {BookingText.DateTime(lang, b.Date, b.Start)} to another speaker: you are no longer expected and the slot is free again in your calendar. Thank you for being available.\n"));
    }

    public OutboxMessage Cancelled(Booking b, string to, string name, string lang, string reason, BookingActor by) =>
        Mail(b, $"cancelled/{Slug(to)}", to, name, lang,
            T(lang, $"Annulé : {b.Reference}", $"Cancelled: {b.Reference}"),
            T(lang,
                $"Bonjour {name},\n\n{b.Reference} du {BookingText.DateTime(lang, b.Date, b.Start)} est annulé {By(by, "fr")}. Motif : {reason}\n",
                $"Hello {name},\n\n{b.Reference} on {BookingText.DateTime(lang, b.Date, b.Start)} is cancelled {By(by, "en")}. Reason: {reason}\n"));

    public OutboxMessage AccessCode(Booking b, string code)
    {
        var lang = b.Requester.Language;
        return Mail(b, $"code/{code}/{time.GetUtcNow().ToUnixTimeSeconds()}", b.Requester.Email, b.Requester.Name, lang,
            T(lang, $"Votre code pour {b.Reference}", $"Your code for {b.Reference}"),
            T(lang, $"Votre code est {code}. Il est valable 15 minutes. Si vous n'avez rien demandé, ignorez ce message.\n", $"Your code is {code}. It is valid for 15 minutes. If you did not ask for it, ignore this message.\n"));
    }

    public string Summary(Booking b, string? lang)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"{T(lang, "Référence", "Reference")} : {b.Reference}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{T(lang, "Date", "Date")} : {BookingText.DateTime(lang, b.Date, b.Start)} ({b.DurationMinutes} min)");
        if (b.Kind == BookingKind.Panel)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"{T(lang, "Événement", "Event")} : {b.Title} ({b.Organisation}, {b.AudienceSize} {T(lang, "personnes", "people")})");
        }
        else
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"{T(lang, "Établissement", "School")} : {b.School?.Name}{(b.School?.City is { } city ? ", " + city : string.Empty)}{(b.School?.Uai is { } uai ? " (UAI " + uai + ")" : string.Empty)}");
            s.AppendLine(CultureInfo.InvariantCulture, $"{T(lang, "Classe", "Class")} : {b.ClassLevel}, {b.Pupils} {T(lang, "élèves", "pupils")}");
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"{T(lang, "Format", "Format")} : {(b.Format == VisitFormat.Online ? T(lang, "en ligne", "online") : T(lang, "sur place", "in person"))}{(b.Location is { Length: > 0 } where ? " — " + where : string.Empty)}");
        if (!string.IsNullOrWhiteSpace(b.Message))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"{T(lang, "Message", "Message")} : {b.Message}");
        }

        return s.ToString();
    }

    public string Calendar(Booking b, IReadOnlyList<Speaker> speakers, string? lang)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        var title = b.Kind == BookingKind.Panel
            ? $"{b.Title} ({b.Reference})"
            : T(lang, $"Heure découverte – {string.Join(", ", speakers.Select(s => s.FullName))} – {b.School?.Name}", $"Classroom visit – {string.Join(", ", speakers.Select(s => s.FullName))} – {b.School?.Name}");
        var location = b.Format == VisitFormat.Online
            ? b.Location
            : b.Location ?? string.Join(", ", new[] { b.School?.Name, b.School?.Address, b.School?.City }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return IcsCalendar.Build(new CalendarEvent(
            Uid: $"{b.Reference}@speakerbot",
            Title: title,
            Start: b.StartsAt,
            End: b.EndsAt,
            Location: location,
            Description: Summary(b, lang),
            Organizer: new CalendarPerson(b.Requester.Name, b.Requester.Email),
            Attendees: [.. speakers.Select(s => new CalendarPerson(s.FullName, s.Contact?.Email ?? "unknown@speakerbot.local"))],
            Sequence: b.Version,
            Stamp: time.GetUtcNow(),
            ReminderBefore: TimeSpan.FromHours(1)));
    }

    private static OutboxMessage Scheduled(OutboxMessage mail, DateTimeOffset due) => mail with { DueAt = due, Tag = ScheduledTag };

    private OutboxMessage Mail(Booking b, string key, string? to, string name, string lang, string subject, string body, string? calendar = null) => new()
    {
        Key = $"{b.Reference}/{key}",
        BookingReference = b.Reference,
        To = string.IsNullOrWhiteSpace(to) ? _options.CoordinatorEmail : to,
        ToName = name,
        Subject = subject,
        Body = body,
        Calendar = calendar,
        Language = lang,
        DueAt = time.GetUtcNow(),
    };

    private static string By(BookingActor by, string lang) => by switch
    {
        BookingActor.Requester => T(lang, "par le demandeur", "by the requester"),
        BookingActor.Speaker => T(lang, "par l'intervenante", "by the speaker"),
        _ => T(lang, "par la coordination", "by the coordination"),
    };

    private static string Slug(string text) => new([.. text.ToLowerInvariant().Where(char.IsLetterOrDigit).Take(24)]);

    private static string T(string? lang, string french, string english) => BookingText.Pick(lang, french, english);
}
