using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Protocol.DirectLine;
using SpeakerBot.Search;

namespace SpeakerBot.Host;

/// <summary>
/// What the bot is doing, for an operator: one trace per turn (understanding, search, model call, store as child
/// spans) and metrics, sent over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set and to Azure Monitor when
/// APPLICATIONINSIGHTS_CONNECTION_STRING is. The spans come from decorators around the areas' ports, so no area
/// depends on OpenTelemetry.
/// </summary>
internal static class Telemetry
{
    public const string Name = "SpeakerBot";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("speakerbot.turns", "{turn}", "Turns handled");
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("speakerbot.turn.duration", "s", "Time to answer one turn");
    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>("speakerbot.search.duration", "s", "Time of one directory search");
    public static readonly Counter<long> ModelCalls = Meter.CreateCounter<long>("speakerbot.model.calls", "{call}", "Language model calls, by outcome (answered, fallback)");

    /// <summary>Call after every Add* of the areas: wraps their ports, then wires exporters when configured.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        Decorate<IConversationEngine>(services, inner => new TracedEngine(inner));
        Decorate<IUnderstanding>(services, inner => new TracedUnderstanding(inner));
        Decorate<ISpeakerSearch>(services, inner => new TracedSearch(inner));
        Decorate<ILanguageModel>(services, inner => new TracedLanguageModel(inner));
        Decorate<IStateStore>(services, inner => new TracedStateStore(inner));
        services.AddHostedService<ServiceGauges>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var azure = !string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        if (!otlp && !azure)
        {
            return builder;
        }

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (otlp)
        {
            // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* settings.
            telemetry.UseOtlpExporter();
        }

        if (azure)
        {
            telemetry.UseAzureMonitor();
        }

