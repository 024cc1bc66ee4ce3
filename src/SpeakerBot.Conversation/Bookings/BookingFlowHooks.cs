using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Bookings;

/// <summary>Slot and fact names shared by dialogs/flows/book_visit.json and these hooks.</summary>
internal static class BookingSlots
{
    public const string Speaker = "speaker";
    public const string Slot = "slot";
    public const string SlotLabel = "slotLabel";
    public const string School = "school";
    public const string ClassLevel = "classLevel";
    public const string Pupils = "pupils";
    public const string Format = "format";
    public const string TeacherName = "teacherName";
    public const string Email = "email";
    public const string Message = "message";
    public const string ReferenceSlot = "reference";
    public const string Reason = "reason";
    public const string Code = "code";
    public const string Date = "date";

    /// <summary>Fact set to the reference when the user may act on it from this conversation.</summary>
    public const string OwnsBooking = "ownsBooking";

    /// <summary>A code sent to the e-mail on file, once verified: kept so the user is not asked again.</summary>
    public const string AccessCode = "accessCode";

    public const string AccessMasked = "accessMasked";
    public const string AccessSentFor = "accessSentFor";

    /// <summary>The booking reference this flow acts on (normalised), or null.</summary>
    public static string? Reference(FlowContext context) =>
        Fact(context.Facts, FactNames.BookingRef) is { } known && BookingReference.Find(known) is { } fromFact
            ? fromFact
            : BookingReference.Find(context.Slots.GetValueOrDefault(ReferenceSlot) ?? string.Empty);

    public static BookingAccess Access(FlowContext context) =>
        new(context.UserKey, context.Slots.GetValueOrDefault(Code) ?? Fact(context.Facts, AccessCode));

    public static VisitFormat FormatOf(IReadOnlyDictionary<string, string> slots, IDictionary<string, string> facts) =>
        (slots.GetValueOrDefault(Format) ?? Fact(facts, FactNames.Format)) == "online" ? VisitFormat.Online : VisitFormat.InPerson;

    public static string? SpeakerId(FlowContext context) =>
        context.Slots.GetValueOrDefault(Speaker) ?? BookingSlots.Fact(context.Facts, FactNames.SpeakerId);

    public static string? Fact(IDictionary<string, string> facts, string key) => facts.TryGetValue(key, out var value) ? value : null;

    public static string Pick(FlowContext context, string french, string english) => BookingText.Pick(context.Locale, french, english);

    /// <summary>
    /// The school's department for the school calendar: the school given (UAI or city), else the UAI or the place the
    /// user searched around; null while unknown (then only the holidays common to every zone are skipped).
    /// </summary>
    public static string? Department(FlowContext context, SchoolCalendar calendar)
    {
        if (context.Slots.GetValueOrDefault(School) is { Length: > 0 } school
            && calendar.DepartmentOf(SchoolValidator.Parse(school, Fact(context.Facts, FactNames.City))) is { } ofSchool)
        {
            return ofSchool;
        }

        return SchoolCalendar.DepartmentOfUai(Fact(context.Facts, FactNames.Uai))
            ?? (calendar.ZoneOf(Fact(context.Facts, FactNames.Department)) is null ? null : Fact(context.Facts, FactNames.Department));
    }
}

/// <summary>
/// The speaker's next free slots as buttons, centred on a date the user typed; a typed date and time is checked
/// against every booking rule and refused with the rule's own sentence.
/// </summary>
internal sealed class FreeSlotChoices(IServiceProvider services) : IChoiceProvider, IChoiceInterpreter
{
    // Resolved on use, so the flows load (and the other flows run) in a process without the booking services.
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public const int Offered = 4;

    public string Name => "free_slots";

    public IReadOnlyList<BotButton> GetChoices(FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var speakerId = BookingSlots.SpeakerId(context);
        if (speakerId is null)
        {
            return [];
        }

        DateOnly? from = context.Facts.TryGetValue(FactNames.DateFrom, out var typed) && DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        // The engine's hooks are synchronous; the SQLite store completes synchronously, so this does not block on I/O waits.
        var department = BookingSlots.Department(context, Bookings.Rules.Calendar);
        var slots = Bookings.FreeSlotsAsync(speakerId, BookingSlots.FormatOf(context.Slots, context.Facts), Offered, from, null, department).GetAwaiter().GetResult();
        return [.. slots.Select(s => new BotButton(s.Label(context.Locale), s.Code))];
    }

