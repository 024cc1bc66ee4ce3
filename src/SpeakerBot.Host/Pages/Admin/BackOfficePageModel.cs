using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.BackOffice;

namespace SpeakerBot.Host.Pages.Admin;

/// <summary>
/// What every back-office page needs: who is signed in (re-read from the store on this request), her language and the
/// texts in it, and a refusal that is audited. Pages stay thin: the work is in SpeakerBot.Admin's services.
/// </summary>
public abstract class BackOfficePageModel : PageModel
{
    public const string ForbiddenView = "/Pages/Admin/Shared/Forbidden.cshtml";

    /// <summary>The signed-in coordinator; every page outside /admin/signin requires one.</summary>
    public Coordinator Me => BackOfficeAuth.Current(HttpContext)
        ?? throw new InvalidOperationException("No coordinator on this request: the page must require the back-office policy.");

    /// <summary>The signed-in coordinator, or null on the sign-in pages.</summary>
    public Coordinator? SignedIn => BackOfficeAuth.Current(HttpContext);

    public bool IsNational => SignedIn?.Role == CoordinatorRole.National;

    /// <summary>"fr" or "en".</summary>
    public string Lang => BackOfficeLanguage.Of(HttpContext);

    protected BackOfficeTexts Texts => HttpContext.RequestServices.GetRequiredService<BackOfficeTexts>();

    public string T(string key) => Texts.Get(Lang, key);

    public string T(string key, params object?[] args) => Texts.Format(Lang, key, args);

    /// <summary>
    /// An admin refusal in her language: "error.{code}" with its values when the error carries a code (AdminCodes,
    /// ImportRuleCodes), else its French detail as the JSON API gives it.
    /// </summary>
    public string Say(SpeakerBot.Admin.AdminError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var key = "error." + error.Code;
        return error.Code is null || Texts.Get(Lang, key) == key ? error.Detail : T(key, [.. error.Args]);
    }

    /// <summary>An import report's row reason in her language (its rule's code), else the importer's English sentence.</summary>
    public string Say(SpeakerBot.Storage.Import.RejectedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = "error." + row.Code;
        return row.Code is null || Texts.Get(Lang, key) == key ? row.Reason : T(key, [.. row.Args]);
    }

    /// <summary>Audits the refused attempt (who, <paramref name="action"/>, <paramref name="target"/>) and answers 403 with a page.</summary>
    public async Task<IActionResult> Forbidden(string action, string target)
    {
        await BackOffice.Forbidden.AuditAsync(HttpContext, Me, action, target);
        return new ViewResult
        {
            ViewName = ForbiddenView,
            StatusCode = StatusCodes.Status403Forbidden,
            ViewData = new ViewDataDictionary<BackOfficePageModel>(ViewData, this),
        };
    }
}
