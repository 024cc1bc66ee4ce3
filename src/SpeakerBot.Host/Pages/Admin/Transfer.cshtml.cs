using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SpeakerBot.Admin;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Pages.Admin;

/// <summary>
/// /admin/transfer: upload a CSV or JSONL file, read its line-numbered report (dry run, nothing written), then apply the
/// very bytes that were checked (kept server-side under a token); export the speakers list's current filter as CSV.
/// </summary>
[RequestSizeLimit(TransferBackOffice.MaxUploadBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = TransferBackOffice.MaxUploadBytes + 64 * 1024)]
public sealed class TransferModel(TransferBackOffice transfer) : BackOfficePageModel
{
    /// <summary>The report of the check or of the import just applied.</summary>
    public StagedImport? Staged { get; private set; }

    public bool Applied { get; private set; }

    public string? FileError { get; private set; }

    [BindProperty(Name = "token")]
    public string? Token { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (Me.Role != CoordinatorRole.National)
        {
            return await Forbidden("speaker.import", "directory");
        }

        if (file is null || file.Length == 0)
        {
            return Refused(T("speakers.file") + " : " + (Lang == "en" ? "choose a file to check." : "choisissez un fichier à vérifier."));
        }

        using var buffer = new MemoryStream();
        await using (var upload = file.OpenReadStream())
        {
            await upload.CopyToAsync(buffer, cancellationToken);
        }

        var staged = await transfer.DryRunAsync(Me, file.FileName, buffer.ToArray(), cancellationToken);
        if (!staged.Ok)
        {
            return staged.Error!.Status == 403 ? await Forbidden("speaker.import", "directory") : Refused(Say(staged.Error));
        }

        Staged = staged.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken)
    {
        if (Me.Role != CoordinatorRole.National)
        {
            return await Forbidden("speaker.import", "directory");
        }

        var applied = await transfer.ApplyAsync(Me, Token, cancellationToken);
        if (!applied.Ok)
        {
            return Refused(Say(applied.Error!));
        }

        Staged = applied.Value;
        Applied = true;
        return Page();
    }

    /// <summary>GET /admin/transfer?handler=export&amp;q=…: the list's filters, as CSV.</summary>
    public async Task<IActionResult> OnGetExportAsync(
        [FromQuery(Name = "q")] string? text,
        [FromQuery] string? status,
        [FromQuery] string? region,
        [FromQuery] string? sector,
        [FromQuery] string? topic,
        [FromQuery] string? format,
        CancellationToken cancellationToken)
    {
        var query = new SpeakerListQuery { Text = text, Status = status, Region = region, Sector = sector, Topic = topic, Format = format };
        using var output = new MemoryStream();
        var result = await transfer.ExportAsync(Me, query, output, cancellationToken);
        if (result.Error is { Status: 403 })
        {
            return await Forbidden("speaker.export", "region:" + region);
        }

        if (!result.Ok)
        {
            return Refused(Say(result.Error!));
        }

        var name = $"intervenantes-{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
        return File(output.ToArray(), "text/csv; charset=utf-8", name);
    }

    private PageResult Refused(string message)
    {
        FileError = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