    /// <summary>
    /// A typed date was understood even when it cannot be booked: the rule's sentence and the slots around that day
    /// are progress, not a failed attempt, so trying dates never ends the booking.
    /// </summary>
    public ChoiceReading Interpret(IReadOnlyDictionary<string, string> understood, string text, FlowContext context)
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
            return ChoiceReading.Progress(BookingSlots.Pick(context,
                $"À quelle heure le {BookingText.Date("fr", date)} ? Choisissez un créneau libre ci-dessous ou écrivez par exemple « 10h ».",
                $"At what time on {BookingText.Date("en", date)}? Pick a free slot below or write for example \"10am\"."));
        }

        var refusal = Bookings.CheckVisitSlotAsync(speakerId, date, start, BookingSlots.FormatOf(context.Slots, context.Facts), null, BookingSlots.Department(context, Bookings.Rules.Calendar)).GetAwaiter().GetResult();
        return refusal is not null
            ? ChoiceReading.Progress(refusal.In(context.Locale))
            : ChoiceReading.Answer(new BookingSlot(date, start).Code);
    }
}

/// <summary>Checks the chosen slot again (time passed since the buttons were offered) and keeps its readable label.</summary>
internal sealed class VisitSlotValidator(IServiceProvider services) : ISlotValidator
{
    // Resolved on use, so the flows load (and the other flows run) in a process without the booking services.
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "visit_slot";

    public string? Validate(string value, FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var speakerId = BookingSlots.SpeakerId(context);
        if (speakerId is null || !BookingSlot.TryParseCode(value, out var slot))
        {
            return BookingSlots.Pick(context, "Choisissez un des créneaux proposés, ou écrivez une date et une heure (« le 12 mars à 10h »).", "Pick one of the slots offered, or write a date and time (\"12 March at 10am\").");
        }

        var refusal = Bookings.CheckVisitSlotAsync(speakerId, slot.Date, slot.Start, BookingSlots.FormatOf(context.Slots, context.Facts), null, BookingSlots.Department(context, Bookings.Rules.Calendar)).GetAwaiter().GetResult();
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

    public string? Validate(string value, FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(context);
        if (Uai().IsMatch(value) || (value.Trim().Length >= 5 && (value.Contains(',', StringComparison.Ordinal) || context.Facts.ContainsKey(FactNames.City) || value.Trim().Contains(' ', StringComparison.Ordinal))))
        {
            return null;
        }

        return BookingSlots.Pick(context,
            "Indiquez le nom et la ville de l'établissement (par exemple « Collège Jean Jaurès, Toulouse ») ou son code UAI (7 chiffres et une lettre).",
            "Give the school's name and city (for example \"Collège Jean Jaurès, Toulouse\") or its UAI code (7 digits and a letter).");
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

/// <summary>Writes the visit (one transaction with its e-mails); the reference is shown only once it is committed.</summary>
internal sealed class BookVisitAction(IServiceProvider services) : IFlowAction
{
    // Resolved on use, so the flows load (and the other flows run) in a process without the booking services.
    private BookingService Bookings => services.GetRequiredService<BookingService>();

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
        var outcome = await Bookings.RequestVisitAsync(request, key, cancellationToken);
        if (outcome.Succeeded)
        {
            var reference = outcome.Booking!.Reference;
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
            : "\n\n" + context.Say("book.alternatives", new Dictionary<string, string>(StringComparer.Ordinal) { ["slots"] = string.Join(", ", outcome.Alternatives.Select(a => a.Label(context.Locale))) });
        return new FlowActionResult(
            [new BotMessage
            {
                Text = outcome.Refusal!.In(context.Locale) + alternatives,
                SuggestedActions = [new BotButton(context.Say("book.again", null), context.Say("entry.book_visit", null))],
            }],
            Succeeded: false);
    }
}

/// <summary>"Où en est HD-2026-0042 ?": only the requester sees it.</summary>
internal sealed class BookingStatusAction(IServiceProvider services) : IFlowAction
{
    // Resolved on use, so the flows load (and the other flows run) in a process without the booking services.
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "booking_status";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context) ?? string.Empty;
        var outcome = await Bookings.GetStatusAsync(reference, BookingSlots.Access(context), cancellationToken);
        var text = outcome.Succeeded ? await Bookings.DescribeAsync(outcome.Booking!, context.Locale, cancellationToken) : outcome.Refusal!.In(context.Locale);
        return new FlowActionResult([new BotMessage { Text = text }], outcome.Succeeded);
    }
}

/// <summary>"Annuler HD-2026-0042": the requester's own booking, with a reason passed on to the speaker.</summary>
internal sealed class CancelBookingAction(IServiceProvider services) : IFlowAction
{
    // Resolved on use, so the flows load (and the other flows run) in a process without the booking services.
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "cancel_booking";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context) ?? string.Empty;
        var outcome = await Bookings.CancelAsync(reference, BookingSlots.Access(context), context.Slots.GetValueOrDefault(BookingSlots.Reason) ?? "-", cancellationToken);
        var text = outcome.Succeeded
            ? context.Say("cancel_booking.done", new Dictionary<string, string>(StringComparer.Ordinal) { ["reference"] = outcome.Booking!.Reference })
            : outcome.Refusal!.In(context.Locale);
        return new FlowActionResult([new BotMessage { Text = text }], outcome.Succeeded);
    }
}

