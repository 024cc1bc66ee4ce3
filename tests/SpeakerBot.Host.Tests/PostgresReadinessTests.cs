using System.Net;
using System.Text.Json;

namespace SpeakerBot.Host.Tests;

/// <summary>A host on PostgreSQL whose database goes away: out of the load balancer's rotation, a clear answer to chat clients.</summary>
public sealed class PostgresReadinessTests
{
    [PostgresFact]
    public async Task Readyz_and_Direct_Line_posts_answer_503_naming_no_secret_when_the_database_becomes_unreachable()
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

        using var minted = await http.PostAsync("api/directline/token", null);
        var token = JsonDocument.Parse(await minted.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        using var start = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        start.Headers.Authorization = new("Bearer", token);
        using var started = await http.SendAsync(start);
        var conversationId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("conversationId").GetString();

        // The database disappears under the running instance (its server is gone, or the database dropped).
        await database.DisposeAsync();

        using var gone = await http.GetAsync("readyz");
        var body = await gone.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        var store = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("store").GetString();
        Assert.Contains("Storage:PostgresConnectionString", store, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", body, StringComparison.OrdinalIgnoreCase);

        using var post = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities")
        {
            Content = new StringContent("""{"type":"message","text":"bonjour","from":{"id":"x"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new("Bearer", token);
        using var refused = await http.SendAsync(post);
        var error = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("post the activity again", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
