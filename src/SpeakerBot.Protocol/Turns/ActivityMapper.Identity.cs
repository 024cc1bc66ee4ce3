using SpeakerBot.Protocol.Auth;
using SpeakerBot.Protocol.DirectLine;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Turns;

public static partial class ActivityMapper
{
    /// <summary>Where unverified activities naming the Direct Line channel keep their state, apart from real Direct Line users.</summary>
    public const string UnverifiedDirectLine = "directline-unverified";

    /// <summary>
    /// The channel part of state keys. Bookings and coordinator links belong to "directline/users/{id}", so only an
    /// activity whose user someone vouched for may land there: the built-in host (the user its token was issued to) or
    /// Azure's Direct Line (a channel token). With authentication off, anybody may post to /api/messages an activity
    /// that says it comes from Direct Line with any from.id; it keeps its own state under another name.
    /// </summary>
    private static string? StateChannel(Activity activity) =>
        string.Equals(activity.ChannelId, DirectLineHost.ChannelId, StringComparison.Ordinal)
        && !activity.FromIssuedToken
        && !string.Equals(activity.CallerId, ChannelAuthenticator.AzureCallerId, StringComparison.Ordinal)
            ? UnverifiedDirectLine
            : activity.ChannelId;
}
