using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Admin;

/// <summary>Creating, listing, revoking and authenticating coordinators; shared by the CLI and the host.</summary>
public sealed class CoordinatorService(ICoordinatorStore store)
{
    /// <summary>Creates a coordinator and returns her token, the only time it exists in clear.</summary>
    public async Task<AdminResult<(Coordinator Coordinator, string Token)>> AddAsync(string? email, string? role, IReadOnlyList<string>? regions, string actor, CancellationToken cancellationToken = default)
    {
        if (!Bookings.BookingService.IsEmail(email))
        {
            return AdminError.Invalid("email", $"« {email} » n'est pas une adresse e-mail valide (attendu : nom@domaine.fr).");
        }

        CoordinatorRole parsed;
        switch (role?.Trim().ToLowerInvariant())
        {
            case "national":
                parsed = CoordinatorRole.National;
                break;
            case "regional":
                parsed = CoordinatorRole.Regional;
                break;
            default:
                return AdminError.Invalid("role", $"Le rôle « {role} » est inconnu : attendu national ou regional.");
        }

        var slugs = (regions ?? []).Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var slug in slugs)
        {
            if (!Taxonomy.IsRegion(slug))
            {
                var suggestion = Taxonomy.Suggest(slug, Taxonomy.Regions);
                return AdminError.Invalid("region", $"La région « {slug} » est inconnue{(suggestion is null ? string.Empty : $" ; vouliez-vous dire « {suggestion} » ?")} Régions possibles : {string.Join(", ", Taxonomy.Regions)}.");
            }
        }

        if (parsed == CoordinatorRole.Regional && slugs.Count == 0)
        {
            return AdminError.Invalid("region", "Une coordinatrice régionale a besoin d'au moins une région (--region occitanie).");
        }

        if (parsed == CoordinatorRole.National)
        {
            slugs.Clear();
        }

        var secret = CoordinatorTokens.NewSecret();
        var coordinator = await store.AddAsync(email!.Trim(), parsed, slugs, CoordinatorTokens.Hash(secret), actor, cancellationToken);
        return AdminResult<(Coordinator, string)>.Success((coordinator, CoordinatorTokens.Format(coordinator.Id, secret)));
    }

    public Task<IReadOnlyList<Coordinator>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public Task<Coordinator?> RevokeAsync(string idOrEmail, string actor, CancellationToken cancellationToken = default) =>
        store.RevokeAsync(idOrEmail, actor, cancellationToken);

    /// <summary>The active coordinator owning this token, or null for a malformed, unknown or revoked token.</summary>
    public async Task<Coordinator?> AuthenticateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!CoordinatorTokens.TryParse(token?.Trim(), out var id, out var secret))
        {
            return null;
        }

        var credential = await store.GetCredentialAsync(id, cancellationToken);
        if (credential is null || !CoordinatorTokens.Matches(secret, credential.TokenHash))
        {
            return null;
        }

        return credential.Coordinator.IsActive ? credential.Coordinator : null;
    }
}
