using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// The dialog engine: one turn in, replies out. Interruptions (help, cancel, restart, talk to someone) are checked
/// first on every message, then the running flow gets the message, else the message is routed by intent. State is
/// loaded once and saved once per turn; turns of one conversation are serialised so two messages cannot clobber it.
/// </summary>
public sealed partial class ConversationEngine : IConversationEngine
{
    private static readonly string[] EntryIntents = [Intents.FindSpeaker, Intents.BookVisit, Intents.BookPanel, Intents.BookingStatus];

    private readonly DialogCatalog _catalog;
    private readonly IUnderstanding _understanding;
    private readonly ISpeakerSearch _search;
    private readonly ISpeakerStore _speakers;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly ConversationOptions _options;
    private readonly Dictionary<string, IFlowAction> _actions;
    private readonly Dictionary<string, IChoiceProvider> _choiceProviders;
    private readonly Dictionary<string, ISlotValidator> _validators;
    private readonly ITurnHandler[] _handlers;
    private readonly Dictionary<string, ISlotReader> _slotReaders;
    private readonly IFitExplainer _fit;
    private readonly IFaqAnswerer _faq;
    private readonly int _modelTurnBudgetMs;
    private readonly ILogger<ConversationEngine> _logger;
    private readonly KeyedLock _conversationLocks = new();
    private readonly ISoonAvailability? _soon;

