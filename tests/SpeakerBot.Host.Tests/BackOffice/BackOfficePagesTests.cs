using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SpeakerBot.Admin;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.Tests.Admin;

namespace SpeakerBot.Host.Tests.BackOffice;

/// <summary>Sign-in, sign-out and the coordinators page in headless chromium: the real flow, axe-core, screenshots.</summary>
public sealed class BackOfficePagesTests : IAsyncLifetime
{
    private const string National = "nadia.nationale@reseau.example";
    private const string Regional = "rose.regionale@reseau.example";
    private readonly AdminHost _host = new();
    private HeadlessChromium? _chromium;

    public async Task InitializeAsync()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        await _host.TokenAsync(National, CoordinatorRole.National);
        await _host.TokenAsync(Regional, CoordinatorRole.Regional, "bretagne");
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    [ChromiumFact]
    public async Task She_signs_in_with_the_mailed_link_sees_her_home_and_signs_out()
    {
        Assert.NotNull(_chromium);
        var context = await _chromium.Browser.NewContextAsync(new() { Locale = "fr-FR", BaseURL = _host.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/signin"));
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "backoffice-signin");
        var link = await BackOfficeBrowser.RequestLinkAsync(page, _host.Factory, National);
        await BackOfficeBrowser.AssertAccessibleAsync(page);

        await page.GotoAsync(link.PathAndQuery);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Connexion");
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Me connecter" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Accueil");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Coordinatrices" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".who")).ToHaveTextAsync(National);
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "backoffice-home");

        await page.GetByRole(AriaRole.Button, new() { Name = "Déconnexion" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Vous êtes déconnectée.");
        await page.GotoAsync("/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/signin"));
    }

