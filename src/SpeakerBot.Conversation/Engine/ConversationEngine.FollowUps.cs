using System.Globalization;
using System.Text.RegularExpressions;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

// Follow-ups on the request made in this conversation: once she has a reference here, "dsl faut annuler, grève des
// transports", "any news on my request?" or "on peut repousser d'une semaine, même heure ?" are about that request,
// not a new search or a programme question.
public sealed partial class ConversationEngine
{
    /// <summary>Fact read by the move flow's "move_shift" check: days to add to the booking's date ("d'une semaine": 7).</summary>
    public const string MoveShiftDays = "moveShiftDays";

    /// <summary>True when the message was a follow-up on the conversation's own request and its flow was started.</summary>
    private async Task<bool> FollowUpAsync(Turn turn, CancellationToken cancellationToken)
    {
        // A message naming its own reference is routed as before, with that reference.
        if (turn.State.Flow is not null || !turn.State.Facts.ContainsKey(FactNames.BookingRef) || turn.Fresh.ContainsKey(FactNames.BookingRef))
        {
            return false;
        }

        if (turn.Catalog.Keywords(turn.Locale, "followup.cancel").Any(k => DialogText.ContainsWords(turn.Normalized, k)))
        {
            await StartIntentAsync(turn, Intents.CancelBooking, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (_catalog.Flow("move_booking") is { } move && StartsByKeyword(turn, move))
        {
            if (Shift(turn) is { } days)
            {
                // The new date is the booking's own, shifted: any date the parser saw in "d'une semaine" is not it.
                turn.Fresh.Remove(FactNames.DateFrom);
                turn.Fresh.Remove(FactNames.DateTo);
                turn.State.Facts[MoveShiftDays] = days.ToString(CultureInfo.InvariantCulture);
            }

            FactNames.Merge(turn.State.Facts, turn.Fresh);
            await StartFlowAsync(turn, move.Id, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (turn.Understood.Intent == Intents.BookingStatus)
        {
            await StartIntentAsync(turn, Intents.BookingStatus, cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>"d'une semaine", "de deux semaines", "de 3 jours", "by a week", "the week after": days to shift, negative to bring forward.</summary>
    private static int? Shift(Turn turn)
    {
        var text = turn.Normalized;
        int? days = null;
        if (ShiftPattern().Match(text) is { Success: true } match)
        {
            var n = match.Groups["n"].Value switch
            {
                "un" or "une" or "a" or "one" or "1" => 1,
                "deux" or "two" or "2" => 2,
                "trois" or "three" or "3" => 3,
                "quatre" or "four" or "4" => 4,
                _ => 0,
            };
            days = match.Groups["unit"].Value.StartsWith('s') || match.Groups["unit"].Value.StartsWith('w') ? n * 7 : n;
        }
        else if (NextWeekPattern().IsMatch(text))
        {
            days = 7;
        }

        if (days is not > 0)
        {
            return null;
        }

        return turn.Catalog.Keywords(turn.Locale, "followup.earlier").Any(k => DialogText.ContainsWords(text, k)) ? -days : days;
    }

    [GeneratedRegex(@"(?:^| )(?:de |d'|by |of |back |forward )(?<n>une|un|deux|trois|quatre|a|one|two|three|four|[1-4])(?: petite| petit| full| whole)? (?<unit>semaines?|jours?|weeks?|days?)(?= |$|\?)", RegexOptions.CultureInvariant)]
    private static partial Regex ShiftPattern();

    [GeneratedRegex(@"(?:^| )(?:la semaine (?:suivante|d'apres|d apres)|une semaine plus tard|the (?:following|next) week|the week after|a week later)(?= |$|\?)", RegexOptions.CultureInvariant)]
    private static partial Regex NextWeekPattern();
}
