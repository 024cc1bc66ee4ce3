using System.Globalization;
using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bookings;

/// <summary>Why schools are closed on a day: a public holiday, or the school holidays of a zone.</summary>
/// <param name="Zone">"A", "B", "C", an académie with its own calendar, or null when the day is closed in every zone.</param>
/// <param name="ClassesEnd">For school holidays, the day after whose classes they start (the ministry's wording).</param>
/// <param name="ClassesResume">For school holidays, the morning classes resume.</param>
public sealed record SchoolClosure(bool IsPublicHoliday, string French, string English, string? Zone = null, DateOnly? ClassesEnd = null, DateOnly? ClassesResume = null);

/// <summary>One row of index/calendar/school-holidays.tsv.</summary>
public sealed record SchoolHolidayPeriod(string Zone, string French, string English, DateOnly ClassesEnd, DateOnly ClassesResume)
{
    public bool Covers(DateOnly date) => date > ClassesEnd && date < ClassesResume;
}

/// <summary>
/// Days without class: French public holidays (computed, with Alsace-Moselle's and the overseas departments' own days)
/// and the school holidays of the school's zone, read once from index/calendar. A visit whose school is not known yet
/// is checked against the days closed in every metropolitan zone; once the department is known, against its zone.
/// </summary>
public sealed class SchoolCalendar
{
    public const string Folder = "calendar";
    public const string HolidaysFile = "school-holidays.tsv";
    public const string AcademiesFile = "academies.tsv";

    private static readonly string[] MetropolitanZones = ["A", "B", "C"];
    private static readonly Lazy<SchoolCalendar> Repo = new(() => Load(RepoData.IndexDirectory));

    private readonly Dictionary<string, (string Academy, string Zone)> _departments;
    private readonly List<SchoolHolidayPeriod> _periods;
    private readonly Func<IGazetteer?> _gazetteer;

