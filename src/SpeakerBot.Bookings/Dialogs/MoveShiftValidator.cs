using System.Globalization;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Engine;

namespace SpeakerBot.Bookings.Dialogs;

/// <summary>
/// "On peut repousser d'une semaine, même heure ?": the new date is the booking's own date shifted by the days the
/// conversation read (fact <see cref="ConversationEngine.MoveShiftDays"/>), at the booking's time unless one was said.
/// Runs on the move's reference step, once the booking is known to be hers; the date step then checks it as if typed.
/// </summary>
internal sealed class MoveShiftValidator(BookingService bookings) : ISlotValidator
{
    public string Name => "move_shift";

    public async ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Facts.TryGetValue(ConversationEngine.MoveShiftDays, out var shift) | !context.Facts.Remove(ConversationEngine.MoveShiftDays)
            || !int.TryParse(shift, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)
            || BookingSlots.Reference(context) is not { } reference)
        {
            return null;
        }

        var outcome = await bookings.GetStatusAsync(reference, BookingSlots.Access(context), cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            context.Facts[FactNames.DateFrom] = outcome.Booking!.Date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return null;
    }
}
