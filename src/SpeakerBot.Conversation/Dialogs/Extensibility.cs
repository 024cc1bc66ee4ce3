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
    IReadOnlyList<BotButton> GetChoices(FlowContext context);
}

/// <summary>A rule on one answer (e.g. "at least 7 days ahead"). Registered in DI; named in "validators".</summary>
public interface ISlotValidator
{
    string Name { get; }

    /// <summary>Null when valid; else the sentence that says why and what would work, in the context's locale.</summary>
    string? Validate(string value, FlowContext context);
}

/// <summary>
/// A choice provider that also takes a typed answer outside its buttons (e.g. a date typed instead of a slot button).
/// </summary>
public interface IChoiceInterpreter
{
    /// <summary>
    /// The value to store; or null with <paramref name="error"/> saying why the typed answer does not work and what
    /// would (the buttons are then offered again, recomputed); both null when the message is not an answer.
    /// </summary>
    string? Interpret(IReadOnlyDictionary<string, string> understood, FlowContext context, out string? error);
}
