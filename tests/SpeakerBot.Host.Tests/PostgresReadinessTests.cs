using System.Net;
using System.Text.Json;

namespace SpeakerBot.Host.Tests;

/// <summary>A host on PostgreSQL leaves the load balancer's rotation when its database goes away.</summary>
public sealed class PostgresReadinessTests
{
    [PostgresFact]
    public async Task Readyz_turns_503_naming_the_setting_when_the_database_becomes_unreachable()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        await using var host = new HostFactory(new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:PostgresConnectionString"] = database.ConnectionString,
        });
        using var http = host.CreateRealClient();
        using (var ready = await http.GetAsync("readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // The database disappears under the running instance (its server is gone, or the database dropped).
        await database.DisposeAsync();

        using var gone = await http.GetAsync("readyz");
        var body = await gone.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        var store = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("store").GetString();
        Assert.Contains("Storage:PostgresConnectionString", store, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", body, StringComparison.OrdinalIgnoreCase);
    }
}
