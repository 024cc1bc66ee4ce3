using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;

namespace SpeakerBot.Host.Tests.BackOffice;

/// <summary>Two hosts on one PostgreSQL database: a sign-in link mailed by one opens a session on the other, once.</summary>
[Trait("Category", "Security")]
public sealed class SignInInstancesTests : IAsyncLifetime
{
    private const string Anne = "anne.instances@reseau.example";
    private readonly List<HostFactory> _hosts = [];
    private PostgresTestDatabase? _database;

    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.Server is null)
        {
            return;
        }

        _database = await PostgresTestDatabase.CreateAsync();
        for (var i = 0; i < 2; i++)
        {
            var host = new HostFactory(new()
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:PostgresConnectionString"] = _database.ConnectionString,
                ["Bookings:RunBackgroundServices"] = "false",
                ["Admin:RunRetentionJob"] = "false",
            });
            _ = host.ServerAddress;
            _hosts.Add(host);
        }

        Assert.True((await _hosts[0].Services.GetRequiredService<CoordinatorService>().AddAsync(Anne, "national", [], "test")).Ok);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task A_link_mailed_by_one_instance_signs_in_on_the_other_and_cannot_be_replayed_on_either()
    {
        var (first, second) = (_hosts[0], _hosts[1]);
        using var asker = Client(first);
        var before = BackOfficeBrowser.MailFiles(first);
        await BackOfficeBrowser.PostFormAsync(asker, "admin/signin", new() { ["email"] = Anne });
        var link = await BackOfficeBrowser.MailedLinkAsync(first, Anne, before);
        var path = link.PathAndQuery.TrimStart('/');
        var token = BackOfficeBrowser.Token(link);

        using var onSecond = Client(second);
        var opened = await BackOfficeBrowser.PostFormAsync(onSecond, "admin/signin", new() { ["t"] = token }, path);
        using var replayFirst = Client(first);
        var replayedOnFirst = await BackOfficeBrowser.PostFormAsync(replayFirst, "admin/signin", new() { ["t"] = token }, path);
        using var replaySecond = Client(second);
        var replayedOnSecond = await BackOfficeBrowser.PostFormAsync(replaySecond, "admin/signin", new() { ["t"] = token }, path);

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync(new Uri("admin", UriKind.Relative))).StatusCode);
        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone), (replayedOnFirst.StatusCode, replayedOnSecond.StatusCode));
        Assert.Contains("Ce lien a déjà servi", await replayedOnFirst.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpClient Client(HostFactory host) => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = host.ServerAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
