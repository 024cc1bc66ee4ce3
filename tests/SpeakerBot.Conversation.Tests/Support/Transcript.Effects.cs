using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Tests.Support;

/// <summary>
/// Expectations on what the bot did rather than what it said: the booking stored, the mails queued, the facts the
/// conversation holds (format in dialogs/transcripts/README.md).
/// </summary>
internal static partial class Transcript
{
    /// <summary>Checks an effect expectation; false when <paramref name="expectation"/> is not one (then it is about the words).</summary>
    private static async Task<bool> ExpectEffectAsync(ConversationWorld world, string conversation, string user, string expectation, string where)
    {
        if (expectation == "no booking")
        {
            var mine = await world.Bookings.ListForRequesterAsync(user);
            if (mine.Count > 0)
            {
                throw new TranscriptMismatchException($"{where}: expected no booking, found {string.Join(", ", mine.Select(b => Describe(world, b)))}");
            }

            return true;
        }

        if (expectation.StartsWith("booking:", StringComparison.Ordinal))
        {
            var booking = await world.LastBookingAsync(user)
                ?? throw new TranscriptMismatchException($"{where}: expected a stored booking ({expectation[8..].Trim()}), none was written");
            foreach (Match pair in KeyValues().Matches(expectation[8..]))
            {
                var key = pair.Groups[1].Value;
                var comparison = pair.Groups[2].Value;
                var wanted = pair.Groups[4].Success ? pair.Groups[4].Value : pair.Groups[3].Value;
                var actual = BookingField(world, booking, key, where);
                if (!Matches(key, actual, comparison, wanted))
                {
                    throw new TranscriptMismatchException($"{where}: expected booking {key}{comparison}{wanted}, got {key}={actual ?? "(none)"} in {Describe(world, booking)}");
                }
            }

            return true;
        }

        if (expectation.StartsWith("mail to:", StringComparison.Ordinal))
        {
            var address = expectation[8..].Trim();
            var recipients = world.MailRecipients();
            if (!recipients.Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                throw new TranscriptMismatchException($"{where}: expected a mail to {address}; the outbox holds mails to: {(recipients.Count == 0 ? "(none)" : string.Join(", ", recipients))}");
            }

            return true;
        }

        if (expectation.StartsWith("mails:", StringComparison.Ordinal))
        {
            var expected = int.Parse(expectation[6..].Trim(), CultureInfo.InvariantCulture);
            var recipients = world.MailRecipients();
            if (recipients.Count != expected)
            {
                throw new TranscriptMismatchException($"{where}: expected {expected} mail(s) in the outbox, found {recipients.Count}: {string.Join(", ", recipients)}");
            }

            return true;
        }

        if (expectation.StartsWith("audit:", StringComparison.Ordinal))
        {
            // "< audit: speaker.approve speaker:sp-0042": an entry of the coordinators' audit log written by the last turn.
            var parts = expectation[6..].Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                throw new FormatException($"{where}: write an audit expectation as \"< audit: ACTION [TARGET]\", e.g. \"< audit: speaker.approve speaker:\", got \"{expectation}\".");
            }

            var written = await world.AuditSinceTurnAsync();
            if (!written.Any(e => e.Action == parts[0] && (parts.Length == 1 || e.Target.Contains(parts[1], StringComparison.OrdinalIgnoreCase))))
            {
                var seen = written.Count == 0 ? "(none)" : string.Join(", ", written.Select(e => e.Action + " " + e.Target));
                throw new TranscriptMismatchException($"{where}: expected an audit entry {expectation[6..].Trim()} written by the last turn; it wrote: {seen}");
            }

            return true;
        }

