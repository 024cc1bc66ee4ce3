namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// Chooses the intent from cue families (index/understanding/intents.tsv) and the entities found, in a fixed
/// order of precedence (docs/decisions/042-intents.md): managing an existing booking first, then booking, then searching.
/// </summary>
internal static class IntentRules
{
    public static string Decide(Scan scan, Understood u, (int Start, int End) placeSpan)
    {
        var cues = scan.IntentCues();
        var hasRef = u.BookingRef is not null;
        // Several speakers wanted means a panel, unless they are mentors ("2 marraines pour un programme de mentorat").
        var panel = cues.Contains("panel") || u.Format == "panel" || (u.Speakers is >= 2 && u.Format != "mentoring");
        var entities = u.Sectors.Count > 0 || u.Topics.Count > 0 || u.Audience is not null || u.City is not null
            || u.Region is not null || u.Department is not null || u.Format is not null || u.DateFrom is not null || u.Pupils is not null
            || u.Speakers is not null;

        if (cues.Contains("cancel") && (hasRef || cues.Contains("booking_noun") || cues.Contains("panel") || cues.Contains("visit") || !entities))
        {
            return Intents.CancelBooking;
        }

        if (hasRef || cues.Contains("status"))
        {
            return Intents.BookingStatus;
        }

        if (cues.Contains("howto") && u.Sectors.Count == 0 && u.Topics.Count == 0 && u.City is null && u.DateFrom is null && u.Audience is null)
        {
            return Intents.Help;
        }

        if (cues.Contains("help") && !cues.Contains("book") && !cues.Contains("find") && u.Sectors.Count == 0 && u.Topics.Count == 0)
        {
            return Intents.Help;
        }

        if (cues.Contains("book"))
        {
            return panel ? Intents.BookPanel : Intents.BookVisit;
        }

        if (panel)
        {
            return Intents.BookPanel;
        }

        if (cues.Contains("visit") && !cues.Contains("find"))
        {
            return Intents.BookVisit;
        }

        // "quel temps fait-il à Paris ?": a place alone inside an unrelated sentence is not a search.
        var placeOnly = u.Sectors.Count == 0 && u.Topics.Count == 0 && u.Audience is null && u.Format is null && u.DateFrom is null
            && u.DateTo is null && u.Pupils is null && u.Speakers is null && (u.City ?? u.Department ?? u.Region) is not null;
        if (placeOnly && !cues.Contains("find") && scan.ContentWordCount(placeSpan) >= 2)
        {
            return cues.Contains("greeting") ? Intents.Greeting : Intents.Other;
        }

        if (cues.Contains("find") || entities || cues.Contains("visit") || u.ClassLevel is not null)
        {
            return Intents.FindSpeaker;
        }

        if (cues.Contains("help"))
        {
            return Intents.Help;
        }

        if (cues.Contains("greeting"))
        {
            return Intents.Greeting;
        }

        return Intents.Other;
    }
}
