using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;

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
