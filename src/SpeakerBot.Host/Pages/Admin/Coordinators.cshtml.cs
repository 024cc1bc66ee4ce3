using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.Admin;

namespace SpeakerBot.Host.Pages.Admin;

/// <summary>
/// /admin/coordinators, national coordinators only: who has access, invite (she gets a sign-in mail), change role and
/// regions, revoke (her session ends at her next request). A regional coordinator gets 403 and the attempt is audited.
/// </summary>
public sealed class CoordinatorsModel(CoordinatorService coordinators, BackOfficeSignIn signIn) : BackOfficePageModel
{
    public IReadOnlyList<Coordinator> All { get; private set; } = [];

    public IReadOnlyList<string> Regions => Taxonomy.Regions;

    [BindProperty]
    public string? InviteEmail { get; set; }

    [BindProperty]
    public string? InviteRole { get; set; } = "regional";

    [BindProperty]
    public List<string> InviteRegions { get; set; } = [];

    [BindProperty]
    public string? EditRole { get; set; }

    [BindProperty]
    public List<string> EditRegions { get; set; } = [];

    /// <summary>The coordinator whose role and regions are being changed, if any.</summary>
    public Coordinator? Editing { get; private set; }

    /// <summary>Field → message, for the form being shown again.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Done { get; private set; }

    public string? DoneWho { get; private set; }

    public string RegionName(string slug) => JoinLabels.Of(slug, Lang == "en");

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public async Task<IActionResult> OnGetAsync(long? edit, string? done, string? who, CancellationToken cancellationToken)
    {
        if (!IsNational)
        {
            return await Forbidden("coordinators.view", "coordinators");
        }

        await LoadAsync(cancellationToken);
        Done = done is "invited" or "updated" or "revoked" ? done : null;
        DoneWho = who;
        if (edit is { } id)
        {
            Editing = All.FirstOrDefault(c => c.Id == id && c.IsActive);
            if (Editing is null)
            {
                return NotFound();
            }

            EditRole = Editing.Role == CoordinatorRole.National ? "national" : "regional";
            EditRegions = [.. Editing.Regions];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (!IsNational)
        {
            return await Forbidden("coordinators.invite", "coordinator:" + (InviteEmail ?? string.Empty).Trim());
        }

        var errors = await coordinators.CheckAsync(InviteEmail, InviteRole, InviteRegions, checkEmail: true, cancellationToken);
        if (errors.Count > 0)
        {
            return await InvalidAsync(errors, "invite-", cancellationToken);
        }

        var added = await coordinators.AddAsync(InviteEmail, InviteRole, InviteRegions, Me.Actor, cancellationToken);
        if (!added.Ok)
        {
            Errors["invite-email"] = Say(added.Error!);
            return await ShowAgainAsync(cancellationToken);
        }

        await signIn.MailLinkAsync(added.Value.Coordinator, Lang, invited: true, cancellationToken);
        return RedirectToPage(new { done = "invited", who = added.Value.Coordinator.Email });
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken cancellationToken)
    {
        if (!IsNational)
        {
            return await Forbidden("coordinators.update", "coordinator:" + id.ToString(CultureInfo.InvariantCulture));
        }

        await LoadAsync(cancellationToken);
        Editing = All.FirstOrDefault(c => c.Id == id && c.IsActive);
        if (Editing is null)
        {
            return NotFound();
        }

        var errors = await coordinators.CheckAsync(null, EditRole, EditRegions, checkEmail: false, cancellationToken);
        if (errors.Count == 0 && Editing.Id == Me.Id && EditRole != "national")
        {
            errors = [new CoordinatorFieldError("role", "role.self", null)];
        }

        if (errors.Count > 0)
        {
            return await InvalidAsync(errors, "edit-", cancellationToken);
        }

        var updated = await coordinators.UpdateAsync(id, EditRole, EditRegions, Me.Actor, cancellationToken);
        return updated.Ok ? RedirectToPage(new { done = "updated", who = updated.Value!.Email }) : NotFound();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        if (!IsNational)
        {
            return await Forbidden("coordinators.revoke", "coordinator:" + id.ToString(CultureInfo.InvariantCulture));
        }

        if (id == Me.Id)
        {
            Errors["revoke"] = T("coordinators.error.revoke.self");
            return await ShowAgainAsync(cancellationToken);
        }

        var revoked = await coordinators.RevokeAsync(id.ToString(CultureInfo.InvariantCulture), Me.Actor, cancellationToken);
        return revoked is null ? NotFound() : RedirectToPage(new { done = "revoked", who = revoked.Email });
    }

    private async Task<IActionResult> InvalidAsync(IReadOnlyList<CoordinatorFieldError> errors, string prefix, CancellationToken cancellationToken)
    {
        foreach (var error in errors)
        {
            Errors.TryAdd(prefix + error.Field, T("coordinators.error." + error.Code, error.Value is null ? string.Empty : error.Value));
        }

        return await ShowAgainAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        All = [.. (await coordinators.ListAsync(cancellationToken)).OrderBy(c => c.IsActive ? 0 : 1).ThenBy(c => c.Email, StringComparer.Ordinal)];
}
