namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// Dates and date ranges from the item sequence, French and English. Resolution rules
/// (docs/decisions/041-dates.md): a date without a year is the next one to come; a weekday is the next one
/// strictly after the reference day; a week runs Monday to Sunday; a month from its 1st to its last day.
/// </summary>
internal static class DateExtractor
{
    private enum AtomKind
    {
        Day,
        DayOnly,
        Month,
        Weekday,
        Fixed,
    }

    public static (DateOnly? From, DateOnly? To) Extract(IReadOnlyList<Item> items, DateOnly today)
    {
        var atoms = new List<Atom>();
        var i = 0;
        while (i < items.Count)
        {
            var atom = ParseAtom(items, i, today);
            if (atom is null)
            {
                i++;
                continue;
            }

            atoms.Add(atom);
            i = atom.End;
        }

        if (atoms.Count == 0)
        {
            return (null, null);
        }

        // "n'importe quel jour de la semaine prochaine sauf mercredi": a bare weekday next to a fuller date is a detail.
        if (atoms.Count > 1 && atoms.Exists(a => a.Kind != AtomKind.Weekday))
        {
            atoms.RemoveAll(a => a.Kind == AtomKind.Weekday && !IsLinked(items, a));
        }

        DateOnly? from = null;
        DateOnly? to = null;
        var any = false;
        for (var k = 0; k < atoms.Count; k++)
        {
            var a = atoms[k];
            var prefix = PrefixRoles(items, a.Start, k == 0 ? 0 : atoms[k - 1].End);
            (DateOnly? From, DateOnly? To)? range = null;
            if (k + 1 < atoms.Count && Connected(items, a, atoms[k + 1], prefix))
            {
                range = Combine(a, atoms[k + 1], today);
                MarkUsed(items, a.Start - prefix.Items, atoms[k + 1].End);
                k++;
            }
            else
            {
                var single = Resolve(a, today, PartOf(prefix));
                if (single is { } s)
                {
                    if (prefix.Contains("until"))
                    {
                        range = (null, s.To);
                    }
                    else if (prefix.Contains("after"))
                    {
                        range = (s.From, null);
                    }
                    else
                    {
                        range = s;
                    }
                }

                MarkUsed(items, a.Start - prefix.Items, a.End);
            }

            if (range is not { } r || (r.From is null && r.To is null))
            {
                continue;
            }

            if (!any)
            {
                (from, to) = r;
                any = true;
                continue;
            }

            from = Min(from, r.From);
            to = Max(to, r.To);
        }

        return (from, to);
    }