        if (expectation.StartsWith("fact:", StringComparison.Ordinal))
        {
            var spec = expectation[5..].Trim();
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"{where}: write a fact expectation as \"< fact: NAME=VALUE\" (an empty VALUE means not set), got \"{expectation}\".");
            }

            var comparison = equals > 0 && spec[equals - 1] is '>' or '<' ? spec[(equals - 1)..(equals + 1)] : "=";
            var name = spec[..(equals - (comparison.Length - 1))].Trim();
            var wanted = spec[(equals + 1)..].Trim();
            var facts = await world.FactsAsync(conversation);
            facts.TryGetValue(name, out var actual);
            var ok = wanted.Length == 0
                ? string.IsNullOrEmpty(actual)
                : comparison != "="
                    ? Matches(name, actual, comparison, wanted)
                    : actual is not null && (actual.Equals(wanted, StringComparison.OrdinalIgnoreCase)
                        || actual.Split('|').Any(v => v.Equals(wanted, StringComparison.OrdinalIgnoreCase)));
            if (!ok)
            {
                var known = string.Join(", ", facts.Select(f => f.Key + "=" + f.Value));
                throw new TranscriptMismatchException($"{where}: expected fact {name}{comparison}{(wanted.Length == 0 ? "(not set)" : wanted)}, got {actual ?? "(not set)"}; the conversation holds: {known}");
            }

            return true;
        }

        return false;
    }

    private static string? BookingField(ConversationWorld world, Booking booking, string key, string where) => key switch
    {
        "ref" => booking.Reference,
        "kind" => booking.Kind == BookingKind.Panel ? "panel" : "visit",
        "status" => booking.Status.ToString().ToLowerInvariant(),
        "date" => booking.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "time" => booking.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
        "format" => booking.Format == VisitFormat.Online ? "online" : "inperson",
        "pupils" => booking.Pupils?.ToString(CultureInfo.InvariantCulture),
        "level" => booking.ClassLevel,
        "school" => booking.School is null ? null : booking.School.Name + (booking.School.City is null ? string.Empty : ", " + booking.School.City),
        "city" => booking.School?.City,
        "uai" => booking.School?.Uai,
        "speaker" => SpeakerNames(world, booking, SeatRole.Seat),
        "seats" => booking.SeatsWanted.ToString(CultureInfo.InvariantCulture),
        "name" => booking.Requester.Name,
        "email" => booking.Requester.Email,
        "title" => booking.Title,
        "location" => booking.Location,
        "organisation" => booking.Organisation,
        "audience" => booking.AudienceSize?.ToString(CultureInfo.InvariantCulture),
        "message" => booking.Message,
        "reason" => booking.CancelReason,
        _ => throw new FormatException($"{where}: unknown booking key \"{key}\"; expected one of ref, kind, status, date, time, format, pupils, level, school, city, uai, speaker, seats, name, email, title, location, organisation, audience, message, reason."),
    };

    /// <summary>
    /// Codes and numbers must be equal; free text (names, school, title, reason…) must contain the value; &gt;= and &lt;=
    /// compare numbers, dates (yyyy-MM-dd) and times (HH:mm).
    /// </summary>
    private static bool Matches(string key, string? actual, string comparison, string wanted)
    {
        if (actual is null)
        {
            return false;
        }

        if (comparison != "=")
        {
            var order = int.TryParse(actual, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) && int.TryParse(wanted, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w)
                ? a.CompareTo(w)
                : string.CompareOrdinal(actual, wanted);
            return comparison == ">=" ? order >= 0 : order <= 0;
        }

        return key is "school" or "speaker" or "name" or "title" or "location" or "organisation" or "message" or "reason" or "city"
            ? Fold(actual).Contains(Fold(wanted), StringComparison.Ordinal)
            : actual.Equals(wanted, StringComparison.OrdinalIgnoreCase);
    }

    private static string Fold(string text) => text.Replace('’', '\'').ToLowerInvariant();

    private static string SpeakerNames(ConversationWorld world, Booking booking, SeatRole role) =>
        string.Join(", ", booking.Seats.Where(s => s.Role == role).OrderBy(s => s.Number).Select(s =>
            world.Directory.FirstOrDefault(d => d.Id == s.SpeakerId) is { } speaker ? speaker.FirstName + " " + speaker.LastName : s.SpeakerId));

    private static string Describe(ConversationWorld world, Booking b) =>
        string.Create(CultureInfo.InvariantCulture, $"{b.Reference} ({(b.Kind == BookingKind.Panel ? "panel" : "visit")}, {b.Status.ToString().ToLowerInvariant()}, {b.Date:yyyy-MM-dd} {b.Start:HH:mm}, level={b.ClassLevel}, pupils={b.Pupils}, school={b.School?.Name}, speaker={SpeakerNames(world, b, SeatRole.Seat)}, email={b.Requester.Email})");

    [GeneratedRegex(@"(\w+)(>=|<=|=)(""([^""]*)""|\S+)")]
    private static partial Regex KeyValues();
}
