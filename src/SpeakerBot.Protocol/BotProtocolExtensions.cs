using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Protocol.Auth;
using SpeakerBot.Protocol.Connector;
using SpeakerBot.Protocol.DirectLine;
using SpeakerBot.Protocol.Hosting;
using SpeakerBot.Protocol.Turns;

namespace SpeakerBot.Protocol;

public static class BotProtocolExtensions
{
    /// <summary>
    /// The Bot Framework protocol: channel authentication, Connector replies, the turn pipeline and the Direct Line host.
    /// Needs an <see cref="SpeakerBot.Conversation.IConversationEngine"/> and an <see cref="SpeakerBot.Domain.IStateStore"/>.
    /// </summary>
    public static IServiceCollection AddBotProtocol(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<BotProtocolOptions>().BindConfiguration(BotProtocolOptions.SectionName);
        services.AddSingleton<IValidateOptions<BotProtocolOptions>, BotProtocolOptionsValidator>();
        services.TryAddSingleton(_ => DataRoot.FromEnvironment());
        services.AddOptionsWithValidateOnStart<DirectLineOptions>().BindConfiguration(DirectLineOptions.SectionName)
            .PostConfigure<DataRoot>((options, root) =>
            {
                if (!string.IsNullOrWhiteSpace(options.UploadDirectory))
                {
                    options.UploadDirectory = root.Resolve(options.UploadDirectory);
                }
            });
        services.AddSingleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(ChannelAuthenticator), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient<ConnectorClient>(c => c.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<IBotTokenProvider, MsalBotTokenProvider>();
        services.AddSingleton<ChannelAuthenticator>();
        services.AddSingleton<TurnPipeline>();
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<DirectLineHost>();
        services.AddSingleton<DirectLineUploads>();
        services.AddSingleton<CreationRateLimiter>();
        services.AddTransient<MessagesEndpoint>();
        services.AddHostedService<ProtocolStartup>();
        return services;
    }

    /// <summary>Maps <c>/api/messages</c>, Direct Line 3.0 under <c>/v3/directline</c> and the page's token endpoint.</summary>
    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapPost("/api/messages", (HttpContext context, MessagesEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapMethods("/api/messages", ["GET", "PUT", "DELETE", "PATCH"], () =>
            ActivityReader.Error(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "Activities are delivered with POST."));
        DirectLineEndpoints.Map(app);
        return app;
    }
}

/// <summary>Says at start-up whether channel authentication is on (and, when off, whether /api/messages is reachable beyond this machine); every minute, sweeps idle Direct Line conversations out of memory, expired uploads off disk, and idle clients out of the creation rate limiter.</summary>
internal sealed class ProtocolStartup(
    IOptions<BotProtocolOptions> options,
    DirectLineConversations conversations,
    DirectLineUploads uploads,
    CreationRateLimiter creations,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    ILogger<ProtocolStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bot = options.Value;
        if (bot.AuthenticationEnabled)
        {
            Log.AuthenticationOn(logger, bot.MicrosoftAppType.ToString(), bot.MicrosoftAppId!);
        }
        else
        {
            Log.AuthenticationOff(logger);
            lifetime.ApplicationStarted.Register(WarnWhenListeningBeyondThisMachine);
        }

        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
            var minutes = 0;
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var evicted = conversations.EvictIdle();
                if (evicted > 0)
                {
                    Log.ConversationsEvicted(logger, evicted, conversations.LiveCount);
                }

                if (++minutes % 60 == 0)
                {
                    await ForgetIdleTranscriptsAsync(stoppingToken).ConfigureAwait(false);
                }

                creations.ForgetIdle();
                SweepUploads();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Every instance may run this: deleting what another one already deleted deletes nothing.</summary>
    private async Task ForgetIdleTranscriptsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await conversations.ForgetIdleTranscriptsAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DirectLineForgetFailed(logger, ex);
        }
    }

    /// <summary>The bound addresses are known once the server listens (ASPNETCORE_URLS, --urls, Kestrel endpoints all end up there).</summary>
    private void WarnWhenListeningBeyondThisMachine()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var beyond = addresses?.Where(a => !IsLoopbackBinding(a)).ToList() ?? [];
        if (beyond.Count == 0)
        {
            return;
        }

        if (options.Value.AllowAnonymousOnNetwork)
        {
            Log.AnonymousOpenToNetwork(logger, string.Join(", ", beyond));
        }
        else
        {
            Log.AnonymousClosedToNetwork(logger, string.Join(", ", beyond));
        }
    }

    /// <summary>http://localhost:…, 127.x or [::1]; wildcards (+, *, 0.0.0.0, [::]) and real interfaces are not.</summary>
    internal static bool IsLoopbackBinding(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && MessagesEndpoint.IsLoopbackHost(uri.Host);

    private void SweepUploads()
    {
        try
        {
            var deleted = uploads.DeleteExpired();
            if (deleted > 0)
            {
                Log.UploadsExpired(logger, deleted);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.UploadSweepFailed(logger, ex);
        }
    }
}
