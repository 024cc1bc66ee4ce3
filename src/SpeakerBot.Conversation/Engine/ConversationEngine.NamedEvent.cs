using System.Text.RegularExpressions;
using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

public sealed partial class ConversationEngine
{
    /// <summary>
    /// "J'ai rencontré Anne Lagarde au forum, pourrait-elle venir dans mon lycée ?": the event where the teacher met or
    /// heard the speaker is not the one she asks for; her request stays a visit unless it asks for several speakers.
    /// </summary>
    private static void ForgetEventWhereMet(Turn turn)
    {
        if (turn.Fresh.GetValueOrDefault(FactNames.Format) == "panel" && !turn.Fresh.ContainsKey(FactNames.Speakers)
            && EventWhereMet().IsMatch(turn.Normalized))
        {
            turn.Fresh.Remove(FactNames.Format);
        }
    }

    [GeneratedRegex(@"\b(?:rencontre\w*|vue?s?|entendue?s?|ecoutee?s?|croisee?s?|met|saw|seen|heard|listened)\b(?:\s+\S+){0,5}?\s+(?:au|a la|a l'|lors d[eu']\s*\S*|pendant|during|at)\s+(?:(?:un|une|le|la|l'|the|a|our|notre)\s+)?(?:forum|salon|conference|table ronde|colloque|panel|journee|fair|webinaire|webinar)", RegexOptions.CultureInvariant)]
    private static partial Regex EventWhereMet();
}
