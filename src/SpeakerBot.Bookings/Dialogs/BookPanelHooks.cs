using System.Globalization;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bookings.Dialogs;

// The hooks of dialogs/flows/book_panel.json: a panel of speakers for an event.

/// <summary>Slot and fact names shared by dialogs/flows/book_panel.json and these hooks.</summary>
internal static class PanelSlots
{
    public const string Title = "title";
    public const string Date = "date";
    public const string Time = "time";
    public const string Mode = "mode";
    public const string Location = "location";
    public const string Audience = "audience";
    public const string Organisation = "organisation";
    public const string Seats = "seats";
    public const string ContactName = "contactName";
    public const string Email = "email";

    /// <summary>The plan being shaped, kept as facts so it survives a restart: seat and standby ids, removed ids.</summary>
    public const string PlanSeats = "panelSeats";
    public const string PlanStandbys = "panelStandbys";
    public const string PlanExcluded = "panelExcluded";

    /// <summary>What the plan was computed for (date, time, seats, criteria): a change recomputes it.</summary>
    public const string PlanKey = "panelKey";

    /// <summary>When nobody is free: start times ("time=14:00") or dates ("date=2027-03-09") for which a full panel is.</summary>
    public const string PlanAlternatives = "panelAlternatives";

    /// <summary>The region the panel was drawn from (the request's, else the venue's town), to say who comes from elsewhere.</summary>
    public const string PlanRegion = "panelRegion";

    /// <summary>Shown by the prompts: the plan as lines, and the seated names.</summary>
    public const string PlanText = "panelText";
    public const string PlanNames = "panelNames";

    public const int Standbys = 3;
    public const int MaxSeats = 6;

    public static List<string> Ids(FlowContext context, string fact) =>
        context.Facts.TryGetValue(fact, out var value) && value.Length > 0 ? [.. value.Split('|')] : [];

    public static void SetIds(FlowContext context, string fact, IEnumerable<string> ids) => context.Facts[fact] = string.Join('|', ids);

    public static VisitFormat FormatOf(FlowContext context) =>
        context.Slots.GetValueOrDefault(Mode) == "online" ? VisitFormat.Online : VisitFormat.InPerson;

