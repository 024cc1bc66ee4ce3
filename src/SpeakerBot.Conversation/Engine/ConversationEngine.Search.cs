using System.Globalization;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Conversation.Engine;

public sealed partial class ConversationEngine
{
    private enum PlaceKind
    {
        None,
        City,
        Department,
        Region,
    }

    private static PlaceKind KindOf(IReadOnlyDictionary<string, string> facts) =>
        facts.ContainsKey(FactNames.City) && facts.ContainsKey(FactNames.Lat) ? PlaceKind.City
        : facts.ContainsKey(FactNames.Department) ? PlaceKind.Department
        : facts.ContainsKey(FactNames.Region) ? PlaceKind.Region
        : PlaceKind.None;

    /// <summary>How many times "élargir la zone" can apply: city radius → wider radius → region → France.</summary>
    private static int WidenLevels(PlaceKind kind) => kind switch
    {
        PlaceKind.City => 3,
        PlaceKind.Department => 2,
        PlaceKind.Region => 1,
        _ => 0,
    };

    /// <summary>The format fact of "la visio nous irait aussi": in person near the school, or by video from anywhere.</summary>
    internal const string InPersonOrOnline = "any";

    private static bool Online(IReadOnlyDictionary<string, string> facts) => facts.GetValueOrDefault(FactNames.Format) == "online";

    internal SearchQuery BuildQuery(IReadOnlyDictionary<string, string> facts, int widen, int page)
    {
        var sectors = FactNames.List(facts, FactNames.Sectors);
        var topics = FactNames.List(facts, FactNames.Topics);
        var lat = FactNames.Number(facts, FactNames.Lat);
        var lon = FactNames.Number(facts, FactNames.Lon);
        GeoPoint? near = lat is not null && lon is not null ? new GeoPoint(lat.Value, lon.Value) : null;
        var from = FactNames.Date(facts, FactNames.DateFrom);
        var to = FactNames.Date(facts, FactNames.DateTo) ?? from;
        var text = topics.Count > 1 ? string.Join(' ', topics.Skip(1)) : null;
        if (sectors.Count == 0 && topics.Count == 0 && facts.TryGetValue(FactNames.What, out var what))
        {
            text = what;
        }

        var query = new SearchQuery
        {
            Text = text,
            Sectors = sectors,
            Topic = topics.Count > 0 ? topics[0] : null,
            Audience = facts.GetValueOrDefault(FactNames.Audience),
            Format = facts.GetValueOrDefault(FactNames.Format) is InPersonOrOnline ? null : facts.GetValueOrDefault(FactNames.Format),
            AnywhereFormat = facts.GetValueOrDefault(FactNames.Format) is InPersonOrOnline ? "online" : null,
            AvailableFrom = from,
            AvailableTo = to,

            // Without dates the teacher wants someone soon: not a speaker paused or full for the coming weeks.
            ExcludeIds = from is null && to is null && _soon is not null ? _soon.NotBookableSoon : [],
            Near = near,
            Take = _options.ResultsPerPage,
            Skip = page * _options.ResultsPerPage,
        };

        if (Online(facts))
        {
            // By video the place only ranks: a speaker far away is as good as one nearby.
            return query;
        }

        var region = facts.GetValueOrDefault(FactNames.Region);
        return (KindOf(facts), widen) switch
        {
            (PlaceKind.City, 0) => query with { RadiusKm = _options.LocalRadiusKm },
            (PlaceKind.City, 1) => query with { RadiusKm = _options.LocalRadiusKm * 3 },
            (PlaceKind.City, 2) when region is not null => query with { Region = region },
            (PlaceKind.City, 2) => query with { RadiusKm = _options.LocalRadiusKm * 6 },
            (PlaceKind.Department, 0) => query with { Department = facts[FactNames.Department] },
            (PlaceKind.Department, 1) when region is not null => query with { Region = region },
            (PlaceKind.Region, 0) => query with { Region = region },
            _ => query,
        };
    }

