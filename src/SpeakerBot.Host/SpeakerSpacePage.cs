using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Host.Admin;
using SpeakerBot.Protocol.DirectLine;

namespace SpeakerBot.Host;

/// <summary>
/// /speakers/space: a speaker's own page, opened from her personal signed link (decision 116). Server-rendered, French,
/// English when the browser prefers it. Every POST carries the link and an antiforgery token: the link says who she is,
/// the token that the form came from this page.
/// </summary>
public static class SpeakerSpacePage
{
    private const int MaxBodyBytes = 16 * 1024;

    // Monday to Saturday: schools are closed on Sundays.
    private static readonly DayOfWeek[] Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday];

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The antiforgery tokens of the page's forms, and the answers told back in the built-in Direct Line's chats.</summary>
    public static IServiceCollection AddSpeakerSpace(this IServiceCollection services)
    {
        services.AddAntiforgery(options => options.Cookie.Name = "sb-space-af");
        services.Replace(ServiceDescriptor.Singleton<IRequesterChat, DirectLineRequesterChat>());
        return services;
    }

    public static WebApplication MapSpeakerSpace(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/speakers/space", ShowAsync);
        app.MapPost("/speakers/space", SaveAsync);
        app.MapPost("/speakers/space/answer", AnswerAsync);
        app.MapPost("/speakers/space/new-link", NewLinkAsync);
        app.MapGet("/speakers/calendar/{id}/{key}.ics", CalendarAsync);
        app.MapPost("/speakers/space/privacy", PrivacyAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext http, SpeakerSpace space, ISpeakerStore speakers, IAntiforgery antiforgery, CancellationToken ct)
    {
        var lang = Language(http);
        var token = http.Request.Query["t"].ToString();
        var access = await space.ReadAsync(token, ct);
        var speaker = access.Kind == SpaceAccessKind.Valid ? await speakers.GetAsync(access.SpeakerId!, ct) : null;
        if (speaker is null)
        {
            return Problem(http, antiforgery, lang, access, token);
        }

        return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, null, null, null, StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, SpeakerSpace space, ISpeakerStore speakers, IAntiforgery antiforgery, CancellationToken ct)
    {
        var lang = Language(http);
        var (form, refused) = await ReadFormAsync(http, antiforgery, lang, ct);
        if (form is null)
        {
            return refused!;
        }

        var token = form["t"].ToString();
        var access = await space.ReadAsync(token, ct);
        var speaker = access.Kind == SpaceAccessKind.Valid ? await speakers.GetAsync(access.SpeakerId!, ct) : null;
        if (speaker is null)
        {
            return Problem(http, antiforgery, lang, access, token);
        }

        var (change, errors) = Parse(form, lang);
        if (errors.Count == 0)
        {
            foreach (var (field, refusal) in space.Check(speaker, change!, await space.BookingsAsync(speaker.Id, ct)))
            {
                errors[field] = refusal.In(lang);
            }
        }

        if (errors.Count > 0)
        {
            return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, errors, form, null, StatusCodes.Status400BadRequest, ct);
        }

        speaker = await space.SaveAsync(speaker, change!, ct);
        return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, null, null,
            T(lang, "C'est enregistré : la recherche en tient compte dès maintenant.", "Saved: the search uses it from now on."), StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, SpeakerSpace space, ISpeakerStore speakers, BookingService bookings, IAntiforgery antiforgery, CancellationToken ct)
    {
        var lang = Language(http);
        var (form, refused) = await ReadFormAsync(http, antiforgery, lang, ct);
        if (form is null)
        {
            return refused!;
        }

        var token = form["t"].ToString();
        var access = await space.ReadAsync(token, ct);
        var speaker = access.Kind == SpaceAccessKind.Valid ? await speakers.GetAsync(access.SpeakerId!, ct) : null;
        if (speaker is null)
        {
            return Problem(http, antiforgery, lang, access, token);
        }

        var reference = form["reference"].ToString();
        var reason = form["reason"].ToString().Trim();
        LinkAction? action = form["action"].ToString() switch
        {
            "accept" => LinkAction.Accept,
            "decline" => LinkAction.Decline,
            "cancel" => LinkAction.Cancel,
            _ => null,
        };
        if (action is null)
        {
            return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, new(StringComparer.Ordinal) { ["answer"] = T(lang, "Choisissez accepter, décliner ou annuler.", "Choose accept, decline or cancel.") }, null, null, StatusCodes.Status400BadRequest, ct);
        }

        if (action == LinkAction.Cancel && (reason.Length == 0 || reason.Length > 500))
        {
            return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, new(StringComparer.Ordinal) { [$"reason-{reference}"] = T(lang, "Donnez un motif (500 caractères au plus) : il est transmis au demandeur.", "Give a reason (at most 500 characters): it is sent to the requester.") }, null, null, StatusCodes.Status400BadRequest, ct);
        }

        var outcome = await bookings.AnswerAsSpeakerAsync(speaker.Id, reference, action.Value, reason, ct);
        var (message, status) = outcome.Kind switch
        {
            LinkOutcomeKind.Accepted => (T(lang, $"Vous avez accepté {outcome.Booking!.Reference}. Les coordonnées de chacun sont envoyées par e-mail, avec l'invitation pour votre agenda.", $"You accepted {outcome.Booking!.Reference}. Contact details are being sent to both sides by e-mail, with the calendar invitation."), StatusCodes.Status200OK),
            LinkOutcomeKind.Declined => (T(lang, $"Vous avez décliné {outcome.Booking!.Reference}. Le demandeur est prévenu.", $"You declined {outcome.Booking!.Reference}. The requester is told."), StatusCodes.Status200OK),
            LinkOutcomeKind.Cancelled => (T(lang, $"{outcome.Booking!.Reference} est annulée et le demandeur est prévenu avec votre motif.", $"{outcome.Booking!.Reference} is cancelled and the requester is told, with your reason."), StatusCodes.Status200OK),
            LinkOutcomeKind.NotPending => (outcome.Refusal?.In(lang) ?? T(lang, "Cette demande a déjà été traitée.", "This request was already handled."), StatusCodes.Status409Conflict),
            _ => (T(lang, "Cette demande n'est pas dans votre espace.", "This request is not in your space."), StatusCodes.Status404NotFound),
        };
        return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, null, null, message, status, ct);
    }

    private static async Task<IResult> PrivacyAsync(HttpContext http, SpeakerSpace space, ISpeakerStore speakers, PrivacyService privacy, IAntiforgery antiforgery, CancellationToken ct)
    {
        var lang = Language(http);
        var (form, refused) = await ReadFormAsync(http, antiforgery, lang, ct);
        if (form is null)
        {
            return refused!;
        }

        var token = form["t"].ToString();
        var access = await space.ReadAsync(token, ct);
        var speaker = access.Kind == SpaceAccessKind.Valid ? await speakers.GetAsync(access.SpeakerId!, ct) : null;
        if (speaker is null)
        {
            return Problem(http, antiforgery, lang, access, token);
        }

        var erase = form["request"].ToString() == "erase";
        if (erase && form["confirmErase"].ToString() is not ("yes" or "on"))
        {
            return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, new(StringComparer.Ordinal)
            {
                ["confirmErase"] = T(lang, "Cochez la case pour confirmer que vous demandez l'effacement de votre profil et de vos données.", "Tick the box to confirm you ask for your profile and data to be erased."),
            }, null, null, StatusCodes.Status400BadRequest, ct);
        }

        await privacy.RequestFromSpeakerAsync(speaker, erase, ct);
        return await SpacePageAsync(http, space, antiforgery, lang, token, speaker, null, null, erase
            ? T(lang, "Votre demande d'effacement est transmise à la coordination nationale, qui y répond sous un mois.", "Your erasure request is passed to the national coordination, which answers within a month.")
            : T(lang, "Votre demande de copie de vos données est transmise à la coordination nationale, qui y répond sous un mois.", "Your request for a copy of your data is passed to the national coordination, which answers within a month."), StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> CalendarAsync(string id, string key, SpeakerSpace space, CancellationToken ct)
    {
        // Unknown speaker, forged or revoked key: the same 404, so the address says nothing about who exists.
        var feed = await space.CalendarAsync(id, key, ct);
        return feed is null
            ? Results.NotFound()
            : Results.Content(feed, "text/calendar; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> NewLinkAsync(HttpContext http, SpeakerSpace space, IAntiforgery antiforgery, CancellationToken ct)
    {
        var lang = Language(http);
        var (form, refused) = await ReadFormAsync(http, antiforgery, lang, ct);
        if (form is null)
        {
            return refused!;
        }

        // A genuine link, even expired or replaced, names her: the new one goes to her address on file.
        var access = await space.ReadAsync(form["t"].ToString(), ct);
        await space.SendNewLinkAsync(access.Kind == SpaceAccessKind.Invalid ? null : access.SpeakerId, form["email"].ToString(), ct);
        return Page(lang, T(lang, "Nouveau lien envoyé", "New link sent"), T(lang,
            "Si nous connaissons cette intervenante, un nouveau lien personnel part vers son adresse e-mail enregistrée. Les liens précédents ne fonctionnent plus.",
            "If we know this speaker, a new personal link is on its way to her e-mail address on file. Earlier links no longer work."), StatusCodes.Status200OK);
    }

    private static async Task<(IFormCollection? Form, IResult? Refused)> ReadFormAsync(HttpContext http, IAntiforgery antiforgery, string lang, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes || !http.Request.HasFormContentType)
        {
            return (null, Page(lang, T(lang, "Formulaire non valide", "Invalid form"), T(lang, "Ce formulaire n'a pas été envoyé depuis la page. Rien n'a été changé.", "This form was not sent from the page. Nothing was changed."), StatusCodes.Status400BadRequest));
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return (null, Page(lang, T(lang, "Formulaire expiré", "Form expired"), T(lang,
                "Ce formulaire n'a pas été envoyé depuis votre page, ou il a expiré. Rien n'a été changé : rouvrez le lien de votre e-mail et recommencez.",
                "This form was not sent from your page, or it expired. Nothing was changed: open the link from your e-mail again and retry."), StatusCodes.Status400BadRequest));
        }

        return (await http.Request.ReadFormAsync(ct), null);
    }

    private static (SpaceChange? Change, Dictionary<string, string> Errors) Parse(IFormCollection form, string lang)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var weekly = new List<WeeklySlot>();
        foreach (var day in Days)
        {
            var code = DayCode(day);
            for (var window = 1; window <= 2; window++)
            {
                var startText = form[$"{code}{window}s"].ToString().Trim();
                var endText = form[$"{code}{window}e"].ToString().Trim();
                if (startText.Length == 0 && endText.Length == 0)
                {
                    continue;
                }

                if (!TryTime(startText, out var start) || !TryTime(endText, out var end))
                {
                    errors[$"day{(int)day}"] = T(lang, "Indiquez l'heure de début et l'heure de fin, au format 09:00.", "Give both a start and an end time, like 09:00.");
                }
                else if (end <= start)
                {
                    errors[$"day{(int)day}"] = T(lang, $"Le créneau finit ({BookingText.Time(end)}) avant de commencer ({BookingText.Time(start)}).", $"The window ends ({BookingText.Time(end)}) before it starts ({BookingText.Time(start)}).");
                }
                else
                {
                    weekly.Add(new WeeklySlot(day, start, end));
                }
            }
        }

        if (!int.TryParse(form["cap"].ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var cap))
        {
            errors["cap"] = T(lang, $"Indiquez un nombre entier de demandes par mois, entre 0 et {SpeakerSpace.MaxMonthlyCap}.", $"Give a whole number of requests per month, between 0 and {SpeakerSpace.MaxMonthlyCap}.");
        }

        var formats = form["formats"].Where(Taxonomy.IsFormat).Select(f => f!).Distinct(StringComparer.Ordinal).ToList();
        var pauseFrom = Date(form, "pauseFrom", lang, errors);
        var pauseTo = Date(form, "pauseTo", lang, errors);
        var holidayFrom = Date(form, "holidayFrom", lang, errors);
        var holidayTo = Date(form, "holidayTo", lang, errors);
        var extraDate = Date(form, "extraDate", lang, errors);
        TimeOnly? extraStart = null;
        TimeOnly? extraEnd = null;
        var extraStartText = form["extraStart"].ToString().Trim();
        var extraEndText = form["extraEnd"].ToString().Trim();
        if (extraStartText.Length > 0 || extraEndText.Length > 0)
        {
            if (TryTime(extraStartText, out var s) && TryTime(extraEndText, out var e))
            {
                (extraStart, extraEnd) = (s, e);
            }
            else
            {
                errors["extraDate"] = T(lang, "Indiquez l'heure de début et l'heure de fin, au format 09:00.", "Give both a start and an end time, like 09:00.");
            }
        }

        var removeHolidays = Dates(form, "removeHoliday");
        var removeExtras = Dates(form, "removeExtra");
        return (errors.Count > 0 ? null : new SpaceChange(weekly, cap, formats, pauseFrom, pauseTo, form["endPause"].ToString() is "yes" or "on")
        {
            HolidayFrom = holidayFrom,
            HolidayTo = holidayTo,
            RemoveHolidays = removeHolidays,
            ExtraDate = extraDate,
            ExtraStart = extraStart,
            ExtraEnd = extraEnd,
            RemoveExtras = removeExtras,
        }, errors);
    }

    private static List<DateOnly> Dates(IFormCollection form, string field)
    {
        var dates = new List<DateOnly>();
        foreach (var text in form[field])
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
        }

        return dates;
    }

    private static DateOnly? Date(IFormCollection form, string field, string lang, Dictionary<string, string> errors)
    {
        var text = form[field].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = T(lang, "Date attendue au format AAAA-MM-JJ.", "Date expected as YYYY-MM-DD.");
        return null;
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static async Task<IResult> SpacePageAsync(HttpContext http, SpeakerSpace space, IAntiforgery antiforgery, string lang, string token, Speaker speaker, Dictionary<string, string>? errors, IFormCollection? posted, string? notice, int status, CancellationToken ct)
    {
        var en = lang == "en";
        var tokens = antiforgery.GetAndStoreTokens(http);
        var hidden = $"<input type=\"hidden\" name=\"t\" value=\"{Html(token)}\"><input type=\"hidden\" name=\"{Html(tokens.FormFieldName)}\" value=\"{Html(tokens.RequestToken ?? string.Empty)}\">";
        var bookings = await space.BookingsAsync(speaker.Id, ct);
        var impact = SpeakerSpace.Impact(bookings);
        var body = new StringBuilder();
        if (notice is not null)
        {
            body.Append("<p role=\"status\"><strong>").Append(Html(notice)).Append("</strong></p>");
        }

        if (errors is { Count: > 0 })
        {
            body.Append("<div role=\"alert\"><p><strong>").Append(Html(T(lang, "Rien n'a été changé :", "Nothing was changed:"))).Append("</strong></p><ul>");
            foreach (var (field, message) in errors)
            {
                body.Append("<li data-field=\"").Append(Html(field)).Append("\">").Append(Html(message)).Append("</li>");
            }

            body.Append("</ul></div>");
        }

        body.Append("<p id=\"impact\">").Append(Html(T(lang,
            $"Vous avez rencontré {impact.Classes} classe(s) et {impact.Pupils} élève(s). Merci !",
            $"You have met {impact.Classes} class(es) and {impact.Pupils} pupil(s). Thank you!"))).Append("</p>");

        AppendBookings(body, lang, hidden, bookings, speaker.Id, errors);

        body.Append("<h2>").Append(Html(T(lang, "Mes disponibilités", "My availability"))).Append("</h2>")
            .Append("<form method=\"post\" action=\"/speakers/space\">").Append(hidden)
            .Append("<p>").Append(Html(T(lang, "Heures de la semaine où vous pouvez intervenir (jusqu'à deux créneaux par jour ; laissez vide un jour où vous n'êtes pas disponible).", "Hours of the week when you can give talks (up to two windows a day; leave a day empty when you are not available)."))).Append("</p><table>");
        foreach (var day in Days)
        {
            var code = DayCode(day);
            var slots = speaker.Availability.Weekly.Where(s => s.Day == day).OrderBy(s => s.Start).ToList();
            body.Append("<tr><th scope=\"row\">").Append(Html(BookingText.DayName(lang, day))).Append("</th>");
            for (var window = 1; window <= 2; window++)
            {
                var slot = slots.Count >= window ? slots[window - 1] : null;
                body.Append("<td>")
                    .Append(TimeInput($"{code}{window}s", posted, slot is null ? string.Empty : BookingText.Time(slot.Start))).Append(" – ")
                    .Append(TimeInput($"{code}{window}e", posted, slot is null ? string.Empty : BookingText.Time(slot.End))).Append("</td>");
            }

            body.Append("<td>").Append(FieldError(errors, $"day{(int)day}")).Append("</td></tr>");
        }

        body.Append("</table>");
        var cap = posted?["cap"].ToString() ?? speaker.MonthlyCap.ToString(CultureInfo.InvariantCulture);
        body.Append("<p><label for=\"cap\">").Append(Html(T(lang, "Demandes par mois, au plus :", "Requests per month, at most:"))).Append("</label> ")
            .Append("<input id=\"cap\" name=\"cap\" type=\"number\" min=\"0\" max=\"").Append(SpeakerSpace.MaxMonthlyCap).Append("\" required value=\"").Append(Html(cap)).Append("\">")
            .Append(FieldError(errors, "cap")).Append("</p>");
        body.Append("<fieldset><legend>").Append(Html(T(lang, "Formats", "Formats"))).Append("</legend>");
        var formats = posted is null ? speaker.Formats : [.. posted["formats"].Select(f => f ?? string.Empty)];
        foreach (var format in Taxonomy.Formats)
        {
            body.Append("<label><input type=\"checkbox\" name=\"formats\" value=\"").Append(format).Append('"')
                .Append(formats.Contains(format) ? " checked" : string.Empty).Append("> ").Append(Html(JoinLabels.Of(format, en))).Append("</label> ");
        }

        body.Append(FieldError(errors, "formats")).Append("</fieldset>");
        body.Append("<fieldset><legend>").Append(Html(T(lang, "Pause", "Pause"))).Append("</legend>");
        if (space.CurrentPause(speaker) is { } pause)
        {
            body.Append("<p id=\"pause\">").Append(Html(T(lang,
                $"Vous êtes en pause du {BookingText.Date(lang, pause.From)} au {BookingText.Date(lang, pause.To)} : on ne vous propose pas ces jours-là.",
                $"You are paused from {BookingText.Date(lang, pause.From)} to {BookingText.Date(lang, pause.To)}: you are not proposed on those days."))).Append("</p>")
                .Append("<p><label><input type=\"checkbox\" name=\"endPause\" value=\"yes\"> ").Append(Html(T(lang, "Reprendre dès maintenant", "Resume now"))).Append("</label></p>");
        }

        body.Append("<p><label for=\"pauseFrom\">").Append(Html(T(lang, "Me mettre en pause du", "Pause me from"))).Append("</label> ")
            .Append("<input id=\"pauseFrom\" name=\"pauseFrom\" type=\"date\" value=\"").Append(Html(posted?["pauseFrom"].ToString() ?? string.Empty)).Append("\"> ")
            .Append("<label for=\"pauseTo\">").Append(Html(T(lang, "au", "to"))).Append("</label> ")
            .Append("<input id=\"pauseTo\" name=\"pauseTo\" type=\"date\" value=\"").Append(Html(posted?["pauseTo"].ToString() ?? string.Empty)).Append("\">")
            .Append(FieldError(errors, "pauseFrom")).Append(FieldError(errors, "pauseTo")).Append("</p></fieldset>");
        AppendExceptions(body, lang, space, speaker, posted, errors);
        body
            .Append("<p><button type=\"submit\">").Append(Html(T(lang, "Enregistrer", "Save"))).Append("</button></p></form>");

        var calendar = await space.CalendarUrlAsync(speaker.Id, ct);
        body.Append("<h2>").Append(Html(T(lang, "Mon agenda", "My calendar"))).Append("</h2><p>")
            .Append(Html(T(lang, "Abonnez votre agenda (Google, Outlook, Apple) à cette adresse : vos interventions y apparaissent et s'y mettent à jour. Elle est secrète et change avec votre lien.", "Subscribe your calendar (Google, Outlook, Apple) to this address: your talks appear and stay up to date. It is secret and changes with your link.")))
            .Append("</p><p><label for=\"calendar\">").Append(Html(T(lang, "Adresse de l'agenda :", "Calendar address:"))).Append("</label> ")
            .Append("<input id=\"calendar\" readonly size=\"60\" value=\"").Append(Html(calendar)).Append("\"></p>");

        body.Append("<h2>").Append(Html(T(lang, "Mes données", "My data"))).Append("</h2>")
            .Append("<form method=\"post\" action=\"/speakers/space/privacy\">").Append(hidden)
            .Append("<p><button type=\"submit\" name=\"request\" value=\"export\">").Append(Html(T(lang, "Demander une copie de mes données", "Ask for a copy of my data"))).Append("</button></p>")
            .Append("<p><label for=\"confirmErase\"><input id=\"confirmErase\" type=\"checkbox\" name=\"confirmErase\" value=\"yes\"> ")
            .Append(Html(T(lang, "Je demande l'effacement de mon profil et de mes données", "I ask for my profile and data to be erased"))).Append("</label> ")
            .Append("<button type=\"submit\" name=\"request\" value=\"erase\">").Append(Html(T(lang, "Demander l'effacement", "Ask for erasure"))).Append("</button>")
            .Append(FieldError(errors, "confirmErase")).Append("</p></form>");

        body.Append("<form method=\"post\" action=\"/speakers/space/new-link\">").Append(hidden)
            .Append("<p>").Append(Html(T(lang, "Lien transmis par erreur ? Demandez-en un nouveau : celui-ci cessera de fonctionner.", "Link shared by mistake? Ask for a new one: this one will stop working."))).Append(' ')
            .Append("<button type=\"submit\">").Append(Html(T(lang, "M'envoyer un nouveau lien", "Send me a new link"))).Append("</button></p></form>");
        http.Response.Headers.CacheControl = "no-store";
        return Page(lang, T(lang, $"Bonjour {speaker.FirstName}", $"Hello {speaker.FirstName}"), null, status, body.ToString());
    }

    private static void AppendExceptions(StringBuilder body, string lang, SpeakerSpace space, Speaker speaker, IFormCollection? posted, Dictionary<string, string>? errors)
    {
        string Posted(string name) => Html(posted?[name].ToString() ?? string.Empty);
        body.Append("<fieldset><legend>").Append(Html(T(lang, "Congés", "Time off"))).Append("</legend>");
        foreach (var (from, to) in space.Holidays(speaker))
        {
            var id = "rh-" + from.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            body.Append("<p class=\"holiday\">").Append(Html(T(lang, $"Absente du {BookingText.Date(lang, from)} au {BookingText.Date(lang, to)}", $"Away from {BookingText.Date(lang, from)} to {BookingText.Date(lang, to)}"))).Append(" — ")
                .Append("<label for=\"").Append(id).Append("\"><input id=\"").Append(id).Append("\" type=\"checkbox\" name=\"removeHoliday\" value=\"").Append(Iso(from)).Append("\"> ")
                .Append(Html(T(lang, "supprimer", "remove"))).Append("</label></p>");
        }

        body.Append("<p><label for=\"holidayFrom\">").Append(Html(T(lang, "Absente du", "Away from"))).Append("</label> ")
            .Append("<input id=\"holidayFrom\" name=\"holidayFrom\" type=\"date\" value=\"").Append(Posted("holidayFrom")).Append("\"> ")
            .Append("<label for=\"holidayTo\">").Append(Html(T(lang, "au", "to"))).Append("</label> ")
            .Append("<input id=\"holidayTo\" name=\"holidayTo\" type=\"date\" value=\"").Append(Posted("holidayTo")).Append("\">")
            .Append(FieldError(errors, "holidayFrom")).Append(FieldError(errors, "holidayTo")).Append("</p></fieldset>");

        body.Append("<fieldset><legend>").Append(Html(T(lang, "Jours en plus", "Extra days"))).Append("</legend>");
        foreach (var extra in space.ExtraDays(speaker))
        {
            var id = "rx-" + extra.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            body.Append("<p class=\"extra\">").Append(Html(BookingText.Date(lang, extra.Date))).Append(", ")
                .Append(Html($"{BookingText.Time(extra.Start ?? new TimeOnly(8, 0))}–{BookingText.Time(extra.End ?? new TimeOnly(18, 0))}")).Append(" — ")
                .Append("<label for=\"").Append(id).Append("\"><input id=\"").Append(id).Append("\" type=\"checkbox\" name=\"removeExtra\" value=\"").Append(Iso(extra.Date)).Append("\"> ")
                .Append(Html(T(lang, "supprimer", "remove"))).Append("</label></p>");
        }

        body.Append("<p><label for=\"extraDate\">").Append(Html(T(lang, "Disponible aussi le", "Also available on"))).Append("</label> ")
            .Append("<input id=\"extraDate\" name=\"extraDate\" type=\"date\" value=\"").Append(Posted("extraDate")).Append("\"> ")
            .Append("<label for=\"extraStart\">").Append(Html(T(lang, "de", "from"))).Append("</label> ")
            .Append("<input id=\"extraStart\" name=\"extraStart\" type=\"time\" value=\"").Append(Posted("extraStart")).Append("\"> ")
            .Append("<label for=\"extraEnd\">").Append(Html(T(lang, "à", "to"))).Append("</label> ")
            .Append("<input id=\"extraEnd\" name=\"extraEnd\" type=\"time\" value=\"").Append(Posted("extraEnd")).Append("\">")
            .Append(FieldError(errors, "extraDate")).Append(FieldError(errors, "removeExtra")).Append("</p></fieldset>");
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void AppendBookings(StringBuilder body, string lang, string hidden, IReadOnlyList<Booking> bookings, string speakerId, Dictionary<string, string>? errors)
    {
        body.Append("<h2>").Append(Html(T(lang, "Mes demandes et interventions", "My requests and talks"))).Append("</h2>");
        if (bookings.Count == 0)
        {
            body.Append("<p>").Append(Html(T(lang, "Aucune demande pour l'instant.", "No request yet."))).Append("</p>");
            return;
        }

        body.Append("<ul id=\"bookings\">");
        foreach (var booking in bookings)
        {
            var seat = booking.Seats.First(s => s.SpeakerId == speakerId);
            var where = booking.School?.Name ?? booking.Title ?? booking.Organisation ?? string.Empty;
            body.Append("<li data-reference=\"").Append(Html(booking.Reference)).Append("\"><strong>").Append(Html(booking.Reference)).Append("</strong> — ")
                .Append(Html(BookingText.DateTime(lang, booking.Date, booking.Start))).Append(", ").Append(Html(where))
                .Append(" (").Append(Html(BookingService.StatusText(booking.Status, lang))).Append(')');
            var form = $"<form method=\"post\" action=\"/speakers/space/answer\" style=\"display:inline\">{hidden}<input type=\"hidden\" name=\"reference\" value=\"{Html(booking.Reference)}\">";
            if (BookingTransitions.AwaitsAnswer(booking, seat.Number))
            {
                body.Append(' ').Append(form).Append("<button name=\"action\" value=\"accept\">").Append(Html(T(lang, "Accepter", "Accept"))).Append("</button> ")
                    .Append("<button name=\"action\" value=\"decline\">").Append(Html(T(lang, "Décliner", "Decline"))).Append("</button></form>");
            }
            else if (BookingTransitions.CanWithdraw(booking, seat.Number))
            {
                body.Append(' ').Append(form).Append("<label>").Append(Html(T(lang, "Motif :", "Reason:"))).Append(" <input name=\"reason\" maxlength=\"500\" required></label> ")
                    .Append("<button name=\"action\" value=\"cancel\">").Append(Html(T(lang, "Annuler l'intervention", "Cancel the talk"))).Append("</button></form>")
                    .Append(FieldError(errors, $"reason-{booking.Reference}"));
            }

            body.Append("</li>");
        }

        body.Append("</ul>");
    }

    private static string TimeInput(string name, IFormCollection? posted, string current) =>
        $"<input name=\"{name}\" type=\"time\" aria-label=\"{name}\" value=\"{Html(posted?[name].ToString() ?? current)}\">";

    private static string FieldError(Dictionary<string, string>? errors, string field) =>
        errors is not null && errors.TryGetValue(field, out var message) ? $" <strong class=\"error\" id=\"error-{Html(field)}\">{Html(message)}</strong>" : string.Empty;

    private static IResult Problem(HttpContext http, IAntiforgery antiforgery, string lang, SpaceAccess access, string token)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var form = new StringBuilder("<form method=\"post\" action=\"/speakers/space/new-link\">")
            .Append("<input type=\"hidden\" name=\"").Append(Html(tokens.FormFieldName)).Append("\" value=\"").Append(Html(tokens.RequestToken ?? string.Empty)).Append("\">");
        if (access.Kind is SpaceAccessKind.Expired or SpaceAccessKind.Revoked)
        {
            form.Append("<input type=\"hidden\" name=\"t\" value=\"").Append(Html(token)).Append("\">");
        }
        else
        {
            form.Append("<p><label for=\"email\">").Append(Html(T(lang, "Votre adresse e-mail d'intervenante :", "Your speaker e-mail address:"))).Append("</label> ")
                .Append("<input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"254\"></p>");
        }

        form.Append("<button type=\"submit\">").Append(Html(T(lang, "M'envoyer un nouveau lien", "Send me a new link"))).Append("</button></form>");
        var (title, message, status) = access.Kind switch
        {
            SpaceAccessKind.Expired => (T(lang, "Lien expiré", "Link expired"), T(lang, "Votre lien personnel a expiré. Rien n'a été changé. Demandez-en un nouveau : il part vers votre adresse e-mail enregistrée.", "Your personal link has expired. Nothing was changed. Ask for a new one: it goes to your e-mail address on file."), StatusCodes.Status410Gone),
            SpaceAccessKind.Revoked => (T(lang, "Lien remplacé", "Link replaced"), T(lang, "Ce lien a été remplacé par un plus récent ou révoqué. Rien n'a été changé. Utilisez le dernier lien reçu, ou demandez-en un nouveau.", "This link was replaced by a newer one or revoked. Nothing was changed. Use the latest link you received, or ask for a new one."), StatusCodes.Status410Gone),
            _ => (T(lang, "Lien non valide", "Invalid link"), T(lang, "Ce lien n'est pas valide : il a peut-être été coupé ou modifié. Rien n'a été changé. Copiez-le en entier depuis l'e-mail, ou demandez un nouveau lien.", "This link is not valid: it may have been cut or altered. Nothing was changed. Copy it in full from the e-mail, or ask for a new link."), StatusCodes.Status400BadRequest),
        };
        http.Response.Headers.CacheControl = "no-store";
        return Page(lang, title, message, status, form.ToString());
    }

    private static IResult Page(string lang, string title, string? message, int status, string? extra = null)
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(lang).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(Html(title)).Append(" — SpeakerBot</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}.error{color:#a00}td,th{padding:.2rem .5rem;text-align:left}button{font-size:1rem;padding:.3rem .8rem}</style>")
            .Append("</head><body><main><h1>").Append(Html(title)).Append("</h1>");
        if (message is not null)
        {
            html.Append("<p>").Append(Html(message)).Append("</p>");
        }

        html.Append(extra).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string DayCode(DayOfWeek day) => day.ToString()[..3].ToLowerInvariant();

    private static string Language(HttpContext http) =>
        Languages.IsEnglish(http.Request.Headers.AcceptLanguage.ToString()) ? "en" : "fr";

    private static string T(string lang, string french, string english) => BookingText.Pick(lang, french, english);

    private static string Html(string text) => Encoder.Encode(text);
}
