using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SpeakerBot.Host.Tests;

/// <summary>The bot as an operator runs it: what its log shows, behind a reverse proxy, with HTTPS.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Default_log_hides_framework_information_and_keeps_the_bots_own_lines()
    {
        await using var factory = new HostFactory();
        var loggers = factory.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("SpeakerBot.Host").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Framework_level_set_in_settings_wins_over_the_quiet_default()
    {
        await using var factory = new HostFactory(new() { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" });
        Assert.True(factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Request_logging_setting_writes_one_line_per_request_without_headers()
    {
        var quiet = await RequestLinesAsync(new());
        Assert.DoesNotContain(quiet, l => l.Contains("/healthz", StringComparison.Ordinal));

        var lines = await RequestLinesAsync(new() { ["Operations:RequestLogging"] = "true" });
        var line = Assert.Single(lines, l => l.Contains("/healthz", StringComparison.Ordinal));
        Assert.Contains("200", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_known_proxy_that_terminated_https_the_bot_answers_with_hsts_and_no_redirect()
    {
        await using var factory = new HostFactory(new()
        {
            ["Operations:HttpsRedirection"] = "true",
            ["Operations:Hsts"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ServerAddress };

        var viaProxy = await http.SendAsync(Healthz(forwardedProto: "https"));
        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        Assert.StartsWith("max-age=31536000", string.Join(' ', viaProxy.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        var plain = await http.SendAsync(Healthz(forwardedProto: null));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://bot.example.org/healthz", plain.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Forwarded_scheme_from_an_unknown_proxy_is_ignored()
    {
        await using var factory = new HostFactory(new()
        {
            ["Operations:HttpsRedirection"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = "10.9.9.9",
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ServerAddress };

        var response = await http.SendAsync(Healthz(forwardedProto: "https"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }

    [Fact]
    public async Task A_proxy_address_that_is_not_an_ip_stops_start_up_naming_the_setting()
    {
        await using var factory = new HostFactory(new() { ["ForwardedHeaders:KnownProxies:0"] = "nginx.local" });
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        Assert.Contains("ForwardedHeaders:KnownProxies:0 must be an IP address", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_names_the_mail_check_and_the_setting_when_the_smtp_server_refuses()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var factory = new HostFactory(new()
        {
            ["Bookings:SmtpHost"] = "127.0.0.1",
            ["Bookings:SmtpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bookings:SenderPollInterval"] = "00:00:00.050",
        });
        using var http = factory.CreateRealClient();
        Assert.Contains("\"mail\":\"ok\"", await http.GetStringAsync("readyz"), StringComparison.Ordinal);

        var store = factory.Services.GetRequiredService<SpeakerBot.Domain.IBookingStore>();
        await store.EnqueueAsync([new SpeakerBot.Domain.OutboxMessage { Key = "alert/readyz", To = "coord@example.org", Subject = "Alerte", Body = "Bonjour", DueAt = DateTimeOffset.UtcNow }]);

        string body;
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            await Task.Delay(100);
            response = await http.GetAsync("readyz");
            body = await response.Content.ReadAsStringAsync();
        }
        while (body.Contains("\"mail\":\"ok\"", StringComparison.Ordinal) && ++attempts < 300);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("Bookings:SmtpHost, Bookings:SmtpPort", json.RootElement.GetProperty("checks").GetProperty("mail").GetString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Healthz(string? forwardedProto)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        request.Headers.Host = "bot.example.org";
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return request;
    }

    private static async Task<List<string>> RequestLinesAsync(Dictionary<string, string?> settings)
    {
        var capture = new CapturingLoggerProvider();
        await using (var factory = new HostFactory(settings) { ExtraServices = s => s.AddSingleton<ILoggerProvider>(capture) })
        {
            using var http = factory.CreateRealClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret-token");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        }

        return [.. capture.Lines];
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
