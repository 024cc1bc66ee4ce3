using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Admin;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Pages.Admin.Speakers;

/// <summary>/admin/speakers/{id}: her profile, visits and requests, change history, and the decisions (approve, reject with a reason, archive).</summary>
public sealed class ProfileModel(SpeakerBackOffice office) : BackOfficePageModel
{
    public SpeakerProfile? Profile { get; private set; }

    /// <summary>The decision just made (after the redirect), to confirm it.</summary>
    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    public string? ReasonError { get; private set; }

    public string? ActionError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) => await ShowAsync(id, "speaker.view", cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(string id, CancellationToken cancellationToken) => DecideAsync(id, SpeakerStatus.Approved, "speaker.approve", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(string id, CancellationToken cancellationToken) => DecideAsync(id, SpeakerStatus.Rejected, "speaker.reject", cancellationToken);

    public Task<IActionResult> OnPostArchiveAsync(string id, CancellationToken cancellationToken) => DecideAsync(id, SpeakerStatus.Archived, "speaker.archive", cancellationToken);

    public string StatusText(SpeakerStatus status) => T("speakers.status." + status.ToString().ToLowerInvariant());

    private async Task<IActionResult> DecideAsync(string id, SpeakerStatus status, string action, CancellationToken cancellationToken)
    {
        var result = await office.DecideAsync(Me, id, status, Reason, cancellationToken);
        if (result.Ok)
        {
            return Redirect($"/admin/speakers/{Uri.EscapeDataString(id)}?done={status.ToString().ToLowerInvariant()}");
        }

        var error = result.Error!;
        if (error.Status == 403)
        {
            return await Forbidden(action, "speaker:" + id);
        }

        if (error.Status == 404)
        {
            return NotFoundPage();
        }

        if (error.Field == "reason")
        {
            ReasonError = Say(error);
        }
        else
        {
            ActionError = Say(error);
        }

        var shown = await ShowAsync(id, action, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return shown;
    }

    private async Task<IActionResult> ShowAsync(string id, string action, CancellationToken cancellationToken)
    {
        var found = await office.ProfileAsync(Me, id, cancellationToken);
        if (found.Error is { Status: 403 })
        {
            return await Forbidden(action, "speaker:" + id);
        }

        if (!found.Ok)
        {
            return NotFoundPage();
        }

        Profile = found.Value;
        return Page();
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
