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
    /// date to the end of the wish, and for one week at least. A wish with only an end ("avant Noël") starts at that
    /// first date. Panels are not concerned.
    /// </summary>
    private void MoveDatesPastNotice(Turn turn)
    {
        var facts = turn.State.Facts;
        var lead = _notice?.MinLeadDays ?? 0;
        if (facts.GetValueOrDefault(FactNames.Format) == "panel")
        {
            return;
        }

        var earliest = turn.Today.AddDays(lead);
        if (FactNames.Date(facts, FactNames.DateFrom) is null && FactNames.Date(facts, FactNames.DateTo) is { } until && until >= earliest)
        {
            // "avant les vacances de Noël": from the first date that can be requested until then, not that last day alone.
            facts[FactNames.DateFrom] = earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return;
        }

        if (_notice is null || lead <= 0 || FactNames.Date(facts, FactNames.DateFrom) is not { } from || from >= earliest)
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
