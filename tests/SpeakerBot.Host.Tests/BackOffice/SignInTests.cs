using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SpeakerBot.Admin;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.BackOffice;
using SpeakerBot.Host.Tests.Admin;

namespace SpeakerBot.Host.Tests.BackOffice;

/// <summary>The back-office sign-in over plain HTTP: the mailed link, the session cookie, antiforgery, no enumeration.</summary>
[Trait("Category", "Security")]
public sealed partial class SignInTests : IAsyncLifetime
{
    private const string Anne = "anne.nationale@reseau.example";
    private readonly AdminHost _host = new();

    public async Task InitializeAsync() => await _host.TokenAsync(Anne, CoordinatorRole.National);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Opening_the_link_sets_an_httponly_samesite_session_cookie_scoped_to_admin_and_the_home_page_greets_her()
    {
        using var client = NewClient();
        var before = BackOfficeBrowser.MailFiles(_host.Factory);
        await BackOfficeBrowser.PostFormAsync(client, "admin/signin", new() { ["email"] = Anne });
        var link = await BackOfficeBrowser.MailedLinkAsync(_host.Factory, Anne, before);

        var opened = await BackOfficeBrowser.PostFormAsync(client, link.PathAndQuery.TrimStart('/'), new() { ["t"] = BackOfficeBrowser.Token(link) });

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/admin", opened.Headers.Location!.OriginalString);
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sb_admin=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/admin", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("expires=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
        var home = await client.GetStringAsync(new Uri("admin", UriKind.Relative));
        Assert.Contains("Bonjour " + Anne, home, StringComparison.Ordinal);
        var options = _host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(BackOfficeAuth.Scheme);
        Assert.Equal((CookieSecurePolicy.SameAsRequest, TimeSpan.FromHours(8), true), (options.Cookie.SecurePolicy, options.ExpireTimeSpan, options.SlidingExpiration));
    }

