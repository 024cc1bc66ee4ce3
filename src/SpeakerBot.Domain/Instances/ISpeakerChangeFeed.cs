namespace SpeakerBot.Domain.Instances;

/// <summary>
/// Speakers changed by any instance sharing the database (PostgreSQL: a trigger's NOTIFY). Where no feed is
/// registered (SQLite, one process), the search index follows <see cref="ISpeakerStore.Changed"/> instead.
/// </summary>
public interface ISpeakerChangeFeed
{
    /// <summary>Ids written or removed; <see cref="SpeakersChangedEventArgs.Everything"/> after changes may have been missed.</summary>
    event EventHandler<SpeakersChangedEventArgs>? Changed;
}
