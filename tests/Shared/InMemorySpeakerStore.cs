using System.Collections.Concurrent;
using SpeakerBot.Domain;

namespace SpeakerBot.Tests.Shared;

/// <summary>
/// The directory as a dictionary, for tests of areas that need speakers but not a database (bookings, host endpoints).
/// It raises <see cref="ISpeakerStore.Changed"/> with the rows, as the real stores do. One source file, linked into the
/// test projects that use it.
/// </summary>
public sealed class InMemorySpeakerStore : ISpeakerStore
{
    private readonly ConcurrentDictionary<string, Speaker> _speakers = new(StringComparer.Ordinal);

    public event EventHandler<SpeakersChangedEventArgs>? Changed;

    public Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_speakers.GetValueOrDefault(id));

    public Task<int> UpsertAsync(IReadOnlyCollection<Speaker> speakers, CancellationToken cancellationToken = default)
    {
        foreach (var s in speakers)
        {
            _speakers[s.Id] = s;
        }

        Changed?.Invoke(this, new SpeakersChangedEventArgs([.. speakers.Select(s => s.Id)], speakers));
        return Task.FromResult(speakers.Count);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var removed = _speakers.TryRemove(id, out _);
        if (removed)
        {
            Changed?.Invoke(this, new SpeakersChangedEventArgs([id], []));
        }

        return Task.FromResult(removed);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(_speakers.Count);

    public async IAsyncEnumerable<Speaker> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var s in _speakers.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            yield return s;
        }
    }
}
