using System.Globalization;
using System.Text;

namespace SpeakerBot.Bookings;

public sealed record CalendarPerson(string Name, string Email);

/// <summary>One event as an RFC 5545 calendar (METHOD:REQUEST), with CRLF lines folded at 75 octets.</summary>
public sealed record CalendarEvent(
    string Uid,
    string Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Location,
    string? Description,
    CalendarPerson Organizer,
    IReadOnlyList<CalendarPerson> Attendees,
    int Sequence,
    DateTimeOffset Stamp,
    TimeSpan ReminderBefore);

public static class IcsCalendar
{
    public static string Build(CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//SpeakerBot//Bookings//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:" + Escape(e.Uid),
            "DTSTAMP:" + Utc(e.Stamp),
            "DTSTART:" + Utc(e.Start),
            "DTEND:" + Utc(e.End),
            "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture),
            "SUMMARY:" + Escape(e.Title),
        };
        if (!string.IsNullOrWhiteSpace(e.Location))
        {
            lines.Add("LOCATION:" + Escape(e.Location));
        }

        if (!string.IsNullOrWhiteSpace(e.Description))
        {
            lines.Add("DESCRIPTION:" + Escape(e.Description));
        }

        lines.Add($"ORGANIZER;CN={Param(e.Organizer.Name)}:mailto:{e.Organizer.Email}");
        foreach (var attendee in e.Attendees)
        {
            lines.Add($"ATTENDEE;CN={Param(attendee.Name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{attendee.Email}");
        }

        lines.Add("STATUS:CONFIRMED");
        lines.Add("BEGIN:VALARM");
        lines.Add("ACTION:DISPLAY");
        lines.Add("DESCRIPTION:" + Escape(e.Title));
        lines.Add("TRIGGER:-PT" + ((int)e.ReminderBefore.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "M");
        lines.Add("END:VALARM");
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");

        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(builder, line);
        }

        return builder.ToString();
    }

    private static string Utc(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    // A parameter value with separators must be quoted, and may not itself contain a double quote.
    private static string Param(string value) => "\"" + value.Replace("\"", "'", StringComparison.Ordinal) + "\"";

    // RFC 5545 §3.1: lines longer than 75 octets are split, continuation lines start with one space;
    // the split never cuts a UTF-8 sequence.
    private static void Fold(StringBuilder builder, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                builder.Append("\r\n ");
                octets = 1;
                limit = 75;
            }

            builder.Append(rune.ToString());
            octets += size;
        }

        builder.Append("\r\n");
    }
}
