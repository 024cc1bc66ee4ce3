namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// Who cannot be booked soon (implemented by Bookings): a speaker paused, on holiday or at her monthly cap over the
/// whole "as soon as possible" window is not proposed by a search without dates.
/// </summary>
public interface ISoonAvailability
{
    IReadOnlyCollection<string> NotBookableSoon { get; }
}
