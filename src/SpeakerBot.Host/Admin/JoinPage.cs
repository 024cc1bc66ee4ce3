using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Protocol.DirectLine;

namespace SpeakerBot.Host.Admin;

/// <summary>
/// /join: a public, server-rendered form where a woman proposes her own profile. It is kept aside until she opens the
/// link mailed to the address she gave and confirms; it then arrives as pending (never searchable until a coordinator
/// approves it). French, English when the browser prefers it or ?lang=en.
/// </summary>
internal static class JoinPage
{
    /// <summary>Version of the privacy notice she consents to, recorded in the audit log with her consent.</summary>
    public const string NoticeVersion = "2026-12";

    /// <summary>A whole form is a few KB; anything much larger is not a person typing.</summary>
    public const int MaxBodyBytes = 32 * 1024;

    private const string Honeypot = "website";

    private static readonly Dictionary<string, (int Max, bool Required)> Fields = new(StringComparer.Ordinal)
    {
        ["firstName"] = (80, true),
        ["lastName"] = (80, true),
        ["headline"] = (120, true),
        ["employer"] = (120, false),
        ["sector"] = (40, true),
        ["region"] = (40, true),
        ["city"] = (80, false),
        ["topics"] = (300, false),
        ["bio"] = (2000, false),
        ["email"] = (254, true),
        ["phone"] = (30, false),
    };

    public static WebApplication MapJoinPage(this WebApplication app)
    {
        app.MapGet("/join", (HttpContext http) => Html(Form(Language(http, StringValues.Empty), new Dictionary<string, string>(StringComparer.Ordinal), [], [], [], consent: false)));
        app.MapGet("/join/privacy", (HttpContext http) => Html(Notice(Language(http, StringValues.Empty))));
        app.MapGet("/join/thanks", (HttpContext http) => Html(Thanks(Language(http, StringValues.Empty))));
        // Its own bucket, stricter than Direct Line's: a proposal costs a coordinator's time, not just a row.
        var settings = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var proposals = new CreationRateLimiter(
            Options.Create(new DirectLineOptions { CreationsPerMinute = settings.JoinProposalsPerHour / 60, CreationBurst = settings.JoinProposalBurst }),
            app.Services.GetRequiredService<TimeProvider>());
        var confirmations = ActivatorUtilities.CreateInstance<JoinConfirmations>(app.Services);
        app.MapPost("/join", (HttpContext http, CancellationToken ct) => SubmitAsync(http, confirmations, proposals, ct));

        // The mailed link only shows a page; the button's POST confirms, because mail scanners open the links they see.
        app.MapGet("/join/confirm", async (HttpContext http, CancellationToken ct) =>
        {
            var token = http.Request.Query["t"].ToString();
            var (outcome, proposal) = await confirmations.PreviewAsync(token, ct);
            return Confirmation(proposal?.Language ?? Language(http, StringValues.Empty), outcome, proposal, token);
        });
        app.MapPost("/join/confirm", async (HttpContext http, CancellationToken ct) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : FormCollection.Empty;
            var (outcome, proposal) = await confirmations.ConfirmAsync(form["t"].ToString(), ct);
            return Confirmation(proposal?.Language ?? Language(http, form["lang"]), outcome, proposal, null);
        });
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, JoinConfirmations confirmations, CreationRateLimiter proposals, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem(statusCode: 413, title: "Formulaire trop long", detail: "Le formulaire envoyé dépasse 32 Ko ; raccourcissez la présentation.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { ValueLengthLimit = MaxBodyBytes, ValueCountLimit = 64, MultipartBodyLengthLimit = MaxBodyBytes }, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return Results.Problem(statusCode: 413, title: "Formulaire trop long", detail: "Le formulaire envoyé dépasse 32 Ko ; raccourcissez la présentation.");
        }

        var lang = Language(http, form["lang"]);
        var en = lang == "en";
        var values = Fields.Keys.ToDictionary(k => k, k => form[k].ToString().Trim(), StringComparer.Ordinal);
        var audiences = form["audiences"].Where(a => Taxonomy.IsAudience(a)).Select(a => a!).ToList();
        var formats = form["formats"].Where(f => Taxonomy.IsFormat(f)).Select(f => f!).ToList();
        var consent = form["consent"].ToString() is "yes" or "on";

