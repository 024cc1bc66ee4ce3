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

/// <summary>
/// The new date (and time, when said) is checked against every rule of the move before "Je déplace … ?": a weekend,
/// school holidays, a day the speaker never works are refused at once, with her nearest free slots offered as buttons
/// (<see cref="MoveSlotChoices"/>). When it fits, its readable label ("mercredi 20 janvier 2027 à 14:00") is kept for
/// the confirmation.
/// </summary>
internal sealed class MoveSlotValidator(BookingService bookings) : ISlotValidator
{
    public const string MoveSlot = "moveSlot";
    public const string MoveAlternatives = "moveAlternatives";

    public string Name => "move_slot";

    public async ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Facts.Remove(MoveSlot);
        context.Facts.Remove(MoveAlternatives);
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || BookingSlots.Reference(context) is not { } reference)
        {
            return null;
        }

        var start = MoveBookingAction.Start(context);
        var outcome = await bookings.CheckMoveAsync(reference, BookingSlots.Access(context), date, start, cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            context.Facts[MoveSlot] = new BookingSlot(date, start ?? outcome.Booking!.Start).Label(context.Locale);
            return null;
        }

        if (outcome.Alternatives.Count == 0)
        {
            return outcome.Refusal!.In(context.Locale);
        }

        context.Facts[MoveAlternatives] = string.Join(';', outcome.Alternatives.Select(a => a.Code));
        return outcome.Refusal!.In(context.Locale) + "\n\n" + context.Say("move.alternatives.buttons", null);
    }
}

/// <summary>The speaker's nearest free slots after a refused date, as buttons whose text reads as that date and time.</summary>
internal sealed class MoveSlotChoices : IChoiceProvider
{
    public string Name => "move_slots";

    public ValueTask<IReadOnlyList<BotButton>> GetChoicesAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var codes = BookingSlots.Fact(context.Facts, MoveSlotValidator.MoveAlternatives)?.Split(';') ?? [];
        IReadOnlyList<BotButton> buttons = [.. codes.Select(c => BookingSlot.TryParseCode(c, out var slot) ? slot.Label(context.Locale) : null)
            .OfType<string>().Select(label => new BotButton(label, label))];
        return ValueTask.FromResult(buttons);
    }
}

/// <summary>
/// "Plutôt à 10h30 le même jour pour HD-2026-0042": a move that gives only a time keeps the booking's date, so the date is
/// not asked. Runs on the reference step, once the booking is known to be hers.
/// </summary>
internal sealed class MoveKeepsDateValidator(BookingService bookings) : ISlotValidator
{
    public string Name => "move_keeps_date";

    public async ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Facts.ContainsKey(FactNames.DateFrom) || !context.Facts.ContainsKey(FactNames.Time)
            || BookingSlots.Reference(context) is not { } reference || BookingSlots.Fact(context.Facts, BookingSlots.OwnsBooking) != reference)
        {
            return null;
        }

        var outcome = await bookings.GetStatusAsync(reference, BookingSlots.Access(context), cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            context.Facts[FactNames.DateFrom] = outcome.Booking!.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return null;
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
        var start = Start(context);
        var outcome = await bookings.MoveAsync(reference, BookingSlots.Access(context), date, start, cancellationToken, context.ConversationKey).ConfigureAwait(false);
        context.Facts.Remove(FactNames.DateFrom);
        context.Facts.Remove(FactNames.Time);
        context.Facts.Remove(MoveSlotValidator.MoveSlot);
        context.Facts.Remove(MoveSlotValidator.MoveAlternatives);
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

    /// <summary>The time said for the move ("à 14h"), or null to keep the booking's.</summary>
    public static TimeOnly? Start(FlowContext context) =>
        BookingSlots.Fact(context.Facts, FactNames.Time) is { } time && TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
}