    public static bool TryDate(FlowContext context, out DateOnly date) =>
        DateOnly.TryParseExact(context.Slots.GetValueOrDefault(Date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The place the venue's address names (its last town), or null when no gazetteer or no town.</summary>
    public static Place? VenueOf(FlowContext context, IGazetteer? gazetteer) =>
        context.Slots.GetValueOrDefault(Location) is { } address && gazetteer is not null
            ? gazetteer.FindInText(address).OrderByDescending(m => m.Start).Select(m => m.Place).FirstOrDefault()
            : null;

    public static TimeOnly StartOf(FlowContext context) =>
        TimeOnly.TryParseExact(context.Slots.GetValueOrDefault(Time), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ? start : new TimeOnly(14, 0);
}

/// <summary>
/// Proposes a balanced panel (different employers, sectors mixed, all free at that time) plus standbys, and lets the
/// organiser shape it in words or with buttons: validate, replace, remove or add a speaker.
/// </summary>
internal sealed class PanelPlanChoices(BookingService bookings, ISpeakerStore speakers, IUnderstanding understanding, IGazetteer? gazetteer = null) : IChoiceProvider, IChoiceInterpreter
{
    private const double MaxTravelKm = 700;

    /// <summary>The sectors where speakers work as engineers and technicians, for a panel on engineering or industry.</summary>
    private static readonly string[] TechnicalSectors = ["aeronautique", "automobile", "btp", "chimie", "energie", "industrie-verte", "numerique", "cybersecurite", "transport-logistique", "agroalimentaire"];

    public string Name => "panel_plan";

    public async ValueTask<IReadOnlyList<BotButton>> GetChoicesAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await EnsurePlanAsync(context, cancellationToken).ConfigureAwait(false);
        var seats = await LoadAsync(PanelSlots.Ids(context, PanelSlots.PlanSeats), cancellationToken).ConfigureAwait(false);
        var standbys = await LoadAsync(PanelSlots.Ids(context, PanelSlots.PlanStandbys), cancellationToken).ConfigureAwait(false);
        Describe(context, seats, standbys);
        if (seats.Count == 0)
        {
            // What would work instead, as buttons that change the time or the date.
            return [.. PanelSlots.Ids(context, PanelSlots.PlanAlternatives).Select(a => new BotButton(AlternativeLabel(context, a), "set:" + a))];
        }

        var buttons = new List<BotButton> { new(context.Say("panel.button.ok", null), "ok") };
        foreach (var s in seats)
        {
            var name = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = s.FullName };
            if (standbys.Count > 0)
            {
                buttons.Add(new BotButton(context.Say("panel.button.swap", name), "swap:" + s.Id));
            }

            if (seats.Count > 1)
            {
                buttons.Add(new BotButton(context.Say("panel.button.remove", name), "remove:" + s.Id));
            }
        }

        if (seats.Count < PanelSlots.MaxSeats && standbys.Count > 0)
        {
            buttons.Add(new BotButton(context.Say("panel.button.add", null), "add"));
        }

        return buttons;
    }

    public async ValueTask<ChoiceReading> InterpretAsync(IReadOnlyDictionary<string, string> understood, string text, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var seats = PanelSlots.Ids(context, PanelSlots.PlanSeats);
        var standbys = PanelSlots.Ids(context, PanelSlots.PlanStandbys);
        var excluded = PanelSlots.Ids(context, PanelSlots.PlanExcluded);
        if (seats.Count == 0)
        {
            return ChoiceReading.None;
        }

        var said = DialogText.Normalize(text);
        bool Says(string list) => context.Keywords(list).Any(k => said == k || DialogText.ContainsWords(said, k));
        if (said == "ok" || context.Keywords("panel.ok").Contains(said))
        {
            return ChoiceReading.Answer("ok");
        }

        var named = text.StartsWith("swap:", StringComparison.Ordinal) || text.StartsWith("remove:", StringComparison.Ordinal)
            ? text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : await MentionedAsync(said, seats, cancellationToken).ConfigureAwait(false) ?? Ordinal(context, said, seats);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text == "add" || (named is null && said != "ok" && context.Keywords("panel.add").Any(k => DialogText.ContainsWords(said, k))))
        {
            if (seats.Count >= PanelSlots.MaxSeats || standbys.Count == 0)
            {
                return ChoiceReading.Refused(context.Say(seats.Count >= PanelSlots.MaxSeats ? "panel.full" : "panel.nobody_more", null));
            }

            seats.Add(standbys[0]);
            names["new"] = await NameOfAsync(standbys[0], cancellationToken).ConfigureAwait(false);
            standbys.RemoveAt(0);
            return Save(context, seats, standbys, excluded, "panel.added", names);
        }

        if (named is null || !seats.Contains(named))
        {
            return ChoiceReading.None;
        }

        names["old"] = await NameOfAsync(named, cancellationToken).ConfigureAwait(false);
        if (text.StartsWith("remove:", StringComparison.Ordinal) || (!text.StartsWith("swap:", StringComparison.Ordinal) && Says("panel.remove") && !Says("panel.swap")))
        {
            if (seats.Count == 1)
            {
                return ChoiceReading.Refused(context.Say("panel.last_seat", names));
            }

            seats.Remove(named);
            excluded.Add(named);
            return Save(context, seats, standbys, excluded, "panel.removed", names);
        }

        if (standbys.Count == 0)
        {
            return ChoiceReading.Refused(context.Say("panel.nobody_more", null));
        }

        // The standby takes the seat in the same place on the list.
        seats[seats.IndexOf(named)] = standbys[0];
        names["new"] = await NameOfAsync(standbys[0], cancellationToken).ConfigureAwait(false);
        standbys.RemoveAt(0);
        excluded.Add(named);
        return Save(context, seats, standbys, excluded, "panel.swapped", names);
    }

