using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Storage;

namespace SpeakerBot.Host;

/// <summary>The checks behind /readyz; each description says what was found and, when failing, which setting to look at.</summary>
internal static class ReadinessChecks
{
    public static IServiceCollection AddReadinessChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreCheck>("store")
            .AddCheck<IndexCheck>("index")
            .AddCheck<MailCheck>("mail");
        return services;
    }

    private sealed class StoreCheck(IStateStore store, IOptions<StorageOptions> storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.LoadAsync("readyz", cancellationToken);
                return HealthCheckResult.Healthy("ok");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(storage.Value.Provider == StorageProvider.Postgres
                    ? $"unreachable: the PostgreSQL server (Storage:PostgresConnectionString) could not be read ({ex.GetType().Name})"
                    : $"unreachable: the database {storage.Value.SqlitePath} (Storage:SqlitePath) could not be read ({ex.GetType().Name})");
            }
        }
    }

    private sealed class IndexCheck(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var search = services.GetService<ISpeakerSearch>();
            return Task.FromResult(search is null ? HealthCheckResult.Healthy("not configured")
                : search.Count > 0 ? HealthCheckResult.Healthy($"{search.Count} speakers")
                : HealthCheckResult.Unhealthy("empty"));
        }
    }

    /// <summary>Mail that cannot go out stays queued: the bot still serves, so this degrades without taking it out of rotation.</summary>
    private sealed class MailCheck(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var mail = services.GetService<MailDeliveryStatus>();
            return Task.FromResult(mail?.Problem is { } problem
                ? HealthCheckResult.Degraded($"failing since {mail.FailingSince:u}: {problem}")
                : HealthCheckResult.Healthy("ok"));
        }
    }
}
