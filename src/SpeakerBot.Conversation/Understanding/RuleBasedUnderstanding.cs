using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// Offline French/English understanding: vocabularies from index/understanding/ compiled into one trie,
/// typo correction on unknown words, then small extractors for each field of <see cref="Understood"/>.
/// </summary>
public sealed partial class RuleBasedUnderstanding : IUnderstanding
{
    private static readonly string[] FormatPriority = ["online", "panel", "mentoring", "classroom"];
    private readonly Lexicon _lexicon;
    private readonly IGazetteer? _gazetteer;
    private readonly ISchoolTerms? _terms;

    public RuleBasedUnderstanding(string dataDirectory, IGazetteer? gazetteer)
        : this(dataDirectory, gazetteer, null)
    {
    }

    /// <param name="terms">The school calendar, to read "après les vacances de février" as dates; without it they stay null.</param>
    public RuleBasedUnderstanding(string dataDirectory, IGazetteer? gazetteer, ISchoolTerms? terms)
    {
        _lexicon = Lexicon.Load(dataDirectory);
        _gazetteer = gazetteer;
        _terms = terms;
    }

    public Understood Parse(string text, string locale, DateTimeOffset reference)
    {
        ArgumentNullException.ThrowIfNull(text);
        var today = DateOnly.FromDateTime(reference.DateTime);
        var english = Languages.IsEnglish(locale);
        var consumed = new List<(int Start, int End)>(4);

        string? email = null;
        if (EmailPattern().Match(text) is { Success: true } em)
        {
            email = em.Value.TrimEnd('.');
            consumed.Add((em.Index, em.Index + em.Length));
        }

        string? bookingRef = null;
        if (BookingReference.Match(text) is { } br)
        {
            bookingRef = br.Reference;
            consumed.Add((br.Index, br.Index + br.Length));
        }

        string? uai = null;
        if (UaiPattern().Match(text) is { Success: true } ua)
        {
            uai = ua.Groups[1].Value.ToUpperInvariant();
            consumed.Add((ua.Index, ua.Index + ua.Length));
        }

        // "Lycée Turgot, Paris 3e": an arrondissement, not a class of 3e (decision 118).
        foreach (System.Text.RegularExpressions.Match arr in Arrondissement().Matches(text))
        {
            consumed.Add((arr.Groups["n"].Index, arr.Groups["n"].Index + arr.Groups["n"].Length));
        }

        var time = FindTime(text, consumed);

        var mentions = FindMentions(text);
        var tokens = TextNormalizer.Tokenize(text);
        var items = BuildItems(tokens, consumed, mentions);

        var scan = new Scan(items, english);
        var (dateFrom, dateTo) = DateExtractor.Extract(items, today);
        if (time is null)
        {
            time = scan.WordTime();
        }

        var (pupils, speakers) = scan.Counts();
        var (audience, classLevel) = scan.Level();
        var sectors = scan.Sectors();
        var topics = scan.Topics();
        var format = scan.Format(FormatPriority);

        var (place, placeSpan) = FindPlace(text, mentions, items, consumed, _gazetteer);
        if (place is null && _gazetteer is not null)
        {
            (place, placeSpan) = TypoCity(text, items, _gazetteer);
        }

        var words = DateWishes.Words(text);
        if (_terms is not null && DateWishes.SchoolPeriod(words) is { } period && ((dateFrom is null && dateTo is null) || period.NamesMonth)
            && _terms.Next(period.Period, DepartmentOf(place), today) is { } term)
        {
            dateFrom = period.After ? term.ClassesResume : null;
            dateTo = period.After ? null : term.LastSchoolDay;
        }

        var understood = new Understood
        {
            Sectors = sectors,
            Topics = topics,
            Audience = audience,
            ClassLevel = classLevel,
            Format = format,
            DateFrom = dateFrom,
            DateTo = dateTo,
            Time = time,
            Weekdays = DateWishes.Weekdays(words),
            PartOfDay = DateWishes.PartOfDay(words),
            Pupils = pupils,
            Speakers = speakers,
            BookingRef = bookingRef,
            Email = email,
            Uai = uai,
            // Paris is a commune and a department at once.
            City = place is { Kind: PlaceKind.City or PlaceKind.PostalCode } ? CommuneName(place.Name) : place is { Kind: PlaceKind.Department, Department: "75" } ? "Paris" : null,
            Department = DepartmentOf(place),
            Region = place?.Region,
            Location = place?.Location,
        };

        return understood with { Intent = IntentRules.Decide(scan, understood, placeSpan) };
    }

