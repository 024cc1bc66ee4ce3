using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// A day and a time already given ("… à Rennes le 12/01 à 10h") answer a choice step read by its interpreter (the
/// speaker's free slots) without asking it (decision 118): the interpreter checks them as if they had just been typed;
/// when they cannot be booked the step is asked as usual.
/// </summary>
public sealed partial class ConversationEngine
{
    private async Task<string?> ChoiceFromKnownDateAsync(Turn turn, FlowDefinition flow, StepDefinition step, CancellationToken cancellationToken)
    {
        var facts = turn.State.Facts;
        if (step.Fact is not null || step.Type != StepType.Choice || step.ChoicesFrom is null
            || _choiceProviders.GetValueOrDefault(step.ChoicesFrom) is not IChoiceInterpreter interpreter
            || !facts.TryGetValue(FactNames.DateFrom, out var from) || !facts.TryGetValue(FactNames.Time, out var time)
            || (facts.TryGetValue(FactNames.DateTo, out var to) && to != from))
        {
            return null;
        }

        var known = new Dictionary<string, string>(StringComparer.Ordinal) { [FactNames.DateFrom] = from, [FactNames.Time] = time };
        var reading = await interpreter.InterpretAsync(known, string.Empty, Context(turn, flow, turn.State.Flow!), cancellationToken).ConfigureAwait(false);
        if (reading.Value is not { } value || !await AcceptsAsync(turn, flow, step, value, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // Said back, so she sees the day and time were kept.
        var shown = facts.GetValueOrDefault("slotLabel") is { Length: > 0 } label ? label : value;
        var changes = step.Label is null ? shown : turn.Say(step.Label) + " : " + shown;
        turn.Send(turn.Say("digression.noted", new Dictionary<string, string>(StringComparer.Ordinal) { ["changes"] = changes }));
        return value;
    }
}