    private void ShowResults(Turn turn, string? intro)
    {
        MoveDatesPastNotice(turn);
        if (DatesInHolidays(turn))
        {
            return;
        }

        var results = turn.State.Results ??= new ResultsState();
        var facts = turn.State.Facts;
        var result = _search.Search(BuildQuery(facts, results.Widen, results.Page));
        if (results.Excluded.Count > 0)
        {
            // Asks for as many more as were replaced, so a page stays full without them.
            var wider = _search.Search(BuildQuery(facts, results.Widen, results.Page) with { Take = _options.ResultsPerPage + results.Excluded.Count });
            result = wider with
            {
                Hits = [.. wider.Hits.Where(h => !results.Excluded.Contains(h.Speaker.Id)).Take(_options.ResultsPerPage)],
                Total = Math.Max(0, wider.Total - results.Excluded.Count),
            };
        }

        var criteria = DescribeCriteria(turn, results.Widen);
        if (result.Total == 0)
        {
            results.Total = 0;
            results.Shown.Clear();
            results.ShownNames.Clear();
            ZeroResults(turn, result, criteria);
            return;
        }

        if (result.Hits.Count == 0)
        {
            results.Page = Math.Max(0, results.Page - 1);
            turn.Send(turn.Say("results.nomore"), ResultActions(turn, results, result.Total, allowMore: false));
            return;
        }

        results.Total = result.Total;
        results.Shown = [.. result.Hits.Select(h => h.Speaker.Id)];
        results.ShownNames = [.. result.Hits.Select(h => h.Speaker.FullName)];
        var args = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["count"] = result.Hits.Count.ToString(CultureInfo.InvariantCulture),
            ["total"] = result.Total.ToString(CultureInfo.InvariantCulture),
            ["criteria"] = criteria,
            ["from"] = (results.Page * _options.ResultsPerPage + 1).ToString(CultureInfo.InvariantCulture),
            ["to"] = (results.Page * _options.ResultsPerPage + result.Hits.Count).ToString(CultureInfo.InvariantCulture),
        };
        var text = turn.Say(results.Page == 0 ? "results.intro" : "results.page", args);
        if (intro is not null)
        {
            text = turn.Say(intro, args) + " " + text;
        }

