using System.Threading.Channels;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// Speakers changed by any instance: a trigger on the speakers table NOTIFYs each id written or removed (whoever
/// wrote it: an instance, the CLI, a copy), and the ids that arrive within a short batch are raised together.
/// </summary>
public sealed class PostgresSpeakerChangeFeed : ISpeakerChangeFeed, IDisposable
{
    /// <summary>Past this many ids in one batch (a bulk import), reading everything again is cheaper.</summary>
    private const int MaxBatch = 500;

    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    private readonly Channel<string?> _notices = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();

    public PostgresSpeakerChangeFeed(PostgresNotifications notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        notifications.Subscribe(PostgresNotifications.SpeakersChannel, id => _notices.Writer.TryWrite(id));
        _ = PumpAsync(_stop.Token);
    }

    public event EventHandler<SpeakersChangedEventArgs>? Changed;

    public void Dispose()
    {
        _notices.Writer.TryComplete();
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _notices.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(BatchWindow, cancellationToken).ConfigureAwait(false);
                var ids = new HashSet<string>(StringComparer.Ordinal);
                var everything = false;
                while (_notices.Reader.TryRead(out var id))
                {
                    everything |= id is null;
                    if (id is not null)
                    {
                        ids.Add(id);
                    }
                }

                var args = everything || ids.Count > MaxBatch ? SpeakersChangedEventArgs.Everything : new SpeakersChangedEventArgs(ids);
                try
                {
                    Changed?.Invoke(this, args);
                }
                catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
                {
                    // A subscriber that failed (the database blinked while it read the speakers) reads everything on the next notice.
                    _notices.Writer.TryWrite(null);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
