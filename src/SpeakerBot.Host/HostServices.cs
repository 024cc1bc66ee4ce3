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
    public static WebApplication LogDataFiles(this WebApplication app)
    {
        // Once started, so that invalid options fail start-up with their own message first.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var bookings = app.Services.GetRequiredService<IOptions<BookingOptions>>().Value;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SpeakerBot.Host");
            Log.DataFiles(logger, app.Services.GetRequiredService<DataRoot>().Path, storage.SqlitePath, bookings.PickupDirectory);
        });
        return app;
    }

    /// <summary>/healthz: the process answers. /readyz: the store answers and, when search is wired, the index is loaded.</summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/readyz", async (IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var checks = new Dictionary<string, string>(StringComparer.Ordinal);
            var ready = true;
            try
            {
                await services.GetRequiredService<IStateStore>().LoadAsync("readyz", cancellationToken);
                checks["store"] = "ok";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                checks["store"] = "unreachable";
                ready = false;
            }

            var search = services.GetService<ISpeakerSearch>();
            if (search is null)
            {
                checks["index"] = "not configured";
            }
            else if (search.Count > 0)
            {
                checks["index"] = $"{search.Count} speakers";
            }
            else
            {
                checks["index"] = "empty";
                ready = false;
            }

            // Mail that cannot go out stays queued: the bot still serves, so this degrades without taking it out of rotation.
            var mail = services.GetService<MailDeliveryStatus>();
            var degraded = mail?.Problem is not null;
            checks["mail"] = mail?.Problem is { } problem ? $"failing since {mail.FailingSince:u}: {problem}" : "ok";

            return Results.Json(new { status = !ready ? "not ready" : degraded ? "degraded" : "ready", checks }, statusCode: ready ? 200 : 503);
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
