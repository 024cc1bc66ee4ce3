using System.Globalization;
using System.Text.RegularExpressions;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Dialogs;

// The hooks of dialogs/flows/book_visit.json: a classroom visit with one speaker.

/// <summary>
/// The speaker's next free slots as buttons, centred on a date the user typed; a typed date and time is checked
/// against every booking rule and refused with the rule's own sentence.
/// </summary>
internal sealed class FreeSlotChoices(BookingService bookings) : IChoiceProvider, IChoiceInterpreter
{
    public const int Offered = 4;

    public string Name => "free_slots";

    public async ValueTask<IReadOnlyList<BotButton>> GetChoicesAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var speakerId = BookingSlots.SpeakerId(context);
        if (speakerId is null)
        {
            return [];
        }

        var department = BookingSlots.Department(context, bookings.Rules.Calendar);
        var format = BookingSlots.FormatOf(context.Slots, context.Facts);
        var wish = SlotWish.Of(context.Facts);
        context.Facts[SlotWish.Note] = string.Empty;
        if (!wish.HasFilter)
        {
            var next = await bookings.FreeSlotsAsync(speakerId, format, Offered, wish.From, null, department, cancellationToken).ConfigureAwait(false);
            if (!wish.IsEmpty && next.Count > 0)
            {
                context.Facts[SlotWish.Note] = context.Say("book.slot.wish", BookingSlots.Args("wish", wish.Describe(context))) + " ";
            }

            return [.. next.Select(s => new BotButton(s.Label(context.Locale), s.Code))];
        }

        // The teacher's wish filters the slots; when none fits, she is told so and gets the nearest ones outside it.
        var slots = await bookings.FreeSlotsWithinAsync(speakerId, format, Offered, wish.From, wish.To, wish.Accepts, department, cancellationToken).ConfigureAwait(false);
        if (slots.Count > 0)
        {
            context.Facts[SlotWish.Note] = context.Say("book.slot.wish", BookingSlots.Args("wish", wish.Describe(context))) + " ";
        }
        else
        {
            var around = await bookings.FreeSlotsWithinAsync(speakerId, format, 200, wish.From is { } f ? f.AddDays(-21) : null, null, null, department, cancellationToken).ConfigureAwait(false);
            slots = [.. wish.Nearest(around, Offered)];
            context.Facts[SlotWish.Note] = context.Say(slots.Count > 0 ? "book.slot.nowish" : "book.slot.nowish.none", BookingSlots.Args("wish", wish.Describe(context))) + " ";
        }

        return [.. slots.Select(s => new BotButton(s.Label(context.Locale), s.Code))];
    }

    /// <summary>
    /// A typed date was understood even when it cannot be booked: the rule's sentence and the slots around that day
    /// are progress, not a failed attempt, so trying dates never ends the booking.
    /// </summary>
    public async ValueTask<ChoiceReading> InterpretAsync(IReadOnlyDictionary<string, string> understood, string text, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(understood);
        ArgumentNullException.ThrowIfNull(context);
        var speakerId = BookingSlots.SpeakerId(context);
        if (speakerId is null || !understood.TryGetValue(FactNames.DateFrom, out var typed)
            || !DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ChoiceReading.None;
        }

        if (!understood.TryGetValue(FactNames.Time, out var timeText) || !TimeOnly.TryParseExact(timeText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return ChoiceReading.Progress(context.Say("book.slot.time", BookingSlots.Args("date", BookingText.Date(context.Locale, date))));
        }

        var refusal = await bookings.CheckVisitSlotAsync(speakerId, date, start, BookingSlots.FormatOf(context.Slots, context.Facts), null, BookingSlots.Department(context, bookings.Rules.Calendar), cancellationToken).ConfigureAwait(false);
        return refusal is not null
            ? ChoiceReading.Progress(refusal.In(context.Locale))
            : ChoiceReading.Answer(new BookingSlot(date, start).Code);
    }
}

/// <summary>Checks the chosen slot again (time passed since the buttons were offered) and keeps its readable label.</summary>
internal sealed class VisitSlotValidator(BookingService bookings) : ISlotValidator
{
    public string Name => "visit_slot";

    public async ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var speakerId = BookingSlots.SpeakerId(context);
        if (speakerId is null || !BookingSlot.TryParseCode(value, out var slot))
        {
            return context.Say("book.slot.invalid", null);
        }

        var refusal = await bookings.CheckVisitSlotAsync(speakerId, slot.Date, slot.Start, BookingSlots.FormatOf(context.Slots, context.Facts), null, BookingSlots.Department(context, bookings.Rules.Calendar), cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal.In(context.Locale);
        }

        context.Facts[BookingSlots.SlotLabel] = slot.Label(context.Locale);
        return null;
    }
}

/// <summary>A school is its name and city ("Collège Jean Jaurès, Toulouse") or its UAI code.</summary>
internal sealed partial class SchoolValidator : ISlotValidator
{
    public string Name => "school";