        if (!string.IsNullOrEmpty(form[Honeypot]))
        {
            // A robot filled the field people cannot see: answer as if accepted, keep nothing.
            return Results.Redirect($"/join/thanks?lang={lang}", permanent: false, preserveMethod: false);
        }

        var errors = Validate(values, consent, en);
        if (errors.Count == 0 && proposals.TryAcquire(http.Connection.RemoteIpAddress) is { } wait && wait > TimeSpan.Zero)
        {
            if (proposals.TrackedClients > 10_000)
            {
                proposals.ForgetIdle();
            }

            var minutes = (int)Math.Ceiling(wait.TotalMinutes);
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            errors["form"] = en
                ? $"Too many proposals from your connection. Please try again in {minutes} min."
                : $"Trop de propositions depuis votre connexion. Réessayez dans {minutes} min.";
            return Html(Form(lang, values, audiences, formats, errors, consent), StatusCodes.Status429TooManyRequests);
        }

        if (errors.Count == 0)
        {
            var input = new SpeakerInput
            {
                FirstName = values["firstName"],
                LastName = values["lastName"],
                Headline = values["headline"],
                Employer = values["employer"],
                Sector = values["sector"],
                Region = values["region"],
                City = values["city"],
                Topics = [.. values["topics"].Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(10)],
                Audiences = audiences,
                Formats = formats.Count == 0 ? ["classroom"] : formats,
                Languages = en ? ["fr", "en"] : ["fr"],
                Bio = values["bio"],
                Email = values["email"],
                Phone = values["phone"],
            };
            await confirmations.ProposeAsync(input, lang, ct);
            return Results.Redirect($"/join/thanks?lang={lang}");
        }

