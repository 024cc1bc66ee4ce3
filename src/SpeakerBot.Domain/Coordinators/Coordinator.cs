namespace SpeakerBot.Domain.Coordinators;

public enum CoordinatorRole
{
    /// <summary>Sees and acts on every region.</summary>
    National,

    /// <summary>Sees and acts only on the speakers and bookings of her regions.</summary>
    Regional,
}

/// <summary>A person of a network's national team or a regional coordinator. Her API token is stored only as a hash.</summary>
public sealed record Coordinator
{
    public required long Id { get; init; }

    public required string Email { get; init; }

    public required CoordinatorRole Role { get; init; }

    /// <summary>Region slugs (see <see cref="Taxonomy.Regions"/>); empty for a national coordinator.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Whether she may see and change things located in <paramref name="region"/>.</summary>
    public bool Covers(string? region) =>
        Role == CoordinatorRole.National || (region is not null && Regions.Contains(region, StringComparer.Ordinal));

    /// <summary>"coordinator:{id}:{email}", the actor written in the audit log.</summary>
    public string Actor => $"coordinator:{Id}:{Email}";
}

/// <summary>One change made by a coordinator (or the CLI, or the system): who, what, when, before and after as JSON.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }

    public required string Actor { get; init; }

    /// <summary>Stable verb such as "coordinator.add", "speaker.approve", "booking.cancel".</summary>
    public required string Action { get; init; }

    /// <summary>What was changed, e.g. "speaker:sp-0042" or "booking:HD-2026-0001".</summary>
    public required string Target { get; init; }

    public DateTimeOffset At { get; init; }

    public string? BeforeJson { get; init; }

    public string? AfterJson { get; init; }
}

public sealed record CoordinatorCredential(Coordinator Coordinator, byte[] TokenHash);

/// <summary>Coordinators, their token hashes and the audit log.</summary>
public interface ICoordinatorStore
{
    /// <summary>Adds a coordinator with the hash of her token, and its audit entry, in one transaction.</summary>
    Task<Coordinator> AddAsync(string email, CoordinatorRole role, IReadOnlyList<string> regions, byte[] tokenHash, string actor, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Coordinator>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The coordinator of this id and the stored hash of her token's secret part, or null when unknown.</summary>
    Task<CoordinatorCredential?> GetCredentialAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Revokes by id or e-mail, with its audit entry; null when no active coordinator matches.</summary>
    Task<Coordinator?> RevokeAsync(string idOrEmail, string actor, CancellationToken cancellationToken = default);

    /// <summary>Changes an active coordinator's role and regions, with its audit entry; null when no active coordinator has this id.</summary>
    Task<Coordinator?> UpdateAsync(long id, CoordinatorRole role, IReadOnlyList<string> regions, string actor, CancellationToken cancellationToken = default);

    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Newest first; filtered by target prefix (e.g. "speaker:") when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? targetPrefix = null, int take = 200, CancellationToken cancellationToken = default);
}
