using System.Globalization;
using System.Text.RegularExpressions;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings.Dialogs;

/// <summary>Slot and fact names shared by the booking flows of dialogs/flows/ and their hooks.</summary>
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
        context.Slots.GetValueOrDefault(Speaker) ?? Fact(context.Facts, FactNames.SpeakerId);

    public static string? Fact(IDictionary<string, string> facts, string key) => facts.TryGetValue(key, out var value) ? value : null;

    public static Dictionary<string, string> Args(string name, string value) => new(StringComparer.Ordinal) { [name] = value };

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
/// The user's own requests still open, newest first, offered as buttons when she is asked for a reference
/// (booking_status, cancel_booking and move_booking).
/// </summary>
internal sealed class MyBookingsChoices(BookingService bookings) : IChoiceProvider
{
    private const int Offered = 4;

    public string Name => "my_bookings";

    public async ValueTask<IReadOnlyList<BotButton>> GetChoicesAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mine = await bookings.ListMineAsync(context.UserKey, cancellationToken).ConfigureAwait(false);
        return [.. mine.Where(b => b.IsActive).OrderByDescending(b => b.CreatedAt).Take(Offered)
            .Select(b => new BotButton(b.Reference + " — " + BookingText.Date(context.Locale, b.Date), b.Reference))];
    }
}

/// <summary>
/// The reference must exist; when it was requested from another conversation, a code goes to the e-mail on file
/// (once per reference) and the flow's code step asks for it. Only then may the user see or change the booking.
/// </summary>
internal sealed class OwnBookingValidator(BookingService bookings) : ISlotValidator
{
    public string Name => "own_booking";

    public async ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(context);
        context.Facts.Remove(BookingSlots.OwnsBooking);
        if (BookingReference.Find(value) is not { } reference)
        {
            return context.Say("access.reference", null);
        }

        var outcome = await bookings.GetStatusAsync(reference, new BookingAccess(context.UserKey, BookingSlots.Fact(context.Facts, BookingSlots.AccessCode)), cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            context.Facts[FactNames.BookingRef] = reference;
            context.Facts[BookingSlots.OwnsBooking] = reference;
            return null;
        }

        if (outcome.Refusal!.Code == "not-found")
        {
            // Said plainly, with her own requests offered (the step's buttons), or that she has none from here.
            var mine = await bookings.ListMineAsync(context.UserKey, cancellationToken).ConfigureAwait(false);
            return context.Say(mine.Any(b => b.IsActive) ? "status.not_found" : "status.not_found.none", BookingSlots.Args("reference", reference));
        }

        if (outcome.Refusal.Code != "not-owner")
        {
            return outcome.Refusal.In(context.Locale);
        }

        context.Facts[FactNames.BookingRef] = reference;
        if (BookingSlots.Fact(context.Facts, BookingSlots.AccessSentFor) != reference)
        {
            context.Facts.Remove(BookingSlots.AccessCode);
            context.Facts[BookingSlots.AccessMasked] = await bookings.SendAccessCodeAsync(reference, cancellationToken).ConfigureAwait(false) ?? "—";
            context.Facts[BookingSlots.AccessSentFor] = reference;
        }

        return null;
    }
}

/// <summary>Checks the code typed against the one sent to the e-mail of the booking.</summary>
internal sealed partial class AccessCodeValidator(BookingService bookings) : ISlotValidator
{
    public string Name => "access_code";

    public async ValueTask<string?> ValidateAsync(string value, FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(context);
        var reference = BookingSlots.Reference(context);
        var code = Digits().Match(value);
        if (reference is not null && code.Success
            && (await bookings.GetStatusAsync(reference, new BookingAccess(context.UserKey, code.Value), cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            return null;
        }

        return context.Say("access.wrong", BookingSlots.Args("masked", BookingSlots.Fact(context.Facts, BookingSlots.AccessMasked) ?? "—"));
    }

    [GeneratedRegex(@"\b\d{6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}