    /// <summary>How a message was read (items and their meanings, place mentions), for `parse --explain`.</summary>
    public string Explain(string text, string locale, DateTimeOffset reference)
    {
        ArgumentNullException.ThrowIfNull(text);
        var consumed = new List<(int Start, int End)>();
        foreach (var m in new[] { EmailPattern().Match(text), UaiPattern().Match(text) })
        {
            if (m.Success)
            {
                consumed.Add((m.Index, m.Index + m.Length));
            }
        }

        if (BookingReference.Match(text) is { } written)
        {
            consumed.Add((written.Index, written.Index + written.Length));
        }

        _ = FindTime(text, consumed);
        var mentions = FindMentions(text);
        var items = BuildItems(TextNormalizer.Tokenize(text), consumed, mentions);
        _ = DateExtractor.Extract(items, DateOnly.FromDateTime(reference.DateTime));
        var lines = new List<string> { "items: " + string.Join(" ", items.Select(i => i.Used ? i + "*" : i.ToString())) };
        lines.AddRange(mentions.Select(m => $"place: '{m.Text}' → {m.Place.Kind} {m.Place.Name} ({m.Place.Department}, {m.Place.Region}, pop {m.Place.Population})"
            + (Acceptable(m, text, items, consumed) ? string.Empty : " [rejected]")));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>"Paris 15e Arrondissement" is Paris: the contract names communes.</summary>
    private static string CommuneName(string name)
    {
        if (!name.EndsWith("Arrondissement", StringComparison.OrdinalIgnoreCase))
        {
            return name;
        }

        var cut = name.IndexOf(' ', StringComparison.Ordinal);
        return cut > 0 ? name[..cut] : name;
    }

    /// <summary>
    /// A region named gives no department, except the five overseas regions that are one department each
    /// (INSEE region 0N is department 97N), so "en Guyane" and "in Réunion" read the same however the gazetteer classes them.
    /// </summary>
    private static string? DepartmentOf(Place? place)
    {
        if (place is null)
        {
            return null;
        }

        if (place.Kind != PlaceKind.Region)
        {
            return place.Department;
        }

        return Domain.Taxonomy.RegionInseeCodes.TryGetValue(place.Region, out var code) && code[0] == '0' ? "97" + code[1] : null;
    }

    private List<Item> BuildItems(List<Token> tokens, List<(int Start, int End)> consumed, IReadOnlyList<PlaceMention> mentions)
    {
        var words = new List<string>(tokens.Count);
        var kept = new List<Token>(tokens.Count);
        var lastWasPlaceholder = false;
        foreach (var t in tokens)
        {
            if (Overlaps(consumed, t.Start, t.End))
            {
                // A placeholder keeps what was around an e-mail, a reference or a time from reading as adjacent.
                if (!lastWasPlaceholder)
                {
                    kept.Add(t with { Text = "\u0001" });
                    words.Add("\u0001");
                    lastWasPlaceholder = true;
                }

                continue;
            }

            lastWasPlaceholder = false;
            kept.Add(t);
            words.Add(InMention(mentions, t) ? t.Text : Correct(t.Text));
        }

        var items = new List<Item>(kept.Count);
        var i = 0;
        while (i < kept.Count)
        {
            var match = _lexicon.LongestAt(words, i);
            if (match is { } m)
            {
                items.Add(new Item
                {
                    Index = items.Count,
                    TokenStart = i,
                    TokenEnd = m.End,
                    Word = m.Count == 1 ? words[i] : string.Join(' ', words.GetRange(i, m.Count)),
                    Entries = m.Entries,
                    Separator = kept[i].Separator,
                    Number = kept[i].IsNumber && m.Count == 1 ? kept[i].NumberValue : null,
                    Span = (kept[i].Start, kept[m.End - 1].End),
                });
                i = m.End;
                continue;
            }

            var t = kept[i];
            var (number, ordinal) = ReadNumber(t.Text);
            items.Add(new Item
            {
                Index = items.Count,
                TokenStart = i,
                TokenEnd = i + 1,
                Word = words[i],
                Separator = t.Separator,
                Number = number,
                Ordinal = ordinal,
                Span = (t.Start, t.End),
            });
            i++;
        }

        return items;
    }

    /// <summary>Known words stay as written; unknown ones lose a plural mark or are corrected to the closest vocabulary word.</summary>
    private string Correct(string word)
    {
        if (word.Length < 3 || _lexicon.KnownWords.Contains(word))
        {
            return word;
        }

        if (word[^1] is 's' or 'x' && _lexicon.KnownWords.Contains(word[..^1]))
        {
            return word[..^1];
        }

        if (char.IsAsciiDigit(word[0]))
        {
            return word;
        }

        return _lexicon.Fuzzy.Correct(word) ?? word;
    }

    private static (int? Number, bool Ordinal) ReadNumber(string word)
    {
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits]))
        {
            digits++;
        }

        if (digits == 0 || digits > 9)
        {
            return (null, false);
        }

        var value = int.Parse(word.AsSpan(0, digits), CultureInfo.InvariantCulture);
        if (digits == word.Length)
        {
            return (value, false);
        }

        var suffix = word[digits..];
        return suffix is "er" or "st" or "nd" or "rd" or "th" ? (value, true) : (null, false);
    }

    private static bool Overlaps(List<(int Start, int End)> spans, int start, int end)
    {
        foreach (var (s, e) in spans)
        {
            if (start < e && s < end)
            {
                return true;
            }
        }

        return false;
    }

    private static TimeOnly? FindTime(string text, List<(int Start, int End)> consumed)
    {
        foreach (Match m in TimePattern().Matches(text))
        {
            if (Overlaps(consumed, m.Index, m.Index + m.Length))
            {
                continue;
            }

            var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            var ampm = m.Groups["ap"].Success ? char.ToLowerInvariant(m.Groups["ap"].Value[0]) : '\0';
            if (ampm == 'p' && hour < 12)
            {
                hour += 12;
            }
            else if (ampm == 'a' && hour == 12)
            {
                hour = 0;
            }
            else if (ampm == '\0' && hour < 7)
            {
                // "2h", "1h30": a duration, not a time of day at school.
                continue;
            }

            if (hour > 23 || minute > 59)
            {
                continue;
            }

            consumed.Add((m.Index, m.Index + m.Length));
            return new TimeOnly(hour, minute);
        }

        return null;
    }

    /// <summary>Place names are never "corrected" into vocabulary words ("Poitiers" is not a typo for "pompiers").</summary>
    private static bool InMention(IReadOnlyList<PlaceMention> mentions, Token t)
    {
        foreach (var m in mentions)
        {
            if (t.Start >= m.Start && t.End <= m.Start + m.Length && !char.IsAsciiDigit(t.Text[0]))
            {
                return true;
            }
        }

        return false;
    }

    private IReadOnlyList<PlaceMention> FindMentions(string text)
    {
        if (_gazetteer is null || text.Length == 0)
        {
            return [];
        }

        try
        {
            return _gazetteer.FindInText(text);
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private static (Place? Place, (int Start, int End) Span) FindPlace(string text, IReadOnlyList<PlaceMention> mentions, List<Item> items, List<(int Start, int End)> consumed, IGazetteer? gazetteer)
    {
        Place? best = null;
        var span = (0, 0);
        var bestRank = int.MaxValue;
        foreach (var mention in mentions)
        {
            if (!Acceptable(mention, text, items, consumed))
            {
                continue;
            }

            var rank = mention.Place.Kind switch
            {
                PlaceKind.City or PlaceKind.PostalCode => 0,
                PlaceKind.Department => 1,
                _ => 2,
            };
            if (rank < bestRank)
            {
                best = mention.Place;
                bestRank = rank;
                span = (mention.Start, mention.Start + mention.Length);
            }
        }

        return best is null && gazetteer is not null ? Fallback(text, items, gazetteer) : (best, span);
    }

    /// <summary>
    /// When the sentence scan found nothing: a department number after "dans le"/"département", or a capitalised word
    /// that resolves to a department or region on its own ("chimiste Rhône", "Nord").
    /// </summary>
    private static (Place? Place, (int Start, int End) Span) Fallback(string text, List<Item> items, IGazetteer gazetteer)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Used || item.Entries.Count > 0)
            {
                continue;
            }

            var raw = text[item.Span.Start..item.Span.End];
            if (item.Number is not null)
            {
                if (i > 0 && items[i - 1].IsCue("department_before") && Domain.Taxonomy.IsDepartment(raw)
                    && gazetteer.Resolve(raw) is { Kind: PlaceKind.Department } dept)
                {
                    return (dept, item.Span);
                }

                continue;
            }

            if (raw.Length >= 3 && char.IsUpper(raw[0]) && gazetteer.Resolve(raw) is { Kind: PlaceKind.Department or PlaceKind.Region } area)
            {
                return (area, item.Span);
            }

            // "recyclage lycée Lille", "policière grenoble": a large city named bare, as in a keyword query.
            var introduced = (i > 0 && items[i - 1].IsCue("place_before")) || char.IsUpper(raw[0]) || items.Count <= 6;
            if (raw.Length >= 4 && introduced && gazetteer.Resolve(raw) is { Kind: PlaceKind.City, Population: >= 50_000 } city)
            {
                return (city, item.Span);
            }
        }

        return (null, (0, 0));
    }

    // Cues that clearly announce a place; "de", "en", "dans", "sur" also start ordinary phrases ("à lire", "de base").
    private static readonly FrozenSet<string> TypoPlaceCues = FrozenSet.ToFrozenSet(
        ["a", "au", "vers", "pres de", "proche de", "autour de", "in", "at", "near", "around", "ville de", "secteur de",
         "region", "region de", "academie de", "banlieue de", "environs de"], StringComparer.Ordinal);

    /// <summary>
    /// Last resort when no place was found: a word after a clear place cue ("à lile") that no vocabulary knows, one typo
    /// away from the name of a city of 20,000 people or more, is that city (the largest when several fit).
    /// </summary>
    private (Place? Place, (int Start, int End) Span) TypoCity(string text, List<Item> items, IGazetteer gazetteer)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var item = items[i];
            var cue = items[i - 1];
            if (item.Used || item.Entries.Count > 0 || item.Number is not null || !cue.IsCue("place_before")
                || !TypoPlaceCues.Contains(TextNormalizer.Fold(text[cue.Span.Start..cue.Span.End]).Replace('-', ' ')))
            {
                continue;
            }

            var raw = text[item.Span.Start..item.Span.End];
            var folded = TextNormalizer.Fold(raw);
            if (folded.Length < 4 || !folded.All(char.IsAsciiLetter) || _lexicon.KnownWords.Contains(folded) || _lexicon.Fuzzy.Correct(folded) is not null)
            {
                continue;
            }

            if (gazetteer.CityOneTypoAway(folded, 20_000) is { } city)
            {
                return (city, item.Span);
            }
        }

        return (null, (0, 0));
    }

    /// <summary>
    /// The gazetteer knows 35,000 communes, many named like ordinary words ("Mars", "Sens", "Orange"); a mention counts
    /// only where no vocabulary phrase claimed the words, and a small lower-case commune needs a place preposition.
    /// </summary>
    private static bool Acceptable(PlaceMention mention, string text, List<Item> items, List<(int Start, int End)> consumed)
    {
        var start = mention.Start;
        var end = mention.Start + mention.Length;
        if (Overlaps(consumed, start, end))
        {
            return false;
        }

        var capitalised = char.IsUpper(text[start]);
        var compound = capitalised && mention.Length >= 8 && (mention.Text.Contains('-', StringComparison.Ordinal) || mention.Text.Contains(' ', StringComparison.Ordinal));
        Item? before = null;
        Item? after = null;
        foreach (var item in items)
        {
            if (item.Span.End <= start)
            {
                before = item;
            }
            else if (item.Span.Start >= end)
            {
                after ??= item;
            }
            else if (!compound && (item.Used || !OnlyCues(item)))
            {
                return false;
            }
        }

        var numeric = char.IsAsciiDigit(mention.Text[0]);
        if (numeric)
        {
            if (after is not null && (after.IsCue("pupil") || after.IsCue("speaker") || after.Has(EntryKind.Month) || after.IsCue("unit_day")))
            {
                return false;
            }

            return mention.Text.Length == 5 || (before is not null && before.IsCue("department_before")) || IsParenthesised(text, start, end);
        }

        var prepositioned = before is not null && before.IsCue("place_before");
        if (mention.Place.Kind is PlaceKind.Region or PlaceKind.Department)
        {
            // Short names are acronyms ("AURA", "PACA", "IDF") that double as words ("il n'aura pas lieu").
            return mention.Length > 4 || prepositioned || mention.Text.All(c => !char.IsLetter(c) || char.IsUpper(c));
        }

        if (capitalised && (prepositioned || mention.Place.Population >= 2000 || mention.Length >= 8))
        {
            return true;
        }

        return prepositioned ? mention.Place.Population >= 500 : mention.Place.Population >= 30000;
    }

    private static bool OnlyCues(Item item)
    {
        foreach (var e in item.Entries)
        {
            if (e.Kind is not EntryKind.Cue and not EntryKind.Ignore)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsParenthesised(string text, int start, int end) =>
        start > 0 && text[start - 1] == '(' && end < text.Length && text[end] == ')';

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(\d{7}[A-Za-z])\b", RegexOptions.CultureInvariant)]
    private static partial Regex UaiPattern();

    [GeneratedRegex(@"(?<![\d/.:,])(?:(?<h>[01]?\d|2[0-3])\s?(?:h|heures?)(?:\s?(?<m>[0-5]\d))?(?![\p{L}\d])|(?<h>[01]?\d|2[0-3]):(?<m>[0-5]\d)(?:\s?(?<ap>am|pm|a\.m\.|p\.m\.))?(?![\p{L}\d])|(?<h>1[0-2]|0?[1-9])\s?(?<ap>am|pm|a\.m\.|p\.m\.)(?![\p{L}]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\p{L}])(?:Paris|Lyon|Marseille|PARIS|LYON|MARSEILLE)\s+(?<n>\d{1,2}\s?(?:e|è|ème|eme|er|ᵉ))(?![\p{L}\d])", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Arrondissement();
}
