using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

// Slot readers (decision 103): a flow's details read out of any of its messages, not only the one asked for.
public sealed partial class ConversationEngine
{
    /// <summary>What a reader found in a message: the pending question's answer, if given, and the other slots it filled.</summary>
    private readonly record struct ReadSlots(string? Pending, List<(string Label, string Value)> Changed);

    /// <summary>
    /// Runs the flow's reader on this message and fills every slot it gives other than <paramref name="pending"/>
    /// (changing an earlier answer forgets what depended on it); returns them for the acknowledgement.
    /// </summary>
    private async Task<ReadSlots> ReadSlotsAsync(Turn turn, FlowDefinition flow, StepDefinition? pending, CancellationToken cancellationToken)
    {
        var changed = new List<(string Label, string Value)>();
        if (flow.Reader is null || !_slotReaders.TryGetValue(flow.Reader, out var reader) || turn.Text.Length == 0 || turn.State.Flow is not { } state)
        {
            return new ReadSlots(null, changed);
        }

        var found = reader.Read(turn.Text, turn.Fresh, pending?.Slot, Context(turn, flow, state));
        foreach (var step in flow.Steps)
        {
            if (step == pending || !found.TryGetValue(step.Slot, out var value) || value.Length == 0)
            {
                continue;
            }

            var old = state.Slots.GetValueOrDefault(step.Slot);
            if (old == value || !await AcceptsAsync(turn, flow, step, value, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            state.Slots[step.Slot] = value;
            if (step.Fact is not null)
            {
                turn.State.Facts[step.Fact] = value;
                state.Written.Add(step.Fact);
            }

            if (old is not null)
            {
                ClearDependants(flow, state, step.Slot);
            }

            changed.Add((turn.Say(step.Label ?? "label.generic"), Display(turn, step, value)));
        }

        return new ReadSlots(pending is not null && found.TryGetValue(pending.Slot, out var answer) && answer.Length > 0 ? answer : null, changed);
    }

    /// <summary>
    /// A computed button whose value is "set:slot=value" (a time or a date that works when nobody is free) changes that
    /// earlier answer, then the flow goes on from there; true when the clicked button was one.
    /// </summary>
    private async Task<bool> SetByChoiceAsync(Turn turn, FlowDefinition flow, StepDefinition step, CancellationToken cancellationToken, string? picked = null)
    {
        var state = turn.State.Flow!;
        // picked: a "set:" choice named otherwise than by its title ("1", "la première").
        var choice = picked is not null ? new StoredChoice(picked, picked)
            : (await ChoicesAsync(turn, flow, step, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => DialogText.Normalize(c.Title) == turn.Normalized);
        if (choice is null || !choice.Value.StartsWith("set:", StringComparison.Ordinal))
        {
            return false;
        }

        var at = choice.Value.IndexOf('=', StringComparison.Ordinal);
        if (at < 5)
        {
            return false;
        }

        var target = flow.Step(choice.Value[4..at]);
        var value = choice.Value[(at + 1)..];
        if (target is null || target == step || !await AcceptsAsync(turn, flow, target, value, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        state.Slots[target.Slot] = value;
        if (target.Fact is not null)
        {
            turn.State.Facts[target.Fact] = value;
            state.Written.Add(target.Fact);
        }

        ClearDependants(flow, state, target.Slot);
        state.Slots.Remove(step.Slot);
        state.Pending = null;
        state.Offered = null;
        turn.Send(Acknowledge(turn, [(turn.Say(target.Label ?? "label.generic"), Display(turn, target, value))]));
        await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
