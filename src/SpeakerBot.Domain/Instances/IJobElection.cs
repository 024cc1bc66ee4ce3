namespace SpeakerBot.Domain.Instances;

/// <summary>
/// Elects one runner at a time for a background job (expiry, reminders, retention, outbox sender) among every
/// instance sharing the database. On SQLite the process is alone, so it is elected whenever no other run of the
/// same job is in progress in it; on PostgreSQL it is a session advisory lock, released when the run ends or its
/// connection dies with its instance.
/// </summary>
public interface IJobElection
{
    /// <summary>A lease to dispose when the run ends, or null when another runner holds the job now (skip this round).</summary>
    Task<IAsyncDisposable?> TryLeadAsync(string job, CancellationToken cancellationToken = default);
}
