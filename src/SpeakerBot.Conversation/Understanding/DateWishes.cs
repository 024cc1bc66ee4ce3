using System.Text;
using System.Text.RegularExpressions;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// The school calendar as the understanding needs it (implemented by Bookings over index/calendar): when a named
/// school-holiday period of a department's zone ends and classes resume, and whether a span has no class at all.
/// </summary>
public interface ISchoolTerms
{
    /// <summary>
    /// The next holidays of <paramref name="period"/> ("autumn", "christmas", "winter", "spring", "summer", or "term":
    /// the next end of term, i.e. Christmas, spring or summer) whose classes resume after <paramref name="today"/>:
    /// the last school day before them and the day classes resume. Null department: every metropolitan zone.
    /// </summary>
    (DateOnly LastSchoolDay, DateOnly ClassesResume)? Next(string period, string? department, DateOnly today);

    /// <summary>The holidays covering every weekday of the span (no class at all), with the day classes resume; else null.</summary>
    (string French, string English, DateOnly ClassesResume)? Covering(DateOnly from, DateOnly to, string? department);
}

/// <summary>
/// Date wishes that are not one date (docs/decisions/102-date-wishes.md): the weekday of a habit ("plutôt le mardi",
/// "on Tuesdays"), a part of the day ("le matin", "en fin de journée"), and school periods ("après les vacances de
/// février", "avant la fin du trimestre", "after half-term") that the school calendar turns into dates.
/// </summary>
internal static partial class DateWishes
{
    public const string Morning = "morning";
    public const string Afternoon = "afternoon";
    public const string Late = "late";

    private static readonly string[] FrenchDays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    private static readonly string[] EnglishDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>Lower case, no accents, words separated by single spaces, with a space at both ends.</summary>
    public static string Words(string text)
    {
        var folded = TextNormalizer.Fold(text);
        var sb = new StringBuilder(folded.Length + 2).Append(' ');
        foreach (var c in folded)
        {
            sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return Spaces().Replace(sb.Append(' ').ToString(), " ");
    }

    /// <summary>"morning" (before 12:00), "afternoon" (from 12:00), "late" (from 16:00), or null.</summary>
    public static string? PartOfDay(string words) =>
        LateWords().IsMatch(words) ? Late
        : AfternoonWords().IsMatch(words) ? Afternoon
        : MorningWords().IsMatch(words) ? Morning
        : null;

    /// <summary>The weekdays of a habit ("le mardi", "les mardis et jeudis", "on Tuesdays"), ISO numbers joined by '|'.</summary>
    public static string? Weekdays(string words)
    {
        var found = new SortedSet<int>();
        foreach (Match m in HabitDays().Matches(words))
        {
            foreach (Capture c in m.Groups["d"].Captures)
            {
                var name = c.Value.TrimEnd('s');
                var index = Array.IndexOf(FrenchDays, name);
                if (index < 0)
                {
                    index = Array.IndexOf(EnglishDays, name);
                }

                if (index is >= 0 and < 5)
                {
                    found.Add(index + 1);
                }
            }
        }

        return found.Count == 0 ? null : string.Join('|', found);
    }

    /// <summary>("after" or "before", period) of "après les vacances de février", "avant la fin du trimestre"…, or null.</summary>
    /// <remarks>NamesMonth: the phrase names a month ("the February holidays") that the date extractor may have read as the month.</remarks>
    public static (bool After, string Period, bool NamesMonth)? SchoolPeriod(string words)
    {
        if (TermEnd().Match(words) is { Success: true })
        {
            return (false, "term", false);
        }

        var m = Holidays().Match(words);
        if (!m.Success)
        {
            m = NamedFeast().Match(words);
            if (!m.Success)
            {
                return null;
            }
        }

        var after = m.Groups["w"].Value is "apres" or "after" or "des" or "partir";
        var name = m.Groups["n"].Success ? m.Groups["n"].Value : string.Empty;
        var period = name switch
        {
            "toussaint" or "octobre" or "october" or "autumn" or "automne" => "autumn",
            "noel" or "christmas" or "fin d annee" => "christmas",
            "fevrier" or "hiver" or "february" or "winter" or "ski" => "winter",
            "printemps" or "paques" or "avril" or "spring" or "easter" or "april" => "spring",
            "ete" or "summer" => "summer",
            _ => "any",
        };
        return (after, period, name is "octobre" or "october" or "fevrier" or "february" or "avril" or "april");
    }

    [GeneratedRegex(@" +")]
    private static partial Regex Spaces();

    [GeneratedRegex(@" (?:(?:en |a la )?fin de (?:la )?journee|fin (?:d )?apres midi|en fin d apres midi|late afternoons?|end of the day|after 4 ?pm) ")]
    private static partial Regex LateWords();

    [GeneratedRegex(@" (?:l |les |en |d |un |une |(?:lundi|mardi|mercredi|jeudi|vendredi)s? )apres midis? | (?:in the |on \w+ )?afternoons? ")]
    private static partial Regex AfternoonWords();

    [GeneratedRegex(@" (?:le |les |en |un |du |(?:lundi|mardi|mercredi|jeudi|vendredi)s? )(?:matins?|matinees?) | (?:in the |on \w+ )?mornings? ")]
    private static partial Regex MorningWords();

    [GeneratedRegex(@" (?:le|les|un|chaque|tous les|plutot le|plutot les|quel|on|on a|every|mostly on|any|a) (?<d>lundis?|mardis?|mercredis?|jeudis?|vendredis?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?)(?: (?:et|ou|and|or) (?:le |les |on )?(?<d>lundis?|mardis?|mercredis?|jeudis?|vendredis?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?))?(?! \d| prochain| next)")]
    private static partial Regex HabitDays();

    [GeneratedRegex(@" (?:avant|d ici|before|by) (?:la |the )?(?:fin du trimestre|fin de trimestre|end of (?:the )?term) ")]
    private static partial Regex TermEnd();

    [GeneratedRegex(@" (?<w>apres|avant|des|partir|after|before|until) (?:de |du |des )?(?:les |la |the )?(?:(?<n>february|christmas|easter|spring|october|summer|winter|autumn) )?(?:vacances|conges|holidays?|half term|halfterm|break|vacation)(?: (?:de |d |du )?(?:la |l )?(?<n>toussaint|noel|fevrier|hiver|printemps|paques|ete|octobre|avril|ski|fin d annee|automne))?")]
    private static partial Regex Holidays();

    [GeneratedRegex(@" (?<w>apres|avant|after|before) (?:la |l )?(?<n>toussaint|noel|paques|christmas|easter) ")]
    private static partial Regex NamedFeast();
}
