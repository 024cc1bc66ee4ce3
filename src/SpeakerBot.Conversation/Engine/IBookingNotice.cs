namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// The programme's notice for a visit (implemented by Bookings from its options), so the search says at once that
/// "demain" or "la semaine prochaine" is too soon instead of showing speakers nobody could book then (decision 113).
/// </summary>
public interface IBookingNotice
{
    /// <summary>A visit is requested at least this many days ahead.</summary>
    int MinLeadDays { get; }
}
