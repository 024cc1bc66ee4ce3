namespace SpeakerBot.Domain;

/// <summary>The directory's store of record. Implementations: SQLite (embedded default), PostgreSQL later.</summary>
public interface ISpeakerStore
{
    /// <summary>Raised after speakers were written or removed, with their ids, so the search index stays live.</summary>
    event EventHandler<SpeakersChangedEventArgs>? Changed;

    Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Insert or replace by id, in one transaction. Returns the number of rows written.</summary>
    Task<int> UpsertAsync(IReadOnlyCollection<Speaker> speakers, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Every speaker, any status, in id order.</summary>
    IAsyncEnumerable<Speaker> ReadAllAsync(CancellationToken cancellationToken = default);
}

public sealed class SpeakersChangedEventArgs(IReadOnlyCollection<string> ids, IReadOnlyCollection<Speaker>? written = null) : EventArgs
{
    public IReadOnlyCollection<string> Ids { get; } = ids;

    /// <summary>
    /// The rows as the store just wrote them, when it knows them (its own writes): an id of <see cref="Ids"/> with no
    /// speaker here was removed. Null when only the ids are known (a change feed): read them again.
    /// </summary>
    public IReadOnlyCollection<Speaker>? Written { get; } = written;

    /// <summary>True when any speaker may have changed (a change feed reconnected): read everything again.</summary>
    public bool IsEverything { get; private init; }

    public static SpeakersChangedEventArgs Everything { get; } = new([]) { IsEverything = true };
}
