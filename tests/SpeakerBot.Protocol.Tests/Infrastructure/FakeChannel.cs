using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Tests.Infrastructure;

public sealed record ReceivedReply(string Path, string? Authorization, Activity Activity);

/// <summary>A channel's Connector REST endpoint on 127.0.0.1: records every reply; can answer a few 429s first.</summary>
public sealed class FakeChannel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _arrived = new(0);
    private int _throttleNext;

    private FakeChannel(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = null!;

    public ConcurrentQueue<ReceivedReply> Replies { get; } = new();

    public int Throttled { get; private set; }

    public static async Task<FakeChannel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var channel = new FakeChannel(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{**replyTo}", (Delegate)channel.ReceiveAsync);
        app.MapPost("/v3/conversations/{conversationId}/activities", (Delegate)channel.ReceiveAsync);
        await app.StartAsync();
        channel.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return channel;
    }

    /// <summary>The next <paramref name="count"/> replies are answered 429 with Retry-After: 0.</summary>
    public void ThrottleNext(int count) => Volatile.Write(ref _throttleNext, count);

    /// <summary>Waits until at least <paramref name="count"/> non-typing replies arrived (fails the test after 10 s).</summary>
    public async Task<IReadOnlyList<ReceivedReply>> WaitForMessagesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Messages().Count < count)
        {
            await _arrived.WaitAsync(timeout.Token);
        }

        return Messages();
    }

    public IReadOnlyList<ReceivedReply> Messages() => [.. Replies.Where(r => r.Activity.Type != ActivityTypes.Typing)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        if (Interlocked.Decrement(ref _throttleNext) >= 0)
        {
            Throttled++;
            context.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var activity = await JsonSerializer.DeserializeAsync(context.Request.Body, ProtocolJson.Wire.Activity);
        Replies.Enqueue(new ReceivedReply(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget, context.Request.Headers.Authorization, activity!));
        _arrived.Release();
        return Results.Json(new { id = "reply-" + Replies.Count });
    }
}
