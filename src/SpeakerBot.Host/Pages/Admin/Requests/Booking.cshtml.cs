using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Admin;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Pages.Admin.Requests;

/// <summary>
/// /admin/requests/{reference}: one booking with its actions (confirm, decline, cancel with a reason, reassign to a
/// suggested or chosen speaker). Every action goes through AdminService, so the rules and their e-mails apply; a
/// booking outside her regions is refused (403, audited) and nothing changes.
/// </summary>
public sealed class BookingModel(AdminService admin, RequestsBoard board) : BackOfficePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Reference { get; set; } = string.Empty;

    public BookingView View { get; private set; } = null!;

    public IReadOnlyList<Suggestion> Suggestions { get; private set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? SpeakerId { get; set; }

    [BindProperty]
    public string? FromSpeakerId { get; set; }

    /// <summary>What was done, shown once after the redirect.</summary>
    [TempData]
    public string? Done { get; set; }

    /// <summary>Why the action was refused by the rules (the state changed, the speaker is busy…).</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync("booking.view", cancellationToken) ?? Page();

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken) =>
        ActAsync("booking.confirm", "requests.done_confirm", () => admin.ConfirmAsync(Me, Reference, Blank(FromSpeakerId), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken cancellationToken) =>
        ActAsync("booking.decline", "requests.done_decline", () => admin.DeclineAsync(Me, Reference, Blank(FromSpeakerId), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError(nameof(Reason), T("requests.reason_missing"));
        }
        else if (Reason.Trim().Length > 500)
        {
            ModelState.AddModelError(nameof(Reason), T("requests.reason_long", Reason.Trim().Length));
        }

        return ActAsync("booking.cancel", "requests.done_cancel", () => admin.CancelAsync(Me, Reference, Reason!.Trim(), cancellationToken), cancellationToken);
    }

    public Task<IActionResult> OnPostReassignAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(SpeakerId))
        {
            ModelState.AddModelError(nameof(SpeakerId), T("requests.speaker_missing"));
        }

        return ActAsync("booking.reassign", "requests.done_reassign", () => admin.ReassignAsync(Me, Reference, Blank(FromSpeakerId), SpeakerId!.Trim(), cancellationToken), cancellationToken);
    }

    private async Task<IActionResult> ActAsync(string action, string doneKey, Func<Task<AdminResult<BookingView>>> act, CancellationToken cancellationToken)
    {
        // The booking is read (and her scope checked) before anything else: a forged reference is refused and audited.
        if (await LoadAsync(action, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await act();
        if (result.Ok)
        {
            Done = T(doneKey, Reference);
            return RedirectToPage(new { reference = Reference });
        }

        var error = result.Error!;
        if (error.Status == StatusCodes.Status403Forbidden)
        {
            return await Forbidden(action, "booking:" + Reference);
        }

        if (error.Field is "speakerId")
        {
            ModelState.AddModelError(nameof(SpeakerId), Say(error));
        }
        else
        {
            Refusal = Say(error);
        }

        return Page();
    }

    /// <summary>Reads the booking within her scope and the suggestions; an IActionResult when she may not see it.</summary>
    private async Task<IActionResult?> LoadAsync(string action, CancellationToken cancellationToken)
    {
        var found = await admin.GetBookingAsync(Me, Reference, cancellationToken);
        if (!found.Ok)
        {
            return found.Error!.Status == StatusCodes.Status403Forbidden
                ? await Forbidden(action, "booking:" + Reference)
                : NotFound();
        }

        View = found.Value!;
        if (View.Booking.Status is BookingStatus.Requested or BookingStatus.Accepted or BookingStatus.Declined or BookingStatus.Expired)
        {
            var suggestions = await board.SuggestAsync(Me, Reference, cancellationToken: cancellationToken);
            Suggestions = suggestions.Ok ? suggestions.Value! : [];
        }

        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
