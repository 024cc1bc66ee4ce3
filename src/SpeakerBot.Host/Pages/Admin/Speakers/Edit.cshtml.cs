using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Admin;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Pages.Admin.Speakers;

/// <summary>/admin/speakers/{id}/edit: the profile's fields, checked by the import's rules; a refused field keeps what was typed and says why.</summary>
public sealed class EditModel(SpeakerBackOffice office) : BackOfficePageModel
{
    [BindProperty]
    public SpeakerForm Form { get; set; } = new();

    public Speaker? Speaker { get; private set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await office.Admin.GetSpeakerAsync(Me, id, cancellationToken);
        if (found.Error is { Status: 403 })
        {
            return await Forbidden("speaker.edit", "speaker:" + id);
        }

        if (!found.Ok)
        {
            return NotFound();
        }

        Speaker = found.Value;
        Form = SpeakerForm.From(Speaker!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var found = await office.Admin.GetSpeakerAsync(Me, id, cancellationToken);
        if (found.Error is { Status: 403 })
        {
            return await Forbidden("speaker.update", "speaker:" + id);
        }

        if (!found.Ok)
        {
            return NotFound();
        }

        Speaker = found.Value;
        var edit = await office.SaveAsync(Me, id, Form, cancellationToken);
        if (edit.Error is { Status: 403 })
        {
            return await Forbidden("speaker.update", "speaker:" + id);
        }

        if (edit.Ok)
        {
            return Redirect($"/admin/speakers/{Uri.EscapeDataString(id)}?done=saved");
        }

        Errors = edit.Errors.ToDictionary(e => e.Key, e => edit.Refusals.TryGetValue(e.Key, out var refusal) ? Say(refusal) : e.Value, StringComparer.Ordinal);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var message) ? message : null;
}
