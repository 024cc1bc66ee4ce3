using System.Globalization;
using System.Text.RegularExpressions;
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

    public RuleBasedUnderstanding(string dataDirectory, IGazetteer? gazetteer)
    {
        _lexicon = Lexicon.Load(dataDirectory);
        _gazetteer = gazetteer;
    }

    public Understood Parse(string text, string locale, DateTimeOffset reference)
    {
        ArgumentNullException.ThrowIfNull(text);
        var today = DateOnly.FromDateTime(reference.DateTime);
        var english = locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var consumed = new List<(int Start, int End)>(4);

        string? email = null;
        if (EmailPattern().Match(text) is { Success: true } em)
        {
            email = em.Value.TrimEnd('.');
            consumed.Add((em.Index, em.Index + em.Length));
        }

        string? bookingRef = null;
        if (BookingRefPattern().Match(text) is { Success: true } br)
        {
            bookingRef = string.Create(CultureInfo.InvariantCulture, $"{br.Groups["p"].Value.ToUpperInvariant()}-{br.Groups["y"].Value}-{br.Groups["n"].Value}");
            consumed.Add((br.Index, br.Index + br.Length));
        }

        string? uai = null;
        if (UaiPattern().Match(text) is { Success: true } ua)
        {
            uai = ua.Groups[1].Value.ToUpperInvariant();
            consumed.Add((ua.Index, ua.Index + ua.Length));
        }

        var time = FindTime(text, consumed);

        var tokens = TextNormalizer.Tokenize(text);
        var items = BuildItems(tokens, consumed);

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

        var place = FindPlace(text, tokens, items, consumed);

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
            Pupils = pupils,
            Speakers = speakers,
            BookingRef = bookingRef,
            Email = email,
            Uai = uai,
            City = place is { Kind: PlaceKind.City or PlaceKind.PostalCode } ? place.Name : null,
            Department = place?.Department,
            Region = place?.Region,
            Location = place?.Location,
        };

        return understood with { Intent = IntentRules.Decide(scan, understood) };
    }

    private List<Item> BuildItems(List<Token> tokens, List<(int Start, int End)> consumed)
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
            words.Add(Correct(t.Text));
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
        if (word.Length < 3 || _lexicon.KnownWords.Contains(word) || char.IsAsciiDigit(word[0]))
        {
            return word;
        }

        if (word[^1] is 's' or 'x' && _lexicon.KnownWords.Contains(word[..^1]))
        {
            return word[..^1];
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

    private Place? FindPlace(string text, List<Token> tokens, List<Item> items, List<(int Start, int End)> consumed)
    {
        if (_gazetteer is null)
        {
            return null;
        }

        IReadOnlyList<PlaceMention> mentions;
        try
        {
            mentions = _gazetteer.FindInText(text);
        }
        catch (ArgumentException)
        {
            return null;
        }

        Place? best = null;
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
            }
        }

        _ = tokens;
        return best;
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

        if (mention.Place.Kind is PlaceKind.Region or PlaceKind.Department)
        {
            return true;
        }

        var prepositioned = before is not null && before.IsCue("place_before");
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

    [GeneratedRegex(@"\b(?<p>hd|pn)[\s\-_/]*(?<y>20\d\d)[\s\-_/]*(?<n>\d{4,6})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BookingRefPattern();

    [GeneratedRegex(@"\b(\d{7}[A-Za-z])\b", RegexOptions.CultureInvariant)]
    private static partial Regex UaiPattern();

    [GeneratedRegex(@"(?<![\d/.:,])(?:(?<h>[01]?\d|2[0-3])\s?(?:h|heures?)(?:\s?(?<m>[0-5]\d))?(?![\p{L}\d])|(?<h>[01]?\d|2[0-3]):(?<m>[0-5]\d)(?:\s?(?<ap>am|pm|a\.m\.|p\.m\.))?(?![\p{L}\d])|(?<h>1[0-2]|0?[1-9])\s?(?<ap>am|pm|a\.m\.|p\.m\.)(?![\p{L}]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
