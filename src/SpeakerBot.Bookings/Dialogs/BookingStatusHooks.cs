using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Bookings.Dialogs;

// The hooks of dialogs/flows/booking_status.json (the reference and code steps use BookingHooks.cs).

/// <summary>"Où en est HD-2026-0042 ?": only the requester sees it.</summary>
internal sealed class BookingStatusAction(BookingService bookings) : IFlowAction
{
    public string Name => "booking_status";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context) ?? string.Empty;
        var outcome = await bookings.GetStatusAsync(reference, BookingSlots.Access(context), cancellationToken).ConfigureAwait(false);
        var text = outcome.Succeeded ? await bookings.DescribeAsync(outcome.Booking!, context.Locale, cancellationToken).ConfigureAwait(false) : outcome.Refusal!.In(context.Locale);
        return new FlowActionResult([new BotMessage { Text = text }], outcome.Succeeded);
    }
}