    public ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(context);
        if (Uai().IsMatch(value) || (value.Trim().Length >= 5 && (value.Contains(',', StringComparison.Ordinal) || context.Facts.ContainsKey(FactNames.City) || value.Trim().Contains(' ', StringComparison.Ordinal))))
        {
            return ValueTask.FromResult<string?>(null);
        }

        return ValueTask.FromResult<string?>(context.Say("book.school.invalid", null));
    }

    public static School Parse(string text, string? city)
    {
        ArgumentNullException.ThrowIfNull(text);
        var uai = Uai().Match(text);
        var rest = uai.Success ? text.Remove(uai.Index, uai.Length) : text;
        var parts = rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = parts.Length > 0 ? parts[0] : (uai.Success ? "UAI " + uai.Value.ToUpperInvariant() : text.Trim());
        return new School(name, parts.Length > 1 ? parts[^1] : city, uai.Success ? uai.Value.ToUpperInvariant() : null);
    }

    [GeneratedRegex(@"\b\d{7}[A-Za-z]\b", RegexOptions.CultureInvariant)]
    private static partial Regex Uai();
}

/// <summary>The speaker picked on a card, else the speakers of the last results.</summary>
internal sealed class KnownSpeakerChoices(ISpeakerStore speakers) : IChoiceProvider
{
    public string Name => "booking_speaker";

    public async ValueTask<IReadOnlyList<BotButton>> GetChoicesAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Facts.TryGetValue(FactNames.SpeakerId, out var id) && await speakers.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } speaker)
        {
            return [new BotButton(speaker.FullName, speaker.Id)];
        }

        return [];
    }
}

/// <summary>Writes the visit (one transaction with its e-mails); the reference is shown only once it is committed.</summary>
internal sealed class BookVisitAction(BookingService bookings, BookingChat? chat = null) : IFlowAction
{
    public string Name => "book_visit";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Slots;
        var speakerId = BookingSlots.SpeakerId(context)!;
        BookingSlot.TryParseCode(s.GetValueOrDefault(BookingSlots.Slot), out var slot);
        var email = s.GetValueOrDefault(BookingSlots.Email) ?? BookingSlots.Fact(context.Facts, FactNames.Email) ?? string.Empty;
        var request = new VisitRequest
        {
            SpeakerId = speakerId,
            Date = slot.Date,
            Start = slot.Start,
            Format = BookingSlots.FormatOf(s, context.Facts),
            School = SchoolValidator.Parse(s.GetValueOrDefault(BookingSlots.School) ?? string.Empty, BookingSlots.Fact(context.Facts, FactNames.City)),
            ClassLevel = s.GetValueOrDefault(BookingSlots.ClassLevel) ?? BookingSlots.Fact(context.Facts, FactNames.ClassLevel) ?? string.Empty,
            Pupils = int.TryParse(s.GetValueOrDefault(BookingSlots.Pupils), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pupils) ? pupils : 0,
            Requester = new Requester(s.GetValueOrDefault(BookingSlots.TeacherName) ?? string.Empty, email, context.UserKey, context.Locale),
            Message = s.GetValueOrDefault(BookingSlots.Message),
        };

        // The same confirmation delivered twice (a channel retry, a double click) returns the booking already made.
        var key = string.Join('/', context.ConversationKey, "book_visit", speakerId, slot.Code, email.ToLowerInvariant());
        var outcome = await bookings.RequestVisitAsync(request, key, cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            var reference = outcome.Booking!.Reference;
            if (chat is not null)
            {
                // Where the speaker's answer is told back (decision 117).
                await chat.RememberAsync(reference, context.ConversationKey, cancellationToken).ConfigureAwait(false);
            }

            context.Facts[FactNames.BookingRef] = reference;
            context.Facts.Remove(BookingSlots.Slot);
            return new FlowActionResult([new BotMessage
            {
                Text = context.Say("book.done", new Dictionary<string, string>(StringComparer.Ordinal) { ["reference"] = reference, ["email"] = email }),
                SuggestedActions = [new BotButton(context.Say("entry.booking_status", null), context.Say("entry.booking_status", null)), new BotButton(context.Say("entry.find_speaker", null), context.Say("entry.find_speaker", null))],
            }]);
        }

        context.Facts.Remove(BookingSlots.Slot);
        context.Facts.Remove(FactNames.DateFrom);
        context.Facts.Remove(FactNames.Time);
        var alternatives = outcome.Alternatives.Count == 0
            ? string.Empty
            : "\n\n" + context.Say("book.alternatives", BookingSlots.Args("slots", string.Join(", ", outcome.Alternatives.Select(a => a.Label(context.Locale)))));
        return new FlowActionResult(
            [new BotMessage
            {
                Text = outcome.Refusal!.In(context.Locale) + alternatives,
                SuggestedActions = [new BotButton(context.Say("book.again", null), context.Say("entry.book_visit", null))],
            }],
            Succeeded: false);
    }
}
