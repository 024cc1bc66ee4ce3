using System.Collections.Concurrent;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Storage.Instances;

/// <summary>
/// The election of a process that is alone on its database (SQLite): it always leads, one run of a job at a time.
/// </summary>
public sealed class LocalJobElection : IJobElection
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.Ordinal);

    public Task<IAsyncDisposable?> TryLeadAsync(string job, CancellationToken cancellationToken = default)
    {
        var gate = _running.GetOrAdd(job, _ => new SemaphoreSlim(1, 1));
        return Task.FromResult<IAsyncDisposable?>(gate.Wait(0) ? new Lease(gate) : null);
    }

    private sealed class Lease(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
