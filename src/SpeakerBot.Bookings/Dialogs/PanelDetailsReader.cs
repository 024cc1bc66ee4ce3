using System.Globalization;
using System.Text.RegularExpressions;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Bookings.Dialogs;

/// <summary>
/// Reads an event's details out of any message of the panel flow (decision 103): the title (quoted, or what the event
/// is "on"), the venue's street address, the inviting organisation ("chez Airbus", "organisée par…", "Company: X");
/// while a free-text question is asked, also the date, time and counts understanding read, so that a packed answer
/// fills its slots instead of becoming the title.
/// </summary>
internal sealed partial class PanelDetailsReader : ISlotReader
{
    public string Name => "panel_details";

    private static readonly string[] TextSlots = [PanelSlots.Title, PanelSlots.Location, PanelSlots.Organisation];

    public IReadOnlyDictionary<string, string> Read(string text, IReadOnlyDictionary<string, string> understood, string? pending, FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(understood);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text.StartsWith("swap:", StringComparison.Ordinal) || text.StartsWith("remove:", StringComparison.Ordinal) || text.Contains('@', StringComparison.Ordinal))
        {
            return found;
        }

        if (TitleOf(text) is { } title)
        {
            found[PanelSlots.Title] = title;
        }

        if (AddressOf(text, understood) is { } venue)
        {
            found[PanelSlots.Location] = venue;
            found[PanelSlots.Mode] = "panel";
        }
        else if (Link().Match(text) is { Success: true } link)
        {
            // "en ligne (https://meet.example/oser)": the meeting link is where an online event takes place.
            found[PanelSlots.Location] = link.Value.TrimEnd('.', ',', ';', ')', ']', '»', '"');
            found[PanelSlots.Mode] = "online";
        }

        if (OrganisationOf(text) is { } organisation)
        {
            found[PanelSlots.Organisation] = organisation;
        }

        if (pending is null || !TextSlots.Contains(pending))
        {
            // At the start the understood facts fill their slots already; other questions read them themselves.
            return found;
        }

        var details = 0;
        foreach (var (slot, fact) in new[] { (PanelSlots.Date, FactNames.DateFrom), (PanelSlots.Time, FactNames.Time), (PanelSlots.Seats, FactNames.Speakers), (PanelSlots.Audience, FactNames.Pupils) })
        {
            if (understood.TryGetValue(fact, out var value))
            {
                found[slot] = value;
                details++;
            }
        }

        if (details == 0 && found.Count == 0)
        {
            return found;
        }

