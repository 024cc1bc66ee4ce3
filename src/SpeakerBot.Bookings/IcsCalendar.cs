using System.Globalization;
using System.Text;

namespace SpeakerBot.Bookings;

public sealed record CalendarPerson(string Name, string Email);

/// <summary>One event as an RFC 5545 calendar (METHOD:REQUEST), with CRLF lines folded at 75 octets; every text escaped (decision 091).</summary>
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

/// <summary>One event of a subscribed calendar: STATUS is TENTATIVE, CONFIRMED or CANCELLED.</summary>
public sealed record FeedEvent(string Uid, string Title, DateTimeOffset Start, DateTimeOffset End, string? Location, string? Description, int Sequence, string Status);

public static class IcsCalendar
{
    /// <summary>
    /// A calendar that apps poll (METHOD:PUBLISH, no attendees): one VEVENT per booking, the same UID and SEQUENCE as
    /// its mailed invitation, cancelled ones kept with STATUS:CANCELLED so a subscribed app removes them.
    /// </summary>
    public static string Feed(string name, IEnumerable<FeedEvent> events, DateTimeOffset stamp)
    {
        ArgumentNullException.ThrowIfNull(events);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//SpeakerBot//Speaker space//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Escape(name),
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        };
        foreach (var e in events)
        {
            lines.Add("BEGIN:VEVENT");
            lines.Add("UID:" + Escape(e.Uid));
            lines.Add("DTSTAMP:" + Utc(stamp));
            lines.Add("DTSTART:" + Utc(e.Start));
            lines.Add("DTEND:" + Utc(e.End));
            lines.Add("SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            lines.Add("SUMMARY:" + Escape(e.Title));
            if (!string.IsNullOrWhiteSpace(e.Location))
            {
                lines.Add("LOCATION:" + Escape(e.Location));
            }

            if (!string.IsNullOrWhiteSpace(e.Description))
            {
                lines.Add("DESCRIPTION:" + Escape(e.Description));
            }

            lines.Add("STATUS:" + e.Status);
            lines.Add("END:VEVENT");
        }

        lines.Add("END:VCALENDAR");
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(builder, line);
        }

        return builder.ToString();
    }

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

        lines.Add($"ORGANIZER;CN={Param(e.Organizer.Name)}:mailto:{Address(e.Organizer.Email)}");
        foreach (var attendee in e.Attendees)
        {
            lines.Add($"ATTENDEE;CN={Param(attendee.Name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{Address(attendee.Email)}");
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

    // RFC 5545 §3.3.11: a TEXT value escapes backslash, ';' and ',' and writes a line break as "\n". Every other
    // control character is dropped: a raw CR or LF would end the property and let the text add its own
    // (ATTENDEE, ORGANIZER…) to the invitation.
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or ';' or ',':
                    builder.Append('\\').Append(c);
                    break;
                case '\r':
                    builder.Append("\\n");
                    i += i + 1 < text.Length && text[i + 1] == '\n' ? 1 : 0;
                    break;
                case '\n' or '\u2028' or '\u2029':
                    builder.Append("\\n");
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    // A parameter value (CN) is always quoted (§3.2), so it may hold ';', ':' and ','; it cannot hold a double
    // quote nor any control character, which are replaced by a space.
    private static string Param(string value) =>
        "\"" + new string([.. value.Select(c => c == '"' || char.IsControl(c) ? ' ' : c)]).Trim() + "\"";

    // The address after "mailto:" is the rest of the line: nothing in it may break the line or hold a space.
    private static string Address(string email) => new([.. email.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);

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
