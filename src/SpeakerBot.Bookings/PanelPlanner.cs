using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

/// <summary>Picks a panel that does not look like one company's team: one speaker per employer, sectors mixed.</summary>
public static class PanelPlanner
{
    /// <summary><paramref name="candidates"/> are in preference order (search rank) and already free at that time.</summary>
    public static PanelProposal Balance(IReadOnlyList<Speaker> candidates, int seats, int standbys)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var chosen = new List<Speaker>();
        var employers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sectors = new Dictionary<string, int>(StringComparer.Ordinal);
        var pool = candidates.ToList();
        while (chosen.Count < seats && pool.Count > 0)
        {
            // The best-ranked speaker from an employer not yet seated, preferring the least represented sector.
            var pick = pool
                .Select((s, rank) => (Speaker: s, Rank: rank))
                .Where(x => x.Speaker.Employer is null || !employers.Contains(x.Speaker.Employer))
                .OrderBy(x => sectors.GetValueOrDefault(x.Speaker.Sector))
                .ThenBy(x => x.Rank)
                .Select(x => x.Speaker)
                .FirstOrDefault();
            if (pick is null)
            {
                break;
            }

            chosen.Add(pick);
            pool.Remove(pick);
            if (pick.Employer is not null)
            {
                employers.Add(pick.Employer);
            }

            sectors[pick.Sector] = sectors.GetValueOrDefault(pick.Sector) + 1;
        }

        var reserve = pool
            .OrderBy(s => s.Employer is not null && employers.Contains(s.Employer) ? 1 : 0)
            .Take(standbys)
            .ToList();
        return new PanelProposal(chosen, reserve);
    }
}