        if (!found.ContainsKey(pending) && details > 0)
        {
            // What remains once the details are taken out is the answer, if anything does ("Forum de l'énergie, le 12 mars").
            var rest = Details().Replace(text, " ");
            rest = Place().Replace(rest, " ");
            rest = Spaces().Replace(rest, " ").Trim(' ', ',', ';', '.', '-', ':');
            var words = DialogText.Normalize(rest).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Filler.Contains(w)).ToList();
            if (words.Count >= 2 && pending != PanelSlots.Location)
            {
                found[pending] = Capitalised(rest);
            }
        }

        return found;
    }

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "le", "la", "les", "l", "a", "au", "aux", "de", "du", "des", "d", "et", "en", "pour", "avec", "il", "nous", "faudrait", "faut", "voudrions",
        "on", "the", "at", "in", "for", "and", "with", "we", "need", "would", "like", "please", "merci", "svp", "vers", "from", "to", "ce", "cette",
        // A correction around the details ("ah pardon, ce sera plutôt à 15h30") is no title either.
        "ah", "oh", "oups", "oops", "pardon", "sorry", "desole", "desolee", "sera", "serait", "c", "est", "plutot", "finalement", "fait", "alors",
        "bon", "ok", "non", "no", "mais", "but", "actually", "instead", "rather", "it", "ll", "will", "be", "s", "change", "changement", "heure", "date",
        "time", "horaire", "oui", "yes", "so", "then", "donc", "en", "fait",
    };

    /// <summary>A quoted title, or what the event is about: "une table ronde sur X le 8 mars", "a panel on X on Thursday", "a X panel".</summary>
    private static string? TitleOf(string text)
    {
        var match = Quoted().Match(text);
        if (!match.Success)
        {
            // "a panel on careers in cybersecurity" names the event; "une conférence sur les femmes dans l'industrie"
            // (a determiner first) describes its theme, and the title is still asked.
            match = About().Match(text);
            if (match.Success && Determiner().IsMatch(match.Groups["t"].Value))
            {
                match = Match.Empty;
            }
        }

        if (!match.Success)
        {
            match = Before().Match(text);
        }

        var title = match.Success ? match.Groups["t"].Value.Trim(' ', ',', '.', ';', ':') : string.Empty;
        return title.Length >= 3 ? Capitalised(title) : null;
    }

    /// <summary>A venue with a street address ("Siège Airbus, 2 rond-point Émile Dewoitine à Blagnac"), with its town.</summary>
    private static string? AddressOf(string text, IReadOnlyDictionary<string, string> understood)
    {
        var match = Address().Match(text);
        if (!match.Success)
        {
            // No street number: a named street ("Hôtel de Ville, place du Capitole") or a venue after a preposition
            // ("à la centrale de Saint-Laurent, Saint-Laurent-Nouan", "at the Town Hall").
            match = NamedStreet().Match(text);
        }

        if (!match.Success)
        {
            match = NamedVenue().Match(text);
        }

        if (!match.Success)
        {
            return null;
        }

        var venue = match.Value.Trim(' ', ',', '.', ';');
        if (understood.TryGetValue(FactNames.City, out var city) && !DialogText.ContainsWords(DialogText.Normalize(venue), DialogText.Normalize(city)))
        {
            venue += ", " + city;
        }

        return venue;
    }

    private static string? OrganisationOf(string text)
    {
        var match = Organiser().Match(text);
        if (!match.Success)
        {
            match = At().Match(text);
        }

        if (!match.Success)
        {
            // "Notre association Femmes & Tech organise…", "our company Orange is hosting…".
            match = OurNamed().Match(text);
        }

        var name = match.Success ? match.Groups["o"].Value.Trim(' ', ',', '.', ';', ':') : string.Empty;
        return name.Length >= 2 ? name : null;
    }

    private static string Capitalised(string value) =>
        value.Length == 0 ? value : char.ToUpper(value[0], CultureInfo.InvariantCulture) + value[1..];

    [GeneratedRegex(@"[«""“]\s*(?<t>[^»""”]{3,120}?)\s*[»""”]", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\b(?:table ronde|conf[ée]rence|forum|panel|d[ée]bat|rencontre|round table|talk|discussion)\s+(?:sur|autour de|consacr[ée]e?s? (?:à|aux?)|about|on|around)\s+(?<t>.{3,120}?)(?=\s*[,.;:!?()]|\s+(?:le|du|ce|cette|on|at|à|au|in|pour|for|chez|with|avec|organis\w*|dans nos|qui|we|nous|il)\s+(?:\d|(?-i:[A-ZÉ])|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|our|nos|notre|the|la|le|l'|faudrait|need|would)|\s*$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex About();

    [GeneratedRegex(@"\b(?:an?|our)\s+(?<t>[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,6}?)\s+(?:panel|round table|conference|forum|talk)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Before();

    [GeneratedRegex(@"(?:(?:[A-ZÉÈ][\w'’-]*(?:\s+(?:de|du|des|la|le|d'|of|the)?\s*[A-ZÉÈ][\w'’-]*)*),\s*)?\b\d{1,4}\s*(?:bis|ter)?,?\s+(?i:rue|avenue|av\.?|boulevard|bd|place|rond-point|esplanade|all[ée]e|chemin|quai|cours|impasse|route|road|street|square|parvis|voie)\b[^,.;]*(?:,\s*(?:\d{5}\s+)?[A-ZÉÈ][\w'’-]*(?:[ -][A-ZÉÈ][\w'’-]*)*(?=\s*[,.;]|\s*$))?", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex(@"(?:(?:[A-ZÉÈ][\w'’-]*(?:\s+(?:de|du|des|la|le|d'|of|the)?\s*[A-ZÉÈ][\w'’-]*)*),\s*)?\b(?i:place|rue|avenue|boulevard|esplanade|quai|parvis|all[ée]e|square|street|road)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?[A-ZÉÈ][\w'’-]*(?:[ -][A-ZÉÈ][\w'’-]*)*", RegexOptions.CultureInvariant)]
    private static partial Regex NamedStreet();

    [GeneratedRegex(@"(?<=\b(?:[àa]u|[àa]\s+la|[àa]\s+l['’]|dans\s+(?:le|la|l['’]|notre|nos)|at\s+(?:the|our)|in\s+(?:the|our))\s*)(?i:centrale|mairie|salle|maison|m[ée]diath[èe]que|amphith[ée][âa]tre|amphi|auditorium|campus|lyc[ée]e|coll[èe]ge|universit[ée]|[ée]cole|institut|h[ôo]tel|palais|espace|cit[ée]|mus[ée]e|th[ée][âa]tre|si[èe]ge|usine|cci|chambre|technopole|p[ôo]le|town\s+hall|city\s+hall|headquarters|school|university|college|library|museum|hall)\b[^,.;:\n]{0,60}?(?=\s+(?:pour|le|les|avec|il|nous|on|for|with|we|about|sur|ce|cette|qui|organis\w*)\b|\s*[,.;:\n]|\s*$)(?:,\s*[A-ZÉÈ][\w'’-]*(?:[ -][A-ZÉÈ][\w'’-]*)*(?=\s*[,.;]|\s*$))?", RegexOptions.CultureInvariant)]
    private static partial Regex NamedVenue();

    [GeneratedRegex(@"(?:\borganis[ée]e?s?\s+par|\borgani[sz]ed\s+by|\b(?:company|entreprise|soci[ée]t[ée]|organisation|organization|association|employer|employeur|[ée]tablissement)\s*:)\s*(?:l['’]|le\s+|la\s+|les\s+|the\s+)?(?<o>[^,.;\n]{2,80})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Organiser();

    [GeneratedRegex(@"^(?:les?|la|l['’]|une?|des|du|de la|the|an?|some)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Determiner();

    [GeneratedRegex(@"(?<!(?:travaille|travaillons|travaillez|work|works)\s+)\b[Cc]hez\s+(?<o>[A-ZÉÈ][\w&'’.-]*(?:\s+[A-ZÉÈ&][\w&'’.-]*)*)", RegexOptions.CultureInvariant)]
    private static partial Regex At();

    [GeneratedRegex(@"(?ix)
        \b(?:le|du|on|the)?\s*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+)?
            \d{1,2}(?:er|st|nd|rd|th)?\s+(?:janv\w*|f[ée]v\w*|mars|avr\w*|mai|juin|juil\w*|ao[uû]t|sept\w*|oct\w*|nov\w*|d[ée]c\w*|january|february|march|april|may|june|july|august|september|october|november|december)(?:\s+\d{4})?
        | \b(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?
        | \b\d{1,2}/\d{1,2}(?:/\d{2,4})?
        | \b(?:à|a|at|from|de|dès|vers)?\s*\d{1,2}\s*(?:h|:)\s*\d{0,2}\b
        | \b(?:à|a|at|from|vers)?\s*\d{1,2}\s*(?:am|pm)\b
        | \b\d{1,5}\s+(?:intervenant\w*|speakers?|personnes|participants?|people|attendees|invit[ée]s?|spectateurs|[ée]l[èe]ves|places|femmes|women)\b
        | \b(?:il\s+nous\s+faudrait|il\s+faudrait|we\s+need|nous\s+voudrions)\b
        ", RegexOptions.CultureInvariant)]
    private static partial Regex Details();

    [GeneratedRegex(@"\b(?:à|a|au|in|at)\s+[A-ZÉÈ][\w'’-]+(?:[ -][A-ZÉÈ][\w'’-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Place();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(?:[Nn]otre|[Oo]ur)\s+(?i:association|entreprise|soci[ée]t[ée]|r[ée]seau|collectif|club|fondation|company|network|charity|organi[sz]ation|foundation)\s+(?<o>[A-ZÉÈ][\w&'’.-]*(?:\s+[A-ZÉÈ&][\w&'’.-]*)*)", RegexOptions.CultureInvariant)]
    private static partial Regex OurNamed();

    [GeneratedRegex(@"\bhttps?://[^\s<>""«»]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}

/// <summary>
/// The venue question answered with a format only ("alors en visio", "on site"): not a place; the address or the
/// meeting link is asked for (decision 119).
/// </summary>
internal sealed class VenueValidator : ISlotValidator
{
    public string Name => "venue";

    public ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var words = DialogText.Normalize(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var filler = context.Keywords("venue.nonanswer");
        return ValueTask.FromResult(words.Length > 0 && words.All(w => filler.Contains(w, StringComparer.Ordinal)) ? context.Say("panel.location.needed", null) : null);
    }
}
