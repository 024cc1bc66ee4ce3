using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SpeakerBot.Bookings;

namespace SpeakerBot.Host.Tests.BackOffice;

/// <summary>
/// The back-office as a coordinator uses it: sign-in through the real flow (the form, the mail the outbox delivers to
/// the pickup folder, the link and its button), an axe-core pass, screenshots kept under TestResults/screenshots.
/// </summary>
internal static partial class BackOfficeBrowser
{
    public static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>A new browser context signed in as <paramref name="email"/> (an active coordinator), on /admin.</summary>
    public static async Task<IPage> SignInAsync(HeadlessChromium chromium, HostFactory factory, string email, string locale = "fr-FR", int width = 1200)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        ArgumentNullException.ThrowIfNull(factory);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            BaseURL = factory.ServerAddress.ToString(),
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var link = await RequestLinkAsync(page, factory, email);
        await page.GotoAsync(link.PathAndQuery);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin$"));
        return page;
    }

    /// <summary>Fills /admin/signin with <paramref name="email"/> and returns the link mailed to her (on the test host).</summary>
    public static async Task<Uri> RequestLinkAsync(IPage page, HostFactory factory, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(factory);
        var before = MailFiles(factory);
        await page.GotoAsync("/admin/signin");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#sent")).ToBeVisibleAsync();
        return await MailedLinkAsync(factory, email, before);
    }

    /// <summary>The sign-in link of the newest mail to <paramref name="email"/> not among <paramref name="before"/>, pointed at the test host.</summary>
    public static async Task<Uri> MailedLinkAsync(HostFactory factory, string email, IReadOnlySet<string> before)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(before);
        var body = await NewMailAsync(factory, email, before) ?? throw new Xunit.Sdk.XunitException($"no sign-in mail to {email} in the outbox");
        var match = LinkPattern().Match(body);
        Assert.True(match.Success, "no sign-in link in the mail: " + body);
        // The mail uses Bookings:PublicBaseUrl; the test host listens on its own port.
        return new Uri(factory.ServerAddress, new Uri(match.Value).PathAndQuery.TrimStart('/'));
    }

    /// <summary>Delivers the outbox to the pickup folder and returns the plain-text body of the new mail to <paramref name="email"/>.</summary>
    public static async Task<string?> NewMailAsync(HostFactory factory, string email, IReadOnlySet<string> before)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(before);
        await factory.Services.GetRequiredService<OutboxSender>().SendDueAsync();
        foreach (var file in MailFiles(factory).Except(before).Order(StringComparer.Ordinal))
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase)))
            {
                return message.TextBody;
            }
        }

        return null;
    }

    /// <summary>The .eml files in the host's pickup folder now.</summary>
    public static IReadOnlySet<string> MailFiles(HostFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var folder = Path.GetFullPath(factory.Services.GetRequiredService<IOptions<BookingOptions>>().Value.PickupDirectory);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>axe-core (Deque.AxeCore.Playwright) on the page as it is now: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var results = await page.RunAxe();
        var blocking = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"axe-core on {page.Url}:\n" + string.Join("\n", blocking));
    }

    /// <summary>A full-page PNG under TestResults/screenshots/<paramref name="name"/>.png.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 5_000, $"the screenshot {path} is suspiciously small");
        return path;
    }

    /// <summary>An HttpClient (cookies on, redirects off) signed in as <paramref name="email"/> through the mailed link.</summary>
    public static async Task<HttpClient> SignInClientAsync(HostFactory factory, string email)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = factory.ServerAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var before = MailFiles(factory);
        var asked = await PostFormAsync(client, "admin/signin", new() { ["email"] = email });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var link = await MailedLinkAsync(factory, email, before);
        var opened = await PostFormAsync(client, link.PathAndQuery.TrimStart('/'), new() { ["t"] = Token(link) });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return client;
    }

    /// <summary>GETs <paramref name="path"/>, then POSTs its form with the antiforgery token it carried plus <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? formPath = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var token = AntiforgeryPattern().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {path}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(new Uri(formPath ?? path, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    public static string Token(Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        return query["t"].ToString();
    }

    [GeneratedRegex(@"https?://\S+/admin/signin/link\?\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}
