namespace SpeakerBot.Conversation.Dialogs;

/// <summary>The kinds of question a step can ask; each has its own recognizer, validation and retry text.</summary>
public enum StepType
{
    Text,
    Choice,
    Confirm,
    Date,
    Number,
    Email,

    /// <summary>A time of day, stored as HH:mm.</summary>
    Time,
}

/// <summary>One proposed answer of a choice step: the stored value and the locale key of its button label.</summary>
public sealed record ChoiceDefinition(string Value, string Label);

/// <summary>One slot of a flow, as written in dialogs/flows/*.json.</summary>
public sealed record StepDefinition
{
    public required string Slot { get; init; }

    public required StepType Type { get; init; }

    /// <summary>Locale key of the question.</summary>
    public required string Prompt { get; init; }

    /// <summary>Locale key of the message after an answer that was not understood or not valid.</summary>
    public string? Retry { get; init; }

    /// <summary>
    /// Locale key of the question asked after a validator said why an answer was refused, instead of <see cref="Prompt"/>
    /// word for word (an unknown reference is not met by "Quelle est la référence ?" again).
    /// </summary>
    public string? PromptAgain { get; init; }

    /// <summary>Locale key of the contextual help for this question.</summary>
    public string? Help { get; init; }

    /// <summary>Locale key naming the slot in acknowledgements ("C'est noté : format → en visio").</summary>
    public string? Label { get; init; }

    /// <summary>The conversation fact (parse field or shared fact such as speakerId) that pre-fills this slot and receives its answer.</summary>
    public string? Fact { get; init; }

    /// <summary>The step is skipped when any of these facts is already known.</summary>
    public IReadOnlyList<string> SkipIfAny { get; init; } = [];

    public bool Optional { get; init; }

    /// <summary>Slots this answer was chosen for: when one of them changes, this answer is asked again.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>On a confirm step: offer "Modifier" to change any one labelled answer before confirming.</summary>
    public bool Edit { get; init; }

    public IReadOnlyList<ChoiceDefinition> Choices { get; init; } = [];

    /// <summary>
    /// Name of an <see cref="IChoiceProvider"/> giving the choices at run time (e.g. a speaker's free slots); on a text
    /// step they are only suggested buttons (the user's own bookings when she is asked for a reference).
    /// </summary>
    public string? ChoicesFrom { get; init; }

    /// <summary>Validator names: built-in ("future", "weekday", "notPast") or an <see cref="ISlotValidator"/>.</summary>
    public IReadOnlyList<string> Validators { get; init; } = [];

    public int? Min { get; init; }

    public int? Max { get; init; }

    public int Line { get; init; }
}

/// <summary>A slot-filling dialog: asks its steps in order, skipping what is known, then runs its completion action.</summary>
public sealed record FlowDefinition
{
    public required string Id { get; init; }

    /// <summary>Intents (from understanding or the entry buttons) that start this flow.</summary>
    public IReadOnlyList<string> StartIntents { get; init; } = [];

    /// <summary>
    /// Name of a keyword list (in dialogs/locales) whose words, found anywhere in a message outside a flow, start this
    /// flow: for requests that are not a parse intent, such as "déplacer HD-2026-0042 au 12 mars".
    /// </summary>
    public string? StartKeywords { get; init; }

    /// <summary>
    /// Like <see cref="StartKeywords"/>, but only when the fact of the flow's first step is already known or in the
    /// message ("déplacer au 12 mars" right after a booking; "se déplacer au collège" in a search starts nothing).
    /// </summary>
    public string? StartKeywordsIfKnown { get; init; }

    /// <summary>
    /// Like <see cref="StartKeywordsIfKnown"/>, but only when the message itself names the first step's fact and gives a
    /// date or a time ("on préférerait à 10h30 pour HD-2026-0001" moves it; "où en est HD-2026-0001 ?" does not).
    /// </summary>
    public string? StartKeywordsIfDated { get; init; }

    /// <summary>
    /// A fact this flow cannot start without (the speaker to book): when it is unknown, <see cref="NeedsSay"/> is said
    /// and <see cref="NeedsFlow"/> runs instead (find her first), keeping everything already understood.
    /// </summary>
    public string? NeedsFact { get; init; }

    public string? NeedsFlow { get; init; }

    public string? NeedsSay { get; init; }

    /// <summary>Facts forgotten when the flow starts unless the starting message says them again (e.g. an old search date).</summary>
    public IReadOnlyList<string> Forget { get; init; } = [];

    /// <summary>Name of an <see cref="ISlotReader"/> that fills this flow's slots from any of its messages (decision 103).</summary>
    public string? Reader { get; init; }

    /// <summary>Locale key of the help shown while this flow runs.</summary>
    public string? Help { get; init; }

    /// <summary>Locale key said when the flow starts (before its first question), if any.</summary>
    public string? Intro { get; init; }

    public int MaxAttempts { get; init; } = 3;

    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    /// <summary>Built-in ("search") or an <see cref="IFlowAction"/> name, run when every step is filled.</summary>
    public string? CompleteAction { get; init; }

    /// <summary>Locale key said after the action succeeded.</summary>
    public string? CompleteSay { get; init; }

    /// <summary>Locale key said when the user declines the final confirmation or cancels.</summary>
    public string? Cancelled { get; init; }

    public required string File { get; init; }

    public StepDefinition? Step(string slot)
    {
        foreach (var step in Steps)
        {
            if (step.Slot == slot)
            {
                return step;
            }
        }

        return null;
    }
}
