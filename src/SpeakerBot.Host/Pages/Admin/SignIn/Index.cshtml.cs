using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SpeakerBot.Admin;
using SpeakerBot.Host.BackOffice;

namespace SpeakerBot.Host.Pages.Admin.SignIn;

/// <summary>
/// /admin/signin: she types her address and a one-time link is mailed if it is a coordinator's. The answer is the same
/// for any well-formed address, so the page never tells who is a coordinator.
/// </summary>
public sealed class SignInModel(BackOfficeSignIn signIn, IOptions<BackOfficeOidcOptions> oidc) : BackOfficePageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public string? EmailError { get; private set; }

    public bool Sent { get; private set; }

    public bool Throttled { get; private set; }

    public bool SignedOut { get; private set; }

    public string? OidcName => oidc.Value.IsConfigured ? oidc.Value.DisplayName : null;

    public IActionResult OnGet(int? signedOut)
    {
        if (SignedIn is not null && signedOut is null)
        {
            return Redirect("/admin");
        }

        SignedOut = signedOut == 1;
        return Page();
    }

    public IActionResult OnGetOidc() => oidc.Value.IsConfigured
        ? Challenge(new AuthenticationProperties { RedirectUri = "/admin" }, BackOfficeAuth.OidcScheme)
        : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        switch (await signIn.RequestAsync(Email, Lang, client, cancellationToken))
        {
            case SignInRequestOutcome.Invalid:
                EmailError = string.IsNullOrWhiteSpace(Email) ? T("signin.email_missing") : T("signin.email_invalid", Email);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case SignInRequestOutcome.Throttled:
                Throttled = true;
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                break;
            default:
                Sent = true;
                Email = Email?.Trim();
                break;
        }

        return Page();
    }
}
