using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// "une policière près de chez nous" with no place known: the bot asks where the school is instead of searching all of
/// France; what the message said (job, class) is kept for the answer (decision 118).
/// </summary>
public sealed partial class ConversationEngine
{
    private static bool AskedWhereFirst(Turn turn)
    {
        var facts = turn.State.Facts;
        if (FactNames.PlaceGroup.Any(facts.ContainsKey) || facts.GetValueOrDefault(FactNames.Format) == "online"
            || !turn.Catalog.Keywords(turn.Locale, "place.vague").Any(k => DialogText.ContainsWords(turn.Normalized, k)))
        {
            return false;
        }

        turn.Send(turn.Say("place.ask"), expectsInput: true);
        return true;
    }
}