    /// <summary>"retire la deuxième", "replace number 3": a seat by its place on the list.</summary>
    private static string? Ordinal(FlowContext context, string said, List<string> seats)
    {
        for (var place = 1; place <= seats.Count; place++)
        {
            if (context.Keywords("ordinal." + place.ToString(CultureInfo.InvariantCulture)).Any(k => DialogText.ContainsWords(said, k)))
            {
                return seats[place - 1];
            }
        }

        return null;
    }

    private static ChoiceReading Save(FlowContext context, List<string> seats, List<string> standbys, List<string> excluded, string key, Dictionary<string, string> names)
    {
        PanelSlots.SetIds(context, PanelSlots.PlanSeats, seats);
        PanelSlots.SetIds(context, PanelSlots.PlanStandbys, standbys);
        PanelSlots.SetIds(context, PanelSlots.PlanExcluded, excluded);
        return ChoiceReading.Progress(context.Say(key, names));
    }

    /// <summary>The first seat, in order, whose speaker is named (first or last name) in what was said.</summary>
    private async Task<string?> MentionedAsync(string said, List<string> seats, CancellationToken cancellationToken)
    {
        foreach (var id in seats)
        {
            if (await speakers.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } s
                && (DialogText.ContainsWords(said, DialogText.Normalize(s.LastName)) || DialogText.ContainsWords(said, DialogText.Normalize(s.FirstName))))
            {
                return id;
            }
        }

