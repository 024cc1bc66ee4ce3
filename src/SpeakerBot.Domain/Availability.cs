namespace SpeakerBot.Domain;

/// <summary>A recurring weekly window in which a speaker can give talks (local French time).</summary>
public sealed record WeeklySlot(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>
/// A dated exception to the weekly pattern: <see cref="Available"/> false blocks the day (or the given
/// window); true opens an extra window that day.
/// </summary>
public sealed record AvailabilityException(DateOnly Date, bool Available, TimeOnly? Start = null, TimeOnly? End = null);

public sealed record Availability(IReadOnlyList<WeeklySlot> Weekly, IReadOnlyList<AvailabilityException> Exceptions)
{
    /// <summary>Weekdays 9:00–12:00 and 14:00–17:00: what a profile without explicit slots offers.</summary>
    public static readonly Availability Default = new(
        [
            .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .SelectMany(d => new[] { new WeeklySlot(d, new TimeOnly(9, 0), new TimeOnly(12, 0)), new WeeklySlot(d, new TimeOnly(14, 0), new TimeOnly(17, 0)) }),
        ],
        []);

    /// <summary>The windows open on <paramref name="date"/>, after exceptions.</summary>
    public IReadOnlyList<(TimeOnly Start, TimeOnly End)> WindowsOn(DateOnly date)
    {
        var windows = Weekly.Where(s => s.Day == date.DayOfWeek).Select(s => (s.Start, s.End)).ToList();
        foreach (var exception in Exceptions.Where(e => e.Date == date))
        {
            if (exception.Available)
            {
                windows.Add((exception.Start ?? new TimeOnly(8, 0), exception.End ?? new TimeOnly(18, 0)));
            }
            else if (exception.Start is null || exception.End is null)
            {
                windows.Clear();
            }
            else
            {
                var blockStart = exception.Start.Value;
                var blockEnd = exception.End.Value;
                windows = [.. windows.SelectMany(w => Subtract(w, blockStart, blockEnd))];
            }
        }

        return windows.OrderBy(w => w.Item1).ToList();
    }

    /// <summary>True when [start, start+duration) lies inside one open window of that day.</summary>
    public bool Covers(DateOnly date, TimeOnly start, TimeSpan duration)
    {
        var end = start.Add(duration, out var wrapped);
        return wrapped == 0 && WindowsOn(date).Any(w => w.Start <= start && end <= w.End);
    }

    /// <summary>True when the speaker has at least one open window between the two dates (inclusive).</summary>
    public bool HasAnyWindow(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to && d < from.AddDays(400); d = d.AddDays(1))
        {
            if (WindowsOn(d).Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(TimeOnly Start, TimeOnly End)> Subtract((TimeOnly Start, TimeOnly End) window, TimeOnly blockStart, TimeOnly blockEnd)
    {
        if (blockEnd <= window.Start || blockStart >= window.End)
        {
            yield return window;
            yield break;
        }

        if (blockStart > window.Start)
        {
            yield return (window.Start, blockStart);
        }

        if (blockEnd < window.End)
        {
            yield return (blockEnd, window.End);
        }
    }
}
