using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Storage;

namespace SpeakerBot.Host;

/// <summary>
/// The small pages behind the links in booking e-mails. A GET only shows what the link would do, because
/// mail scanners open links; the change happens on the POST of the page's button.
/// </summary>
public static class BookingEndpoints
{
    // Accented letters stay readable in the page source; markup characters are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Booking store, rules, e-mails and background sender (Bookings and Storage sections), and the booking flows' hooks.</summary>
    public static IServiceCollection AddBookingServices(this IServiceCollection services) => services.AddBookingStore().AddBookings().AddBookingConversations();

    public static WebApplication MapBookingEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/bookings").DisableAntiforgery();
        group.MapGet("/respond", ShowResponseAsync);
        group.MapPost("/respond", RespondAsync);
        group.MapGet("/feedback", ShowFeedbackAsync);
        group.MapPost("/feedback", SubmitFeedbackAsync);
        return app;
    }

    private static async Task<IResult> ShowResponseAsync(HttpContext http, BookingService bookings, BookingMails mails, CancellationToken cancellationToken)
    {
        var lang = Language(http);
        var token = http.Request.Query["t"].ToString();
        var (claim, booking) = await bookings.PreviewLinkAsync(token, cancellationToken);
        var problem = LinkProblem(claim, booking, lang);
        if (problem is not null || claim is null || booking is null)
        {
            return problem ?? Invalid(lang);
        }

        // The same guards as the transitions the link would run (BookingTransitions), so the page never offers what the POST refuses.
        var pending = claim.Action == LinkAction.Cancel ? BookingTransitions.CanWithdraw(booking, claim.Seat) : BookingTransitions.AwaitsAnswer(booking, claim.Seat);
        if (!pending)
        {
            return Page(lang, T(lang, "Déjà traité", "Already handled"), T(lang, $"Cette demande a déjà reçu une réponse ({BookingService.StatusText(booking.Status, "fr")}).", $"This request was already answered ({BookingService.StatusText(booking.Status, "en")})."), StatusCodes.Status409Conflict);
        }

        var (title, button) = claim.Action switch
        {
            LinkAction.Accept => (T(lang, "Accepter cette intervention ?", "Accept this request?"), T(lang, "Oui, j'accepte", "Yes, I accept")),
            LinkAction.Decline => (T(lang, "Décliner cette intervention ?", "Decline this request?"), T(lang, "Je décline", "I decline")),
            _ => (T(lang, "Annuler cette intervention ?", "Cancel this talk?"), T(lang, "Annuler l'intervention", "Cancel the talk")),
        };
        var form = new StringBuilder()
            .Append("<pre>").Append(Html(mails.Summary(booking, lang))).Append("</pre>")
            .Append("<form method=\"post\" action=\"/bookings/respond\">")
            .Append("<input type=\"hidden\" name=\"t\" value=\"").Append(Html(token)).Append("\">");
        if (claim.Action == LinkAction.Cancel)
        {
            form.Append("<p><label for=\"reason\">").Append(Html(T(lang, "Motif (transmis au demandeur) :", "Reason (sent to the requester):")))
                .Append("</label><br><textarea id=\"reason\" name=\"reason\" required maxlength=\"500\" rows=\"3\" cols=\"50\"></textarea></p>");
        }

        form.Append("<button type=\"submit\">").Append(Html(button)).Append("</button></form>");
        return Page(lang, title, null, StatusCodes.Status200OK, form.ToString());
    }

    private static async Task<IResult> RespondAsync(HttpContext http, BookingService bookings, CancellationToken cancellationToken)
    {
        var lang = Language(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var outcome = await bookings.RespondAsync(form["t"].ToString(), form["reason"].ToString(), cancellationToken);
        return outcome.Kind switch
        {
            LinkOutcomeKind.Accepted => Page(lang, T(lang, "Merci !", "Thank you!"), T(lang,
                $"Vous avez accepté {outcome.Booking!.Reference}. Les coordonnées de chacun sont envoyées par e-mail, avec l'invitation pour votre agenda.",
                $"You accepted {outcome.Booking!.Reference}. Contact details are being sent to both sides by e-mail, with the calendar invitation."), StatusCodes.Status200OK),
            LinkOutcomeKind.Declined => Page(lang, T(lang, "C'est noté", "Noted"), T(lang,
                $"Vous avez décliné {outcome.Booking!.Reference}. Le demandeur est prévenu ; merci d'avoir répondu.",
                $"You declined {outcome.Booking!.Reference}. The requester is told; thank you for answering."), StatusCodes.Status200OK),
            LinkOutcomeKind.Cancelled => Page(lang, T(lang, "Intervention annulée", "Talk cancelled"), T(lang,
                $"{outcome.Booking!.Reference} est annulée et le demandeur est prévenu avec votre motif.",
                $"{outcome.Booking!.Reference} is cancelled and the requester is told, with your reason."), StatusCodes.Status200OK),
            LinkOutcomeKind.AlreadyUsed => Page(lang, T(lang, "Lien déjà utilisé", "Link already used"), T(lang,
                "Ce lien a déjà servi : votre réponse est enregistrée. Rien n'a été changé.",
                "This link was already used: your answer is recorded. Nothing was changed."), StatusCodes.Status409Conflict),
            LinkOutcomeKind.NotPending => Page(lang, T(lang, "Déjà traité", "Already handled"), outcome.Refusal?.In(lang), StatusCodes.Status409Conflict),
            LinkOutcomeKind.Expired => Expired(lang),
            _ => Invalid(lang),
        };
    }

    private static async Task<IResult> ShowFeedbackAsync(HttpContext http, BookingService bookings, CancellationToken cancellationToken)
    {
        var token = http.Request.Query["t"].ToString();
        var (claim, booking) = await bookings.PreviewLinkAsync(token, cancellationToken);
        var lang = booking?.Requester.Language ?? Language(http);
        return LinkProblem(claim, booking, lang) ?? FeedbackForm(lang, token, booking!, null, null, null, null);
    }

    private static async Task<IResult> SubmitFeedbackAsync(HttpContext http, BookingService bookings, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var token = form["t"].ToString();
        var lang = Language(http);
        var pupilsText = form["pupils"].ToString();
        var girlsText = form["girls"].ToString();
        var satisfactionText = form["satisfaction"].ToString();
        if (!int.TryParse(pupilsText, NumberStyles.None, CultureInfo.InvariantCulture, out var pupils)
            || !int.TryParse(girlsText, NumberStyles.None, CultureInfo.InvariantCulture, out var girls)
            || !int.TryParse(satisfactionText, NumberStyles.None, CultureInfo.InvariantCulture, out var satisfaction))
        {
            var (_, preview) = await bookings.PreviewLinkAsync(token, cancellationToken);
            return preview is null
                ? Invalid(lang)
                : FeedbackForm(preview.Requester.Language, token, preview, T(preview.Requester.Language, "Indiquez des nombres entiers : élèves touchés, dont filles, et une note de 1 à 5.", "Give whole numbers: pupils reached, of whom girls, and a rating from 1 to 5."), pupilsText, girlsText, satisfactionText);
        }

        var outcome = await bookings.SubmitFeedbackAsync(token, pupils, girls, satisfaction, cancellationToken);
        lang = outcome.Language;
        return outcome.Kind switch
        {
            LinkOutcomeKind.FeedbackSaved => Page(lang, T(lang, "Merci !", "Thank you!"), T(lang, "Vos réponses sont enregistrées ; elles comptent dans le bilan des interventions.", "Your answers are recorded; they count in the visits report."), StatusCodes.Status200OK),
            LinkOutcomeKind.Refused => FeedbackForm(lang, token, outcome.Booking!, outcome.Refusal!.In(lang), pupilsText, girlsText, satisfactionText),
            LinkOutcomeKind.AlreadyUsed => Page(lang, T(lang, "Déjà reçu", "Already received"), T(lang, "Vos réponses ont déjà été enregistrées. Merci !", "Your answers were already recorded. Thank you!"), StatusCodes.Status409Conflict),
            LinkOutcomeKind.NotPending => Page(lang, T(lang, "Pas encore", "Not yet"), outcome.Refusal?.In(lang), StatusCodes.Status409Conflict),
            LinkOutcomeKind.Expired => Expired(lang),
            _ => Invalid(lang),
        };
    }

    private static IResult FeedbackForm(string lang, string token, Booking booking, string? error, string? pupils, string? girls, string? satisfaction)
    {
        var body = new StringBuilder();
        if (error is not null)
        {
            body.Append("<p role=\"alert\"><strong>").Append(Html(error)).Append("</strong></p>");
        }

        body.Append("<form method=\"post\" action=\"/bookings/feedback\">")
            .Append("<input type=\"hidden\" name=\"t\" value=\"").Append(Html(token)).Append("\">")
            .Append("<p><label for=\"pupils\">").Append(Html(T(lang, "Élèves touchés :", "Pupils reached:"))).Append("</label> ")
            .Append("<input id=\"pupils\" name=\"pupils\" type=\"number\" min=\"0\" max=\"1000\" required value=\"").Append(Html(pupils ?? booking.Pupils?.ToString(CultureInfo.InvariantCulture) ?? string.Empty)).Append("\"></p>")
            .Append("<p><label for=\"girls\">").Append(Html(T(lang, "dont filles :", "of whom girls:"))).Append("</label> ")
            .Append("<input id=\"girls\" name=\"girls\" type=\"number\" min=\"0\" max=\"1000\" required value=\"").Append(Html(girls ?? string.Empty)).Append("\"></p>")
            .Append("<fieldset><legend>").Append(Html(T(lang, "Satisfaction (1 = déçue, 5 = ravie)", "Satisfaction (1 = disappointed, 5 = delighted)"))).Append("</legend>");
        for (var i = 1; i <= 5; i++)
        {
            var value = i.ToString(CultureInfo.InvariantCulture);
            body.Append("<label><input type=\"radio\" name=\"satisfaction\" value=\"").Append(value).Append('"')
                .Append(satisfaction == value ? " checked" : string.Empty).Append(" required> ").Append(value).Append("</label> ");
        }

        body.Append("</fieldset><p><button type=\"submit\">").Append(Html(T(lang, "Envoyer", "Send"))).Append("</button></p></form>");
        return Page(lang, T(lang, $"{booking.Reference} : deux questions", $"{booking.Reference}: two questions"), null, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, body.ToString());
    }

    private static IResult? LinkProblem(LinkClaim? claim, Booking? booking, string lang) => claim switch
    {
        null or { Validity: LinkValidity.Tampered } => Invalid(lang),
        { Validity: LinkValidity.Expired } => Expired(lang),
        _ when booking is null => Invalid(lang),
        _ => null,
    };

    private static IResult Invalid(string lang) => Page(lang, T(lang, "Lien non valide", "Invalid link"), T(lang,
        "Ce lien n'est pas valide : il a peut-être été coupé ou modifié. Copiez-le en entier depuis l'e-mail.",
        "This link is not valid: it may have been cut or altered. Copy it in full from the e-mail."), StatusCodes.Status400BadRequest);

    private static IResult Expired(string lang) => Page(lang, T(lang, "Lien expiré", "Link expired"), T(lang,
        "Ce lien a expiré. Si la demande vous intéresse toujours, répondez à l'e-mail de la coordination.",
        "This link has expired. If you are still interested, reply to the coordination's e-mail."), StatusCodes.Status410Gone);

    private static IResult Page(string lang, string title, string? message, int status, string? extra = null)
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(lang).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Html(title)).Append(" — SpeakerBot</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}pre{white-space:pre-wrap;background:#f4f4f6;padding:1rem}button{font-size:1rem;padding:.5rem 1rem}</style>")
            .Append("</head><body><h1>").Append(Html(title)).Append("</h1>");
        if (message is not null)
        {
            html.Append("<p>").Append(Html(message)).Append("</p>");
        }

        html.Append(extra).Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Language(HttpContext http) =>
        Languages.IsEnglish(http.Request.Headers.AcceptLanguage.ToString()) ? "en" : "fr";

    private static string T(string lang, string french, string english) => BookingText.Pick(lang, french, english);

    private static string Html(string text) => Encoder.Encode(text);
}
