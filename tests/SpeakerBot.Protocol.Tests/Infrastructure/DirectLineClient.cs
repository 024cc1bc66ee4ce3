using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Tests.Infrastructure;

/// <summary>Speaks Direct Line 3.0 over HTTP like directlinejs does, for assertions on the raw protocol.</summary>
public sealed class DirectLineClient(HttpClient http)
{
    public string Token { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string StreamUrl { get; private set; } = string.Empty;

    public async Task<ConversationResponse> StartAsync()
    {
        var minted = await (await http.PostAsync("api/directline/token", null)).Content.ReadFromJsonAsync(ProtocolJson.Wire.ConversationResponse);
        Token = minted!.Token;
        using var response = await SendAsync(HttpMethod.Post, "v3/directline/conversations");
        response.EnsureSuccessStatusCode();
        var started = (await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ConversationResponse))!;
        Token = started.Token;
        ConversationId = started.ConversationId;
        StreamUrl = started.StreamUrl!;
        return started;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await http.SendAsync(request);
    }

    public async Task<ActivitySetDto> GetActivitiesAsync(string? watermark)
    {
        using var response = await SendAsync(HttpMethod.Get, $"v3/directline/conversations/{ConversationId}/activities?watermark={watermark}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ActivitySetDto>(Options))!;
    }

    /// <summary>Polls until <paramref name="predicate"/> holds over everything received since the start.</summary>
    public async Task<List<Activity>> PollUntilAsync(Func<List<Activity>, bool> predicate, string? watermark = null)
    {
        var all = new List<Activity>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!predicate(all))
        {
            Assert.True(DateTime.UtcNow < deadline, "expected activities did not arrive within 15 s");
            var set = await GetActivitiesAsync(watermark);
            all.AddRange(set.Activities);
            watermark = set.Watermark;
        }

        return all;
    }

    public async Task<(HttpResponseMessage Response, string? Id)> PostMessageAsync(string text, string clientActivityId)
    {
        var body = $$$"""{"type":"message","text":{{{JsonSerializer.Serialize(text)}}},"from":{"id":"someone","name":"Test"},"locale":"fr-FR","channelData":{"clientActivityID":"{{{clientActivityId}}}"}}""";
        var response = await SendAsync(HttpMethod.Post, $"v3/directline/conversations/{ConversationId}/activities", new StringContent(body, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            return (response, null);
        }

        var resource = await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ResourceResponse);
        return (response, resource!.Id);
    }

    public static async Task<List<Activity>> ReadStreamUntilAsync(string streamUrl, Func<List<Activity>, bool> predicate)
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);
        var all = new List<Activity>();
        var buffer = new byte[64 * 1024];
        while (!predicate(all))
        {
            using var frame = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                frame.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (frame.Length > 0)
            {
                all.AddRange(JsonSerializer.Deserialize<ActivitySetDto>(frame.ToArray(), Options)!.Activities);
            }
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return all;
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

public sealed class ActivitySetDto
{
    public List<Activity> Activities { get; set; } = [];

    public string? Watermark { get; set; }
}
