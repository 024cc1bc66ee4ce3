using System.Text.RegularExpressions;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Dialogs;

// The hooks of dialogs/flows/cancel_booking.json (the reference and code steps use BookingHooks.cs).

/// <summary>"Annuler HD-2026-0042": the requester's own booking, with a reason passed on to the speaker.</summary>
internal sealed class CancelBookingAction(BookingService bookings) : IFlowAction
{
    public string Name => "cancel_booking";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context) ?? string.Empty;
        var outcome = await bookings.CancelAsync(reference, BookingSlots.Access(context), context.Slots.GetValueOrDefault(BookingSlots.Reason) ?? "-", cancellationToken).ConfigureAwait(false);
        var text = outcome.Succeeded
            ? context.Say("cancel_booking.done", BookingSlots.Args("reference", outcome.Booking!.Reference))
            : outcome.Refusal!.In(context.Locale);
        return new FlowActionResult([new BotMessage { Text = text }], outcome.Succeeded);
    }
}

/// <summary>
/// "Je dois annuler HD-2026-0042, la sortie a été déplacée": the reason given with the request is taken (fact
/// cancelReason, which fills the reason step) rather than asked again. Runs on the reference step.
/// </summary>
internal sealed partial class ReasonInMessageValidator : ISlotValidator
{
    public const string CancelReason = "cancelReason";

    public string Name => "reason_in_message";

    public ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Facts.ContainsKey(CancelReason) && Find(context.Text) is { } reason)
        {
            context.Facts[CancelReason] = reason;
        }

        return ValueTask.FromResult<string?>(null);
    }

    /// <summary>
    /// The reason in a cancellation message: after the reference, what follows a comma, a colon or a causal word; without
    /// a reference, what follows a causal word ("car", "parce que", "because of"), else what follows the cancel verb and a
    /// comma or colon ("faut annuler, grève…"). Null when nothing is left but politeness.
    /// </summary>
    public static string? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reference = BookingReference.Match(text);
        var rest = reference is { } found ? text[(found.Index + found.Length)..] : text;
        var match = reference is not null ? AfterReference().Match(rest) : Causal().Match(rest);
        if (reference is null && !match.Success)
        {
            // "dsl faut annuler, grève des transports ce jour-là", "need to cancel: the school is closed that day",
            // "je dois annuler malheureusement, il y a une grève" (up to four words between the verb and the comma).
            match = AfterCancelVerb().Match(rest);
        }

        if (!match.Success)
        {
            return null;
        }

        var reason = Politeness().Replace(match.Groups["reason"].Value, string.Empty).Trim(' ', '.', '!', ',', ';', ':', '-', '?');
        return reason.Count(char.IsLetter) >= 4 ? reason : null;
    }

    [GeneratedRegex(@"^\s*(?:[,;:]|\s-\s|(?:\s|^)(?:car|parce\s+qu(?:e|')|puisque|vu\s+que|à\s+cause\s+d(?:e|u|es|')|en\s+raison\s+d(?:e|u|es|')|pour\s+cause\s+d(?:e|u|es|')|because(?:\s+of)?|due\s+to|owing\s+to|since)\b)\s*(?<reason>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AfterReference();

    [GeneratedRegex(@"\b(?:annul\w*|d[ée]command\w*|cancel\w*|call\s+(?:it\s+)?off)(?:\s+[^\s,;:.!?]+){0,4}?\s*(?:[,;:]|\s-\s)\s*(?<reason>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AfterCancelVerb();

    [GeneratedRegex(@"(?:^|\s)(?:car|parce\s+qu(?:e|')|puisque|vu\s+que|à\s+cause\s+d(?:e|u|es|')|en\s+raison\s+d(?:e|u|es|')|pour\s+cause\s+d(?:e|u|es|')|because(?:\s+of)?|due\s+to|owing\s+to)\b\s*(?<reason>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Causal();

    [GeneratedRegex(@"(?:^|[\s,.;!])(?:merci(?:\s+beaucoup|\s+bcp)?|svp|stp|s'il\s+vous\s+pla[iî]t|please|thanks?(?:\s+you)?|cordialement|bonne\s+journée)[\s.!]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Politeness();
}
