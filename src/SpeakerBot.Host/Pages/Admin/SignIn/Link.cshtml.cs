using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Admin;
using SpeakerBot.Host.BackOffice;

namespace SpeakerBot.Host.Pages.Admin.SignIn;

/// <summary>
/// The mailed link. Its GET only shows a button: mail scanners open the links they see, and must not use it up.
/// The button's POST uses the link once and opens her session.
/// </summary>
public sealed class SignInLinkModel(BackOfficeSignIn signIn) : BackOfficePageModel
{
    public SignInLinkOutcome Outcome { get; private set; }

    public string? Token { get; private set; }

    public string? Email { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? t, CancellationToken cancellationToken)
    {
        var result = await signIn.PreviewAsync(t, cancellationToken);
        Outcome = result.Outcome;
        Token = t;
        Email = result.Coordinator?.Email;
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string? t, CancellationToken cancellationToken)
    {
        var result = await signIn.ConsumeAsync(t, cancellationToken);
        Outcome = result.Outcome;
        if (result.Outcome == SignInLinkOutcome.Valid)
        {
            await BackOfficeAuth.SignInAsync(HttpContext, result.Coordinator!);
            return Redirect("/admin");
        }

        return Answer();
    }

    private IActionResult Answer()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        if (Outcome != SignInLinkOutcome.Valid)
        {
            Response.StatusCode = Outcome switch
            {
                SignInLinkOutcome.Revoked => StatusCodes.Status403Forbidden,
                SignInLinkOutcome.Invalid => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status410Gone,
            };
        }

        return Page();
    }
}
