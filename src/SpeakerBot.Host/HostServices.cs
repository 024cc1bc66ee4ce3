using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings;
using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;
using SpeakerBot.Storage;
using SpeakerBot.Search;

namespace SpeakerBot.Host;

internal static class HostServices
{
    public const string DefaultUrl = "http://localhost:3978";

    /// <summary>http://localhost:3978 unless ASPNETCORE_URLS, --urls or a Kestrel endpoint says otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? builder.Configuration["Kestrel:Endpoints:Http:Url"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>Says at start which database and outbox this process uses, so a second copy on another file is seen at once.</summary>
    /// <remarks>An unusable database (SQLite file or PostgreSQL server, as Storage:Provider says) stops the process here with one line naming the setting (exit code 2), before any endpoint resolves it.</remarks>
    public static WebApplication LogDataFiles(this WebApplication app)
    {
        try
        {
            app.Services.OpenConfiguredDatabase();
        }
        catch (StorageUnavailableException e)
        {
            Log.DatabaseUnusable(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SpeakerBot.Host"), e.Message);
            // Disposing the container flushes the console logger's queue before the process ends.
            ((IDisposable)app).Dispose();
            Environment.Exit(2);
        }

        // Once started, so that invalid options fail start-up with their own message first.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var bookings = app.Services.GetRequiredService<IOptions<BookingOptions>>().Value;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SpeakerBot.Host");
            var database = storage.Provider == StorageProvider.Postgres
                ? "PostgreSQL " + app.Services.GetRequiredService<SpeakerBot.Storage.Postgres.PostgresDatabase>().Target
                : storage.SqlitePath;
            Log.DataFiles(logger, app.Services.GetRequiredService<DataRoot>().Path, database, bookings.PickupDirectory);
        });
        return app;
    }

    /// <summary>
    /// /healthz: the process answers. /readyz: the ASP.NET Core health checks (store, index, mail) as
    /// {"status": "ready" | "degraded" | "not ready", "checks": {name: what it found}}; 503 only when not ready.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync(new { status = "alive" }),
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new
            {
                status = report.Status switch
                {
                    HealthStatus.Healthy => "ready",
                    HealthStatus.Degraded => "degraded",
                    _ => "not ready",
                },
                checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Status.ToString(), StringComparer.Ordinal),
            }),
        });
        return app;
    }

    /// <summary>The Web Chat page at / (wwwroot/index.html) and the bundle the build copies to wwwroot/lib.</summary>
    public static WebApplication MapWebChatPage(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
