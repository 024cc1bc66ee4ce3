using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// "merci, je regarde avec ma collègue et je reviens": a message that opens with thanks or a goodbye and asks for
/// nothing (no search detail, no intent) is a closing, answered politely rather than "not understood" (decision 118).
/// </summary>
public sealed partial class ConversationEngine
{
    private static bool OpensWithThanks(Turn turn)
    {
        if (turn.Fresh.Count > 0 || turn.Understood.Intent is not (Intents.Other or Intents.Greeting))
        {
            return false;
        }

        var first = turn.Text.Split([',', '.', '!', ';', '\n'], 2)[0];
        var opening = DialogText.Normalize(first);
        return opening.Length > 0 && turn.Catalog.Keywords(turn.Locale, "thanks").Contains(opening, StringComparer.Ordinal);
    }
}
