namespace SpeakerBot.Conversation.Dialogs;

/// <summary>
/// What a flow hook sees: the slots of the running flow, the facts of the conversation (parse fields and shared
/// facts such as speakerId), the locale and the user's "now". Hooks may add facts; they never touch the dialog stack.
/// </summary>
public sealed class FlowContext
{
    public required string FlowId { get; init; }

    public required string ConversationKey { get; init; }

    public required string UserKey { get; init; }

    /// <summary>"fr" or "en".</summary>
    public required string Locale { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required IReadOnlyDictionary<string, string> Slots { get; init; }

    public required IDictionary<string, string> Facts { get; init; }

    /// <summary>The texts of dialogs/ in this conversation's locale, placeholders {name} filled from <paramref name="args"/>.</summary>
    public required Func<string, IReadOnlyDictionary<string, string>?, string> Say { get; init; }

    /// <summary>A keyword list of dialogs/locales in this conversation's locale, normalised (lower case, no accents).</summary>
    public Func<string, IReadOnlyList<string>> Keywords { get; init; } = _ => [];

    /// <summary>The user's message of this turn as typed ("je dois annuler HD-2026-0042, la sortie a été déplacée").</summary>
    public string Text { get; init; } = string.Empty;
}

/// <summary>What a completion action answers: messages to send and whether the flow ended well.</summary>
public sealed record FlowActionResult(IReadOnlyList<BotMessage> Messages, bool Succeeded = true);

/// <summary>Runs when a flow has every slot (e.g. create the booking). Registered in DI; named in the flow file.</summary>
public interface IFlowAction
{
    string Name { get; }

    Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken);
}

/// <summary>Choices computed at run time (e.g. a speaker's free slots). Registered in DI; named by "choicesFrom".</summary>
public interface IChoiceProvider
{
    string Name { get; }

    /// <summary>Value is stored in the slot, Title is the button text.</summary>
    ValueTask<IReadOnlyList<BotButton>> GetChoicesAsync(FlowContext context, CancellationToken cancellationToken);
}

/// <summary>A rule on one answer (e.g. "at least 7 days ahead"). Registered in DI; named in "validators".</summary>
public interface ISlotValidator
{
    string Name { get; }

    /// <summary>Null when valid; else the sentence that says why and what would work, in the context's locale.</summary>
    ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A choice provider that also reads typed answers outside its buttons: a date typed instead of a slot button, or
/// "remplacer Claire" that changes a proposed panel. Consulted before the buttons are matched.
/// </summary>
public interface IChoiceInterpreter
{
    ValueTask<ChoiceReading> InterpretAsync(IReadOnlyDictionary<string, string> understood, string text, FlowContext context, CancellationToken cancellationToken);
}

/// <summary>
/// What a typed answer did: <see cref="Value"/> answers the question; or <see cref="Message"/> is said before the
/// question is asked again with recomputed buttons, as a refusal (counts as a failed attempt) or, when
/// <see cref="Changed"/>, as progress (the user changed what the buttons offer); <see cref="None"/> when the message
/// is not for this interpreter.
/// </summary>
public sealed record ChoiceReading(string? Value, string? Message, bool Changed)
{
    public static readonly ChoiceReading None = new(null, null, false);

    public static ChoiceReading Answer(string value) => new(value, null, false);

    public static ChoiceReading Refused(string message) => new(null, message, false);

    public static ChoiceReading Progress(string message) => new(null, message, true);
}

/// <summary>
/// A turn seen before the dialogs (e.g. coordinators' commands): the input, the conversation's locale and its texts.
/// </summary>
public sealed class TurnRequest
{
    public required TurnInput Input { get; init; }

    /// <summary>"fr" or "en".</summary>
    public required string Locale { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>A text of dialogs/locales in this locale, placeholders {name} filled from the arguments.</summary>
    public required Func<string, IReadOnlyDictionary<string, string>?, string> Say { get; init; }

    /// <summary>True when the message is one of a keyword list of dialogs/locales, or contains one of its phrases.</summary>
    public required Func<string, bool> Says { get; init; }

    /// <summary>A keyword list of dialogs/locales in this locale (normalised), for word-by-word reading.</summary>
    public Func<string, IReadOnlyList<string>> Keywords { get; init; } = _ => [];
}

/// <summary>
/// Handles whole turns outside the dialogs (coordinators' commands, their card buttons). Registered in DI; asked in
/// order before the running flow; returns null, cheaply, for a turn that is not its own.
/// </summary>
public interface ITurnHandler
{
    Task<IReadOnlyList<BotMessage>?> TryHandleAsync(TurnRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Reads a flow's own slots out of any message of that flow, the first one included: details understanding has no
/// field for (an event's title, venue and organiser) and those it has, packed in one answer ("le 25 mars à 12h30 à
/// Rennes, 3 intervenantes"). Registered in DI; named by the flow's "reader" (decision 103).
/// </summary>
public interface ISlotReader
{
    string Name { get; }

    /// <summary>
    /// The slot values this message gives (slot name → value as the slot stores it); <paramref name="pending"/> is the
    /// slot being asked, null when the flow starts. <paramref name="understood"/> holds what understanding read.
    /// </summary>
    IReadOnlyDictionary<string, string> Read(string text, IReadOnlyDictionary<string, string> understood, string? pending, FlowContext context);
}
