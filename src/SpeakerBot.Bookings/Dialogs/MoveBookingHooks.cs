using System.Globalization;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Dialogs;

// The hooks of dialogs/flows/move_booking.json (the reference and code steps use BookingHooks.cs).

/// <summary>
/// A new date for a classroom visit must be a school day where the school is: refused before "Je déplace … ?" rather
/// than after the user said yes. Panels may take any date.
/// </summary>
internal sealed class SchoolDayValidator(BookingService bookings) : ISlotValidator
{
    public string Name => "school_day";

    public async ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || BookingSlots.Reference(context) is not { } reference
            || !reference.StartsWith(Booking.PrefixOf(BookingKind.ClassroomVisit), StringComparison.Ordinal))
        {
            return null;
        }

        var outcome = await bookings.GetStatusAsync(reference, BookingSlots.Access(context), cancellationToken).ConfigureAwait(false);
        var department = outcome.Succeeded ? bookings.Rules.Calendar.DepartmentOf(outcome.Booking!.School) : null;
        return bookings.Rules.CheckSchoolDay(date, department)?.In(context.Locale);
    }
}

/// <summary>"Déplacer HD-2026-0042 au 12 mars": the rules are checked again and the speaker asked again.</summary>
internal sealed class MoveBookingAction(BookingService bookings) : IFlowAction
{
    public string Name => "move_booking";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context) ?? string.Empty;
        DateOnly.TryParseExact(context.Slots.GetValueOrDefault(BookingSlots.Date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        TimeOnly? start = BookingSlots.Fact(context.Facts, FactNames.Time) is { } time && TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
        var outcome = await bookings.MoveAsync(reference, BookingSlots.Access(context), date, start, cancellationToken).ConfigureAwait(false);
        context.Facts.Remove(FactNames.DateFrom);
        context.Facts.Remove(FactNames.Time);
        if (outcome.Succeeded)
        {
            var moved = outcome.Booking!;
            return new FlowActionResult([new BotMessage
            {
                Text = context.Say("move.done", new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["reference"] = moved.Reference,
                    ["slot"] = new BookingSlot(moved.Date, moved.Start).Label(context.Locale),
                }),
            }]);
        }

        var alternatives = outcome.Alternatives.Count == 0
            ? string.Empty
            : "\n\n" + context.Say("move.alternatives", BookingSlots.Args("slots", string.Join(", ", outcome.Alternatives.Select(a => a.Label(context.Locale)))));
        return new FlowActionResult([new BotMessage { Text = outcome.Refusal!.In(context.Locale) + alternatives }], Succeeded: false);
    }
}