    [ChromiumFact]
    public async Task A_used_link_opened_again_shows_a_refusal_with_a_way_to_ask_for_a_new_one()
    {
        Assert.NotNull(_chromium);
        var page = await BackOfficeBrowser.SignInAsync(_chromium, _host.Factory, National);
        var context = await _chromium.Browser.NewContextAsync(new() { Locale = "fr-FR", BaseURL = _host.Address.ToString() });
        var other = await context.NewPageAsync();
        var link = await BackOfficeBrowser.RequestLinkAsync(other, _host.Factory, National);
        await other.GotoAsync(link.PathAndQuery);
        await other.GetByRole(AriaRole.Button, new() { Name = "Me connecter" }).ClickAsync();
        await Assertions.Expect(other).ToHaveURLAsync(new Regex("/admin$"));

        var third = await (await _chromium.Browser.NewContextAsync(new() { Locale = "fr-FR", BaseURL = _host.Address.ToString() })).NewPageAsync();
        await third.GotoAsync(link.PathAndQuery);
        await third.GetByRole(AriaRole.Button, new() { Name = "Me connecter" }).ClickAsync();

        await Assertions.Expect(third.Locator("main h1")).ToHaveTextAsync("Lien de connexion refusé");
        await Assertions.Expect(third.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ce lien a déjà servi");
        await BackOfficeBrowser.AssertAccessibleAsync(third);
        await BackOfficeBrowser.ScreenshotAsync(third, "backoffice-link-used");
        await third.GetByRole(AriaRole.Link, new() { Name = "Demander un nouveau lien" }).ClickAsync();
        await Assertions.Expect(third.Locator("#email")).ToBeVisibleAsync();
        Assert.EndsWith("/admin", page.Url, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_regional_coordinator_gets_403_on_the_coordinators_page_and_the_attempt_is_audited()
    {
        Assert.NotNull(_chromium);
        var store = _host.Services.GetRequiredService<ICoordinatorStore>();
        static string Describe(IEnumerable<Coordinator> list) => string.Join("; ", list.Select(c => $"{c.Id} {c.Email} {c.Role} {string.Join(",", c.Regions)} {c.IsActive}"));
        var before = Describe(await store.ListAsync());
        var page = await BackOfficeBrowser.SignInAsync(_chromium, _host.Factory, Regional);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Coordinatrices" })).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/admin/coordinators");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Accès refusé");
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        // She forges the invite with her own valid antiforgery token (any page of hers carries one).
        var forged = await page.EvaluateAsync<int>("""
            async () => {
              const token = document.querySelector('input[name=__RequestVerificationToken]').value;
              const body = new URLSearchParams({ __RequestVerificationToken: token, InviteEmail: 'intruse@reseau.example', InviteRole: 'national' });
              return (await fetch('/admin/coordinators?handler=invite', { method: 'POST', body })).status;
            }
            """);
        Assert.Equal(403, forged);
        Assert.Equal(before, Describe(await store.ListAsync()));
        var refused = (await store.ReadAuditAsync("coordinators")).Where(e => e.Action == "access.refused").ToList();
        Assert.Contains(refused, e => e.Actor.EndsWith(":" + Regional, StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task A_national_coordinator_invites_corrects_her_typing_changes_regions_and_revokes_and_the_revoked_one_is_out()
    {
        Assert.NotNull(_chromium);
        const string Invitee = "ines.invitee@reseau.example";
        var page = await BackOfficeBrowser.SignInAsync(_chromium, _host.Factory, National);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Coordinatrices" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Coordinatrices");
        await BackOfficeBrowser.AssertAccessibleAsync(page);

        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("ines.invitee@");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#invite-email-error")).ToContainTextAsync("n'est pas une adresse e-mail valide");
        await Assertions.Expect(page.Locator("#invite-regions-error")).ToContainTextAsync("Cochez au moins une région");
        await Assertions.Expect(page.Locator("#invite-email")).ToHaveValueAsync("ines.invitee@");
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "backoffice-coordinators-errors");

        var mails = BackOfficeBrowser.MailFiles(_host.Factory);
        await page.Locator("#invite-email").FillAsync(Invitee);
        await page.Locator("#invite-regions").GetByLabel("Bretagne").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync(Invitee + " est invitée");
        var row = page.Locator($"#coordinators tr[data-email='{Invitee}']");
        await Assertions.Expect(row).ToContainTextAsync("Bretagne");

        // The invitee opens the mail she got and is in.
        var link = await BackOfficeBrowser.MailedLinkAsync(_host.Factory, Invitee, mails);
        var invitee = await (await _chromium.Browser.NewContextAsync(new() { Locale = "fr-FR", BaseURL = _host.Address.ToString() })).NewPageAsync();
        await invitee.GotoAsync(link.PathAndQuery);
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Me connecter" }).ClickAsync();
        await Assertions.Expect(invitee.Locator(".who")).ToHaveTextAsync(Invitee);

        await row.GetByRole(AriaRole.Link, new() { Name = $"Modifier ({Invitee})" }).ClickAsync();
        await page.Locator("#edit-regions").GetByLabel("Normandie").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("sont enregistrés");
        await Assertions.Expect(row).ToContainTextAsync("Bretagne, Normandie");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Retirer l'accès ({Invitee})" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("est retiré");
        await Assertions.Expect(row).ToContainTextAsync("Accès retiré le");
        await invitee.ReloadAsync();
        await Assertions.Expect(invitee).ToHaveURLAsync(new Regex("/admin/signin"));
        var audit = await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("coordinator:");
        Assert.Contains(audit, e => e.Action == "coordinator.update" && e.Actor.EndsWith(":" + National, StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "coordinator.revoke" && e.Actor.EndsWith(":" + National, StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task The_coordinators_page_works_on_a_375px_phone_in_english()
    {
        Assert.NotNull(_chromium);
        var page = await BackOfficeBrowser.SignInAsync(_chromium, _host.Factory, National, "en-GB", width: 375);

        await page.GotoAsync("/admin/coordinators");

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Coordinators");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone");
        await BackOfficeBrowser.AssertAccessibleAsync(page);
        await BackOfficeBrowser.ScreenshotAsync(page, "backoffice-coordinators-phone-en");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(".skip")).ToBeFocusedAsync();
    }
}
