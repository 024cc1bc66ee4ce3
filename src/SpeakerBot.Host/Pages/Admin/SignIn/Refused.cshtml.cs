namespace SpeakerBot.Host.Pages.Admin.SignIn;

/// <summary>Where OpenID Connect sends someone whose address is no active coordinator's.</summary>
public sealed class SignInRefusedModel : BackOfficePageModel
{
    public void OnGet()
    {
    }
}
