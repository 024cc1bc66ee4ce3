using System.Globalization;
using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

// Dates inside the programme's notice (decision 113): "demain", "la semaine prochaine" are said to be too soon, and the
// search looks from the first date that can be requested instead.
public sealed partial class ConversationEngine
{
    private readonly IBookingNotice? _notice;

    /// <summary>
    /// When the wished dates start before the first date a visit can be requested, says so and moves them: from that
    /// date to the end of the wish, and for one week at least. Panels are not concerned.
    /// </summary>
    private void MoveDatesPastNotice(Turn turn)
    {
        var facts = turn.State.Facts;
        if (_notice is null || _notice.MinLeadDays <= 0 || facts.GetValueOrDefault(FactNames.Format) == "panel"
            || FactNames.Date(facts, FactNames.DateFrom) is not { } from)
        {
            return;
        }

        var earliest = turn.Today.AddDays(_notice.MinLeadDays);
        if (from >= earliest)
        {
            return;
        }

        var to = FactNames.Date(facts, FactNames.DateTo) ?? from;
        var week = earliest.AddDays(6);
        var newTo = to >= week ? to : week;
        facts[FactNames.DateFrom] = earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        facts[FactNames.DateTo] = newTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        turn.Send(turn.Say("dates.too_soon", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["days"] = _notice.MinLeadDays.ToString(CultureInfo.InvariantCulture),
            ["date"] = FormatDate(turn, earliest),
        }));
    }
}
