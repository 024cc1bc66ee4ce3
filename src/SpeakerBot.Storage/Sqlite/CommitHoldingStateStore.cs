using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Sqlite;

/// <summary>
/// The crash test's hook (<see cref="StorageOptions.HoldCommitOfActivity"/>): holds the commit of one marked turn, after
/// announcing it on standard output, so the test kills the process at the worst moment rather than at a random one.
/// </summary>
internal sealed class CommitHoldingStateStore(IStateStore inner, string marker) : IStateStore
{
    public const string HeldLine = "speakerbot-test: commit held";

    public Task<string?> LoadAsync(string key, CancellationToken cancellationToken = default) => inner.LoadAsync(key, cancellationToken);

    public Task SaveAsync(string key, string json, CancellationToken cancellationToken = default) => inner.SaveAsync(key, json, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task<bool> TryMarkProcessedAsync(string activityKey, CancellationToken cancellationToken = default) => inner.TryMarkProcessedAsync(activityKey, cancellationToken);

    public Task<bool> TryMarkProcessedAsync(string activityKey, string repliesJson, CancellationToken cancellationToken = default) =>
        inner.TryMarkProcessedAsync(activityKey, repliesJson, cancellationToken);

    public Task<string?> FindProcessedAsync(string activityKey, CancellationToken cancellationToken = default) => inner.FindProcessedAsync(activityKey, cancellationToken);

    public Task<int> DeleteProcessedOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        inner.DeleteProcessedOlderThanAsync(cutoff, cancellationToken);

    public Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken = default) => inner.LockAsync(key, cancellationToken);

    public async Task CommitTurnAsync(string key, string json, string activityKey, string repliesJson, CancellationToken cancellationToken = default)
    {
        if (activityKey.Contains(marker, StringComparison.Ordinal))
        {
            await Console.Out.WriteLineAsync(HeldLine).ConfigureAwait(false);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        }

        await inner.CommitTurnAsync(key, json, activityKey, repliesJson, cancellationToken).ConfigureAwait(false);
    }
}
