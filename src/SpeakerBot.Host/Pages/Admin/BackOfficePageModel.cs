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