        return Html(Form(lang, values, audiences, formats, errors, consent), StatusCodes.Status400BadRequest);
    }

    private static Dictionary<string, string> Validate(Dictionary<string, string> values, bool consent, bool en)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, (max, required)) in Fields)
        {
            var value = values[field];
            if (required && value.Length == 0)
            {
                errors[field] = en ? $"Please fill in {Label(field, true).ToLowerInvariant()}." : $"Indiquez {Article(field)}{Label(field, false).ToLowerInvariant()}.";
            }
            else if (value.Length > max)
            {
                errors[field] = en ? $"At most {max} characters (you typed {value.Length})." : $"{max} caractères au plus (vous en avez saisi {value.Length}).";
            }
        }

        foreach (var field in new[] { "firstName", "lastName" })
        {
            if (!errors.ContainsKey(field) && PersonName.ForbiddenCharacter(values[field]) is { } bad)
            {
                errors[field] = en
                    ? $"A name is plain text: \"{PersonName.Describe(bad)}\" is not accepted (nor {PersonName.ForbiddenMarkup}, line breaks or tabs)."
                    : $"Un nom s'écrit en texte simple : « {PersonName.Describe(bad)} » n'est pas accepté (ni {PersonName.ForbiddenMarkup}, ni retour à la ligne ou tabulation).";
            }
        }

        if (!errors.ContainsKey("sector") && !Taxonomy.IsSector(values["sector"]))
        {
            errors["sector"] = en ? "Choose a sector from the list." : "Choisissez un secteur dans la liste.";
        }

        if (!errors.ContainsKey("region") && !Taxonomy.IsRegion(values["region"]))
        {
            errors["region"] = en ? "Choose a region from the list." : "Choisissez une région dans la liste.";
        }

        if (!errors.ContainsKey("email") && !BookingService.IsEmail(values["email"]))
        {
            errors["email"] = en ? "This does not look like an e-mail address (example: first.last@company.com)." : "Cette adresse e-mail ne semble pas valide (exemple : prenom.nom@entreprise.fr).";
        }

        var phone = values["phone"];
        if (!errors.ContainsKey("phone") && phone.Length > 0 && (phone.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '+' or '.' or '-' or '(' or ')')) || phone.Count(char.IsAsciiDigit) is < 9 or > 15))
        {
            errors["phone"] = en ? "A phone number has 9 to 15 digits (example: 06 12 34 56 78)." : "Un numéro de téléphone compte 9 à 15 chiffres (exemple : 06 12 34 56 78).";
        }

        if (!consent)
        {
            errors["consent"] = en ? "Your profile can only be kept if you accept the privacy notice." : "Nous ne pouvons garder votre profil que si vous acceptez la notice de confidentialité.";
        }

        return errors;
    }

    /// <summary>?lang= wins, then the browser's most preferred of French and English; French by default.</summary>
    internal static string Language(HttpContext http, StringValues posted)
    {
        var asked = posted.ToString() is { Length: > 0 } p ? p : http.Request.Query["lang"].ToString();
        if (asked is "fr" or "en")
        {
            return asked;
        }

        var preferred = http.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Value.HasValue)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value!)
            .FirstOrDefault(l => l.StartsWith("fr", StringComparison.OrdinalIgnoreCase) || l.StartsWith("en", StringComparison.OrdinalIgnoreCase));
        return Languages.IsEnglish(preferred) ? "en" : "fr";
    }

    private static string Form(string lang, Dictionary<string, string> values, IReadOnlyList<string> audiences, IReadOnlyList<string> formats, Dictionary<string, string> errors, bool consent)
    {
        var en = lang == "en";
        var sb = new StringBuilder();
        Head(sb, lang, en ? "Become a role model speaker" : "Devenir intervenante");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{(en ? "Become a role model speaker" : "Devenir intervenante")}</h1>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{(en
            ? "Tell pupils about your job: propose your profile. A coordinator of your region checks it before it appears in the directory."
            : "Faites découvrir votre métier aux élèves : proposez votre profil. Une coordinatrice de votre région le vérifie avant qu'il apparaisse dans l'annuaire.")}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"lang\"><a href=\"/join?lang={(en ? "fr" : "en")}\" hreflang=\"{(en ? "fr" : "en")}\">{(en ? "Version française" : "English version")}</a></p>");
        if (errors.TryGetValue("form", out var formError))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"summary\" role=\"alert\"><p>{E(formError)}</p></div>");
        }
        else if (errors.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"summary\" role=\"alert\"><p>{(en ? "Please correct the fields marked below." : "Merci de corriger les champs signalés ci-dessous.")}</p></div>");
        }

        sb.Append("<form method=\"post\" action=\"/join\" novalidate>");
        sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"lang\" value=\"{lang}\">");
        Text(sb, "firstName", en, values, errors, "given-name");
        Text(sb, "lastName", en, values, errors, "family-name");
        Text(sb, "headline", en, values, errors, "organization-title");
        Text(sb, "employer", en, values, errors, "organization");
        Select(sb, "sector", en, Taxonomy.Sectors, values, errors);
        Select(sb, "region", en, Taxonomy.Regions, values, errors);
        Text(sb, "city", en, values, errors, "address-level2");
        Text(sb, "topics", en, values, errors, "off");
        Checkboxes(sb, "audiences", en, Taxonomy.Audiences, audiences);
        Checkboxes(sb, "formats", en, Taxonomy.Formats, formats);
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"field{(errors.ContainsKey("bio") ? " invalid" : string.Empty)}\"><label for=\"bio\">{Label("bio", en)}</label>");
        sb.Append(CultureInfo.InvariantCulture, $"<textarea id=\"bio\" name=\"bio\" rows=\"6\" maxlength=\"{Fields["bio"].Max}\"{Described("bio", errors)}>{E(values.GetValueOrDefault("bio"))}</textarea>{Error("bio", errors)}</p>");
        Text(sb, "email", en, values, errors, "email", "email");
        Text(sb, "phone", en, values, errors, "tel", "tel");

        // The honeypot: hidden from people (off screen, out of the tab order), filled by form robots.
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"hp\" aria-hidden=\"true\"><label for=\"{Honeypot}\">Website</label><input id=\"{Honeypot}\" name=\"{Honeypot}\" tabindex=\"-1\" autocomplete=\"off\"></p>");

        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"field consent{(errors.ContainsKey("consent") ? " invalid" : string.Empty)}\"><input type=\"checkbox\" id=\"consent\" name=\"consent\" value=\"yes\"{(consent ? " checked" : string.Empty)}{Described("consent", errors)}> ");
        sb.Append(CultureInfo.InvariantCulture, $"<label for=\"consent\">{(en
            ? "I agree that my profile and contact details are kept and shown to teachers as described in the <a href=\"/join/privacy?lang=en\" target=\"_blank\">privacy notice</a>."
            : "J'accepte que mon profil et mes coordonnées soient conservés et présentés aux enseignants comme le décrit la <a href=\"/join/privacy?lang=fr\" target=\"_blank\">notice de confidentialité</a>.")}</label>{Error("consent", errors)}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p><button type=\"submit\">{(en ? "Send my profile" : "Envoyer mon profil")}</button></p></form></main></body></html>");
        return sb.ToString();
    }

    private static void Text(StringBuilder sb, string field, bool en, Dictionary<string, string> values, Dictionary<string, string> errors, string autocomplete, string type = "text")
    {
        var (max, required) = Fields[field];
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"field{(errors.ContainsKey(field) ? " invalid" : string.Empty)}\"><label for=\"{field}\">{Label(field, en)}{(required ? " *" : string.Empty)}</label>");
        sb.Append(CultureInfo.InvariantCulture, $"<input type=\"{type}\" id=\"{field}\" name=\"{field}\" maxlength=\"{max}\" autocomplete=\"{autocomplete}\" value=\"{E(values.GetValueOrDefault(field))}\"{(required ? " required" : string.Empty)}{Described(field, errors)}>");
        if (field == "topics")
        {
            sb.Append(CultureInfo.InvariantCulture, $"<small>{(en ? "Separated by commas, e.g. drones, career change" : "Séparés par des virgules, par ex. drones, reconversion")}</small>");
        }

        sb.Append(Error(field, errors)).Append("</p>");
    }

    private static void Select(StringBuilder sb, string field, bool en, IReadOnlyList<string> slugs, Dictionary<string, string> values, Dictionary<string, string> errors)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"field{(errors.ContainsKey(field) ? " invalid" : string.Empty)}\"><label for=\"{field}\">{Label(field, en)} *</label><select id=\"{field}\" name=\"{field}\" required{Described(field, errors)}>");
        sb.Append(CultureInfo.InvariantCulture, $"<option value=\"\">{(en ? "— choose —" : "— choisir —")}</option>");
        var chosen = values.GetValueOrDefault(field);
        foreach (var slug in slugs.OrderBy(s => JoinLabels.Of(s, en), StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true)))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{slug}\"{(slug == chosen ? " selected" : string.Empty)}>{E(JoinLabels.Of(slug, en))}</option>");
        }

        sb.Append("</select>").Append(Error(field, errors)).Append("</p>");
    }

    private static void Checkboxes(StringBuilder sb, string field, bool en, IReadOnlyList<string> slugs, IReadOnlyList<string> chosen)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{Label(field, en)}</legend>");
        foreach (var slug in slugs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<label class=\"choice\"><input type=\"checkbox\" name=\"{field}\" value=\"{slug}\"{(chosen.Contains(slug) ? " checked" : string.Empty)}> {E(JoinLabels.Of(slug, en))}</label>");
        }

        sb.Append("</fieldset>");
    }

    private static string Described(string field, Dictionary<string, string> errors) =>
        errors.ContainsKey(field) ? $" aria-invalid=\"true\" aria-describedby=\"{field}-error\"" : string.Empty;

    private static string Error(string field, Dictionary<string, string> errors) =>
        errors.TryGetValue(field, out var message) ? $"<span class=\"error\" id=\"{field}-error\">{E(message)}</span>" : string.Empty;

    private static string Label(string field, bool en) => field switch
    {
        "firstName" => en ? "First name" : "Prénom",
        "lastName" => en ? "Last name" : "Nom",
        "headline" => en ? "Job title" : "Métier",
        "employer" => en ? "Employer" : "Employeur",
        "sector" => en ? "Sector" : "Secteur",
        "region" => en ? "Region" : "Région",
        "city" => en ? "City" : "Ville",
        "topics" => en ? "Topics you can talk about" : "Sujets que vous pouvez aborder",
        "audiences" => en ? "Audiences" : "Publics",
        "formats" => en ? "Formats" : "Formats",
        "bio" => en ? "A few words about you" : "Quelques mots sur vous",
        "email" => en ? "E-mail" : "E-mail",
        "phone" => en ? "Phone" : "Téléphone",
        _ => field,
    };

    private static string Article(string field) => field switch
    {
        "firstName" or "lastName" or "headline" or "employer" or "sector" or "region" or "city" => "votre ",
        "email" => "votre adresse ",
        _ => string.Empty,
    };

    private static string Notice(string lang)
    {
        var en = lang == "en";
        var sb = new StringBuilder();
        Head(sb, lang, en ? "Privacy notice" : "Notice de confidentialité");
        sb.Append(en
            ? "<h1>Privacy notice</h1><p>We keep the profile you propose (name, job, employer, sector, region, city, topics, bio) to show it to teachers and companies looking for a speaker, once a coordinator has approved it. Your e-mail and phone are never shown in the chat: they are given only to the organiser of a visit you accepted, and used by the coordination to contact you.</p><p>You may ask at any time for a copy of everything we hold about you, or for its erasure, by writing to the coordination of your network. Erasure removes your name and contact details everywhere; the number of visits you made stays in our statistics without your name.</p>"
            : "<h1>Notice de confidentialité</h1><p>Nous conservons le profil que vous proposez (nom, métier, employeur, secteur, région, ville, sujets, présentation) pour le présenter aux enseignants et aux entreprises qui cherchent une intervenante, une fois validé par une coordinatrice. Votre e-mail et votre téléphone ne sont jamais affichés dans le chat : ils ne sont transmis qu'à l'organisateur d'une intervention que vous avez acceptée, et servent à la coordination pour vous joindre.</p><p>Vous pouvez à tout moment demander une copie de tout ce que nous détenons sur vous, ou son effacement, en écrivant à la coordination de votre réseau. L'effacement retire votre nom et vos coordonnées partout ; le nombre d'interventions réalisées reste dans nos statistiques, sans votre nom.</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p><small>Version {NoticeVersion}</small></p></main></body></html>");
        return sb.ToString();
    }

    private static string Thanks(string lang)
    {
        var en = lang == "en";
        var sb = new StringBuilder();
        Head(sb, lang, en ? "Thank you" : "Merci");
        sb.Append(en
            ? "<h1>Check your mailbox</h1><p>We have sent you an e-mail. Open the link it contains to confirm your address: only then is your profile sent to a coordinator of your region, who will review it and write to you. It appears in the directory once approved.</p><p>No e-mail? Look in your spam folder, or fill in the form again with the right address.</p>"
            : "<h1>Consultez votre messagerie</h1><p>Nous vous avons envoyé un e-mail. Ouvrez le lien qu'il contient pour confirmer votre adresse : votre profil n'est transmis qu'ensuite à une coordinatrice de votre région, qui va le relire et vous écrire. Il apparaîtra dans l'annuaire une fois validé.</p><p>Pas d'e-mail ? Regardez dans les indésirables, ou remplissez à nouveau le formulaire avec la bonne adresse.</p>");
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    private static IResult Confirmation(string lang, JoinOutcome outcome, JoinProposal? proposal, string? token)
    {
        var en = lang == "en";
        var (status, title, text) = outcome switch
        {
            JoinOutcome.Pending => (StatusCodes.Status200OK,
                en ? "Confirm your proposal" : "Confirmez votre proposition",
                en ? "Press the button to confirm your e-mail address and send this profile to a coordinator of your region:" : "Appuyez sur le bouton pour confirmer votre adresse e-mail et transmettre ce profil à une coordinatrice de votre région :"),
            JoinOutcome.Confirmed => (StatusCodes.Status200OK,
                en ? "Thank you!" : "Merci !",
                en ? "Your address is confirmed and your profile has been sent. A coordinator of your region will review it and write to you; it appears in the directory once approved." : "Votre adresse est confirmée et votre profil est transmis. Une coordinatrice de votre région va le relire et vous écrire ; il apparaîtra dans l'annuaire une fois validé."),
            JoinOutcome.AlreadyConfirmed => (StatusCodes.Status409Conflict,
                en ? "Already confirmed" : "Déjà confirmée",
                en ? "This proposal was already confirmed: your profile is with the coordinators. Nothing else to do." : "Cette proposition est déjà confirmée : votre profil est entre les mains des coordinatrices. Vous n'avez rien d'autre à faire."),
            JoinOutcome.Expired => (StatusCodes.Status410Gone,
                en ? "Link expired" : "Lien expiré",
                en ? "This link has expired and the proposal was not kept. Please fill in the form again; you will receive a new link." : "Ce lien a expiré et la proposition n'a pas été conservée. Remplissez à nouveau le formulaire ; vous recevrez un nouveau lien."),
            JoinOutcome.Failed => (StatusCodes.Status500InternalServerError,
                en ? "Not saved" : "Non enregistrée",
                en ? "Your profile could not be saved. Please fill in the form again." : "Votre profil n'a pas pu être enregistré. Remplissez à nouveau le formulaire."),
            _ => (StatusCodes.Status400BadRequest,
                en ? "Invalid link" : "Lien non valide",
                en ? "This link is not valid: it may have been cut or altered. Copy it in full from the e-mail." : "Ce lien n'est pas valide : il a peut-être été coupé ou modifié. Copiez-le en entier depuis l'e-mail."),
        };
        var sb = new StringBuilder();
        Head(sb, lang, title);
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1><p>{E(text)}</p>");
        if (outcome == JoinOutcome.Pending && proposal?.Input is { } input)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(input.FirstName + " " + input.LastName)}</strong> — {E(input.Headline)}<br>{E(JoinLabels.Of(input.Sector ?? string.Empty, en))}, {E(JoinLabels.Of(input.Region ?? string.Empty, en))}</p>");
            sb.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/join/confirm\"><input type=\"hidden\" name=\"lang\" value=\"{lang}\"><input type=\"hidden\" name=\"t\" value=\"{E(token)}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<p><button type=\"submit\">{(en ? "I confirm" : "Je confirme")}</button></p></form>");
        }
        else if (outcome is JoinOutcome.Expired or JoinOutcome.Failed or JoinOutcome.Invalid)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/join?lang={lang}\">{(en ? "Back to the form" : "Retour au formulaire")}</a></p>");
        }

        sb.Append("</main></body></html>");
        return Html(sb.ToString(), status);
    }

    private static void Head(StringBuilder sb, string lang, string title) =>
        sb.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html><html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{E(title)}} — SpeakerBot</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f9;color:#1d1d2b} main{max-width:40rem;margin:0 auto;padding:1.5rem}
            .field{display:flex;flex-direction:column;gap:.25rem} .field.consent{flex-direction:row;flex-wrap:wrap;align-items:flex-start;gap:.5rem}
            input,select,textarea{font:inherit;padding:.4rem;border:1px solid #888;border-radius:4px} .invalid input,.invalid select,.invalid textarea{border-color:#b00020}
            .error{color:#b00020;font-size:.9rem;flex-basis:100%} .summary{border-left:4px solid #b00020;background:#fff;padding:.25rem 1rem}
            fieldset{border:1px solid #ccc;border-radius:4px} .choice{margin-right:1rem;white-space:nowrap} .hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
            button{font:inherit;padding:.5rem 1.25rem;background:#4b2a8a;color:#fff;border:0;border-radius:4px}
            </style></head><body><main>
            """);

    // WebUtility.HtmlEncode also turns every accented letter into &#NNN;: correct, but the page source becomes unreadable.
    private static string E(string? text) => (text ?? string.Empty)
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
}
