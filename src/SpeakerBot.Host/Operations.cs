using System.Net;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Host;

/// <summary>Running the bot as a service: quiet logs, request logs on demand, behind a proxy, HTTPS.</summary>
internal static class Operations
{
    /// <summary>
    /// Defaults below every other source, so .env or the environment can still raise them
    /// (e.g. <c>Logging__LogLevel__Microsoft.AspNetCore=Information</c>).
    /// </summary>
    private static readonly Dictionary<string, string?> QuietDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietDefaults });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<OperationsOptions>().BindConfiguration(OperationsOptions.SectionName);
        services.AddOptionsWithValidateOnStart<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.SectionName);
        services.AddSingleton<IValidateOptions<OperationsOptions>, OperationsOptionsValidator>();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, OperationsOptionsValidator>();
        services.AddReadinessChecks();
        services.AddHttpLogging(o =>
        {
            // What a request did, never who sent what: no headers, no bodies (they carry tokens and messages).
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, settings) =>
        {
            var s = settings.Value;
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = s.ForwardLimit;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in s.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in s.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<OperationsOptions>>((o, operations) => o.HttpsPort = operations.Value.HttpsPort);
        services.AddOptions<HstsOptions>().Configure<IOptions<OperationsOptions>>((o, operations) => o.MaxAge = TimeSpan.FromDays(operations.Value.HstsMaxAgeDays));
        return builder;
    }

    /// <summary>First in the pipeline, so every later middleware sees the visitor's address and scheme.</summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        var operations = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        if (operations.Hsts)
        {
            app.UseHsts();
        }

        if (operations.HttpsRedirection)
        {
            app.UseHttpsRedirection();
        }

        if (operations.RequestLogging)
        {
            app.UseHttpLogging();
        }

        return app;
    }
}
