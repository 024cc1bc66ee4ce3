using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

public sealed partial class ConversationEngine
{
    /// <summary>
    /// "quel temps fait-il à Lyon demain ?", "tell me a joke": a polite word on what the bot does, no search on the place
    /// or the date the small talk happens to name; a flow under way asks its question again (decision 119).
    /// </summary>
    private async Task<bool> OffTopicAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (!turn.Catalog.Keywords(turn.Locale, "offtopic").Any(k => DialogText.ContainsWords(turn.Normalized, k)))
        {
            return false;
        }

        var fresh = turn.Fresh;
        if (FactNames.WhatGroup.Any(fresh.ContainsKey) || fresh.ContainsKey(FactNames.ClassLevel) || fresh.ContainsKey(FactNames.Audience)
            || fresh.ContainsKey(FactNames.Speakers) || fresh.ContainsKey(FactNames.BookingRef)
            || turn.Understood.Intent is Intents.BookPanel or Intents.BookVisit or Intents.BookingStatus or Intents.CancelBooking)
        {
            return false;
        }

        var flow = CurrentFlow(turn);
        turn.Send(turn.Say("offtopic.reply"), flow is null ? EntryButtons(turn) : null);
        if (flow is not null)
        {
            await AskPendingAsync(turn, flow, resume: false, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
