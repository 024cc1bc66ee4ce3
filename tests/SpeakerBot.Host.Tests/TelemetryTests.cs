using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SpeakerBot.Host.Tests;

/// <summary>Traces of a turn reach an OpenTelemetry collector (a stub speaking OTLP over HTTP/protobuf on loopback).</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_turn_is_exported_over_otlp_with_its_understanding_search_and_store_spans()
    {
        await using var collector = await OtlpCollectorStub.StartAsync();
        await using (var factory = new HostFactory(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }))
        {
            using var http = factory.CreateRealClient();
            var activity = """
                {"type":"message","id":"m1","text":"une policière pour mes 3e à Toulouse","channelId":"emulator","deliveryMode":"expectReplies",
                 "from":{"id":"u1"},"recipient":{"id":"bot"},"conversation":{"id":"c1|livechat"},"serviceUrl":"http://127.0.0.1:9/"}
                """;
            var response = await http.PostAsync("api/messages", new StringContent(activity, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Stopping the host flushes the batch of spans to the collector.
        var traces = collector.Traces;
        Assert.True(traces.Count > 0, "no OTLP trace export arrived");
        Assert.Contains(traces, t => HasSpanNamed(t, "turn"));
        Assert.Contains(traces, t => HasSpanNamed(t, "understanding"));
        Assert.Contains(traces, t => HasSpanNamed(t, "search"));
        Assert.Contains(traces, t => HasSpanNamed(t, "store save"));
    }

    /// <summary>Span.name is protobuf field 5 (tag byte 0x2A), then its length, then the UTF-8 name.</summary>
    private static bool HasSpanNamed(byte[] export, string name)
    {
        byte[] needle = [0x2A, (byte)Encoding.UTF8.GetByteCount(name), .. Encoding.UTF8.GetBytes(name)];
        return export.AsSpan().IndexOf(needle) >= 0;
    }

    private sealed class OtlpCollectorStub : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<byte[]> _traces = new();

        private OtlpCollectorStub(WebApplication app) => _app = app;

        public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public IReadOnlyList<byte[]> Traces => [.. _traces];

        public static async Task<OtlpCollectorStub> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var stub = new OtlpCollectorStub(app);
            app.MapPost("/v1/traces", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                stub._traces.Enqueue(body.ToArray());
                context.Response.ContentType = "application/x-protobuf";
            });
            app.MapPost("/v1/metrics", () => Results.Ok());
            app.MapPost("/v1/logs", () => Results.Ok());
            await app.StartAsync();
            return stub;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
