using System.Globalization;
using System.Text;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Import;

/// <summary>
/// The compact text form of an availability, used in CSV cells and in the database:
/// weekly slots "mon 09:00-12:00;tue 14:00-17:00", then optionally " | " and dated exceptions
/// "2026-12-24 off;2026-12-26 10:00-12:00 off;2027-01-05 14:00-16:00" (a window without "off" is an extra opening).
/// An empty cell means the default availability (weekdays 9–12 and 14–17).
/// </summary>
public static class AvailabilityText
{
    private static readonly string[] DayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static string DayCode(DayOfWeek day) => DayCodes[(int)day];

    public static bool TryParseDay(string code, out DayOfWeek day)
    {
        var index = Array.IndexOf(DayCodes, code.Trim().ToLowerInvariant());
        day = (DayOfWeek)Math.Max(index, 0);
        return index >= 0;
    }

    public static string Format(Availability availability)
    {
        ArgumentNullException.ThrowIfNull(availability);
        var text = new StringBuilder();
        text.AppendJoin(';', availability.Weekly.Select(s => $"{DayCode(s.Day)} {Time(s.Start)}-{Time(s.End)}"));
        if (availability.Exceptions.Count > 0)
        {
            text.Append(" | ");
            text.AppendJoin(';', availability.Exceptions.Select(e =>
            {
                var date = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var window = e.Start is { } s && e.End is { } end ? $" {Time(s)}-{Time(end)}" : string.Empty;
                return e.Available ? $"{date}{window}" : $"{date}{window} off";
            }));
        }

        return text.ToString();
    }

    /// <summary>Parses the compact form; on failure returns false with a reason naming the faulty part.</summary>
    public static bool TryParse(string? text, out Availability availability, out string? error)
    {
        availability = Availability.Default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var halves = text.Split('|');
        if (halves.Length > 2)
        {
            error = "availability has more than one '|' (expected \"mon 09:00-12:00;tue 14:00-17:00 | 2026-12-24 off\")";
            return false;
        }

        var weekly = new List<WeeklySlot>();
        foreach (var part in halves[0].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (pieces.Length != 2 || !TryParseDay(pieces[0], out var day) || !TryParseWindow(pieces[1], out var start, out var end))
            {
                error = $"availability slot '{part}' is not like 'mon 09:00-12:00' (days mon..sun, 24-hour times, start before end)";
                return false;
            }

            weekly.Add(new WeeklySlot(day, start, end));
        }

        var exceptions = new List<AvailabilityException>();
        if (halves.Length == 2)
        {
            foreach (var part in halves[1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pieces = part.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                var off = pieces.Count > 1 && pieces[^1].Equals("off", StringComparison.OrdinalIgnoreCase);
                if (off)
                {
                    pieces.RemoveAt(pieces.Count - 1);
                }

                TimeOnly? start = null, end = null;
                var valid = pieces.Count is 1 or 2
                    && DateOnly.TryParseExact(pieces[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
                if (valid && pieces.Count == 2)
                {
                    valid = TryParseWindow(pieces[1], out var windowStart, out var windowEnd);
                    start = windowStart;
                    end = windowEnd;
                }

                if (!valid)
                {
                    error = $"availability exception '{part}' is not like '2026-12-24 off' or '2026-12-26 10:00-12:00'";
                    return false;
                }

                exceptions.Add(new AvailabilityException(DateOnly.ParseExact(pieces[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), !off, start, end));
            }
        }

        availability = new Availability(weekly, exceptions);
        return true;
    }

    private static bool TryParseWindow(string text, out TimeOnly start, out TimeOnly end)
    {
        end = default;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        start = default;
        return dash > 0
            && TryParseTime(text[..dash], out start)
            && TryParseTime(text[(dash + 1)..], out end)
            && start < end;
    }

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH'h'mm", "H'h'mm", "H'h'"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