    public ConversationEngine(
        DialogCatalog catalog,
        IUnderstanding understanding,
        ISpeakerSearch search,
        ISpeakerStore speakers,
        IStateStore store,
        TimeProvider time,
        IOptions<ConversationOptions> options,
        IEnumerable<IFlowAction> actions,
        IEnumerable<IChoiceProvider> choiceProviders,
        IEnumerable<ISlotValidator> validators,
        IEnumerable<ITurnHandler> handlers,
        IFitExplainer fit,
        IFaqAnswerer faq,
        IOptions<LanguageModelOptions> modelOptions,
        ILogger<ConversationEngine> logger,
        ISchoolTerms? schoolTerms = null,
        IEnumerable<ISlotReader>? slotReaders = null,
        IBookingNotice? notice = null,
        ISoonAvailability? soon = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modelOptions);
        _catalog = catalog;
        _understanding = understanding;
        _search = search;
        _speakers = speakers;
        _store = store;
        _time = time;
        _options = options.Value;
        _actions = actions.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _choiceProviders = choiceProviders.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _validators = validators.ToDictionary(v => v.Name, StringComparer.Ordinal);
        _handlers = [.. handlers];
        _slotReaders = (slotReaders ?? []).ToDictionary(r => r.Name, StringComparer.Ordinal);
        _fit = fit;
        _faq = faq;
        _modelTurnBudgetMs = modelOptions.Value.TurnBudgetMs;
        _logger = logger;
        _schoolTerms = schoolTerms;
        _notice = notice;
        _soon = soon;
    }

    public async Task<IReadOnlyList<BotMessage>> HandleTurnAsync(TurnInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The turn pipeline already serialises per conversation; this lock keeps direct callers (bench, tools) safe and,
        // being dropped when idle, costs nothing per conversation once it is quiet.
        using (await _conversationLocks.AcquireAsync(input.ConversationKey, cancellationToken).ConfigureAwait(false))
        {
            var key = StateKey(input.ConversationKey);
            var json = await _store.LoadAsync(key, cancellationToken).ConfigureAwait(false);
            var state = Read(json, input.ConversationKey);
            var turn = new Turn(input, state, _catalog, _understanding, input.LocalTimestamp ?? _time.GetLocalNow());
            await DispatchAsync(turn, cancellationToken).ConfigureAwait(false);
            await ExplainCardsAsync(turn, cancellationToken).ConfigureAwait(false);
            state.Turns++;
            var document = JsonSerializer.Serialize(state, ConversationStateJson.Default.ConversationState);
            if (input.ActivityKey is { } activityKey)
            {
                await _store.CommitTurnAsync(key, document, activityKey, TurnRecord.Serialize(turn.Replies), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _store.SaveAsync(key, document, cancellationToken).ConfigureAwait(false);
            }

            return turn.Replies;
        }
    }

    /// <summary>Conversations holding or awaiting the engine's lock; zero when idle (nothing kept per conversation).</summary>
    public int LockedConversations => _conversationLocks.ActiveKeys;

    public Task ResetAsync(string conversationKey, CancellationToken cancellationToken = default) =>
        _store.DeleteAsync(StateKey(conversationKey), cancellationToken);

    private static string StateKey(string conversationKey) => conversationKey + "#dialog";

    private ConversationState Read(string? json, string conversationKey)
    {
        if (json is null)
        {
            return new ConversationState();
        }

        try
        {
            var state = JsonSerializer.Deserialize(json, ConversationStateJson.Default.ConversationState);
            if (state is not null && state.Version == ConversationState.CurrentVersion)
            {
                return state;
            }
        }
        catch (JsonException)
        {
            // Falls through: an unreadable document must not keep the user stuck.
        }

        Log.StateDiscarded(_logger, conversationKey);
        return new ConversationState();
    }

    private async Task DispatchAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Input.Kind == TurnKind.Join)
        {
            Welcome(turn);
            if (CurrentFlow(turn) is { } running)
            {
                await AskPendingAsync(turn, running, resume: true, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        foreach (var handler in _handlers)
        {
            var request = new TurnRequest
            {
                Input = turn.Input,
                Locale = turn.Locale,
                Now = turn.Now,
                Say = turn.Say,
                Says = turn.Is,
                Keywords = name => turn.Catalog.Keywords(turn.Locale, name),
            };
            if (await handler.TryHandleAsync(request, cancellationToken).ConfigureAwait(false) is { } handled)
            {
                turn.Replies.AddRange(handled.Select(m => m with { Locale = m.Locale ?? turn.LocaleTag }));
                if (CurrentFlow(turn) is { } interrupted)
                {
                    await AskPendingAsync(turn, interrupted, resume: false, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
        }

        if (ButtonAction.TryRead(turn.Input) is { } action)
        {
            await HandleButtonAsync(turn, action, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (turn.Text.Length == 0)
        {
            // A card submit or attachment without text: repeat the pending question rather than guess.
            if (CurrentFlow(turn) is { } waiting)
            {
                await AskPendingAsync(turn, waiting, resume: false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Fallback(turn);
            }

            return;
        }

        if (await InterruptionAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (await FollowUpAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (Kindergarten(turn))
        {
            return;
        }

        if (await NamedSpeakerAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (await ShownCardByNameAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (await ProgrammeQuestionAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (await OffTopicAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (CurrentFlow(turn) is { } flow)
        {
            await UnderstandAsync(turn, cancellationToken).ConfigureAwait(false);
            await ContinueFlowAsync(turn, flow, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var intent in EntryIntents)
        {
            // Only the entry button's own words: a sentence containing them ("réserver une heure découverte avec une
            // policière à Toulouse") says more, and is routed by its intent with everything it says.
            if (turn.Catalog.Keywords(turn.Locale, "entry." + intent).Contains(turn.Normalized, StringComparer.Ordinal))
            {
                await StartIntentAsync(turn, intent, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (_catalog.Flows.FirstOrDefault(f => StartsByKeyword(turn, f)) is { } keyed)
        {
            FactNames.Merge(turn.State.Facts, turn.Fresh);
            await StartFlowAsync(turn, keyed.Id, cancellationToken).ConfigureAwait(false);
            return;
        }

        if ((turn.Is("thanks") && turn.Fresh.Count == 0) || OpensWithThanks(turn))
        {
            turn.Send(turn.Say("thanks.reply"), EntryButtons(turn));
            return;
        }

        if (turn.Is("leave_request"))
        {
            await StartFlowAsync(turn, "leave_request", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (turn.State.Results is not null)
        {
            if (await CardReferenceAsync(turn, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (turn.Is("more"))
            {
                turn.State.Results.Page++;
                ShowResults(turn, intro: null);
                return;
            }

            if (turn.Is("widen"))
            {
                Widen(turn);
                return;
            }

            if (turn.Is("back"))
            {
                ShowResults(turn, intro: null);
                return;
            }
        }

        await UnderstandAsync(turn, cancellationToken).ConfigureAwait(false);
        RememberContact(turn);
        await RouteByIntentAsync(turn, cancellationToken).ConfigureAwait(false);
    }

    private static bool StartsByKeyword(Turn turn, FlowDefinition flow)
    {
        bool Says(string? list) => list is not null && turn.Catalog.Keywords(turn.Locale, list).Any(k => DialogText.ContainsWords(turn.Normalized, k));
        var firstFact = flow.Steps.Count > 0 ? flow.Steps[0].Fact : null;
        return Says(flow.StartKeywords)
            || (firstFact is not null && (turn.State.Facts.ContainsKey(firstFact) || turn.Fresh.ContainsKey(firstFact)) && Says(flow.StartKeywordsIfKnown))
            || (firstFact is not null && turn.Fresh.ContainsKey(firstFact) && (turn.Fresh.ContainsKey(FactNames.DateFrom) || turn.Fresh.ContainsKey(FactNames.Time)) && Says(flow.StartKeywordsIfDated));
    }

    private async Task RouteByIntentAsync(Turn turn, CancellationToken cancellationToken)
    {
        var intent = turn.Understood.Intent;
        var fresh = turn.Fresh;
        // After results, a day or part of the day alone ("non plutôt le jeudi", "un lundi matin c'est possible ?") refines them.
        var asksForSpeakers = FactNames.SearchFacts.Any(fresh.ContainsKey) || fresh.ContainsKey(FactNames.What)
            || (turn.State.Results is not null && (fresh.ContainsKey(FactNames.Weekdays) || fresh.ContainsKey(FactNames.PartOfDay)));
        switch (intent)
        {
            case Intents.Help:
                if (!await FaqEntryAsync(turn, cancellationToken).ConfigureAwait(false))
                {
                    await HelpAsync(turn, cancellationToken).ConfigureAwait(false);
                }

                return;
            case Intents.Greeting when !asksForSpeakers:
                Welcome(turn);
                return;
            case Intents.FindSpeaker:
                break;
            case Intents.Other or Intents.Greeting:
                if (!asksForSpeakers)
                {
                    if (!await FaqEntryAsync(turn, cancellationToken).ConfigureAwait(false))
                    {
                        Fallback(turn);
                    }

                    return;
                }

                break;
            default:
                FactNames.Merge(turn.State.Facts, fresh);
                await StartIntentAsync(turn, intent, cancellationToken).ConfigureAwait(false);
                return;
        }

        var refining = turn.State.Results is not null;
        FactNames.Merge(turn.State.Facts, fresh);
        if (refining && asksForSpeakers)
        {
            if (FactNames.PlaceGroup.Any(fresh.ContainsKey))
            {
                turn.State.Results!.Widen = 0;
            }

            turn.State.Results!.Page = 0;
            ShowResults(turn, intro: "results.refined");
            return;
        }

        if (!asksForSpeakers)
        {
            // "Je cherche une intervenante" after a search starts over on what she should do.
            foreach (var key in FactNames.WhatGroup)
            {
                turn.State.Facts.Remove(key);
            }
        }

        if (asksForSpeakers && AskedWhereFirst(turn))
        {
            return;
        }

        await StartFlowAsync(turn, "find_speaker", cancellationToken).ConfigureAwait(false);
    }

    private async Task StartIntentAsync(Turn turn, string intent, CancellationToken cancellationToken)
    {
        if (intent == Intents.FindSpeaker)
        {
            turn.State.Results = null;
            foreach (var key in FactNames.WhatGroup)
            {
                turn.State.Facts.Remove(key);
            }

            await StartFlowAsync(turn, "find_speaker", cancellationToken).ConfigureAwait(false);
            return;
        }

        var flow = _catalog.FlowForIntent(intent);
        if (flow is null)
        {
            var coordinator = _catalog.Coordinator(turn.State.Facts.GetValueOrDefault(FactNames.Region));
            turn.Send(turn.Say("feature.unavailable", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["feature"] = turn.Say("feature." + intent),
                ["coordinator"] = coordinator.Name,
                ["email"] = coordinator.Email,
            }), EntryButtons(turn));
            return;
        }

        await StartFlowAsync(turn, flow.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Help, cancel, restart and "talk to someone" work at any point; true when the message was one of them.</summary>
    private async Task<bool> InterruptionAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Is("help"))
        {
            await HelpAsync(turn, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (turn.Is("cancel"))
        {
            Cancel(turn);
            return true;
        }

        if (turn.Is("restart"))
        {
            Restart(turn);
            return true;
        }

        if (turn.Is("human"))
        {
            await HumanAsync(turn, cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private void Welcome(Turn turn)
    {
        var card = new BotCard
        {
            Title = turn.Say("welcome.title"),
            Text = turn.Say("welcome.hint"),
            Buttons = EntryButtons(turn),
        };
        turn.Send(turn.Say("welcome.text"), cards: [card]);
    }

    private static List<BotButton> EntryButtons(Turn turn) =>
        [.. EntryIntents.Select(intent => turn.Button("entry." + intent))];

    private async Task HelpAsync(Turn turn, CancellationToken cancellationToken)
    {
        var flow = CurrentFlow(turn);
        var step = flow is null ? null : PendingStep(turn, flow);
        var key = step?.Help ?? flow?.Help ?? (turn.State.Results is not null ? "help.results" : "help.general");
        turn.Send(turn.Say(key) + "\n\n" + turn.Say("help.always"));
        if (flow is not null)
        {
            await AskPendingAsync(turn, flow, resume: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            turn.Replies[^1] = turn.Replies[^1] with { SuggestedActions = EntryButtons(turn) };
        }
    }

    private void Cancel(Turn turn)
    {
        if (CurrentFlow(turn) is { } flow)
        {
            foreach (var fact in turn.State.Flow!.Written)
            {
                turn.State.Facts.Remove(fact);
            }

            turn.State.Flow = null;
            Log.FlowCancelled(_logger, flow.Id);
            turn.Send(turn.Say(flow.Cancelled ?? "cancel.done"), EntryButtons(turn));
            return;
        }

        turn.Send(turn.Say("cancel.nothing"), EntryButtons(turn));
    }

    private void Restart(Turn turn)
    {
        var locale = turn.State.Locale;
        turn.State.Flow = null;
        turn.State.Results = null;
        turn.State.Facts.Clear();
        turn.State.Locale = locale;
        turn.Send(turn.Say("restart.done"));
        Welcome(turn);
    }

    private async Task HumanAsync(Turn turn, CancellationToken cancellationToken)
    {
        turn.Send(CoordinatorContact(turn));
        if (CurrentFlow(turn) is { } flow)
        {
            await AskPendingAsync(turn, flow, resume: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The coordinator of the region known from the request, else the national one.</summary>
    private string CoordinatorContact(Turn turn)
    {
        var region = turn.State.Facts.GetValueOrDefault(FactNames.Region);
        var coordinator = _catalog.Coordinator(region);
        return turn.Say("human.contact", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = coordinator.Name,
            ["email"] = coordinator.Email,
            ["phone"] = coordinator.Phone ?? "—",
            ["region"] = region is null ? turn.Say("human.national") : turn.Say("region." + region),
        });
    }

    private void Fallback(Turn turn) =>
        turn.Send(turn.Say("fallback"), EntryButtons(turn));

    private async Task HandleButtonAsync(Turn turn, ButtonAction action, CancellationToken cancellationToken)
    {
        switch (action.Action)
        {
            case ButtonAction.Profile when action.SpeakerId is not null:
                await ShowProfileAsync(turn, action.SpeakerId, cancellationToken).ConfigureAwait(false);
                return;
            case ButtonAction.Book when action.SpeakerId is not null:
                await BookAsync(turn, action.SpeakerId, cancellationToken).ConfigureAwait(false);
                return;
            case ButtonAction.Relax when action.Constraint is not null:
                Relax(turn, action.Constraint);
                return;
            case ButtonAction.Start when action.Intent is not null:
                turn.State.Flow = null;
                await StartIntentAsync(turn, action.Intent, cancellationToken).ConfigureAwait(false);
                return;
            default:
                Fallback(turn);
                return;
        }
    }

    private async Task BookAsync(Turn turn, string speakerId, CancellationToken cancellationToken)
    {
        var speaker = await _speakers.GetAsync(speakerId, cancellationToken).ConfigureAwait(false);
        if (speaker is null || speaker.Status != SpeakerStatus.Approved)
        {
            turn.Send(turn.Say("profile.unknown"), EntryButtons(turn));
            return;
        }

        turn.State.Facts[FactNames.SpeakerId] = speaker.Id;
        turn.State.Facts[FactNames.SpeakerName] = speaker.FullName;
        turn.State.Flow = null;
        var intent = turn.State.Facts.GetValueOrDefault(FactNames.Format) == "panel" && _catalog.FlowForIntent(Intents.BookPanel) is not null
            ? Intents.BookPanel
            : Intents.BookVisit;
        await StartIntentAsync(turn, intent, cancellationToken).ConfigureAwait(false);
    }
}