    private static DateOnly? Min(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private static DateOnly? Max(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static void MarkUsed(IReadOnlyList<Item> items, int start, int end)
    {
        for (var i = Math.Max(0, start); i < end && i < items.Count; i++)
        {
            items[i].Used = true;
        }
    }

    /// <summary>Connector roles written just before an atom ("entre le", "jusqu'au", "début", "à partir du").</summary>
    private static Prefix PrefixRoles(IReadOnlyList<Item> items, int start, int floor)
    {
        var roles = new Prefix();
        for (var i = start - 1; i >= floor && i >= start - 4; i--)
        {
            var found = false;
            foreach (var e in items[i].Entries)
            {
                if (e.Kind == EntryKind.Cue && e.Value is "between" or "from" or "until" or "after" or "start" or "mid" or "end" or "article" or "in" or "whole")
                {
                    roles.Add(e.Value);
                    found = true;
                }
            }

            if (!found)
            {
                break;
            }

            roles.Items++;
        }

        return roles;
    }

    private static string? PartOf(Prefix prefix) =>
        prefix.Contains("start") ? "start" : prefix.Contains("mid") ? "mid" : prefix.Contains("end") ? "end" : null;

    private static bool Connected(IReadOnlyList<Item> items, Atom a, Atom b, Prefix prefix)
    {
        if (b.Start - a.End > 3)
        {
            return false;
        }

        if (b.Start == a.End)
        {
            return items[b.Start].HyphenBefore && a.Kind is AtomKind.Day or AtomKind.DayOnly or AtomKind.Month or AtomKind.Weekday;
        }

        var link = false;
        for (var i = a.End; i < b.Start; i++)
        {
            var it = items[i];
            if (it.IsCue("to") || it.IsCue("until") || it.IsCue("or") || (it.IsCue("and") && (prefix.Contains("between") || a.Kind is AtomKind.DayOnly)))
            {
                link = true;
            }
            else if (!it.IsCue("article") && !it.IsCue("between") && !it.IsCue("from"))
            {
                return false;
            }
        }

        return link;
    }

    private static (DateOnly? From, DateOnly? To)? Combine(Atom a, Atom b, DateOnly today)
    {
        if (a.Kind == AtomKind.DayOnly && b.Kind == AtomKind.Day)
        {
            var month = a.Day > b.Day ? (b.Month == 1 ? 12 : b.Month - 1) : b.Month;
            var year = b.Year is { } y && a.Day > b.Day && b.Month == 1 ? y - 1 : b.Year;
            a = a with { Kind = AtomKind.Day, Month = month, Year = year };
        }
        else if (b.Kind == AtomKind.DayOnly && a.Kind == AtomKind.Day)
        {
            var month = b.Day < a.Day ? (a.Month == 12 ? 1 : a.Month + 1) : a.Month;
            b = b with { Kind = AtomKind.Day, Month = month, Year = null };
        }

        var ra = Resolve(a, today, null);
        var rb = Resolve(b, today, null);
        if (ra is not { } x || rb is not { } z || x.From is not { } af || z.To is not { } bt)
        {
            return ra ?? rb;
        }

        // "du 20 décembre au 5 janvier": the end comes after the start, in the following year.
        while (bt < af && b.Year is null)
        {
            bt = bt.AddYears(1);
        }

        return (af, bt);
    }

    private static (DateOnly? From, DateOnly? To)? Resolve(Atom a, DateOnly today, string? part)
    {
        switch (a.Kind)
        {
            case AtomKind.Fixed:
                return (a.From, a.To);
            case AtomKind.Day:
                {
                    var d = NextDate(a.Day, a.Month, a.Year, today);
                    return d is null ? null : (d, d);
                }

            case AtomKind.DayOnly:
                {
                    // "jeudi 14": the next 14th that is a Thursday (decision 118), else the next 14th.
                    for (var m = 0; m < 13 && a.Weekday > 0; m++)
                    {
                        var probe = today.AddMonths(m);
                        if (a.Day <= DateTime.DaysInMonth(probe.Year, probe.Month))
                        {
                            var d = new DateOnly(probe.Year, probe.Month, a.Day);
                            if (d >= today && (d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek) == a.Weekday)
                            {
                                return (d, d);
                            }
                        }
                    }

                    for (var m = 0; m < 13; m++)
                    {
                        var probe = today.AddMonths(m);
                        if (a.Day <= DateTime.DaysInMonth(probe.Year, probe.Month))
                        {
                            var d = new DateOnly(probe.Year, probe.Month, a.Day);
                            if (d >= today)
                            {
                                return (d, d);
                            }
                        }
                    }

                    return null;
                }

            case AtomKind.Weekday:
                {
                    var d = NextWeekday(today, a.Day);
                    return (d, d);
                }

            case AtomKind.Month:
                {
                    var year = a.Year ?? (a.Month >= today.Month ? today.Year : today.Year + 1);
                    var last = DateTime.DaysInMonth(year, a.Month);
                    var (f, t) = part switch
                    {
                        "start" => (1, 10),
                        "mid" => (11, 20),
                        "end" => (21, last),
                        _ => (1, last),
                    };
                    return (new DateOnly(year, a.Month, f), new DateOnly(year, a.Month, t));
                }

            default:
                return null;
        }
    }

    internal static DateOnly? NextDate(int day, int month, int? year, DateOnly today)
    {
        if (month is < 1 or > 12 || day < 1)
        {
            return null;
        }

        if (year is { } y)
        {
            return y is >= 1900 and <= 2200 && day <= DateTime.DaysInMonth(y, month) ? new DateOnly(y, month, day) : null;
        }

        for (var candidate = today.Year; candidate <= today.Year + 8; candidate++)
        {
            if (day <= DateTime.DaysInMonth(candidate, month))
            {
                var d = new DateOnly(candidate, month, day);
                if (d >= today)
                {
                    return d;
                }
            }
        }

        return null;
    }

    /// <summary>Monday = 1 … Sunday = 7; strictly after <paramref name="today"/>.</summary>
    internal static DateOnly NextWeekday(DateOnly today, int isoDay)
    {
        var current = today.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)today.DayOfWeek;
        var delta = ((isoDay - current) + 7) % 7;
        return today.AddDays(delta == 0 ? 7 : delta);
    }

    internal static DateOnly MondayOf(DateOnly day)
    {
        var current = day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;
        return day.AddDays(1 - current);
    }

    private static Atom? ParseAtom(IReadOnlyList<Item> items, int k, DateOnly today)
    {
        var it = items[k];
        if (it.Get(EntryKind.Relative) is { } rel)
        {
            // "les métiers de demain", "jobs of tomorrow": a title, not a date ("à partir de demain" still is one).
            if (rel.Value is "tomorrow" or "day_after_tomorrow" && k > 0 && items[k - 1].Word is "de" or "d" or "of"
                && !(k > 1 && items[k - 2].Word.EndsWith("partir", StringComparison.Ordinal)))
            {
                return null;
            }

            var r = Relative(rel.Value, today);
            return r is null ? null : new Atom(k, k + 1, AtomKind.Fixed, 0, 0, null, r.Value.From, r.Value.To);
        }

        if (it.Get(EntryKind.Weekday) is { } wd)
        {
            var weekday = int.Parse(wd.Value, System.Globalization.CultureInfo.InvariantCulture);
            if (DayNumber(items, k + 1) is { } day)
            {
                var inner = ParseAtom(items, k + 1, today);
                if (inner is { Kind: AtomKind.Day or AtomKind.Fixed })
                {
                    return inner with { Start = k };
                }

                return new Atom(k, k + 2, AtomKind.DayOnly, day, 0, null, null, null, weekday);
            }

            var end = k + 1;
            if (end < items.Count && items[end].IsCue("next"))
            {
                end++;
            }
            else if (k > 0 && items[k - 1].IsCue("weekday_habit"))
            {
                // "le lundi", "un mercredi", "n'importe quel jeudi": a habit or any such day, not a date.
                return null;
            }

            return new Atom(k, end, AtomKind.Weekday, weekday, 0, null, null, null);
        }

        if (it.IsCue("week") && k + 2 < items.Count && (items[k + 1].IsCue("from") || items[k + 1].IsCue("article")))
        {
            var inner = ParseAtom(items, k + 2, today);
            if (inner is { Kind: AtomKind.Day } && Resolve(inner, today, null) is { From: { } d })
            {
                var monday = MondayOf(d);
                return new Atom(k, inner.End, AtomKind.Fixed, 0, 0, null, monday, monday.AddDays(6));
            }
        }

        if (it.IsCue("in") && k + 2 < items.Count && NumberParser.Read(items, k + 1) is { } n && n.Next < items.Count)
        {
            var unit = items[n.Next];
            if (unit.IsCue("unit_day"))
            {
                var d = today.AddDays(n.Value);
                return new Atom(k, n.Next + 1, AtomKind.Fixed, 0, 0, null, d, d);
            }

            if (unit.IsCue("unit_week"))
            {
                var monday = MondayOf(today.AddDays(7 * n.Value));
                return new Atom(k, n.Next + 1, AtomKind.Fixed, 0, 0, null, monday, monday.AddDays(6));
            }

            if (unit.IsCue("unit_month"))
            {
                var m = today.AddMonths(n.Value);
                var first = new DateOnly(m.Year, m.Month, 1);
                return new Atom(k, n.Next + 1, AtomKind.Fixed, 0, 0, null, first, first.AddMonths(1).AddDays(-1));
            }
        }

        if (DayNumber(items, k) is { } dayNumber)
        {
            var j = k + 1;
            if (j < items.Count && items[j].Number is { } m2 && items[j].Separator is '/' or '.' && m2 is >= 1 and <= 12 && !items[j].Ordinal)
            {
                int? year = null;
                var end = j + 1;
                if (end < items.Count && items[end].Number is { } y && items[end].Separator is '/' or '.')
                {
                    year = y < 100 ? 2000 + y : y;
                    end++;
                }

                return new Atom(k, end, AtomKind.Day, dayNumber, m2, year, null, null);
            }

            // "10-20 mars": a day range sharing one month.
            if (j < items.Count && items[j].HyphenBefore && DayNumber(items, j) is { } secondDay && j + 1 < items.Count && items[j + 1].Get(EntryKind.Month) is { } sharedMonth)
            {
                var month = int.Parse(sharedMonth.Value, System.Globalization.CultureInfo.InvariantCulture);
                var year = YearAt(items, j + 2);
                var first = new Atom(k, j, AtomKind.DayOnly, dayNumber, 0, null, null, null);
                var second = new Atom(j, j + 2 + (year is null ? 0 : 1), AtomKind.Day, secondDay, month, year, null, null);
                var combined = Combine(first, second, today);
                return combined is null ? null : new Atom(k, second.End, AtomKind.Fixed, 0, 0, null, combined.Value.From, combined.Value.To);
            }

            if (j < items.Count && items[j].IsCue("article") && j + 1 < items.Count && items[j + 1].Has(EntryKind.Month))
            {
                j++;
            }

            if (j < items.Count && items[j].Get(EntryKind.Month) is { } monthEntry)
            {
                var month = int.Parse(monthEntry.Value, System.Globalization.CultureInfo.InvariantCulture);
                var year = YearAt(items, j + 1);
                return new Atom(k, j + 1 + (year is null ? 0 : 1), AtomKind.Day, dayNumber, month, year, null, null);
            }

            // A bare day number only counts inside a range ("du 3 au 7 avril", "entre le 10 et le 20").
            if (IsRangeStart(items, k) || IsRangeEnd(items, k))
            {
                return new Atom(k, k + 1, AtomKind.DayOnly, dayNumber, 0, null, null, null);
            }

            return null;
        }

        if (it.Get(EntryKind.Month) is { } me)
        {
            var month = int.Parse(me.Value, System.Globalization.CultureInfo.InvariantCulture);
            var j = k + 1;
            if (j < items.Count && DayNumber(items, j) is { } day && !IsCountNoun(items, j + 1))
            {
                // "March 3-7"
                if (j + 1 < items.Count && items[j + 1].HyphenBefore && DayNumber(items, j + 1) is { } endDay)
                {
                    var y = YearAt(items, j + 2);
                    var a = new Atom(k, j + 1, AtomKind.Day, day, month, y, null, null);
                    var b = new Atom(j + 1, j + 2 + (y is null ? 0 : 1), AtomKind.Day, endDay, month, y, null, null);
                    var c = Combine(a, b, today);
                    return c is null ? null : new Atom(k, b.End, AtomKind.Fixed, 0, 0, null, c.Value.From, c.Value.To);
                }

                var year = YearAt(items, j + 1);
                return new Atom(k, j + 1 + (year is null ? 0 : 1), AtomKind.Day, day, month, year, null, null);
            }

            var explicitYear = YearAt(items, j);

            // "les vacances de février": a named period we do not resolve, not the month.
            var back = k - 1;
            while (back >= 0 && (items[back].IsCue("from") || items[back].IsCue("article")))
            {
                back--;
            }

            if (back >= 0 && back < k - 1 && items[back].Has(EntryKind.Ignore))
            {
                return null;
            }

            if (me.NeedsContext && explicitYear is null && (k == 0 || !HasDateCue(items[k - 1])))
            {
                return null;
            }

            return new Atom(k, j + (explicitYear is null ? 0 : 1), AtomKind.Month, 0, month, explicitYear, null, null);
        }

        return null;
    }

    private static bool IsLinked(IReadOnlyList<Item> items, Atom a) =>
        (a.Start > 0 && (items[a.Start - 1].IsCue("to") || items[a.Start - 1].IsCue("and") || items[a.Start - 1].IsCue("between") || items[a.Start - 1].IsCue("from")))
        || (a.End < items.Count && (items[a.End].IsCue("to") || items[a.End].IsCue("and")));

    private static bool HasDateCue(Item item)
    {
        foreach (var e in item.Entries)
        {
            if (e.Kind == EntryKind.Cue && e.Value is "between" or "from" or "to" or "until" or "after" or "start" or "mid" or "end" or "in" or "whole" or "and" or "or")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRangeStart(IReadOnlyList<Item> items, int k)
    {
        var p = k - 1;
        while (p >= 0 && items[p].IsCue("article"))
        {
            p--;
        }

        if (p < 0 || !(items[p].IsCue("between") || items[p].IsCue("from")))
        {
            // "le 5 ou le 6 janvier", "le 3 et le 4 mars": a bare day binds to a full date right after it.
            var j = k + 1;
            if (j < items.Count && (items[j].IsCue("or") || items[j].IsCue("and") || items[j].IsCue("to")))
            {
                j++;
                while (j < items.Count && items[j].IsCue("article"))
                {
                    j++;
                }

                return DayNumber(items, j) is not null && j + 1 < items.Count && items[j + 1].Has(EntryKind.Month);
            }

            return false;
        }

        for (var j = k + 1; j < items.Count && j <= k + 3; j++)
        {
            if (items[j].IsCue("and") || items[j].IsCue("to") || items[j].IsCue("until"))
            {
                // A range ends on a day ("du 3 au 7 avril", "entre le 10 et le 20"); "2 classes de 25 en 1re à Lyon"
                // is a count followed by a place.
                var end = j + 1;
                while (end < items.Count && items[end].IsCue("article"))
                {
                    end++;
                }

                return DayNumber(items, end) is not null;
            }
        }

        return false;
    }

    private static bool IsRangeEnd(IReadOnlyList<Item> items, int k)
    {
        for (var p = k - 1; p >= 0 && p >= k - 3; p--)
        {
            if (items[p].IsCue("to") || items[p].IsCue("until") || items[p].IsCue("and"))
            {
                return p > 0 && (DayNumber(items, p - 1) is not null || (p > 1 && items[p - 1].IsCue("article") && DayNumber(items, p - 2) is not null));
            }

            if (!items[p].IsCue("article"))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsCountNoun(IReadOnlyList<Item> items, int k) =>
        k < items.Count && (items[k].IsCue("pupil") || items[k].IsCue("speaker") || items[k].IsCue("unit_day") || items[k].IsCue("unit_week"));

    private static int? YearAt(IReadOnlyList<Item> items, int k) =>
        k < items.Count && items[k].Number is { } y && !items[k].Ordinal && y is >= 2020 and <= 2100 ? y : null;

    private static int? DayNumber(IReadOnlyList<Item> items, int k)
    {
        if (k >= items.Count)
        {
            return null;
        }

        var it = items[k];
        if (it.Number is { } n && n is >= 1 and <= 31 && (it.Ordinal || it.Word.Length <= 2))
        {
            return n;
        }

        return it.Get(EntryKind.Number) is { Extra: "ordinal" } o ? int.Parse(o.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static (DateOnly From, DateOnly To)? Relative(string value, DateOnly today)
    {
        switch (value)
        {
            case "today":
                return (today, today);
            case "tomorrow":
                return (today.AddDays(1), today.AddDays(1));
            case "day_after_tomorrow":
                return (today.AddDays(2), today.AddDays(2));
            case "this_week":
                return (today, MondayOf(today).AddDays(6));
            case "next_week":
                {
                    var monday = MondayOf(today).AddDays(7);
                    return (monday, monday.AddDays(6));
                }

            case "week_after_next":
                {
                    var monday = MondayOf(today).AddDays(14);
                    return (monday, monday.AddDays(6));
                }

            case "weekend":
                {
                    var saturday = today.DayOfWeek == DayOfWeek.Sunday ? today.AddDays(-1) : MondayOf(today).AddDays(5);
                    var from = saturday < today ? today : saturday;
                    return (from, MondayOf(today).AddDays(6));
                }

            case "next_weekend":
                {
                    var saturday = MondayOf(today).AddDays(12);
                    return (saturday, saturday.AddDays(1));
                }

            case "this_month":
                {
                    var first = new DateOnly(today.Year, today.Month, 1);
                    return (first, first.AddMonths(1).AddDays(-1));
                }

            case "next_month":
                {
                    var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
                    return (first, first.AddMonths(1).AddDays(-1));
                }

            default:
                return null;
        }
    }

    /// <summary>Connector roles before an atom, and how many items carried them.</summary>
    private sealed class Prefix : List<string>
    {
        public int Items { get; set; }
    }

    // Weekday: the day of the week written with a day number alone ("jeudi 14"), Monday = 1; 0 when none.
    private sealed record Atom(int Start, int End, AtomKind Kind, int Day, int Month, int? Year, DateOnly? From, DateOnly? To, int Weekday = 0);
}
