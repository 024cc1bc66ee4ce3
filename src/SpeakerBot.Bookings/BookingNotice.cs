using Microsoft.Extensions.Options;
using SpeakerBot.Conversation.Engine;

namespace SpeakerBot.Bookings;

/// <summary>The booking rules' notice, for the search of the conversation (decision 113).</summary>
public sealed class BookingNotice(IOptions<BookingOptions> options) : IBookingNotice
{
    public int MinLeadDays => options.Value.MinLeadDays;
}