        return null;
    }

    private async Task<string> NameOfAsync(string id, CancellationToken cancellationToken) =>
        (await speakers.GetAsync(id, cancellationToken).ConfigureAwait(false))?.FullName ?? id;

    private async Task<List<Speaker>> LoadAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var loaded = new List<Speaker>();
        foreach (var id in ids)
        {
            if (await speakers.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } speaker)
            {
                loaded.Add(speaker);
            }
        }

        return loaded;
    }

    /// <summary>Computes the plan when none exists or what it depends on changed (date, time, seats, criteria).</summary>
    private async Task EnsurePlanAsync(FlowContext context, CancellationToken cancellationToken)
    {
        if (!PanelSlots.TryDate(context, out var date))
        {
            return;
        }

        var seats = int.TryParse(context.Slots.GetValueOrDefault(PanelSlots.Seats), NumberStyles.Integer, CultureInfo.InvariantCulture, out var wanted) ? Math.Clamp(wanted, 1, PanelSlots.MaxSeats) : 3;
        var sectors = BookingSlots.Fact(context.Facts, FactNames.Sectors);
        var topics = BookingSlots.Fact(context.Facts, FactNames.Topics);

        // Without a field or topic, the event's title says what it is about ("Forum des métiers du numérique");
        // without a region, the venue's town says where the speakers should come from.
        if (sectors is null && topics is null && context.Slots.GetValueOrDefault(PanelSlots.Title) is { } title)
        {
            var about = understanding.Parse(title, context.Locale, context.Now);
            sectors = about.Sectors.Count > 0 ? string.Join('|', about.Sectors) : null;
            topics = about.Topics.Count > 0 ? string.Join('|', about.Topics) : null;
        }

        // "Women in Engineering", "les femmes dans l'industrie": a field wider than one sector still picks the
        // speakers (engineering and industry sectors), rather than a topic any speaker may mention.
        if (sectors is null && context.Slots.GetValueOrDefault(PanelSlots.Title) is { } named
            && context.Keywords("panel.technical").Any(k => DialogText.ContainsWords(DialogText.Normalize(named).Replace('\'', ' '), k)))
        {
            sectors = string.Join('|', TechnicalSectors);
        }

        // The field picks the speakers; a topic does only when no field is known (as search text it would also
        // exclude every speaker of the field who does not name it).
        var text = sectors is null ? topics?.Replace('|', ' ') : null;
        var venue = PanelSlots.VenueOf(context, gazetteer);
        var region = BookingSlots.Fact(context.Facts, FactNames.Region) ?? venue?.Region;
        GeoPoint? here = venue?.Location
            ?? (double.TryParse(BookingSlots.Fact(context.Facts, FactNames.Lat), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                && double.TryParse(BookingSlots.Fact(context.Facts, FactNames.Lon), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) ? new GeoPoint(lat, lon)
            : region is not null && gazetteer?.Region(region) is { } capital ? capital.Location : null);
        var key = string.Join('/', date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PanelSlots.StartOf(context).ToString("HH:mm", CultureInfo.InvariantCulture), PanelSlots.FormatOf(context), seats, sectors, text, region);
        if (BookingSlots.Fact(context.Facts, PanelSlots.PlanKey) == key)
        {
            return;
        }

        var query = new PanelQuery
        {
            Date = date,
            Start = PanelSlots.StartOf(context),
            Seats = seats,
            Standbys = PanelSlots.Standbys,
            Text = text,
            Sectors = sectors is null ? [] : sectors.Split('|'),
            // Online panels need nobody on site: the whole country is welcome.
            Region = PanelSlots.FormatOf(context) == VisitFormat.Online ? null : region,
            Format = PanelSlots.FormatOf(context),
            Exclude = PanelSlots.Ids(context, PanelSlots.PlanExcluded),
        };
        var (chosen, reserve) = await DrawAsync(query, here, cancellationToken).ConfigureAwait(false);
        if (query.Region is not null)
        {
            context.Facts[PanelSlots.PlanRegion] = query.Region;
        }
        else
        {
            context.Facts.Remove(PanelSlots.PlanRegion);
        }

        // Nobody free: which constraint blocks, and what would work (decision 103).
        context.Facts.Remove(PanelSlots.PlanAlternatives);
        if (chosen.Count == 0 && await AlternativesAsync(query, here, cancellationToken).ConfigureAwait(false) is { Count: > 0 } alternatives)
        {
            context.Facts[PanelSlots.PlanAlternatives] = string.Join('|', alternatives);
        }

        PanelSlots.SetIds(context, PanelSlots.PlanSeats, chosen.Select(s => s.Id));
        PanelSlots.SetIds(context, PanelSlots.PlanStandbys, reserve.Select(s => s.Id));
        context.Facts[PanelSlots.PlanKey] = key;
    }

    /// <summary>Other start times that day, else other days at that time, for which a full panel is free.</summary>
    private async Task<List<string>> AlternativesAsync(PanelQuery query, GeoPoint? here, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var start in DayTimes.Where(t => t != query.Start).OrderBy(t => Math.Abs((t.ToTimeSpan() - query.Start.ToTimeSpan()).TotalMinutes)))
        {
            if ((await DrawAsync(query with { Start = start }, here, cancellationToken).ConfigureAwait(false)).Chosen.Count >= query.Seats)
            {
                found.Add("time=" + start.ToString("HH:mm", CultureInfo.InvariantCulture));
                if (found.Count == 4)
                {
                    break;
                }
            }
        }

        if (found.Count > 0)
        {
            return [.. found.Order(StringComparer.Ordinal)];
        }

        for (var day = 1; day <= 21 && found.Count < 3; day++)
        {
            var date = query.Date.AddDays(day);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
                && (await DrawAsync(query with { Date = date }, here, cancellationToken).ConfigureAwait(false)).Chosen.Count >= query.Seats)
            {
                found.Add("date=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }

        return found;
    }

    private static readonly TimeOnly[] DayTimes = [new(9, 0), new(10, 0), new(11, 0), new(14, 0), new(15, 0), new(16, 0)];

    /// <summary>The seats and standbys for a query: the region's free speakers, completed by the nearest from elsewhere.</summary>
    private async Task<(List<Speaker> Chosen, List<Speaker> Reserve)> DrawAsync(PanelQuery query, GeoPoint? here, CancellationToken cancellationToken)
    {
        var seats = query.Seats;
        var proposal = await bookings.ProposePanelAsync(query, cancellationToken).ConfigureAwait(false);
        List<Speaker> chosen = [.. proposal.Seats];
        List<Speaker> reserve = [.. proposal.Standbys];
        if (query.Region is not null && (chosen.Count < seats || reserve.Count < PanelSlots.Standbys))
        {
            // Too few free in the region: the nearest free speakers from elsewhere complete the seats and standbys
            // (within a day's travel for an event on site).
            var wider = await bookings.ProposePanelAsync(query with { Region = null, Standbys = 40, Exclude = [.. query.Exclude, .. chosen.Select(s => s.Id), .. reserve.Select(s => s.Id)] }, cancellationToken).ConfigureAwait(false);
            var extra = wider.Seats.Concat(wider.Standbys)
                .Select(s => (Speaker: s, Km: here is { } h && s.Lat is { } la && s.Lon is { } lo ? GeoDistance.Km(h, new GeoPoint(la, lo)) : double.MaxValue))
                .Where(x => query.Format == VisitFormat.Online || x.Km <= MaxTravelKm)
                .OrderBy(x => x.Km)
                .Select(x => x.Speaker)
                .ToList();
            // Nearest first, still one speaker per employer on the panel.
            foreach (var speaker in extra.Where(s => chosen.Count < seats && (s.Employer is null || chosen.All(c => !string.Equals(c.Employer, s.Employer, StringComparison.OrdinalIgnoreCase)))).ToList())
            {
                if (chosen.Count < seats && (speaker.Employer is null || chosen.All(c => !string.Equals(c.Employer, speaker.Employer, StringComparison.OrdinalIgnoreCase))))
                {
                    chosen.Add(speaker);
                }
            }

            reserve.AddRange(extra.Where(s => !chosen.Contains(s)).Take(PanelSlots.Standbys - reserve.Count));
        }

        return (chosen, reserve);
    }

    private static void Describe(FlowContext context, List<Speaker> seats, List<Speaker> standbys)
    {
        var alternatives = PanelSlots.Ids(context, PanelSlots.PlanAlternatives);
        if (seats.Count == 0 && alternatives.Count > 0)
        {
            var args = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["date"] = PanelSlots.TryDate(context, out var day) ? DayLabel(context, day) : string.Empty,
                ["time"] = PanelSlots.StartOf(context).ToString("HH:mm", CultureInfo.InvariantCulture),
                ["options"] = string.Join(", ", alternatives.Select(a => AlternativeLabel(context, a))),
            };
            context.Facts[PanelSlots.PlanText] = context.Say(alternatives[0].StartsWith("time=", StringComparison.Ordinal) ? "panel.nobody.time" : "panel.nobody.date", args);
            context.Facts[PanelSlots.PlanNames] = "—";
            return;
        }

        if (seats.Count == 0)
        {
            context.Facts[PanelSlots.PlanText] = context.Say("panel.nobody", null);
            context.Facts[PanelSlots.PlanNames] = "—";
            return;
        }

        var region = BookingSlots.Fact(context.Facts, PanelSlots.PlanRegion);
        var lines = seats.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {s.FullName} — {s.Headline}{(s.Employer is null ? string.Empty : ", " + s.Employer)} ({SectorLabel(context, s.Sector)}{(region is not null && s.Region != region ? ", " + (s.City ?? s.Region) : string.Empty)})"));
        var reserve = standbys.Count == 0 ? string.Empty : "\n\n" + context.Say("panel.standbys", new Dictionary<string, string>(StringComparer.Ordinal) { ["names"] = string.Join(", ", standbys.Select(s => s.FullName)) });
        context.Facts[PanelSlots.PlanText] = context.Say("panel.proposed", new Dictionary<string, string>(StringComparer.Ordinal) { ["lines"] = string.Join('\n', lines), ["standbys"] = reserve });
        context.Facts[PanelSlots.PlanNames] = string.Join(", ", seats.Select(s => s.FullName));
    }

    /// <summary>"14:00", or "mardi 9 mars" for a date.</summary>
    private static string AlternativeLabel(FlowContext context, string alternative) =>
        alternative.StartsWith("date=", StringComparison.Ordinal) && DateOnly.TryParseExact(alternative[5..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DayLabel(context, date)
            : alternative[(alternative.IndexOf('=', StringComparison.Ordinal) + 1)..];

    private static string DayLabel(FlowContext context, DateOnly date) =>
        date.ToString("dddd d MMMM", CultureInfo.GetCultureInfo(context.Locale == "en" ? "en-GB" : "fr-FR"));

    private static string SectorLabel(FlowContext context, string sector)
    {
        var label = context.Say("sector." + sector, null);
        return label == "sector." + sector ? sector : label;
    }
}

/// <summary>Writes the panel (one transaction with one invitation per seat); the reference is shown only once committed.</summary>
internal sealed class BookPanelAction(BookingService bookings, IGazetteer? gazetteer = null, BookingChat? chat = null) : IFlowAction
{
    public string Name => "book_panel";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Slots;
        PanelSlots.TryDate(context, out var date);
        var email = s.GetValueOrDefault(PanelSlots.Email) ?? BookingSlots.Fact(context.Facts, FactNames.Email) ?? string.Empty;
        var seats = PanelSlots.Ids(context, PanelSlots.PlanSeats);
        var request = new PanelRequest
        {
            Title = s.GetValueOrDefault(PanelSlots.Title) ?? string.Empty,
            Date = date,
            Start = PanelSlots.StartOf(context),
            Format = PanelSlots.FormatOf(context),
            Location = s.GetValueOrDefault(PanelSlots.Location) ?? string.Empty,
            AudienceSize = int.TryParse(s.GetValueOrDefault(PanelSlots.Audience), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : 0,
            Organisation = s.GetValueOrDefault(PanelSlots.Organisation) ?? string.Empty,
            Requester = new Requester(s.GetValueOrDefault(PanelSlots.ContactName) ?? string.Empty, email, context.UserKey, context.Locale),
            SpeakerIds = seats,
            StandbyIds = PanelSlots.Ids(context, PanelSlots.PlanStandbys),

            // Where the event takes place decides which regional coordination may cancel it (decision 095).
            Region = PanelSlots.VenueOf(context, gazetteer)?.Region ?? BookingSlots.Fact(context.Facts, FactNames.Region),
        };

        // The same confirmation delivered twice (a channel retry, a double click) returns the panel already requested.
        var key = string.Join('/', context.ConversationKey, "book_panel", request.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(',', seats), email.ToLowerInvariant());
        var outcome = await bookings.RequestPanelAsync(request, key, cancellationToken).ConfigureAwait(false);
        foreach (var fact in new[] { PanelSlots.PlanSeats, PanelSlots.PlanStandbys, PanelSlots.PlanExcluded, PanelSlots.PlanKey, PanelSlots.PlanText, PanelSlots.PlanNames, PanelSlots.PlanRegion, PanelSlots.PlanAlternatives })
        {
            context.Facts.Remove(fact);
        }

        if (!outcome.Succeeded)
        {
            return new FlowActionResult(
                [new BotMessage
                {
                    Text = outcome.Refusal!.In(context.Locale) + "\n\n" + context.Say("panel.retry", null),
                    SuggestedActions = [new BotButton(context.Say("entry.book_panel", null), context.Say("entry.book_panel", null))],
                }],
                Succeeded: false);
        }

        var reference = outcome.Booking!.Reference;
        if (chat is not null)
        {
            await chat.RememberAsync(reference, context.ConversationKey, cancellationToken).ConfigureAwait(false);
        }

        context.Facts[FactNames.BookingRef] = reference;
        return new FlowActionResult([new BotMessage
        {
            Text = context.Say("panel.done", new Dictionary<string, string>(StringComparer.Ordinal) { ["reference"] = reference, ["email"] = email, ["seats"] = seats.Count.ToString(CultureInfo.InvariantCulture) }),
            SuggestedActions = [new BotButton(context.Say("entry.booking_status", null), context.Say("entry.booking_status", null))],
        }]);
    }
}