public static class BookingConversationServiceCollectionExtensions
{
    /// <summary>Hook names the booking flows use, for loading dialogs/ outside DI (catalog checks, tools).</summary>
    public static readonly IReadOnlyList<string> ActionNames = ["book_visit", "booking_status", "cancel_booking", "move_booking", "book_panel"];

    public static readonly IReadOnlyList<string> ValidatorNames = ["visit_slot", "school", "own_booking", "access_code", "school_day"];

    public static readonly IReadOnlyList<string> ChoiceProviderNames = ["free_slots", "booking_speaker", "panel_plan", "my_bookings"];

    /// <summary>The hooks of the booking flows (dialogs/flows/book_visit.json, booking_status.json, cancel_booking.json). Needs AddBookings.</summary>
    public static IServiceCollection AddBookingConversations(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, BookVisitAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, BookingStatusAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, CancelBookingAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, MoveBookingAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFlowAction, BookPanelAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, MyBookingsChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, PanelPlanChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, OwnBookingValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, AccessCodeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, FreeSlotChoices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, VisitSlotValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, SchoolValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISlotValidator, SchoolDayValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChoiceProvider, KnownSpeakerChoices>());
        return services;
    }
}

/// <summary>The speaker picked on a card, else the speakers of the last results.</summary>
internal sealed class KnownSpeakerChoices(ISpeakerStore speakers) : IChoiceProvider
{
    public string Name => "booking_speaker";

    public IReadOnlyList<BotButton> GetChoices(FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Facts.TryGetValue(FactNames.SpeakerId, out var id) && speakers.GetAsync(id).GetAwaiter().GetResult() is { } speaker)
        {
            return [new BotButton(speaker.FullName, speaker.Id)];
        }

        return [];
    }
}

/// <summary>Finds a booking reference (HD-2026-0042, pn 2026 7) in a message and writes it the canonical way.</summary>
internal static partial class BookingReference
{
    public static string? Find(string text)
    {
        var match = Pattern().Match(text);
        return match.Success
            ? string.Create(CultureInfo.InvariantCulture, $"{match.Groups["kind"].Value.ToUpperInvariant()}-{match.Groups["year"].Value}-{int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture):D4}")
            : null;
    }

