using Microsoft.Extensions.Logging;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>
/// The chat side of a booking (decision 117): the conversation where it was made, kept as the state document
/// <c>booking-chat/{reference}</c>, and what the requester is told there when a speaker answers. Best effort: any failure
/// is logged and swallowed, because the e-mail, written in the booking's own transaction, is the message of record.
/// </summary>
public sealed class BookingChat(IStateStore state, IRequesterChat chat, ISpeakerStore speakers, ILogger<BookingChat> logger)
{
    public const string KeyPrefix = "booking-chat/";

    public Task RememberAsync(string reference, string conversationKey, CancellationToken cancellationToken = default) =>
        state.SaveAsync(KeyPrefix + reference, System.Text.Json.JsonSerializer.Serialize(conversationKey), cancellationToken);

    public async Task<bool> TellAnswerAsync(Booking booking, LinkOutcomeKind kind, string speakerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(booking);
        try
        {
            if (await state.LoadAsync(KeyPrefix + booking.Reference, cancellationToken) is not { } json
                || System.Text.Json.JsonSerializer.Deserialize<string>(json) is not { } conversationKey)
            {
                return false;
            }

            var name = (await speakers.GetAsync(speakerId, cancellationToken))?.FirstName ?? string.Empty;
            var lang = booking.Requester.Language;
            var when = BookingText.DateTime(lang, booking.Date, booking.Start);
            var text = kind switch
            {
                LinkOutcomeKind.Accepted when booking.Status == BookingStatus.Accepted => BookingText.Pick(lang,
                    $"Bonne nouvelle : {name} a accepté votre demande {booking.Reference} ({when}). Les coordonnées de chacun arrivent par e-mail.",
                    $"Good news: {name} accepted your request {booking.Reference} ({when}). Contact details are on their way by e-mail."),
                LinkOutcomeKind.Accepted => BookingText.Pick(lang,
                    $"{name} a accepté de participer à {booking.Reference} ({when}).",
                    $"{name} agreed to take part in {booking.Reference} ({when})."),
                LinkOutcomeKind.Declined => BookingText.Pick(lang,
                    $"{name} ne peut pas assurer votre demande {booking.Reference} ({when}). Le détail est dans votre e-mail ; je peux vous aider à chercher une autre intervenante.",
                    $"{name} cannot take your request {booking.Reference} ({when}). The details are in your e-mail; I can help you look for another speaker."),
                _ => BookingText.Pick(lang,
                    $"{name} a dû annuler {booking.Reference} ({when}). Son motif est dans votre e-mail ; je peux vous aider à chercher une autre intervenante.",
                    $"{name} had to cancel {booking.Reference} ({when}). Her reason is in your e-mail; I can help you look for another speaker."),
            };
            var told = await chat.TellAsync(conversationKey, text, lang, cancellationToken);
            if (!told)
            {
                Log.ChatNotReached(logger, booking.Reference);
            }

            return told;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ChatFailed(logger, ex, booking.Reference);
            return false;
        }
    }

    /// <summary>Tells the booking's conversation of a move, unless the move was asked in that very conversation.</summary>
    public async Task<bool> TellMovedAsync(Booking booking, string? fromConversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var lang = booking.Requester.Language;
        var when = BookingText.DateTime(lang, booking.Date, booking.Start);
        return await TellAsync(booking, fromConversation, BookingText.Pick(lang,
            $"Votre demande {booking.Reference} est déplacée au {when}. L'intervenante est invitée à confirmer la nouvelle date ; je vous préviens ici de sa réponse.",
            $"Your request {booking.Reference} is moved to {when}. The speaker is asked to confirm the new date; I will tell you her answer here."), cancellationToken);
    }

    /// <summary>The day-before reminder, once per booking and date (a state mark beside the conversation reference).</summary>
    public async Task<bool> TellReminderAsync(Booking booking, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var mark = ReminderKey(booking.Reference);
        var date = booking.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (await state.LoadAsync(mark, cancellationToken) is { } done && System.Text.Json.JsonSerializer.Deserialize<string>(done) == date)
        {
            return false;
        }

        var lang = booking.Requester.Language;
        var where = booking.Format == VisitFormat.Online ? BookingText.Pick(lang, "en ligne", "online") : booking.School?.Name ?? booking.Location ?? string.Empty;
        var told = await TellAsync(booking, null, BookingText.Pick(lang,
            $"Rappel : {booking.Reference} a lieu demain, {BookingText.DateTime(lang, booking.Date, booking.Start)} ({where}). Après l'intervention, un e-mail vous demandera en une minute comment elle s'est passée.",
            $"Reminder: {booking.Reference} is tomorrow, {BookingText.DateTime(lang, booking.Date, booking.Start)} ({where}). After the visit, an e-mail will ask you how it went (one minute)."), cancellationToken);
        if (told)
        {
            await state.SaveAsync(mark, System.Text.Json.JsonSerializer.Serialize(date), cancellationToken);
        }

        return told;
    }

    /// <summary>The state documents kept for a booking's chat, forgotten with the booking by the retention job.</summary>
    public static IReadOnlyList<string> KeysOf(string reference) => [KeyPrefix + reference, ReminderKey(reference)];

    private static string ReminderKey(string reference) => $"{KeyPrefix}{reference}/reminded";

    private async Task<bool> TellAsync(Booking booking, string? skipConversation, string text, CancellationToken cancellationToken)
    {
        try
        {
            if (await state.LoadAsync(KeyPrefix + booking.Reference, cancellationToken) is not { } json
                || System.Text.Json.JsonSerializer.Deserialize<string>(json) is not { } conversationKey
                || string.Equals(conversationKey, skipConversation, StringComparison.Ordinal))
            {
                return false;
            }

            var told = await chat.TellAsync(conversationKey, text, booking.Requester.Language, cancellationToken);
            if (!told)
            {
                Log.ChatNotReached(logger, booking.Reference);
            }

            return told;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ChatFailed(logger, ex, booking.Reference);
            return false;
        }
    }

    /// <summary>No chat to reach (the command line, tests of the booking rules alone).</summary>
    public sealed class Nowhere : IRequesterChat
    {
        public Task<bool> TellAsync(string conversationKey, string text, string? locale, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
