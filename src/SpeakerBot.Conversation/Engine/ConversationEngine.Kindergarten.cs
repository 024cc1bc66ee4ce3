using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

public sealed partial class ConversationEngine
{
    /// <summary>
    /// "une pompière pour mes grande section": the programme starts at CP, so the teacher is told so (and what it offers)
    /// instead of being shown speakers for a level they do not visit. Outside flows only; true when answered.
    /// </summary>
    private bool Kindergarten(Turn turn)
    {
        if (turn.State.Flow is not null || turn.Fresh.ContainsKey(FactNames.ClassLevel)
            || !turn.Catalog.Keywords(turn.Locale, "levels.kindergarten").Any(k => DialogText.ContainsWords(turn.Normalized, k)))
        {
            return false;
        }

        turn.Send(turn.Say("levels.kindergarten"), EntryButtons(turn));
        return true;
    }
}
