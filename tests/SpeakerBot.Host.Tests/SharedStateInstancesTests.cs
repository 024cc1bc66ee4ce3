using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// Two real hosts (each its own container, locks and pools) on one PostgreSQL database, one conversation whose turns
/// reach both at once: no answer is lost to the other instance's write, and a redelivery reaching both runs once.
/// </summary>
public sealed class SharedStateInstancesTests : IAsyncLifetime
{
    private PostgresTestDatabase? _database;
    private HostFactory? _first;
    private HostFactory? _second;

    public async Task InitializeAsync()
    {
        _database = await Task.Run(() => new PostgresTestDatabase());
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:PostgresConnectionString"] = Database,
            ["Admin:RunRetentionJob"] = "false",
        };
        _first = new HostFactory(settings);
        _second = new HostFactory(settings);
    }

    public async Task DisposeAsync()
    {
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private string Database => _database!.ConnectionString;

    [PostgresFact]
    public async Task Turns_of_one_conversation_on_two_instances_at_once_all_count_and_a_redelivery_runs_once()
    {
        using var first = _first!.CreateRealClient();
        using var second = _second!.CreateRealClient();

        for (var i = 0; i < 5; i++)
        {
            await Task.WhenAll(TurnAsync(first, $"a{i}", "bonjour"), TurnAsync(second, $"b{i}", "bonjour"));
        }

        var redelivered = await Task.WhenAll(TurnAsync(first, "same", "bonjour"), TurnAsync(second, "same", "bonjour"));

        Assert.Equal(11, await TurnsCountedAsync());
        Assert.Equal(FirstText(redelivered[0]), FirstText(redelivered[1]));
        Assert.False(string.IsNullOrWhiteSpace(FirstText(redelivered[0])));
    }

    private static string? FirstText(JsonElement activities) => activities.GetArrayLength() == 0 ? null : activities[0].GetProperty("text").GetString();

    private static async Task<JsonElement> TurnAsync(HttpClient client, string id, string text)
    {
        var activity = JsonSerializer.Serialize(new
        {
            type = "message",
            id,
            text,
            locale = "fr-FR",
            channelId = "emulator",
            deliveryMode = "expectReplies",
            from = new { id = "teacher-1" },
            recipient = new { id = "bot" },
            conversation = new { id = "shared-conversation" },
            serviceUrl = "http://127.0.0.1:9/",
        });
        using var response = await client.PostAsync(new Uri("api/messages", UriKind.Relative), new StringContent(activity, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities");
    }

    private async Task<int> TurnsCountedAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT json FROM state WHERE key LIKE '%shared-conversation%#dialog'", connection);
        var json = (string)(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json).RootElement.GetProperty("turns").GetInt32();
    }
}
