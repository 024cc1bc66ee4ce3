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

    /// <summary>
    /// What is wrong with a coordinator's fields, one entry per field, as codes the back-office words in fr or en:
    /// email.missing, email.invalid, email.taken, role.invalid, regions.missing, regions.unknown (Value: the slug).
    /// </summary>
    public async Task<IReadOnlyList<CoordinatorFieldError>> CheckAsync(string? email, string? role, IReadOnlyList<string>? regions, bool checkEmail, CancellationToken cancellationToken = default)
    {
        var errors = new List<CoordinatorFieldError>();
        if (checkEmail)
        {
            if (string.IsNullOrWhiteSpace(email))
            {
                errors.Add(new("email", "email.missing", null));
            }
            else if (!Bookings.BookingService.IsEmail(email.Trim()))
            {
                errors.Add(new("email", "email.invalid", email.Trim()));
            }
            else if ((await store.ListAsync(cancellationToken)).Any(c => c.IsActive && string.Equals(c.Email, email.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new("email", "email.taken", email.Trim()));
            }
        }

        var parsed = ParseRole(role);
        if (parsed is null)
        {
            errors.Add(new("role", "role.invalid", role));
        }

        var slugs = Slugs(regions);
        if (slugs.FirstOrDefault(s => !Taxonomy.IsRegion(s)) is { } unknown)
        {
            errors.Add(new("regions", "regions.unknown", unknown));
        }
        else if (parsed == CoordinatorRole.Regional && slugs.Count == 0)
        {
            errors.Add(new("regions", "regions.missing", null));
        }

        return errors;
    }

    /// <summary>Changes her role and regions (a national coordinator has none); null when no active coordinator has this id.</summary>
    public async Task<AdminResult<Coordinator>> UpdateAsync(long id, string? role, IReadOnlyList<string>? regions, string actor, CancellationToken cancellationToken = default)
    {
        var errors = await CheckAsync(null, role, regions, checkEmail: false, cancellationToken);
        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors[0].Field, $"Valeur refusée ({errors[0].Code}) : {errors[0].Value}");
        }

        var parsed = ParseRole(role)!.Value;
        var updated = await store.UpdateAsync(id, parsed, parsed == CoordinatorRole.National ? [] : Slugs(regions), actor, cancellationToken);
        return updated is null
            ? new AdminError(404, "Introuvable", "Aucune coordinatrice active n'a cet identifiant.")
            : AdminResult<Coordinator>.Success(updated);
    }

    private static CoordinatorRole? ParseRole(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        "national" => CoordinatorRole.National,
        "regional" => CoordinatorRole.Regional,
        _ => null,
    };

    private static List<string> Slugs(IReadOnlyList<string>? regions) =>
        [.. (regions ?? []).Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal)];

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

/// <summary>One field's problem; <see cref="Code"/> names it, <see cref="Value"/> is what was given.</summary>
public sealed record CoordinatorFieldError(string Field, string Code, string? Value);
