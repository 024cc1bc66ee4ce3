using Microsoft.Playwright;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// Debian's chromium driven by Playwright, headless and without the background networking this closed machine refuses.
/// Null when chromium is missing: the tests using it are [ChromiumFact], skipped (or failed under CI) in that case.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium?> LaunchAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
        {
            return null;
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
