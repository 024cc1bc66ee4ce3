using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

public sealed partial class ConversationEngine
{
    private FlowDefinition? CurrentFlow(Turn turn)
    {
        if (turn.State.Flow is null)
        {
            return null;
        }

        var flow = _catalog.Flow(turn.State.Flow.Id);
        if (flow is null)
        {
            // The flow was removed from dialogs/ since this conversation was saved.
            turn.State.Flow = null;
        }

        return flow;
    }

    private static StepDefinition? PendingStep(Turn turn, FlowDefinition flow) =>
        turn.State.Flow?.Pending is { } slot ? flow.Step(slot) : null;

    private async Task StartFlowAsync(Turn turn, string flowId, CancellationToken cancellationToken)
    {
        var flow = _catalog.Flow(flowId);
        if (flow is null)
        {
            Fallback(turn);
            return;
        }

        if (flow.NeedsFact is not null && flow.NeedsFlow is not null && !turn.State.Facts.ContainsKey(flow.NeedsFact))
        {
            if (flow.NeedsSay is not null)
            {
                turn.Send(turn.Say(flow.NeedsSay));
            }

            await StartFlowAsync(turn, flow.NeedsFlow, cancellationToken).ConfigureAwait(false);
            return;
        }

        Log.FlowStarted(_logger, flow.Id);
        foreach (var fact in flow.Forget.Where(f => !turn.Fresh.ContainsKey(f)))
        {
            turn.State.Facts.Remove(fact);
        }

        turn.State.Flow = new FlowState { Id = flow.Id };

        // The starting message's own details (an event's title, venue, organiser) are not asked again.
        await ReadSlotsAsync(turn, flow, pending: null, cancellationToken).ConfigureAwait(false);
        if (flow.Intro is not null)
        {
            turn.Send(turn.Say(flow.Intro, Placeholders(turn, flow)));
        }

        await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the first step not yet filled (filling steps from known facts on the way), or completes the flow.</summary>
    private async Task AdvanceAsync(Turn turn, FlowDefinition flow, CancellationToken cancellationToken)
    {
        var state = turn.State.Flow!;
        string? refused = null;
        foreach (var step in flow.Steps)
        {
            if (state.Slots.ContainsKey(step.Slot))
            {
                continue;
            }

            if (step.Fact is not null && turn.State.Facts.TryGetValue(step.Fact, out var known))
            {
                if (await AcceptsAsync(turn, flow, step, known, cancellationToken).ConfigureAwait(false))
                {
                    state.Slots[step.Slot] = known;
                    continue;
                }

                // Given in this very message and refused (a Saturday, an unknown reference): say why, then ask.
                if (step.Type != StepType.Choice && turn.Fresh.GetValueOrDefault(step.Fact) == known)
                {
                    refused = await ValidateAsync(turn, flow, step, known, cancellationToken).ConfigureAwait(false);
                }
            }

            if (step.SkipIfAny.Any(turn.State.Facts.ContainsKey))
            {
                continue;
            }

            if (await ChoiceFromKnownDateAsync(turn, flow, step, cancellationToken).ConfigureAwait(false) is { } fromKnown)
            {
                state.Slots[step.Slot] = fromKnown;
                continue;
            }

            // A later answer given in this message and refused (a date inside the notice) is said now, not silently
            // asked again later (decision 119).
            var refusedHere = refused is not null;
            refused ??= await RefusedLaterAsync(turn, flow, step, cancellationToken).ConfigureAwait(false);
            state.Pending = step.Slot;
            state.Attempts = 0;
            // Choices computed while checking earlier steps belong to those steps.
            state.Offered = null;
            await AskAsync(turn, flow, step, cancellationToken, refused, refusedHere).ConfigureAwait(false);
            return;
        }

        await CompleteAsync(turn, flow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why a date step after <paramref name="asked"/> refuses the date this very message gave, else null.</summary>
    private async Task<string?> RefusedLaterAsync(Turn turn, FlowDefinition flow, StepDefinition asked, CancellationToken cancellationToken)
    {
        var state = turn.State.Flow!;
        foreach (var later in flow.Steps.SkipWhile(s => s != asked).Skip(1))
        {
            if (later.Type == StepType.Date && later.Fact is not null && !state.Slots.ContainsKey(later.Slot)
                && turn.Fresh.TryGetValue(later.Fact, out var given) && turn.State.Facts.GetValueOrDefault(later.Fact) == given)
            {
                return await ValidateAsync(turn, flow, later, given, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    private async Task CompleteAsync(Turn turn, FlowDefinition flow, CancellationToken cancellationToken)
    {
        var state = turn.State.Flow!;
        state.Pending = null;
        if (flow.Steps.Any(s => s.Type == StepType.Confirm && state.Slots.TryGetValue(s.Slot, out var answer) && answer == "no"))
        {
            foreach (var fact in state.Written)
            {
                turn.State.Facts.Remove(fact);
            }

            turn.State.Flow = null;
            turn.Send(turn.Say(flow.Cancelled ?? "cancel.done"), EntryButtons(turn));
            return;
        }

        Log.FlowCompleted(_logger, flow.Id);
        var placeholders = Placeholders(turn, flow);
        turn.State.Flow = null;
        switch (flow.CompleteAction)
        {
            case "search":
                turn.State.Results = new ResultsState();
                ShowResults(turn, intro: null);
                break;
            case { } name when _actions.TryGetValue(name, out var action):
                var result = await action.RunAsync(Context(turn, flow, state), cancellationToken).ConfigureAwait(false);
                turn.Replies.AddRange(result.Messages.Select(m => m with { Locale = m.Locale ?? turn.LocaleTag }));
                if (!result.Succeeded)
                {
                    return;
                }

                break;
            default:
                break;
        }

        if (flow.CompleteSay is not null)
        {
            turn.Send(turn.Say(flow.CompleteSay, placeholders), EntryButtons(turn));
        }
    }

    private FlowContext Context(Turn turn, FlowDefinition flow, FlowState state) => new()
    {
        FlowId = flow.Id,
        ConversationKey = turn.Input.ConversationKey,
        UserKey = turn.Input.UserKey,
        Locale = turn.Locale,
        Now = turn.Now,
        Slots = state.Slots,
        Facts = turn.State.Facts,
        Say = turn.Say,
        Keywords = name => turn.Catalog.Keywords(turn.Locale, name),
        Text = turn.Text,
    };

    private async Task AskAsync(Turn turn, FlowDefinition flow, StepDefinition step, CancellationToken cancellationToken, string? before = null, bool refused = false, bool offerHuman = false)
    {
        // Buttons first: a choice provider may note facts the question shows (the proposed panel).
        var buttons = await ButtonsAsync(turn, flow, step, cancellationToken).ConfigureAwait(false);
        if (offerHuman)
        {
            buttons.Add(turn.Button("button.human"));
        }

        var text = turn.Say(refused && step.PromptAgain is not null ? step.PromptAgain : step.Prompt, Placeholders(turn, flow));
        if (before is not null)
        {
            text = before + "\n\n" + text;
        }

        turn.Send(text, buttons, expectsInput: true);
    }

    /// <summary>Re-asks the pending question (after help, a digression, or when the conversation resumes).</summary>
    private async Task AskPendingAsync(Turn turn, FlowDefinition flow, bool resume, CancellationToken cancellationToken)
    {
        var step = PendingStep(turn, flow);
        if (step is null)
        {
            return;
        }

        turn.State.Flow!.Editing = false;
        await AskAsync(turn, flow, step, cancellationToken, resume ? turn.Say("resume") : null).ConfigureAwait(false);
    }

    private async Task<List<BotButton>> ButtonsAsync(Turn turn, FlowDefinition flow, StepDefinition step, CancellationToken cancellationToken)
    {
        var buttons = new List<BotButton>();
        switch (step.Type)
        {
            case StepType.Choice:
                buttons.AddRange((await ChoicesAsync(turn, flow, step, cancellationToken).ConfigureAwait(false)).Select(c => new BotButton(c.Title, c.Title)));
                break;
            case StepType.Text or StepType.Date when step.ChoicesFrom is not null:
                // On a text step the provider's choices are suggestions: any text is still an answer.
                buttons.AddRange(await _choiceProviders[step.ChoicesFrom].GetChoicesAsync(Context(turn, flow, turn.State.Flow!), cancellationToken).ConfigureAwait(false));
                break;
            case StepType.Confirm:
                buttons.Add(turn.Button("button.yes"));
                if (step.Edit)
                {
                    buttons.Add(turn.Button("button.edit"));
                }

                buttons.Add(turn.Button("button.no"));
                break;
            default:
                break;
        }

        if (step.Optional)
        {
            buttons.Add(turn.Button("button.skip"));
        }

        return buttons;
    }

    private async Task<List<StoredChoice>> ChoicesAsync(Turn turn, FlowDefinition flow, StepDefinition step, CancellationToken cancellationToken)
    {
        var state = turn.State.Flow!;
        if (step.ChoicesFrom is null)
        {
            return [.. step.Choices.Select(c => new StoredChoice(turn.Say(c.Label), c.Value))];
        }

        if (state.Pending == step.Slot && state.Offered is { } offered)
        {
            return offered;
        }

        IReadOnlyList<BotButton> provided = step.ChoicesFrom == "shown_speakers"
            ? ShownSpeakers(turn)
            : await _choiceProviders[step.ChoicesFrom].GetChoicesAsync(Context(turn, flow, state), cancellationToken).ConfigureAwait(false);
        state.Offered = [.. provided.Select(b => new StoredChoice(b.Title, b.Value))];
        return state.Offered;
    }

    private static List<BotButton> ShownSpeakers(Turn turn)
    {
        var results = turn.State.Results;
        return results is null ? [] : [.. results.Shown.Zip(results.ShownNames, (id, name) => new BotButton(name, id))];
    }

    private async Task ContinueFlowAsync(Turn turn, FlowDefinition flow, CancellationToken cancellationToken)
    {
        var state = turn.State.Flow!;
        var step = PendingStep(turn, flow);
        if (step is null)
        {
            await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (step.Edit && (state.Editing || turn.Is("edit")))
        {
            await EditAsync(turn, flow, step, cancellationToken).ConfigureAwait(false);
            return;
        }

        var fresh = FreshWithContact(turn);
        if (step.Type == StepType.Date && fresh.TryGetValue(FactNames.Time, out var saidTime))
        {
            // "le 20 janvier à 14h": the time said with the date is checked with it.
            turn.State.Facts[FactNames.Time] = saidTime;
        }

        var digression = turn.Is("digression") && fresh.Count > 0 && !(step.Fact is not null && fresh.ContainsKey(step.Fact));

        // A button's own words are not a digression ("Valider ce panel" does not mean the format "panel").
        var clicked = step.Type == StepType.Choice && (await ChoicesAsync(turn, flow, step, cancellationToken).ConfigureAwait(false)).Any(c => DialogText.Normalize(c.Title) == turn.Normalized);
        if (clicked && await SetByChoiceAsync(turn, flow, step, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var read = clicked ? default : await ReadSlotsAsync(turn, flow, step, cancellationToken).ConfigureAwait(false);
        if (step.Type == StepType.Text && read.Pending is null && read.Changed is { Count: > 0 })
        {
            // Details packed in the answer ("le 25 mars à 12h30 à Rennes, 3 intervenantes") are not this answer:
            // they fill their slots, and the question comes again, no attempt lost.
            FactNames.Merge(turn.State.Facts, fresh);
            state.Offered = null;
            turn.Send(Acknowledge(turn, read.Changed));
            await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
            return;
        }

        var answer = read.Pending is not null ? Answer.Of(read.Pending)
            : digression && step.Type == StepType.Text ? Answer.None : await RecognizeAsync(turn, flow, step, fresh, cancellationToken).ConfigureAwait(false);
        if (answer.Ok && answer.Value!.StartsWith("set:", StringComparison.Ordinal) && await SetByChoiceAsync(turn, flow, step, cancellationToken, answer.Value).ConfigureAwait(false))
        {
            // "1" for the first of the times offered: as if that button were clicked.
            return;
        }

        // What the user said besides the answer is applied too: "le 12 mars, finalement en visio".
        var changed = clicked
            ? []
            : await ApplyDigressionsAsync(turn, flow, step, fresh, answerGiven: answer.Ok, freeText: step.Type == StepType.Text && !digression && !answer.SatisfiedBySkip, cancellationToken).ConfigureAwait(false);
        if (!clicked)
        {
            changed.InsertRange(0, await FillOpenSlotsAsync(turn, flow, step, fresh, cancellationToken).ConfigureAwait(false));
        }

        if (read.Changed is { Count: > 0 })
        {
            changed.AddRange(read.Changed.Where(r => !changed.Contains(r)));
        }

        if (answer.Ok)
        {
            state.Slots[step.Slot] = answer.Value!;
            if (step.Fact is not null && !answer.SatisfiedBySkip && answer.Value!.Length > 0)
            {
                turn.State.Facts[step.Fact] = answer.Value;
                state.Written.Add(step.Fact);
            }
            else if (step.Fact is not null && answer.SatisfiedBySkip && fresh.TryGetValue(step.Fact, out var own))
            {
                // Skipped because the message itself gave this fact ("une ingénieure" as the job word): keep it.
                turn.State.Facts[step.Fact] = own;
                state.Written.Add(step.Fact);
            }

            state.Pending = null;
            state.Offered = null;
            if (changed.Count > 0)
            {
                turn.Send(Acknowledge(turn, changed));
            }

            await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (answer.Progress)
        {
            await AskAsync(turn, flow, step, cancellationToken, changed.Count > 0 ? Acknowledge(turn, changed) + "\n\n" + answer.Error : answer.Error).ConfigureAwait(false);
            return;
        }

        if (changed.Count > 0)
        {
            // Computed choices may depend on what changed (free slots differ online and in person).
            state.Offered = null;
            if (flow.Steps.TakeWhile(s => s != step).Any(s => s.DependsOn.Count > 0 && !state.Slots.ContainsKey(s.Slot)))
            {
                // An earlier answer depended on what changed: ask it again first.
                turn.Send(Acknowledge(turn, changed));
                await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
                return;
            }

            await AskAsync(turn, flow, step, cancellationToken, answer.Error ?? Acknowledge(turn, changed)).ConfigureAwait(false);
            return;
        }

        state.Attempts++;
        if (state.Attempts >= flow.MaxAttempts && step.Type == StepType.Choice)
        {
            // A question with buttons never ends the flow while the user is answering: the buttons once more, and a person.
            await AskAsync(turn, flow, step, cancellationToken, answer.Error ?? turn.Say("retry.choice.again"), offerHuman: true).ConfigureAwait(false);
            return;
        }

        if (state.Attempts >= flow.MaxAttempts)
        {
            await GiveUpAsync(turn, flow, step, cancellationToken).ConfigureAwait(false);
            return;
        }

        var retry = answer.Error ?? turn.Say(step.Retry ?? "retry." + step.Type.ToString().ToLowerInvariant(), Placeholders(turn, flow));
        await AskAsync(turn, flow, step, cancellationToken, retry, answer.Error is not null).ConfigureAwait(false);
    }

    /// <summary>
    /// "Modifier" on a confirmation: offers the labelled answers as buttons; the one picked is asked again (its fact
    /// forgotten so it is not refilled), then the summary comes back. A new value typed directly is applied at once.
    /// </summary>
    private async Task EditAsync(Turn turn, FlowDefinition flow, StepDefinition confirm, CancellationToken cancellationToken)
    {
        var state = turn.State.Flow!;
        var editable = flow.Steps.Where(s => s.Label is not null && s.Type != StepType.Confirm && state.Slots.ContainsKey(s.Slot)).ToList();
        if (!state.Editing)
        {
            state.Editing = true;
            turn.Send(turn.Say("edit.which"), EditButtons(turn, editable), expectsInput: true);
            return;
        }

        var picked = editable.FirstOrDefault(s => turn.Normalized == DialogText.Normalize(turn.Say(s.Label!)))
            ?? (int.TryParse(turn.Normalized, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 1 && index <= editable.Count ? editable[index - 1] : null)
            ?? editable.SingleOrDefault(s => DialogText.ContainsWords(turn.Normalized, DialogText.Normalize(turn.Say(s.Label!))));
        if (picked is not null)
        {
            state.Editing = false;
            state.Slots.Remove(picked.Slot);
            ClearDependants(flow, state, picked.Slot);
            if (picked.Fact is not null)
            {
                turn.State.Facts.Remove(picked.Fact);
            }

            await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
            return;
        }

        // "28 élèves" instead of naming the field: the new value itself.
        var changed = await ApplyDigressionsAsync(turn, flow, confirm, turn.Fresh, answerGiven: false, freeText: false, cancellationToken).ConfigureAwait(false);
        if (changed.Count > 0)
        {
            state.Editing = false;
            await AskAsync(turn, flow, confirm, cancellationToken, Acknowledge(turn, changed)).ConfigureAwait(false);
            return;
        }

        if (++state.Attempts >= flow.MaxAttempts)
        {
            state.Editing = false;
            state.Attempts = 0;
            await AskAsync(turn, flow, confirm, cancellationToken).ConfigureAwait(false);
            return;
        }

        turn.Send(turn.Say("edit.which"), EditButtons(turn, editable), expectsInput: true);
    }

    private async Task GiveUpAsync(Turn turn, FlowDefinition flow, StepDefinition step, CancellationToken cancellationToken)
    {
        var state = turn.State.Flow!;
        if (step.Optional)
        {
            state.Slots[step.Slot] = string.Empty;
            state.Pending = null;
            turn.Send(turn.Say("giveup.skipped"));
            await AdvanceAsync(turn, flow, cancellationToken).ConfigureAwait(false);
            return;
        }

        Log.FlowAbandoned(_logger, flow.Id, step.Slot);
        turn.State.Flow = null;
        var coordinator = _catalog.Coordinator(turn.State.Facts.GetValueOrDefault(FactNames.Region));
        turn.Send(
            turn.Say("giveup", new Dictionary<string, string>(StringComparer.Ordinal) { ["coordinator"] = coordinator.Name, ["email"] = coordinator.Email }),
            [turn.Button("button.human"), turn.Button("button.restart")]);
    }

    /// <summary>Slots of the running flow (other than the one being answered) that this message changes; returns their labels.</summary>
    private async Task<List<(string Label, string Value)>> ApplyDigressionsAsync(Turn turn, FlowDefinition flow, StepDefinition pending, Dictionary<string, string> fresh, bool answerGiven, bool freeText, CancellationToken cancellationToken)
    {
        var changed = new List<(string Label, string Value)>();
        if (fresh.Count == 0 || freeText)
        {
            return changed;
        }

        var state = turn.State.Flow!;
        var before = new Dictionary<string, string>(turn.State.Facts, StringComparer.Ordinal);
        // The answer to the pending question is not a digression, even when it is refused.
        var relevant = fresh.Where(f => f.Key != pending.Fact && !(pending.Type == StepType.Date && f.Key is FactNames.DateFrom or FactNames.DateTo))
            .ToDictionary(StringComparer.Ordinal);
        FactNames.Merge(turn.State.Facts, relevant);
        foreach (var step in flow.Steps)
        {
            if (step == pending || step.Fact is null || !relevant.TryGetValue(step.Fact, out var value))
            {
                continue;
            }

            if (state.Slots.TryGetValue(step.Slot, out var old) && old != value && await AcceptsAsync(turn, flow, step, value, cancellationToken).ConfigureAwait(false))
            {
                state.Slots[step.Slot] = value;
                ClearDependants(flow, state, step.Slot);
                changed.Add((turn.Say(step.Label ?? "label.generic"), Display(turn, step, value)));
            }
        }

        if (changed.Count == 0 && !answerGiven)
        {
            // Not a slot of this flow, but part of the request (a new place, a format): say it is noted.
            foreach (var key in FactNames.SearchFacts.Where(k => relevant.ContainsKey(k) && before.GetValueOrDefault(k) != relevant[k]))
            {
                if (key is FactNames.Region or FactNames.Department && relevant.ContainsKey(FactNames.City))
                {
                    continue;
                }

                changed.Add((turn.Say("label." + key), DisplayFact(turn, key, relevant[key])));
            }
        }

        return changed;
    }

    /// <summary>Forgets the answers chosen for a slot that changed (the panel for the old date), so they are asked again.</summary>
    private static void ClearDependants(FlowDefinition flow, FlowState state, string changedSlot)
    {
        foreach (var dependant in flow.Steps.Where(s => s.DependsOn.Contains(changedSlot, StringComparer.Ordinal) && state.Slots.Remove(s.Slot)))
        {
            ClearDependants(flow, state, dependant.Slot);
        }
    }

    private static string Acknowledge(Turn turn, List<(string Label, string Value)> changed) =>
        turn.Say("digression.noted", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["changes"] = string.Join(", ", changed.Select(c => c.Label + " : " + c.Value)),
        });

    private readonly record struct Answer(bool Ok, string? Value, string? Error, bool SatisfiedBySkip = false)
    {
        public static readonly Answer None = new(false, null, null);

        public static Answer Of(string value) => new(true, value, null);

        public static Answer Invalid(string error) => new(false, null, error);

        /// <summary>Not an answer but a change the user asked for: said, then the question again, no attempt lost.</summary>
        public static Answer Again(string message) => new(false, null, message) { Progress = true };

        public bool Progress { get; init; }
    }

    private async Task<Answer> RecognizeAsync(Turn turn, FlowDefinition flow, StepDefinition step, Dictionary<string, string> fresh, CancellationToken cancellationToken)
    {
        if (step.Optional && turn.Is("skip"))
        {
            return Answer.Of(string.Empty);
        }

        if (step.SkipIfAny.Any(fresh.ContainsKey))
        {
            return new Answer(true, turn.Text, null, SatisfiedBySkip: true);
        }

        var answer = step.Type switch
        {
            StepType.Text when step.Fact is not null && fresh.TryGetValue(step.Fact, out var read) && read.Length > 0 => Answer.Of(read),
            StepType.Text => turn.Text.Length > 0 ? Answer.Of(turn.Text) : Answer.None,
            StepType.Choice => await RecognizeChoiceAsync(turn, flow, step, fresh, cancellationToken).ConfigureAwait(false),
            StepType.Confirm => turn.Is("yes") || turn.Normalized == "1" ? Answer.Of("yes") : turn.Is("no") || turn.Normalized == "2" ? Answer.Of("no") : LeadingYesNo(turn, fresh),
            StepType.Date => RecognizeDate(turn, fresh),
            StepType.Number => RecognizeNumber(turn, step, fresh),
            StepType.Email => RecognizeEmail(turn, fresh),
            StepType.Time => RecognizeTime(turn, fresh),
            _ => Answer.None,
        };
        if (!answer.Ok)
        {
            return answer;
        }

        var error = await ValidateAsync(turn, flow, step, answer.Value!, cancellationToken).ConfigureAwait(false);
        return error is null ? answer : Answer.Invalid(error);
    }

    /// <summary>True when a value coming from known facts may fill the step without asking.</summary>
    private async Task<bool> AcceptsAsync(Turn turn, FlowDefinition flow, StepDefinition step, string value, CancellationToken cancellationToken)
    {
        if (step.Type == StepType.Choice && !(await ChoicesAsync(turn, flow, step, cancellationToken).ConfigureAwait(false)).Any(c => c.Value == value))
        {
            return false;
        }

        return await ValidateAsync(turn, flow, step, value, cancellationToken).ConfigureAwait(false) is null;
    }

    private async Task<string?> ValidateAsync(Turn turn, FlowDefinition flow, StepDefinition step, string value, CancellationToken cancellationToken)
    {
        if (step.Type == StepType.Number && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            && ((step.Min is { } min && number < min) || (step.Max is { } max && number > max)))
        {
            return turn.Say("invalid.range", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["min"] = (step.Min ?? 0).ToString(CultureInfo.InvariantCulture),
                ["max"] = (step.Max ?? int.MaxValue).ToString(CultureInfo.InvariantCulture),
            });
        }

        if (step.Type == StepType.Date && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            foreach (var name in step.Validators)
            {
                var problem = name switch
                {
                    "future" when date <= turn.Today => "invalid.future",
                    "notPast" when date < turn.Today => "invalid.past",
                    "weekday" when date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday => "invalid.weekday",
                    "notice" when _notice is { MinLeadDays: > 0 } notice && date < turn.Today.AddDays(notice.MinLeadDays) => "invalid.notice",
                    _ => null,
                };
                if (problem == "invalid.notice")
                {
                    // Inside the programme's notice: say it at once, with the first date that can be asked (decision 119).
                    return turn.Say(problem, new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["days"] = _notice!.MinLeadDays.ToString(CultureInfo.InvariantCulture),
                        ["date"] = FormatDate(turn, turn.Today.AddDays(_notice.MinLeadDays)),
                    });
                }

                if (problem is not null)
                {
                    return turn.Say(problem, new Dictionary<string, string>(StringComparer.Ordinal) { ["date"] = FormatDate(turn, date) });
                }
            }
        }

        foreach (var name in step.Validators)
        {
            if (_validators.TryGetValue(name, out var validator) && await validator.ValidateAsync(value, Context(turn, flow, turn.State.Flow!), cancellationToken).ConfigureAwait(false) is { } message)
            {
                return message;
            }
        }

        return null;
    }

    private async Task<Answer> RecognizeChoiceAsync(Turn turn, FlowDefinition flow, StepDefinition step, Dictionary<string, string> fresh, CancellationToken cancellationToken)
    {
        if (SaysOffered(turn) && OrdinalAmongOffered(turn, await ChoicesAsync(turn, flow, step, cancellationToken).ConfigureAwait(false)) is { } offeredPick)
        {
            return Answer.Of(offeredPick);
        }

        if (step.ChoicesFrom is not null && _choiceProviders.GetValueOrDefault(step.ChoicesFrom) is IChoiceInterpreter interpreter)
        {
            var reading = await interpreter.InterpretAsync(fresh, turn.Text, Context(turn, flow, turn.State.Flow!), cancellationToken).ConfigureAwait(false);
            if (reading.Value is not null)
            {
                return Answer.Of(reading.Value);
            }

            if (reading.Message is not null)
            {
                // Buttons are recomputed around what was typed (the free slots of that day, the changed panel).
                turn.State.Flow!.Offered = null;
                return reading.Changed ? Answer.Again(reading.Message) : Answer.Invalid(reading.Message);
            }
        }

        var choices = await ChoicesAsync(turn, flow, step, cancellationToken).ConfigureAwait(false);
        if (step.Fact is not null && fresh.TryGetValue(step.Fact, out var understood) && choices.Any(c => c.Value == understood))
        {
            return Answer.Of(understood);
        }

        foreach (var choice in choices)
        {
            if (turn.Normalized == DialogText.Normalize(choice.Title) || turn.Normalized == DialogText.Normalize(choice.Value))
            {
                return Answer.Of(choice.Value);
            }
        }

        if (int.TryParse(turn.Normalized, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 1 && index <= choices.Count)
        {
            return Answer.Of(choices[index - 1].Value);
        }

        var contained = choices.Where(c => DialogText.ContainsWords(turn.Normalized, DialogText.Normalize(c.Title))).ToList();
        if (contained.Count == 1)
        {
            return Answer.Of(contained[0].Value);
        }

        if (TypedChoice(turn, choices, fresh) is { } typed)
        {
            return Answer.Of(typed);
        }

        // A typed word of one button only is that button: "présentiel" is "En présentiel".
        var within = choices.Where(c => turn.Normalized.Length >= 3 && DialogText.ContainsWords(DialogText.Normalize(c.Title), turn.Normalized)).ToList();
        if (within.Count == 1)
        {
            return Answer.Of(within[0].Value);
        }

        // Words the locale lists for one button of this step ("hybride" is "En présentiel": a place is needed).
        var listed = choices.Where(c => turn.Catalog.Keywords(turn.Locale, $"choice.{step.Slot}.{c.Value}").Any(k => DialogText.ContainsWords(turn.Normalized, k))).ToList();
        if (listed.Count == 1)
        {
            return Answer.Of(listed[0].Value);
        }

        return Answer.None;
    }

    private static Answer RecognizeDate(Turn turn, Dictionary<string, string> fresh)
    {
        if (fresh.TryGetValue(FactNames.DateFrom, out var understood))
        {
            return Answer.Of(understood);
        }

        var match = NumericDate().Match(turn.Text);
        if (match.Success)
        {
            var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            var year = match.Groups["y"].Success ? int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) : turn.Today.Year;
            if (year < 100)
            {
                year += 2000;
            }

            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                var date = new DateOnly(year, month, day);
                if (!match.Groups["y"].Success && date < turn.Today)
                {
                    date = date.AddYears(1);
                }

                return Answer.Of(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }

        return Answer.None;
    }

    private static Answer RecognizeNumber(Turn turn, StepDefinition step, Dictionary<string, string> fresh)
    {
        if (step.Fact is not null && fresh.TryGetValue(step.Fact, out var understood) && int.TryParse(understood, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return Answer.Of(understood);
        }

        // A number that understanding read as something else ("Year 9", "le 12 mars", "14h") is not this answer.
        if (fresh.Keys.Any(k => k is FactNames.ClassLevel or FactNames.DateFrom or FactNames.Time or FactNames.Speakers or FactNames.Pupils && k != step.Fact))
        {
            return Answer.None;
        }

        var match = Integer().Match(turn.Text);
        if (!match.Success && CountInWords.Read(turn.Normalized) is { } inWords)
        {
            return Answer.Of(inWords.ToString(CultureInfo.InvariantCulture));
        }

        return match.Success ? Answer.Of(int.Parse(match.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)) : Answer.None;
    }

    private static Answer RecognizeTime(Turn turn, Dictionary<string, string> fresh)
    {
        if (fresh.TryGetValue(FactNames.Time, out var understood))
        {
            return Answer.Of(understood);
        }

        var match = ClockTime().Match(turn.Text);
        if (match.Success && int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) is var hour and < 24)
        {
            var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            if (minutes < 60)
            {
                return Answer.Of(string.Create(CultureInfo.InvariantCulture, $"{hour:D2}:{minutes:D2}"));
            }
        }

        return Answer.None;
    }

    private static Answer RecognizeEmail(Turn turn, Dictionary<string, string> fresh)
    {
        if (fresh.TryGetValue(FactNames.Email, out var understood))
        {
            return Answer.Of(understood);
        }

        var match = EmailAddress().Match(turn.Text);
        return match.Success ? Answer.Of(match.Value.ToLowerInvariant()) : Answer.None;
    }

    /// <summary>Values for {placeholders}: facts and slots, shown the way a person reads them.</summary>
    private static Dictionary<string, string> Placeholders(Turn turn, FlowDefinition flow)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in turn.State.Facts)
        {
            args[key] = DisplayFact(turn, key, value);
        }

        if (turn.State.Flow is { } state)
        {
            foreach (var step in flow.Steps)
            {
                if (state.Slots.TryGetValue(step.Slot, out var value))
                {
                    args[step.Slot] = value.Length == 0 ? "—" : Display(turn, step, value);
                }
            }
        }

        return args;
    }

    private static string Display(Turn turn, StepDefinition step, string value)
    {
        switch (step.Type)
        {
            case StepType.Choice:
                var choice = step.Choices.FirstOrDefault(c => c.Value == value);
                if (choice is not null)
                {
                    return InSentence(turn.Say(choice.Label));
                }

                var offered = turn.State.Flow?.Offered?.FirstOrDefault(c => c.Value == value);
                return offered?.Title ?? (step.Fact is null ? value : DisplayFact(turn, step.Fact, value));
            case StepType.Confirm:
                return turn.Say(value == "yes" ? "button.yes" : "button.no");
            case StepType.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return FormatDate(turn, date);
            default:
                return step.Fact is null ? value : DisplayFact(turn, step.Fact, value);
        }
    }

    private static string DisplayFact(Turn turn, string key, string value)
    {
        switch (key)
        {
            case FactNames.Sectors:
                return string.Join(", ", value.Split(FactNames.ListSeparator).Select(s => Label(turn, "sector." + s, s)));
            case FactNames.Topics:
                return string.Join(", ", value.Split(FactNames.ListSeparator));
            case FactNames.Region:
                return Label(turn, "region." + value, value);
            case FactNames.Format:
                return InSentence(Label(turn, "format." + value, value));
            case FactNames.Audience:
                return InSentence(Label(turn, "audience." + value, value));
            case FactNames.DateFrom or FactNames.DateTo when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return FormatDate(turn, date);
            default:
                return value;
        }
    }

    /// <summary>The answers "Modifier" can change, as buttons ("Nombre d'élèves"); the typed label works too.</summary>
    private static List<BotButton> EditButtons(Turn turn, List<StepDefinition> editable) =>
        [.. editable.Select(s => turn.Say(s.Label!)).Select(label => new BotButton(char.ToUpperInvariant(label[0]) + label[1..], label))];

    /// <summary>A button label inside a sentence: "En visio" reads "en visio" ("TV", "BTS" stay as they are).</summary>
    private static string InSentence(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && char.IsLower(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    private static string Label(Turn turn, string key, string fallback) =>
        turn.Catalog.HasText(turn.Locale, key) ? turn.Say(key) : fallback;

    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");

    private static CultureInfo Culture(Turn turn) => turn.Locale == DialogCatalog.English ? EnglishCulture : FrenchCulture;

    private static string FormatDate(Turn turn, DateOnly date) =>
        date.ToString(turn.Locale == DialogCatalog.English ? "dddd d MMMM yyyy" : "dddd d MMMM yyyy", Culture(turn));

    [GeneratedRegex(@"\b(?<d>\d{1,2})[/.-](?<m>\d{1,2})(?:[/.-](?<y>\d{2,4}))?\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b\d{1,6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"\b(?<h>\d{1,2})\s*(?:h|:|heures?)\s*(?<m>\d{2})?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}
