using System.Security.Claims;
using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using SpeakerBot.Admin;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.BackOffice;

/// <summary>
/// The back-office's session (decision 120): a cookie holding only the coordinator's id, re-checked against the
/// coordinator store on every request, so a revoked coordinator is out at her next click and a role change applies at once.
/// </summary>
public static class BackOfficeAuth
{
    public const string Scheme = "backoffice";
    public const string OidcScheme = "entra";
    public const string Policy = "coordinator";
    public const string NationalPolicy = "national";
    public const string CookieName = "sb_admin";
    public const string CookiePath = "/admin";
    public const string CoordinatorIdClaim = "sb:coordinator";
    public const string RoleClaim = "sb:role";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
    private const string CurrentKey = "backoffice.coordinator";

    /// <summary>The signed-in coordinator of this request, as the store says now; null when nobody is signed in.</summary>
    public static Coordinator? Current(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(CurrentKey, out var value) ? value as Coordinator : null;
    }

    public static ClaimsPrincipal Principal(Coordinator coordinator)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var identity = new ClaimsIdentity(
            [
                new Claim(CoordinatorIdClaim, coordinator.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, coordinator.Email),
                new Claim(RoleClaim, coordinator.Role == CoordinatorRole.National ? "national" : "regional"),
            ],
            Scheme,
            ClaimTypes.Name,
            RoleClaim);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Starts her session (after a sign-in link or OpenID Connect).</summary>
    public static Task SignInAsync(HttpContext http, Coordinator coordinator)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[CurrentKey] = coordinator;
        return http.SignInAsync(Scheme, Principal(coordinator), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>Cookie scheme, policies, Razor Pages under /admin with their folder convention, texts, optional OpenID Connect.</summary>
    public static IServiceCollection AddBackOffice(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<BackOfficeOidcOptions>().BindConfiguration(BackOfficeOidcOptions.SectionName);
        services.AddSingleton<IValidateOptions<BackOfficeOidcOptions>, BackOfficeOidcOptionsValidator>();
        services.AddSingleton<BackOfficeTexts>();
        services.AddSingleton<BackOfficeNav>();
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        // Razor encodes < > & " ' always; this only keeps French letters as letters instead of &#xE9; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        var authentication = services.AddAuthentication(Scheme).AddCookie(Scheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.Path = CookiePath;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = SessionLifetime;
            options.SlidingExpiration = true;
            options.LoginPath = "/admin/signin";
            options.LogoutPath = "/admin/signout";
            options.ReturnUrlParameter = "returnUrl";
            options.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = ValidateAsync,
                OnRedirectToAccessDenied = RefuseAsync,
            };
        });

        var oidc = configuration.GetSection(BackOfficeOidcOptions.SectionName).Get<BackOfficeOidcOptions>();
        if (oidc?.IsConfigured == true)
        {
            authentication.AddOpenIdConnect(OidcScheme, "Microsoft Entra ID", options => BackOfficeOidc.Configure(options, oidc));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(CoordinatorIdClaim))
            .AddPolicy(NationalPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(RoleClaim, "national"));

        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Admin", Policy);
            options.Conventions.AllowAnonymousToFolder("/Admin/SignIn");
            options.Conventions.AllowAnonymousToPage("/Admin/SignOut");
        });
        return services;
    }

    /// <summary>Authentication, authorization, the ?lang= memory and the pages; call after the static files.</summary>
    public static WebApplication MapBackOffice(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(BackOfficeLanguage.RememberAsync);
        app.MapRazorPages();
        return app;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var idText = context.Principal?.FindFirst(CoordinatorIdClaim)?.Value;
        Coordinator? coordinator = null;
        if (long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var store = context.HttpContext.RequestServices.GetRequiredService<ICoordinatorStore>();
            coordinator = (await store.GetCredentialAsync(id, context.HttpContext.RequestAborted))?.Coordinator;
        }

        if (coordinator is null || !coordinator.IsActive)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.HttpContext.Items[CurrentKey] = coordinator;
        context.ReplacePrincipal(Principal(coordinator));
    }

    /// <summary>A coordinator refused by a policy gets 403 and an audit entry, not a redirect.</summary>
    private static async Task RefuseAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        if (Current(http) is { } who)
        {
            await Forbidden.AuditAsync(http, who, "page", http.Request.Path.Value ?? "/admin");
        }

        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        var texts = http.RequestServices.GetRequiredService<BackOfficeTexts>();
        var lang = BackOfficeLanguage.Of(http);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{System.Net.WebUtility.HtmlEncode(texts.Get(lang, "forbidden.title"))}</title><link rel=\"stylesheet\" href=\"/admin/admin.css\"></head>"
            + $"<body><main id=\"main\"><h1>{System.Net.WebUtility.HtmlEncode(texts.Get(lang, "forbidden.title"))}</h1><p>{System.Net.WebUtility.HtmlEncode(texts.Get(lang, "forbidden.text"))}</p><p><a href=\"/admin\">{System.Net.WebUtility.HtmlEncode(texts.Get(lang, "nav.home"))}</a></p></main></body></html>");
    }
}

/// <summary>Audit of refused back-office actions.</summary>
public static class Forbidden
{
    public const string AuditAction = "access.refused";

    public static Task AuditAsync(HttpContext http, Coordinator who, string action, string target)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(who);
        return http.RequestServices.GetRequiredService<ICoordinatorStore>().AppendAuditAsync(
            new AuditEntry
            {
                Actor = who.Actor,
                Action = AuditAction,
                Target = target,
                At = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                AfterJson = System.Text.Json.JsonSerializer.Serialize(new { action, method = http.Request.Method, path = http.Request.Path.Value }),
            },
            http.RequestAborted);
    }
}
