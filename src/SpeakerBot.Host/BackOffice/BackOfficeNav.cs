using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.BackOffice;

/// <summary>Figures the navigation shows on every page.</summary>
public sealed class BackOfficeNav(ISpeakerStore speakers)
{
    /// <summary>Profiles waiting for a decision in her regions.</summary>
    public async Task<int> PendingCountAsync(Coordinator who, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var count = 0;
        await foreach (var speaker in speakers.ReadAllAsync(cancellationToken))
        {
            count += speaker.Status == SpeakerStatus.Pending && who.Covers(speaker.Region) ? 1 : 0;
        }

        return count;
    }
}
