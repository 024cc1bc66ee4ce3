using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using SpeakerBot.Admin;

namespace SpeakerBot.Host.BackOffice;

/// <summary>Optional sign-in with Microsoft Entra ID (or any OpenID Connect provider): set Admin:Oidc:Authority and ClientId.</summary>
public sealed class BackOfficeOidcOptions
{
    public const string SectionName = "Admin:Oidc";

    /// <summary>E.g. https://login.microsoftonline.com/{tenant-id}/v2.0; empty leaves the e-mailed link as the only way in.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Needed by the authorization code flow of a confidential (web) app registration.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>What the provider's button says on the sign-in page.</summary>
    public string DisplayName { get; set; } = "Microsoft Entra ID";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

internal sealed class BackOfficeOidcOptionsValidator : IValidateOptions<BackOfficeOidcOptions>
{
    public ValidateOptionsResult Validate(string? name, BackOfficeOidcOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Authority) != string.IsNullOrWhiteSpace(options.ClientId))
        {
            return ValidateOptionsResult.Fail("Admin:Oidc:Authority and Admin:Oidc:ClientId go together: set both to offer OpenID Connect sign-in, or neither.");
        }

        if (!string.IsNullOrWhiteSpace(options.Authority)
            && (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps))
        {
            return ValidateOptionsResult.Fail($"Admin:Oidc:Authority must be an https:// address, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 (got \"{options.Authority}\").");
        }

        return ValidateOptionsResult.Success;
    }
}

internal static class BackOfficeOidc
{
    public const string CallbackPath = "/admin/signin-oidc";
    public const string RefusedPath = "/admin/signin/refused";

    // Entra puts the address in "email" when the optional claim is configured, else in preferred_username or upn.
    private static readonly string[] EmailClaims = ["email", ClaimTypes.Email, "preferred_username", "upn", ClaimTypes.Upn];

    public static void Configure(OpenIdConnectOptions options, BackOfficeOidcOptions settings)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.ResponseType = "code";
        options.UsePkce = true;
        options.SignInScheme = BackOfficeAuth.Scheme;
        options.CallbackPath = CallbackPath;
        options.SignedOutCallbackPath = "/admin/signout-oidc";
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.Scope.Add("email");
        options.SaveTokens = false;
        options.MapInboundClaims = false;
        options.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = async context =>
            {
                var email = EmailOf(context.Principal);
                var coordinator = await context.HttpContext.RequestServices.GetRequiredService<BackOfficeSignIn>().FindActiveAsync(email, context.HttpContext.RequestAborted);
                if (coordinator is null)
                {
                    context.HandleResponse();
                    context.Response.Redirect(RefusedPath);
                    return;
                }

                // The session holds our coordinator id only, exactly as after an e-mailed link.
                context.Principal = BackOfficeAuth.Principal(coordinator);
            },
        };
    }

    internal static string? EmailOf(ClaimsPrincipal? principal) =>
        EmailClaims.Select(type => principal?.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v) && v.Contains('@', StringComparison.Ordinal));
}
