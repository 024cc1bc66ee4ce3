using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Turns;

/// <summary>Where the replies of one turn go: the channel's Connector API, the expectReplies buffer, or a Direct Line transcript.</summary>
public interface IReplySink
{
    Task SendAsync(Activity reply, CancellationToken cancellationToken);
}

/// <summary>Collects replies for a <c>deliveryMode: expectReplies</c> answer; typing indicators have no meaning there.</summary>
public sealed class BufferedReplySink : IReplySink
{
    private readonly List<Activity> _activities = [];

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_activities)
        {
            return [.. _activities];
        }
    }

    public Task SendAsync(Activity reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Type != ActivityTypes.Typing)
        {
            lock (_activities)
            {
                _activities.Add(reply);
            }
        }

        return Task.CompletedTask;
    }
}