    [Fact]
    public async Task The_mailed_link_goes_through_the_outbox_and_its_get_does_not_use_it_up()
    {
        using var client = NewClient();
        var before = BackOfficeBrowser.MailFiles(_host.Factory);
        await BackOfficeBrowser.PostFormAsync(client, "admin/signin", new() { ["email"] = Anne });
        var body = await BackOfficeBrowser.NewMailAsync(_host.Factory, Anne, before);
        var link = await BackOfficeBrowser.MailedLinkAsync(_host.Factory, Anne, before);

        // A mail scanner opening the link twice must not burn it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(link.PathAndQuery.TrimStart('/'), UriKind.Relative))).StatusCode);
        var page = await client.GetStringAsync(new Uri(link.PathAndQuery.TrimStart('/'), UriKind.Relative));

        Assert.Contains("15 minutes", body, StringComparison.Ordinal);
        Assert.Contains("Vous allez vous connecter en tant que " + Anne, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await BackOfficeBrowser.PostFormAsync(client, link.PathAndQuery.TrimStart('/'), new() { ["t"] = BackOfficeBrowser.Token(link) })).StatusCode);
    }

    [Fact]
    public async Task A_reused_an_expired_and_a_forged_link_are_refused_with_a_page_that_offers_a_new_one()
    {
        var signIn = _host.Services.GetRequiredService<BackOfficeSignIn>();
        var anne = (await _host.Services.GetRequiredService<CoordinatorService>().ListAsync()).Single(c => c.Email == Anne);
        var (genuine, _) = await signIn.CreateTokenAsync(anne.Id, DateTimeOffset.UtcNow.AddMinutes(15), default);
        var (expired, _) = await signIn.CreateTokenAsync(anne.Id, DateTimeOffset.UtcNow.AddMinutes(-1), default);
        var forged = genuine[..^3] + (genuine[^3] == 'A' ? "B" : "A") + genuine[^2..];

        var used = await OpenAsync(genuine);
        var reused = await OpenAsync(genuine);
        var late = await OpenAsync(expired);
        var altered = await OpenAsync(forged);
        var empty = await OpenAsync(string.Empty);

        Assert.Equal(HttpStatusCode.Redirect, used.Status);
        Assert.Equal((HttpStatusCode.Gone, true), (reused.Status, reused.Html.Contains("Ce lien a déjà servi", StringComparison.Ordinal)));
        Assert.Equal((HttpStatusCode.Gone, true), (late.Status, late.Html.Contains("Ce lien a expiré", StringComparison.Ordinal)));
        Assert.Equal((HttpStatusCode.BadRequest, true), (altered.Status, altered.Html.Contains("data-outcome=\"invalid\"", StringComparison.Ordinal)));
        Assert.Contains("Ce lien n&#x27;est pas valide", altered.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.All(new[] { reused, late, altered, empty }, r => Assert.Contains("href=\"/admin/signin\"", r.Html, StringComparison.Ordinal));
        Assert.All(new[] { reused, late, altered, empty }, r => Assert.Null(r.SessionCookie));
    }

    [Fact]
    public async Task The_answer_is_the_same_for_an_unknown_address_and_nothing_is_mailed_to_it()
    {
        using var client = NewClient();
        var before = BackOfficeBrowser.MailFiles(_host.Factory);

        var known = await BackOfficeBrowser.PostFormAsync(client, "admin/signin", new() { ["email"] = Anne });
        var unknown = await BackOfficeBrowser.PostFormAsync(client, "admin/signin", new() { ["email"] = "personne@ailleurs.example" });

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(Normalise(await known.Content.ReadAsStringAsync(), Anne), Normalise(await unknown.Content.ReadAsStringAsync(), "personne@ailleurs.example"));
        Assert.Null(await BackOfficeBrowser.NewMailAsync(_host.Factory, "personne@ailleurs.example", before));
        Assert.NotNull(await BackOfficeBrowser.NewMailAsync(_host.Factory, Anne, before));
    }

    [Fact]
    public async Task A_bad_address_gets_the_field_message_and_keeps_what_was_typed()
    {
        using var client = NewClient();

        var response = await BackOfficeBrowser.PostFormAsync(client, "admin/signin", new() { ["email"] = "anne.reseau.example" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"email-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"anne.reseau.example\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_five_requests_for_one_address_are_throttled_and_mail_nothing_more()
    {
        using var client = NewClient();
        var before = BackOfficeBrowser.MailFiles(_host.Factory);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < BackOfficeSignIn.RequestsPerAddress + 1; i++)
        {
            statuses.Add((await BackOfficeBrowser.PostFormAsync(client, "admin/signin", new() { ["email"] = Anne })).StatusCode);
        }

        await BackOfficeBrowser.NewMailAsync(_host.Factory, Anne, before);
        var mailed = BackOfficeBrowser.MailFiles(_host.Factory).Except(before).Count();

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, BackOfficeSignIn.RequestsPerAddress).Append(HttpStatusCode.TooManyRequests), statuses);
        Assert.Equal(BackOfficeSignIn.RequestsPerAddress, mailed);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_mails_nothing()
    {
        using var client = NewClient();
        var before = BackOfficeBrowser.MailFiles(_host.Factory);

        var response = await client.PostAsync(new Uri("admin/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Anne }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await BackOfficeBrowser.NewMailAsync(_host.Factory, Anne, before));
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_a_revoked_coordinator_is_out_at_her_next_request()
    {
        await _host.TokenAsync("paul.regional@reseau.example", CoordinatorRole.Regional, "bretagne");
        using var anne = await BackOfficeBrowser.SignInClientAsync(_host.Factory, Anne);
        using var paul = await BackOfficeBrowser.SignInClientAsync(_host.Factory, "paul.regional@reseau.example");
        Assert.Equal(HttpStatusCode.OK, (await anne.GetAsync(new Uri("admin", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await paul.GetAsync(new Uri("admin", UriKind.Relative))).StatusCode);

        var signedOut = await BackOfficeBrowser.PostFormAsync(anne, "admin", new(), "admin/signout");
        await _host.Services.GetRequiredService<CoordinatorService>().RevokeAsync("paul.regional@reseau.example", "test");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/admin/signin", await RedirectPathAsync(anne, "admin"));
        Assert.Equal("/admin/signin", await RedirectPathAsync(paul, "admin"));
    }

    [Fact]
    public async Task The_page_is_english_when_the_browser_prefers_it_or_when_asked_and_french_otherwise()
    {
        using var client = NewClient();
        using var english = new HttpRequestMessage(HttpMethod.Get, new Uri("admin/signin", UriKind.Relative));
        english.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9,fr;q=0.3");

        var french = await client.GetStringAsync(new Uri("admin/signin", UriKind.Relative));
        var preferred = await (await client.SendAsync(english)).Content.ReadAsStringAsync();
        var asked = await client.GetStringAsync(new Uri("admin/signin?lang=en", UriKind.Relative));
        var remembered = await client.GetStringAsync(new Uri("admin/signin", UriKind.Relative));

        Assert.Contains("<html lang=\"fr\">", french, StringComparison.Ordinal);
        Assert.Contains("Recevoir le lien de connexion", french, StringComparison.Ordinal);
        Assert.All(new[] { preferred, asked, remembered }, html => Assert.Contains("Send me a sign-in link", html, StringComparison.Ordinal));
        Assert.All(new[] { preferred, asked, remembered }, html => Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bearer_token_still_opens_the_admin_api_and_the_cookie_does_not()
    {
        var token = await _host.TokenAsync("script@reseau.example", CoordinatorRole.National);
        using var cookie = await BackOfficeBrowser.SignInClientAsync(_host.Factory, Anne);
        using var bearer = _host.Client(token);

        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(new Uri("api/admin/speakers?take=1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync(new Uri("api/admin/speakers?take=1", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task OpenId_connect_is_offered_only_when_configured_and_maps_to_the_callback_and_the_session_cookie()
    {
        await using var configured = new AdminHost(new()
        {
            ["Admin:Oidc:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
            ["Admin:Oidc:ClientId"] = "back-office-client",
            ["Admin:Oidc:ClientSecret"] = "not-a-real-secret",
        });
        var schemes = configured.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var oidc = configured.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(BackOfficeAuth.OidcScheme);
        using var client = configured.Client();

        Assert.NotNull(await schemes.GetSchemeAsync(BackOfficeAuth.OidcScheme));
        Assert.Null(await _host.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(BackOfficeAuth.OidcScheme));
        Assert.Equal(("back-office-client", BackOfficeAuth.Scheme, "/admin/signin-oidc", "code", true), (oidc.ClientId, oidc.SignInScheme, oidc.CallbackPath.Value, oidc.ResponseType, oidc.UsePkce));
        Assert.Contains("Se connecter avec Microsoft Entra ID", await client.GetStringAsync(new Uri("admin/signin", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("handler=oidc", await _host.Client().GetStringAsync(new Uri("admin/signin", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client().GetAsync(new Uri("admin/signin?handler=oidc", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task OpenId_connect_maps_the_account_address_to_an_active_coordinator_only()
    {
        var signIn = _host.Services.GetRequiredService<BackOfficeSignIn>();
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("preferred_username", "Anne.Nationale@Reseau.example")]));

        var email = BackOfficeOidc.EmailOf(principal);

        Assert.Equal(Anne, (await signIn.FindActiveAsync(email))?.Email);
        Assert.Null(await signIn.FindActiveAsync("someone@tenant.example"));
        Assert.Null(BackOfficeOidc.EmailOf(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("name", "Anne")]))));
    }

    [Fact]
    public void An_authority_without_a_client_id_or_over_http_stops_start_up_with_the_setting_named()
    {
        var validator = new BackOfficeOidcOptionsValidator();

        var half = validator.Validate(null, new BackOfficeOidcOptions { Authority = "https://login.microsoftonline.com/t/v2.0" });
        var plain = validator.Validate(null, new BackOfficeOidcOptions { Authority = "http://idp.example", ClientId = "x" });

        Assert.Contains("Admin:Oidc:ClientId", half.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Admin:Oidc:Authority must be an https://", plain.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new BackOfficeOidcOptions()).Succeeded);
    }

    private HttpClient NewClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = _host.Address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Posts the link's button from a browser of its own, with the antiforgery token of the sign-in page.</summary>
    private async Task<(HttpStatusCode Status, string Html, string? SessionCookie)> OpenAsync(string token)
    {
        using var client = NewClient();
        var response = await BackOfficeBrowser.PostFormAsync(client, "admin/signin", new() { ["t"] = token }, "admin/signin/link?t=" + Uri.EscapeDataString(token));
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault(c => c.StartsWith("sb_admin=", StringComparison.Ordinal) && !c.StartsWith("sb_admin=;", StringComparison.Ordinal)) : null;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), cookie);
    }

    private async Task<string?> RedirectPathAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode == HttpStatusCode.Redirect ? new Uri(_host.Address, response.Headers.Location!).AbsolutePath : null;
    }

    private static string Normalise(string html, string email) =>
        AntiforgeryValue().Replace(html, "value=\"token\"").Replace(email, "EMAIL", StringComparison.Ordinal);

    [GeneratedRegex("value=\"CfDJ8[^\"]+\"")]
    private static partial Regex AntiforgeryValue();
}