        var cards = result.Hits.Select(hit => Card(turn, hit)).ToList();
        turn.Send(text, ResultActions(turn, results, result.Total, allowMore: true), cards);
    }

    private List<BotButton> ResultActions(Turn turn, ResultsState results, int total, bool allowMore)
    {
        var actions = new List<BotButton>();
        if (allowMore && (results.Page + 1) * _options.ResultsPerPage < total)
        {
            actions.Add(turn.Button("button.more"));
        }

        if (!Online(turn.State.Facts) && results.Widen < WidenLevels(KindOf(turn.State.Facts)))
        {
            actions.Add(turn.Button("button.widen"));
        }

        if (!Online(turn.State.Facts))
        {
            actions.Add(turn.Button("button.online"));
        }

        actions.Add(turn.Button("button.restart"));
        return actions;
    }

    private void ZeroResults(Turn turn, SearchResult result, string criteria)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { ["criteria"] = criteria };
        var options = result.Relaxations.Where(r => r.Total > 0).Take(4).ToList();
        var text = turn.Say("zero.intro", args);
        if (options.Count > 0)
        {
            var blocked = options[0];
            var combined = blocked.Constraint.Contains('+', StringComparison.Ordinal);
            var key = combined ? "zero.blocked.combined" : "zero.blocked." + blocked.Constraint;
            text += " " + turn.Say(turn.Catalog.HasText(turn.Locale, key) ? key : "zero.blocked.other", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["constraint"] = blocked.Constraint,
                ["total"] = blocked.Total.ToString(CultureInfo.InvariantCulture),
                ["value"] = combined
                    ? string.Join(" + ", blocked.Constraint.Split('+').Select(c => ConstraintValue(turn, c)).Where(v => v.Length > 0))
                    : ConstraintValue(turn, blocked.Constraint),
            });
        }
        else
        {
            text += " " + turn.Say("zero.nothing");
        }

        var buttons = options.Select(r =>
        {
            var key = r.Constraint.Contains('+', StringComparison.Ordinal) ? "relax.combined" : "relax." + r.Constraint;
            var title = turn.Say(turn.Catalog.HasText(turn.Locale, key) ? key : "relax.other", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["constraint"] = r.Constraint,
                ["total"] = r.Total.ToString(CultureInfo.InvariantCulture),
            });
            return new BotButton(title, ButtonAction.Encode(ButtonAction.Relax, constraint: r.Constraint), ButtonKind.Post);
        }).ToList();
        var results = turn.State.Results!;
        if (!options.Any(r => r.Constraint is "radius" or "department" or "region")
            && !Online(turn.State.Facts) && results.Widen < WidenLevels(KindOf(turn.State.Facts)))
        {
            buttons.Add(turn.Button("button.widen"));
        }

        buttons.Add(turn.Button("button.leave_request"));
        buttons.Add(turn.Button("button.human"));
        buttons.Add(turn.Button("button.restart"));
        turn.Send(text, buttons);
    }

    private static string ConstraintValue(Turn turn, string constraint)
    {
        var facts = turn.State.Facts;
        return constraint switch
        {
            "format" when facts.TryGetValue(FactNames.Format, out var format) => DisplayFact(turn, FactNames.Format, format),
            "audience" when facts.TryGetValue(FactNames.Audience, out var audience) => DisplayFact(turn, FactNames.Audience, audience),
            "sector" when facts.TryGetValue(FactNames.Sectors, out var sectors) => DisplayFact(turn, FactNames.Sectors, sectors),
            "topic" when facts.TryGetValue(FactNames.Topics, out var topics) => DisplayFact(turn, FactNames.Topics, topics),
            "dates" when facts.TryGetValue(FactNames.DateFrom, out var date) => DisplayFact(turn, FactNames.DateFrom, date),
            _ => DescribePlace(turn, turn.State.Results?.Widen ?? 0) ?? string.Empty,
        };
    }

    /// <summary>Applies a relaxation the search engine suggested, by name, to the request the user built.</summary>
    private void Relax(Turn turn, string constraint)
    {
        // "topic+radius": several relaxations together, the place last so that its widening counts the others.
        foreach (var part in constraint.Split('+').OrderBy(c => c is "radius" or "department" or "region" ? 1 : 0))
        {
            RelaxOne(turn, part);
        }

        turn.State.Results!.Page = 0;
        ShowResults(turn, intro: "results.relaxed");
    }

    private void RelaxOne(Turn turn, string constraint)
    {
        var facts = turn.State.Facts;
        var results = turn.State.Results ??= new ResultsState();
        switch (constraint)
        {
            case "radius" or "department" or "region" or "place" or "near":
                var levels = WidenLevels(KindOf(facts));
                if (constraint == "region" || results.Widen >= levels)
                {
                    results.Widen = levels;
                }
                else
                {
                    results.Widen++;
                    WidenUntilFound(facts, results);
                }

                break;
            case "format":
                facts.Remove(FactNames.Format);
                break;
            case "audience":
                facts.Remove(FactNames.Audience);
                facts.Remove(FactNames.ClassLevel);
                break;
            case "sector" or "sectors":
                facts.Remove(FactNames.Sectors);
                break;
            case "topic" or "topics":
                facts.Remove(FactNames.Topics);
                break;
            case "dates" or "date":
                facts.Remove(FactNames.DateFrom);
                facts.Remove(FactNames.DateTo);
                break;
            case "text":
                facts.Remove(FactNames.What);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// "je prends la deuxième", "remplace la première", "le profil de la troisième": a card of the last results named
    /// by its place, with what to do with it. Without such a verb the ordinal is left to understanding ("et pour la
    /// seconde ?" is a class level). True when the message was one.
    /// </summary>
    private async Task<bool> CardReferenceAsync(Turn turn, CancellationToken cancellationToken)
    {
        var results = turn.State.Results!;
        if (turn.Fresh.ContainsKey(FactNames.DateFrom))
        {
            // "réserver le 3 mars" is a date, not the third card.
            return false;
        }

        if (ZeroResultsPick(turn))
        {
            return true;
        }

        string? speakerId = null;
        for (var place = 1; place <= results.Shown.Count && speakerId is null; place++)
        {
            var words = turn.Catalog.Keywords(turn.Locale, "ordinal." + place.ToString(CultureInfo.InvariantCulture));
            var articles = turn.Catalog.Keywords(turn.Locale, "card.article");
            if (words.Any(w => articles.Any(a => DialogText.ContainsWords(turn.Normalized, a + " " + w))))
            {
                speakerId = results.Shown[place - 1];
            }
        }

        if (speakerId is null)
        {
            return false;
        }

        bool Says(string list) => turn.Catalog.Keywords(turn.Locale, list).Any(k => DialogText.ContainsWords(turn.Normalized, k));
        if (Says("card.swap"))
        {
            results.Excluded.Add(speakerId);
            ShowResults(turn, intro: "results.replaced");
            return true;
        }

        if (Says("card.book"))
        {
            await BookAsync(turn, speakerId, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (Says("card.profile"))
        {
            await ShowProfileAsync(turn, speakerId, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (BareOrdinal(turn, results.Shown.Count) is var place1 and > 0)
        {
            // "la 2", "ok la deuxième": the card's main action.
            await BookAsync(turn, results.Shown[place1 - 1], cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private void Widen(Turn turn)
    {
        var results = turn.State.Results!;
        if (Online(turn.State.Facts) || results.Widen >= WidenLevels(KindOf(turn.State.Facts)))
        {
            turn.Send(turn.Say("widen.max"), ResultActions(turn, results, results.Total, allowMore: true));
            return;
        }

        results.Widen++;
        WidenUntilFound(turn.State.Facts, results);
        results.Page = 0;
        ShowResults(turn, intro: "results.widened");
    }

    /// <summary>
    /// One click on "Élargir la zone" goes as far as it takes to fill a page (city → around → region → France), so a
    /// widening that still finds nobody never sends the user back to the same dead end.
    /// </summary>
    private void WidenUntilFound(IReadOnlyDictionary<string, string> facts, ResultsState results)
    {
        var levels = WidenLevels(KindOf(facts));
        while (results.Widen < levels && _search.Search(BuildQuery(facts, results.Widen, 0) with { Take = 0 }).Total < _options.ResultsPerPage)
        {
            results.Widen++;
        }
    }

    private BotCard Card(Turn turn, SearchHit hit)
    {
        var speaker = hit.Speaker;
        var lines = new List<string>();
        var place = speaker.City ?? Label(turn, "region." + speaker.Region, speaker.Region);
        if (hit.Why.DistanceKm is { } km)
        {
            place += " · " + turn.Say("card.distance", new Dictionary<string, string>(StringComparer.Ordinal) { ["km"] = Kilometres(km) });
        }

        lines.Add(place);
        var topics = hit.Why.MatchedTopics.Count > 0 ? hit.Why.MatchedTopics : speaker.Topics.Take(3).ToList();
        if (topics.Count > 0)
        {
            lines.Add(turn.Say("card.topics", new Dictionary<string, string>(StringComparer.Ordinal) { ["topics"] = TopicList(turn, topics) }));
        }

        if (speaker.Formats.Count > 0)
        {
            lines.Add(turn.Say("card.formats", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["formats"] = string.Join(", ", speaker.Formats.Select(f => Label(turn, "format." + f, f))),
            }));
        }

        var why = turn.Say("card.why", new Dictionary<string, string>(StringComparer.Ordinal) { ["reasons"] = Why(turn, hit) });
        lines.Add(why);
        var card = new BotCard
        {
            Title = speaker.FullName,
            Subtitle = speaker.Employer is null ? Headline(turn, speaker) : Headline(turn, speaker) + " · " + speaker.Employer,
            Text = string.Join("\n\n", lines),
            ImageUrl = speaker.PhotoUrl,
            Buttons =
            [
                new BotButton(turn.Say("button.book"), ButtonAction.Encode(ButtonAction.Book, speaker.Id), ButtonKind.Post),
                new BotButton(turn.Say("button.profile"), ButtonAction.Encode(ButtonAction.Profile, speaker.Id), ButtonKind.Post),
            ],
        };

        // The line is the card's last: the model's checked sentence may replace it before the replies leave (ExplainCardsAsync).
        turn.CardsToExplain[card] = new CardToExplain(speaker, why);
        return card;
    }

    /// <summary>
    /// The user's own word for an index term ("ingénieure", not the folded "ingenieure"); the term itself when the
    /// match came from a synonym or a typo the user did not write that way.
    /// </summary>
    private static string AsWritten(string term, string asked)
    {
        foreach (var word in asked.Split([' ', ',', ';', '.', '\'', '’', '|', '-', '(', ')', '"', '!', '?'], StringSplitOptions.RemoveEmptyEntries))
        {
            var folded = SpeakerBot.Search.Analysis.TextFolding.FoldText(word.ToLowerInvariant());
            if (folded.Length > 0 && (folded == term || (term.Length >= 4 && folded.StartsWith(term, StringComparison.Ordinal))))
            {
                return word.ToLowerInvariant();
            }
        }

        return term;
    }

    /// <summary>One line saying why she fits, from the search engine's explanation.</summary>
    private static string Why(Turn turn, SearchHit hit)
    {
        var why = hit.Why;
        var facts = turn.State.Facts;
        var reasons = new List<string>();
        if (why.SectorMatch)
        {
            reasons.Add(turn.Say("why.sector", new Dictionary<string, string>(StringComparer.Ordinal) { ["sector"] = Label(turn, "sector." + hit.Speaker.Sector, hit.Speaker.Sector) }));
        }

        var sectorLabel = why.SectorMatch ? Label(turn, "sector." + hit.Speaker.Sector, hit.Speaker.Sector) : null;
        var topicsBeyondSector = why.MatchedTopics.Where(t => !string.Equals(t, sectorLabel, StringComparison.OrdinalIgnoreCase)).ToList();
        if (topicsBeyondSector.Count > 0)
        {
            reasons.Add(turn.Say("why.topics", new Dictionary<string, string>(StringComparer.Ordinal) { ["topics"] = string.Join(", ", topicsBeyondSector) }));
        }

        if (why.DistanceKm is { } km && facts.TryGetValue(FactNames.City, out var city) && !Online(facts))
        {
            reasons.Add(turn.Say("why.distance", new Dictionary<string, string>(StringComparer.Ordinal) { ["km"] = Kilometres(km), ["city"] = city }));
        }

        if (why.FormatMatch && facts.TryGetValue(FactNames.Format, out var format))
        {
            reasons.Add(turn.Say("why.format", new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = InSentence(Label(turn, "format." + format, format)) }));
        }

        if (reasons.Count == 0 && why.MatchedTerms.Count > 0)
        {
            var asked = facts.GetValueOrDefault(FactNames.What) ?? facts.GetValueOrDefault(FactNames.Topics) ?? string.Empty;
            reasons.Add(turn.Say("why.terms", new Dictionary<string, string>(StringComparer.Ordinal) { ["terms"] = string.Join(", ", why.MatchedTerms.Take(3).Select(t => AsWritten(t, asked)).Distinct(StringComparer.Ordinal)) }));
        }

        if (reasons.Count == 0)
        {
            reasons.Add(turn.Say("why.default"));
        }

        return string.Join(", ", reasons);
    }

    private static string Kilometres(double km) =>
        km < 1 ? "< 1" : Math.Round(km).ToString("0", CultureInfo.InvariantCulture);

    private static string DescribeCriteria(Turn turn, int widen)
    {
        var facts = turn.State.Facts;
        var parts = new List<string>();
        if (facts.TryGetValue(FactNames.Sectors, out var sectors))
        {
            parts.Add(DisplayFact(turn, FactNames.Sectors, sectors));
        }

        if (facts.TryGetValue(FactNames.Topics, out var topics))
        {
            parts.Add(DisplayFact(turn, FactNames.Topics, topics));
        }

        // A topic named like the sector ("cybersécurité" both) is said once.
        parts = [.. parts.SelectMany(p => p.Split(", ")).Distinct(StringComparer.OrdinalIgnoreCase)];

        if (parts.Count == 0 && facts.TryGetValue(FactNames.What, out var what))
        {
            parts.Add("« " + what + " »");
        }

        if (DescribePlace(turn, widen) is { } place)
        {
            parts.Add(place);
        }

        if (facts.TryGetValue(FactNames.Format, out var format))
        {
            parts.Add(DisplayFact(turn, FactNames.Format, format));
        }

        if (facts.TryGetValue(FactNames.Audience, out var audience))
        {
            parts.Add(DisplayFact(turn, FactNames.Audience, audience));
        }

        if (FactNames.Date(facts, FactNames.DateFrom) is { } from)
        {
            var to = FactNames.Date(facts, FactNames.DateTo);
            parts.Add(to is null || to == from
                ? turn.Say("criteria.on", new Dictionary<string, string>(StringComparer.Ordinal) { ["date"] = FormatDate(turn, from) })
                : turn.Say("criteria.between", new Dictionary<string, string>(StringComparer.Ordinal) { ["from"] = FormatDate(turn, from), ["to"] = FormatDate(turn, to.Value) }));
        }

        parts.AddRange(DescribeWish(turn));
        return parts.Count == 0 ? turn.Say("criteria.any") : string.Join(", ", parts);
    }

    private static string? DescribePlace(Turn turn, int widen)
    {
        var facts = turn.State.Facts;
        if (Online(facts))
        {
            return null;
        }

        var region = facts.TryGetValue(FactNames.Region, out var r) ? Label(turn, "region." + r, r) : null;
        var args = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["city"] = facts.GetValueOrDefault(FactNames.City) ?? string.Empty,
            ["department"] = facts.GetValueOrDefault(FactNames.Department) ?? string.Empty,
            ["region"] = region ?? string.Empty,
        };
        return (KindOf(facts), widen) switch
        {
            (PlaceKind.City, 0) => turn.Say("criteria.near", args),
            (PlaceKind.City, 1) => turn.Say("criteria.around", args),
            (PlaceKind.City, 2) when region is not null => turn.Say("criteria.region", args),
            (PlaceKind.Department, 0) => turn.Say("criteria.department", args),
            (PlaceKind.Department, 1) when region is not null => turn.Say("criteria.region", args),
            (PlaceKind.Region, 0) => turn.Say("criteria.region", args),
            (PlaceKind.None, _) => null,
            _ => turn.Say("criteria.france"),
        };
    }

    private async Task ShowProfileAsync(Turn turn, string speakerId, CancellationToken cancellationToken)
    {
        var stored = await _speakers.GetAsync(speakerId, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Status != SpeakerStatus.Approved)
        {
            turn.Send(turn.Say("profile.unknown"), EntryButtons(turn));
            return;
        }

        // Contact details never leave the trusted core: dropped before anything is rendered.
        var speaker = stored.WithoutContact();
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(speaker.Bio))
        {
            lines.Add(LanguageModel.PersonalDataMasker.MaskContact(speaker.Bio));
        }

        if (speaker.Topics.Count > 0)
        {
            lines.Add(turn.Say("card.topics", new Dictionary<string, string>(StringComparer.Ordinal) { ["topics"] = TopicList(turn, speaker.Topics) }));
        }

        if (speaker.Formats.Count > 0)
        {
            lines.Add(turn.Say("card.formats", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["formats"] = string.Join(", ", speaker.Formats.Select(f => Label(turn, "format." + f, f))),
            }));
        }

        if (speaker.Audiences.Count > 0)
        {
            lines.Add(turn.Say("card.audiences", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["audiences"] = string.Join(", ", speaker.Audiences.Select(a => Label(turn, "audience." + a, a))),
            }));
        }

        lines.Add(turn.Say("card.place", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["city"] = speaker.City ?? string.Empty,
            ["region"] = Label(turn, "region." + speaker.Region, speaker.Region),
        }));
        lines.Add(turn.Say("profile.private"));
        var card = new BotCard
        {
            Title = speaker.FullName,
            Subtitle = speaker.Employer is null ? Headline(turn, speaker) : Headline(turn, speaker) + " · " + speaker.Employer,
            Text = string.Join("\n\n", lines),
            ImageUrl = speaker.PhotoUrl,
            Buttons = [new BotButton(turn.Say("button.book"), ButtonAction.Encode(ButtonAction.Book, speaker.Id), ButtonKind.Post)],
        };
        var suggestions = new List<BotButton>();
        if (turn.State.Results is not null)
        {
            suggestions.Add(turn.Button("button.back"));
        }

        suggestions.Add(turn.Button("button.restart"));
        turn.Send(null, suggestions, [card]);
    }
}
