using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary><c>POST …/upload</c> through a real HttpClient, multipart as directlinejs builds it.</summary>
public sealed class DirectLineUploadTests : IAsyncLifetime
{
    private const int MaxUploadBytes = 8 * 1024;
    private readonly string _uploads = Path.Combine(Path.GetTempPath(), "speakerbot-uploads-test-" + Guid.NewGuid().ToString("N"));
    private BotServer _bot = null!;

    public async Task InitializeAsync() => _bot = await BotServer.StartAsync(new Dictionary<string, string?>
    {
        ["DirectLine:UploadDirectory"] = _uploads,
        ["DirectLine:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        if (Directory.Exists(_uploads))
        {
            Directory.Delete(_uploads, recursive: true);
        }
    }

    [Fact]
    public async Task Upload_stores_the_files_and_posts_a_message_whose_attachments_serve_them()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var notes = Encoding.UTF8.GetBytes("programme de la visite");

        using var response = await client.SendAsync(HttpMethod.Post, Upload(client, "someone-else"), Multipart(
            """{"type":"message","text":"voici","channelData":{"clientActivityID":"up-1"},"attachments":[{"contentType":"image/png","name":"photo.png","thumbnailUrl":"data:image/png;base64,AAAA"},{"contentType":"text/plain","name":"notes.txt"}]}""",
            ("photo.png", "image/png", png),
            ("notes.txt", "text/plain", notes)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ResourceResponse))!.Id;
        var activities = await client.PollUntilAsync(a => a.Any(x => x.Text == "echo: voici"));
        var echo = Assert.Single(activities, a => a.Text == "voici");
        Assert.Equal(id, echo.Id);
        Assert.Equal("up-1", echo.ChannelData!.Value.GetProperty("clientActivityID").GetString());
        Assert.Equal(TokenUser(client.Token), echo.From!.Id);
        Assert.Equal(id, Assert.Single(activities, a => a.Text == "echo: voici").ReplyToId);
        Assert.Contains(_bot.Engine.Turns, t => t.Text == "voici");

        Assert.Equal(2, echo.Attachments!.Count);
        var photo = echo.Attachments[0];
        Assert.Equal(("image/png", "photo.png", "data:image/png;base64,AAAA"), (photo.ContentType, photo.Name, photo.ThumbnailUrl));

        // Fetched like an <img src>: no Authorization header.
        using var anonymous = new HttpClient();
        using var image = await anonymous.GetAsync(new Uri(photo.ContentUrl!));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());

        using var text = await anonymous.GetAsync(new Uri(echo.Attachments[1].ContentUrl!));
        Assert.Equal(notes, await text.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", text.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Fact]
    public async Task Upload_of_a_single_file_as_the_body_posts_a_message_with_it()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();
        var body = new ByteArrayContent([1, 2, 3, 4]);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        body.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "\"eel.jpg\"" };

        using var response = await client.SendAsync(HttpMethod.Post, Upload(client, null), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activities = await client.PollUntilAsync(a => a.Any(x => x.Attachments?.Count == 1 && x.From?.Role == "user"));
        var attachment = activities.Single(a => a.From?.Role == "user").Attachments![0];
        Assert.Equal(("image/jpeg", "eel.jpg"), (attachment.ContentType, attachment.Name));
    }

    [Fact]
    public async Task Upload_larger_than_the_limit_is_413_with_a_clear_body_and_keeps_nothing()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();

        // Length announced: refused before reading. Length unknown (chunked): refused while reading.
        using var announced = await client.SendAsync(HttpMethod.Post, Upload(client, null), Multipart(null, ("big.bin", "application/octet-stream", new byte[512 * 1024])));
        using var chunked = await client.SendAsync(HttpMethod.Post, Upload(client, null), new UnknownLengthContent(Multipart(null, ("big.bin", "application/octet-stream", new byte[MaxUploadBytes + 1]))));

        foreach (var response in new[] { announced, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ErrorResponse))!.Error;
            Assert.Equal("MessageSizeTooBig", error.Code);
            Assert.Contains("8 KB", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.Exists(_uploads) ? Directory.EnumerateFiles(_uploads, "*", SearchOption.AllDirectories) : []);
        var (ok, _) = await client.PostMessageAsync("toujours là", "c-ok");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Upload_to_an_unknown_conversation_is_404_and_with_a_wrong_token_is_403()
    {
        var alice = new DirectLineClient(_bot.Http);
        await alice.StartAsync();
        var bob = new DirectLineClient(_bot.Http);
        await bob.StartAsync();
        var file = ("a.txt", "text/plain", "a"u8.ToArray());

        // A token minted for a conversation nobody started.
        var minted = (await (await _bot.Http.PostAsync("api/directline/token", null)).Content.ReadFromJsonAsync(ProtocolJson.Wire.ConversationResponse))!;
        var ghost = new DirectLineClient(_bot.Http) { Token = minted.Token, ConversationId = minted.ConversationId };
        using var unknown = await ghost.SendAsync(HttpMethod.Post, Upload(ghost, null), Multipart(null, file));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No conversation with this id", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var crossed = await bob.SendAsync(HttpMethod.Post, Upload(alice, null), Multipart(null, file));
        Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
        Assert.Contains("another conversation", await crossed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var forged = new DirectLineClient(_bot.Http) { Token = alice.Token[..^4] + "AAAA", ConversationId = alice.ConversationId };
        using var forgedUpload = await forged.SendAsync(HttpMethod.Post, Upload(alice, null), Multipart(null, file));
        Assert.Equal(HttpStatusCode.Forbidden, forgedUpload.StatusCode);

        Assert.Empty(Directory.Exists(_uploads) ? Directory.EnumerateFiles(_uploads, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task Upload_without_a_file_or_with_a_bad_activity_part_is_400_and_odd_attachment_ids_are_404()
    {
        var client = new DirectLineClient(_bot.Http);
        await client.StartAsync();

        using var noFile = await client.SendAsync(HttpMethod.Post, Upload(client, null), Multipart("""{"type":"message","text":"rien"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("no file", await noFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badJson = await client.SendAsync(HttpMethod.Post, Upload(client, null), Multipart("""{"type":""", ("a.txt", "text/plain", "a"u8.ToArray())));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Contains("not a valid JSON activity", await badJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var many = Enumerable.Range(0, 21).Select(i => ($"f{i}.txt", "text/plain", "x"u8.ToArray())).ToArray();
        using var tooMany = await client.SendAsync(HttpMethod.Post, Upload(client, null), Multipart(null, many));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 20 files", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var typing = await client.SendAsync(HttpMethod.Post, Upload(client, null), Multipart("""{"type":"typing"}""", ("a.txt", "text/plain", "a"u8.ToArray())));
        Assert.Equal(HttpStatusCode.BadRequest, typing.StatusCode);

        foreach (var odd in new[] { "..%2F..%2Fstate.db", "%2E%2E%2Fstate.db", "AAAAAAAAAAAAAAAAAAAAAA" })
        {
            using var response = await _bot.Http.GetAsync($"v3/directline/conversations/{client.ConversationId}/attachments/{odd}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Empty(Directory.Exists(_uploads) ? Directory.EnumerateFiles(_uploads, "*", SearchOption.AllDirectories) : []);
    }

    private static string Upload(DirectLineClient client, string? userId) =>
        $"v3/directline/conversations/{client.ConversationId}/upload" + (userId is null ? string.Empty : "?userId=" + Uri.EscapeDataString(userId));

    /// <summary>Like directlinejs: an <c>activity</c> part (application/vnd.microsoft.activity), then one <c>file</c> part per file.</summary>
    private static MultipartFormDataContent Multipart(string? activityJson, params (string Name, string ContentType, byte[] Bytes)[] files)
    {
        var content = new MultipartFormDataContent();
        if (activityJson is not null)
        {
            var activity = new StringContent(activityJson, Encoding.UTF8);
            activity.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
            content.Add(activity, "activity");
        }

        foreach (var (name, contentType, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            content.Add(file, "file", name);
        }

        return content;
    }

    private static string TokenUser(string token) =>
        System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement.GetProperty("user").GetString()!;

    /// <summary>Hides the length so the body goes chunked and the server can only find out while reading.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly HttpContent _inner;

        public UnknownLengthContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
