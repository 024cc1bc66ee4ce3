using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

// Date wishes in the search (docs/decisions/102-date-wishes.md): dates that fall entirely in the school holidays, and
// the weekday and part of the day shown with the criteria.
public sealed partial class ConversationEngine
{
    private readonly ISchoolTerms? _schoolTerms;

    /// <summary>
    /// Dates with no class at all in the place's zone ("la semaine du 28 décembre"): says so, with the day classes
    /// resume and a button for that week, instead of showing speakers nobody could book then. Panels may be held in
    /// the holidays, so they are not concerned.
    /// </summary>
    private bool DatesInHolidays(Turn turn)
    {
        var facts = turn.State.Facts;
        if (_schoolTerms is null || facts.GetValueOrDefault(FactNames.Format) == "panel"
            || FactNames.Date(facts, FactNames.DateFrom) is not { } from || FactNames.Date(facts, FactNames.DateTo) is not { } to
            || _schoolTerms.Covering(from, to, facts.GetValueOrDefault(FactNames.Department)) is not { } holidays)
        {
            return false;
        }

        var english = turn.Locale == DialogCatalog.English;
        var name = english ? holidays.English : holidays.French;
        var args = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["from"] = FormatDate(turn, from),
            ["to"] = FormatDate(turn, to),
            ["holidays"] = name,
            ["resume"] = FormatDate(turn, holidays.ClassesResume),
        };
        var week = turn.Say("dates.holidays.week", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["date"] = holidays.ClassesResume.ToString("d MMMM", Culture(turn)),
        });
        turn.Send(turn.Say("dates.holidays", args), [new BotButton(week, week)]);
        return true;
    }

    /// <summary>The weekday and part of the day the teacher wished, as criteria ("le mardi", "le matin (avant midi)").</summary>
    private static IEnumerable<string> DescribeWish(Turn turn)
    {
        var facts = turn.State.Facts;
        foreach (var day in FactNames.List(facts, FactNames.Weekdays))
        {
            if (turn.Catalog.HasText(turn.Locale, "wish.weekday." + day))
            {
                yield return turn.Say("wish.weekday." + day);
            }
        }

        if (facts.TryGetValue(FactNames.PartOfDay, out var part) && turn.Catalog.HasText(turn.Locale, "wish.part." + part))
        {
            yield return turn.Say("wish.part." + part);
        }
    }
}