    [GeneratedRegex(@"\b(?<kind>HD|PN)[\s-]?(?<year>\d{4})[\s-]?(?<n>\d{1,6})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>
/// The reference must exist; when it was requested from another conversation, a code goes to the e-mail on file
/// (once per reference) and the flow's code step asks for it. Only then may the user see or change the booking.
/// </summary>
internal sealed class OwnBookingValidator(IServiceProvider services) : ISlotValidator
{
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "own_booking";

    public string? Validate(string value, FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(context);
        context.Facts.Remove(BookingSlots.OwnsBooking);
        if (BookingReference.Find(value) is not { } reference)
        {
            return context.Say("access.reference", null);
        }

        var outcome = Bookings.GetStatusAsync(reference, new BookingAccess(context.UserKey, BookingSlots.Fact(context.Facts, BookingSlots.AccessCode))).GetAwaiter().GetResult();
        if (outcome.Succeeded)
        {
            context.Facts[FactNames.BookingRef] = reference;
            context.Facts[BookingSlots.OwnsBooking] = reference;
            return null;
        }

        if (outcome.Refusal!.Code != "not-owner")
        {
            return outcome.Refusal.In(context.Locale);
        }

        context.Facts[FactNames.BookingRef] = reference;
        if (BookingSlots.Fact(context.Facts, BookingSlots.AccessSentFor) != reference)
        {
            context.Facts.Remove(BookingSlots.AccessCode);
            context.Facts[BookingSlots.AccessMasked] = Bookings.SendAccessCodeAsync(reference).GetAwaiter().GetResult() ?? "—";
            context.Facts[BookingSlots.AccessSentFor] = reference;
        }

        return null;
    }
}

/// <summary>Checks the code typed against the one sent to the e-mail of the booking.</summary>
internal sealed partial class AccessCodeValidator(IServiceProvider services) : ISlotValidator
{
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "access_code";

    public string? Validate(string value, FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context);
        var code = Digits().Match(value);
        if (reference is not null && code.Success
            && Bookings.GetStatusAsync(reference, new BookingAccess(context.UserKey, code.Value)).GetAwaiter().GetResult().Succeeded)
        {
            return null;
        }

        return context.Say("access.wrong", new Dictionary<string, string>(StringComparer.Ordinal) { ["masked"] = BookingSlots.Fact(context.Facts, BookingSlots.AccessMasked) ?? "—" });
    }

    [GeneratedRegex(@"\b\d{6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}

/// <summary>
/// A new date for a classroom visit must be a school day where the school is: refused before "Je déplace … ?" rather
/// than after the user said yes. Panels may take any date.
/// </summary>
internal sealed class SchoolDayValidator(IServiceProvider services) : ISlotValidator
{
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "school_day";

    public string? Validate(string value, FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || BookingSlots.Reference(context) is not { } reference
            || !reference.StartsWith(Booking.PrefixOf(BookingKind.ClassroomVisit), StringComparison.Ordinal))
        {
            return null;
        }

        var outcome = Bookings.GetStatusAsync(reference, BookingSlots.Access(context)).GetAwaiter().GetResult();
        var department = outcome.Succeeded ? Bookings.Rules.Calendar.DepartmentOf(outcome.Booking!.School) : null;
        return Bookings.Rules.CheckSchoolDay(date, department)?.In(context.Locale);
    }
}

/// <summary>"Déplacer HD-2026-0042 au 12 mars": the rules are checked again and the speaker asked again.</summary>
internal sealed class MoveBookingAction(IServiceProvider services) : IFlowAction
{
    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "move_booking";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context) ?? string.Empty;
        DateOnly.TryParseExact(context.Slots.GetValueOrDefault(BookingSlots.Date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        TimeOnly? start = BookingSlots.Fact(context.Facts, FactNames.Time) is { } time && TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
        var outcome = await Bookings.MoveAsync(reference, BookingSlots.Access(context), date, start, cancellationToken);
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
            : "\n\n" + context.Say("move.alternatives", new Dictionary<string, string>(StringComparer.Ordinal) { ["slots"] = string.Join(", ", outcome.Alternatives.Select(a => a.Label(context.Locale))) });
        return new FlowActionResult([new BotMessage { Text = outcome.Refusal!.In(context.Locale) + alternatives }], Succeeded: false);
    }
}

/// <summary>The user's own requests still open, newest first, offered as buttons when she is asked for a reference.</summary>
internal sealed class MyBookingsChoices(IServiceProvider services) : IChoiceProvider
{
    private const int Offered = 4;

    private BookingService Bookings => services.GetRequiredService<BookingService>();

    public string Name => "my_bookings";

    public IReadOnlyList<BotButton> GetChoices(FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mine = Bookings.ListMineAsync(context.UserKey).GetAwaiter().GetResult();
        return [.. mine.Where(b => b.IsActive).OrderByDescending(b => b.CreatedAt).Take(Offered)
            .Select(b => new BotButton(b.Reference + " — " + BookingText.Date(context.Locale, b.Date), b.Reference))];
    }
}