    public SchoolCalendar(IReadOnlyDictionary<string, (string Academy, string Zone)> departments, IEnumerable<SchoolHolidayPeriod> periods, Func<IGazetteer?>? gazetteer = null)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(periods);
        _departments = new Dictionary<string, (string, string)>(departments, StringComparer.OrdinalIgnoreCase);
        _periods = [.. periods];
        _gazetteer = gazetteer ?? (() => null);
    }

    /// <summary>The calendar of the repository's index/ folder, for code built without DI (tools, tests).</summary>
    public static SchoolCalendar Default => Repo.Value;

    public IReadOnlyList<SchoolHolidayPeriod> Periods => _periods;

    /// <summary>Reads index/calendar; a malformed line stops start-up with its file and line number.</summary>
    public static SchoolCalendar Load(string indexDirectory, Func<IGazetteer?>? gazetteer = null)
    {
        var folder = Path.Combine(indexDirectory, Folder);
        var departments = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (fields, line) in Rows(Path.Combine(folder, AcademiesFile), 3))
        {
            departments[fields[0]] = (fields[1], fields[2]);
        }

        var periods = new List<SchoolHolidayPeriod>();
        var path = Path.Combine(folder, HolidaysFile);
        foreach (var (fields, line) in Rows(path, 5))
        {
            if (!DateOnly.TryParseExact(fields[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
                || !DateOnly.TryParseExact(fields[4], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var resume)
                || resume <= end)
            {
                throw new InvalidDataException($"{path}:{line}: expected two dates yyyy-MM-dd, the end of classes before the day they resume.");
            }

            periods.Add(new SchoolHolidayPeriod(fields[0], fields[1], fields[2], end, resume));
        }

        return new SchoolCalendar(departments, periods, gazetteer);
    }

    /// <summary>"31" from a UAI "0310001A"; Corsica's 620/720 are 2A/2B; overseas 971… stay as they are.</summary>
    public static string? DepartmentOfUai(string? uai)
    {
        if (string.IsNullOrWhiteSpace(uai) || uai.Trim().Length < 3)
        {
            return null;
        }

        var prefix = uai.Trim()[..3];
        return prefix switch
        {
            "620" => "2A",
            "720" => "2B",
            _ when prefix[0] == '0' && char.IsAsciiDigit(prefix[1]) && char.IsAsciiDigit(prefix[2]) => prefix[1..],
            _ when prefix.StartsWith("97", StringComparison.Ordinal) && char.IsAsciiDigit(prefix[2]) => prefix,
            _ => null,
        };
    }

    /// <summary>The school's department: from its UAI, else its city through the gazetteer; null when unknown.</summary>
    public string? DepartmentOf(School? school)
    {
        if (school is null)
        {
            return null;
        }

        if (DepartmentOfUai(school.Uai) is { } fromUai && _departments.ContainsKey(fromUai))
        {
            return fromUai;
        }

        return string.IsNullOrWhiteSpace(school.City) ? null : _gazetteer()?.Resolve(school.City)?.Department;
    }

    /// <summary>"A", "B", "C", "Corse", "La Réunion"…, or null for an unknown department.</summary>
    public string? ZoneOf(string? department) =>
        department is not null && _departments.TryGetValue(department.Trim(), out var entry) ? entry.Zone : null;

    public string? AcademyOf(string? department) =>
        department is not null && _departments.TryGetValue(department.Trim(), out var entry) ? entry.Academy : null;

    /// <summary>Why schools of <paramref name="department"/> (null: not known yet) have no class that day, or null.</summary>
    public SchoolClosure? Closure(DateOnly date, string? department)
    {
        department = department?.Trim();
        if (PublicHoliday(date, department) is { } holiday)
        {
            return new SchoolClosure(true, holiday.French, holiday.English);
        }

        var zone = ZoneOf(department);
        if (zone is not null && _periods.Any(p => p.Zone == zone))
        {
            var own = _periods.FirstOrDefault(p => p.Zone == zone && p.Covers(date));
            if (own is not null || _periods.Any(p => p.Zone == zone && SchoolYearOf(p.ClassesEnd) == SchoolYearOf(date)))
            {
                return own is null ? null : new SchoolClosure(false, own.French, own.English, zone, own.ClassesEnd, own.ClassesResume);
            }
        }

        // Unknown school (or a zone whose calendar is not in the data): only the days closed in every zone.
        var common = MetropolitanZones.Select(z => _periods.FirstOrDefault(p => p.Zone == z && p.Covers(date))).ToList();
        if (common.Any(p => p is null))
        {
            return null;
        }

        var first = common[0]!;
        return new SchoolClosure(false, first.French, first.English, null, common.Min(p => p!.ClassesEnd), common.Max(p => p!.ClassesResume));
    }

    /// <summary>The first day on or after (or before, with <paramref name="step"/> −1) <paramref name="date"/> with class.</summary>
    public DateOnly NextSchoolDay(DateOnly date, string? department, int step = 1)
    {
        for (var i = 0; i < 400; i++, date = date.AddDays(step))
        {
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && Closure(date, department) is null)
            {
                return date;
            }
        }

        return date;
    }

    /// <summary>The public holiday of that day in that department (null department: the national ones only).</summary>
    public static (string French, string English)? PublicHoliday(DateOnly date, string? department)
    {
        var easter = EasterSunday(date.Year);
        (string, string)? national = (date.Month, date.Day) switch
        {
            (1, 1) => ("le jour de l'an", "New Year's Day"),
            (5, 1) => ("la fête du Travail", "Labour Day"),
            (5, 8) => ("la Victoire de 1945", "Victory in Europe Day"),
            (7, 14) => ("la fête nationale", "Bastille Day"),
            (8, 15) => ("l'Assomption", "Assumption Day"),
            (11, 1) => ("la Toussaint", "All Saints' Day"),
            (11, 11) => ("l'Armistice", "Armistice Day"),
            (12, 25) => ("Noël", "Christmas Day"),
            _ => null,
        };
        national ??= (date.DayNumber - easter.DayNumber) switch
        {
            1 => ("le lundi de Pâques", "Easter Monday"),
            39 => ("l'Ascension", "Ascension Day"),
            50 => ("le lundi de Pentecôte", "Whit Monday"),
            _ => null,
        };
        if (national is not null)
        {
            return national;
        }

        // Alsace-Moselle keeps two days of its local law; each overseas department celebrates the abolition of slavery.
        return department switch
        {
            "57" or "67" or "68" when date.DayNumber == easter.DayNumber - 2 => ("le Vendredi saint (Alsace-Moselle)", "Good Friday (Alsace-Moselle)"),
            "57" or "67" or "68" when date is { Month: 12, Day: 26 } => ("la Saint-Étienne (Alsace-Moselle)", "St Stephen's Day (Alsace-Moselle)"),
            "971" when date is { Month: 5, Day: 27 } => Abolition("Guadeloupe"),
            "972" when date is { Month: 5, Day: 22 } => Abolition("Martinique"),
            "973" when date is { Month: 6, Day: 10 } => Abolition("Guyane"),
            "974" when date is { Month: 12, Day: 20 } => Abolition("La Réunion"),
            "976" when date is { Month: 4, Day: 27 } => Abolition("Mayotte"),
            _ => null,
        };
    }

    /// <summary>Gregorian Easter Sunday (the anonymous algorithm of Meeus).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>2026 for any day from 1 August 2026 to 31 July 2027.</summary>
    private static int SchoolYearOf(DateOnly date) => date.Month >= 8 ? date.Year : date.Year - 1;

    private static (string, string) Abolition(string place) =>
        ($"la commémoration de l'abolition de l'esclavage ({place})", $"the commemoration of the abolition of slavery ({place})");

    private static IEnumerable<(string[] Fields, int Line)> Rows(string path, int columns)
    {
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            if (raw.Length == 0 || raw[0] == '#')
            {
                continue;
            }

            var fields = raw.Split('\t');
            if (fields.Length != columns || fields.Any(string.IsNullOrWhiteSpace))
            {
                throw new InvalidDataException($"{path}:{number}: expected {columns} tab-separated fields, found {fields.Length}.");
            }

            yield return (fields, number);
        }
    }
}
