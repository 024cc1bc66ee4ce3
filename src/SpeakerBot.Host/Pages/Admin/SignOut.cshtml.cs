using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Host.BackOffice;

namespace SpeakerBot.Host.Pages.Admin;

/// <summary>POST ends the session; a GET (a typed or prefetched URL) changes nothing.</summary>
public sealed class SignOutModel : BackOfficePageModel
{
    public IActionResult OnGet() => RedirectToPage("/Admin/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(BackOfficeAuth.Scheme);
        return RedirectToPage("/Admin/SignIn/Index", new { signedOut = 1 });
    }
}