        return builder;
    }

    /// <summary>
    /// Gauges read when a collector asks (every export interval), not on every change: the outbox queue and the age
    /// of its oldest due mail, bookings by status, the model's tokens used today, Direct Line conversations in memory.
    /// The meter comes from the host's IMeterFactory so that its callbacks die with the host.
    /// </summary>
    internal sealed class ServiceGauges(IMeterFactory meters, IServiceProvider services, TimeProvider time, DirectLineConversations conversations) : IHostedService
    {
        // Gauge callbacks are synchronous: they read the last snapshot, which a loop refreshes with an await every
        // second (a collector asks every export interval, so a second of lag is invisible and no thread ever blocks).
        private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);
        // Not disposed: it has no timer, and the host may dispose services before or without stopping them.
        private readonly CancellationTokenSource _stopping = new();
        private volatile BookingStoreSnapshot? _last;
        private Task _refreshing = Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var meter = meters.Create(Name);
            meter.CreateObservableGauge("speakerbot.directline.conversations", () => conversations.LiveCount, "{conversation}", "Direct Line conversations in memory");
            meter.CreateObservableGauge("speakerbot.outbox.queued", () => _last is { } s ? [new Measurement<int>(s.QueuedMails)] : Array.Empty<Measurement<int>>(), "{mail}", "Mails due and not yet sent");
            meter.CreateObservableGauge("speakerbot.outbox.oldest_age", OldestAge, "s", "How long the oldest due, unsent mail has waited (0 when none)");
            meter.CreateObservableGauge("speakerbot.bookings", BookingsByStatus, "{booking}", "Bookings by status");
            if (Unwrap(services.GetService<ILanguageModel>()) is OpenAiLanguageModel model)
            {
                meter.CreateObservableGauge("speakerbot.model.tokens_today", () => model.TokensUsedToday, "{token}", "Language model tokens (prompt + completion) used since midnight UTC");
            }

            _refreshing = RefreshAsync(_stopping.Token);
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await _stopping.CancelAsync();
            try
            {
                await _refreshing.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        private async Task RefreshAsync(CancellationToken stopping)
        {
            var store = services.GetService<IBookingStore>();
            if (store is null)
            {
                return;
            }

            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    _last = await store.SnapshotAsync(time.GetUtcNow(), stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    // The host was disposed without being stopped: nothing left to observe.
                    return;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A store that cannot be read shows in /readyz; the gauges report nothing rather than break the export.
                    _last = null;
                }

                try
                {
                    await Task.Delay(RefreshEvery, time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private IEnumerable<Measurement<double>> OldestAge()
        {
            if (_last is not { } s)
            {
                return [];
            }

            var age = s.OldestQueuedDueAt is { } due ? Math.Max(0, (time.GetUtcNow() - due).TotalSeconds) : 0;
            return [new Measurement<double>(age)];
        }

        private IEnumerable<Measurement<int>> BookingsByStatus() =>
            _last is { } s
                ? s.BookingsByStatus.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("status", System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(p.Key.ToString()))))
                : [];

        private static ILanguageModel? Unwrap(ILanguageModel? model) => model is TracedLanguageModel traced ? traced.Inner : model;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        for (var i = 0; i < services.Count; i++)
        {
            var d = services[i];
            if (d.ServiceType != typeof(T) || d.IsKeyedService)
            {
                continue;
            }

            Func<IServiceProvider, object> inner = d.ImplementationInstance is { } instance ? _ => instance
                : d.ImplementationFactory is { } factory ? factory
                : sp => ActivatorUtilities.CreateInstance(sp, d.ImplementationType!);
            services[i] = ServiceDescriptor.Describe(typeof(T), sp => wrap((T)inner(sp)), d.Lifetime);
        }
    }

    private sealed class TracedEngine(IConversationEngine inner) : IConversationEngine
    {
        public async Task<IReadOnlyList<BotMessage>> HandleTurnAsync(TurnInput input, CancellationToken cancellationToken = default)
        {
            using var activity = Source.StartActivity("turn");
            var started = Stopwatch.GetTimestamp();
            var outcome = "ok";
            try
            {
                var replies = await inner.HandleTurnAsync(input, cancellationToken);
                activity?.SetTag("speakerbot.replies", replies.Count);
                return replies;
            }
            catch (Exception e)
            {
                outcome = "error";
                activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
                throw;
            }
            finally
            {
                var tag = new KeyValuePair<string, object?>("outcome", outcome);
                Turns.Add(1, tag);
                TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
            }
        }

        public Task ResetAsync(string conversationKey, CancellationToken cancellationToken = default) => inner.ResetAsync(conversationKey, cancellationToken);
    }

    private sealed class TracedUnderstanding(IUnderstanding inner) : IAsyncUnderstanding
    {
        public Understood Parse(string text, string locale, DateTimeOffset reference)
        {
            using var activity = Source.StartActivity("understanding");
            return inner.Parse(text, locale, reference);
        }

        public async Task<Understood> ParseAsync(string text, string locale, DateTimeOffset reference, CancellationToken cancellationToken = default)
        {
            using var activity = Source.StartActivity("understanding");
            return await inner.ParseAsync(text, locale, reference, cancellationToken);
        }
    }

    private sealed class TracedSearch(ISpeakerSearch inner) : ISpeakerSearch
    {
        public int Count => inner.Count;

        public SearchResult Search(SearchQuery query)
        {
            using var activity = Source.StartActivity("search");
            var started = Stopwatch.GetTimestamp();
            try
            {
                return inner.Search(query);
            }
            finally
            {
                SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    private sealed class TracedLanguageModel(ILanguageModel inner) : ILanguageModel
    {
        public ILanguageModel Inner => inner;

        public bool IsEnabled => inner.IsEnabled;

        public async Task<string?> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default)
        {
            using var activity = Source.StartActivity("model call");
            var answer = await inner.CompleteAsync(request, cancellationToken);
            var outcome = answer is null ? "fallback" : "answered";
            activity?.SetTag("speakerbot.model.outcome", outcome);
            ModelCalls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            return answer;
        }
    }

    private sealed class TracedStateStore(IStateStore inner) : IStateStore
    {
        public async Task<string?> LoadAsync(string key, CancellationToken cancellationToken = default)
        {
            using var activity = Source.StartActivity("store load");
            return await inner.LoadAsync(key, cancellationToken);
        }

        public async Task SaveAsync(string key, string json, CancellationToken cancellationToken = default)
        {
            using var activity = Source.StartActivity("store save");
            await inner.SaveAsync(key, json, cancellationToken);
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public Task<bool> TryMarkProcessedAsync(string activityKey, CancellationToken cancellationToken = default) => inner.TryMarkProcessedAsync(activityKey, cancellationToken);

        public Task<bool> TryMarkProcessedAsync(string activityKey, string repliesJson, CancellationToken cancellationToken = default) =>
            inner.TryMarkProcessedAsync(activityKey, repliesJson, cancellationToken);

        public Task<string?> FindProcessedAsync(string activityKey, CancellationToken cancellationToken = default) => inner.FindProcessedAsync(activityKey, cancellationToken);

        public Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken = default) => inner.LockAsync(key, cancellationToken);

        public async Task CommitTurnAsync(string key, string json, string activityKey, string repliesJson, CancellationToken cancellationToken = default)
        {
            using var activity = Source.StartActivity("store save");
            await inner.CommitTurnAsync(key, json, activityKey, repliesJson, cancellationToken);
        }

        public Task<int> DeleteProcessedOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => inner.DeleteProcessedOlderThanAsync(cutoff, cancellationToken);
    }
}
