namespace SpeakerBot.Domain.Instances;

/// <summary>
/// Speakers changed by any instance sharing the database (PostgreSQL: a trigger's NOTIFY), on top of
/// <see cref="ISpeakerStore.Changed"/>, which only tells of this process's own writes. None is registered on SQLite,
/// where the process is alone.
/// </summary>
public interface ISpeakerChangeFeed
{
    /// <summary>Ids written or removed; <see cref="SpeakersChangedEventArgs.Everything"/> after changes may have been missed.</summary>
    event EventHandler<SpeakersChangedEventArgs>? Changed;
}
