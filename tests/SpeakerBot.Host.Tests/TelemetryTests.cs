using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;

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

            // The batch is flushed now rather than left to the shutdown's few seconds, which a loaded machine can miss.
            Assert.True(OpenTelemetry.Trace.TracerProviderExtensions.ForceFlush(factory.Services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>(), 30_000), "the spans could not be flushed to the collector");
        }

        // The collector holds the exported batches.
        var traces = collector.Traces;
        Assert.True(traces.Count > 0, "no OTLP trace export arrived");
        Assert.Contains(traces, t => HasSpanNamed(t, "turn"));
        Assert.Contains(traces, t => HasSpanNamed(t, "understanding"));
        Assert.Contains(traces, t => HasSpanNamed(t, "search"));
        Assert.Contains(traces, t => HasSpanNamed(t, "store save"));
    }

    [Fact]
    public async Task After_a_booking_the_gauges_report_it_by_status_and_the_outbox_queue_with_the_age_of_its_oldest_mail()
    {
        // Background sending off, so the mails stay queued while the gauges are read.
        await using var factory = new HostFactory(new() { ["Bookings:RunBackgroundServices"] = "false" });
        var services = factory.Services;
        await services.GetRequiredService<ISpeakerStore>().UpsertAsync([new Speaker
        {
            Id = "s1",
            FirstName = "Claire",
            LastName = "Martin",
            Headline = "Ingénieure",
            Sector = "aeronautique",
            Region = "occitanie",
            Contact = new ContactDetails("claire@speakers.example", null),
        }]);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        while (date.DayOfWeek != DayOfWeek.Tuesday || SchoolCalendar.Default.Closure(date, "31") is not null)
        {
            date = date.AddDays(1);
        }

        var outcome = await services.GetRequiredService<BookingService>().RequestVisitAsync(new VisitRequest
        {
            SpeakerId = "s1",
            Date = date,
            Start = new TimeOnly(10, 0),
            School = new School("Collège Jean Jaurès", "Toulouse"),
            ClassLevel = "4e",
            Pupils = 28,
            Requester = new Requester("Sophie Durand", "sophie.durand@ac-toulouse.fr", "web/sophie"),
        });
        Assert.True(outcome.Succeeded, outcome.Refusal?.English);
        await services.GetRequiredService<IBookingStore>().EnqueueAsync([new OutboxMessage
        {
            Key = "alert/gauges", To = "coord@example.org", Subject = "Alerte", Body = "Bonjour", DueAt = DateTimeOffset.UtcNow.AddHours(-2),
        }]);

        // The booking gauges read a snapshot the host refreshes every second: an exporter sees the booking within it.
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var values = Collect(meters);
        for (var wait = 0; wait < 100 && !(values.GetValueOrDefault(("speakerbot.bookings", "requested")) == 1 && values.GetValueOrDefault(("speakerbot.outbox.queued", "")) >= 2); wait++)
        {
            await Task.Delay(100);
            values = Collect(meters);
        }

        Assert.Equal(1, values[("speakerbot.bookings", "requested")]);
        Assert.Equal(0, values[("speakerbot.bookings", "accepted")]);
        Assert.True(values[("speakerbot.outbox.queued", "")] >= 2, "the invitation and the alert are queued");
        Assert.InRange(values[("speakerbot.outbox.oldest_age", "")], 2 * 3600 - 60, 3 * 3600);
        Assert.Equal(0, values[("speakerbot.directline.conversations", "")]);
    }

    /// <summary>Reads every observable instrument of this host's meter once, as an exporter would.</summary>
    private static Dictionary<(string Name, string Status), double> Collect(System.Diagnostics.Metrics.IMeterFactory host)
    {
        var values = new Dictionary<(string, string), double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "SpeakerBot" && ReferenceEquals(instrument.Meter.Scope, host))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var status = "";
            foreach (var tag in tags)
            {
                status = tag.Key == "status" ? (string)tag.Value! : status;
            }

            values[(instrument.Name, status)] = value;
        }

        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
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
