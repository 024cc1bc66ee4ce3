using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// The backplane between instances: one connection per process that LISTENs on the channels the stores NOTIFY
/// (Direct Line appends, speaker changes). A notice sent while this connection was down is lost, so after every
/// reconnect each channel's subscribers hear <c>null</c> ("anything may have changed") and catch up from the tables.
/// </summary>
public sealed class PostgresNotifications(NpgsqlDataSource dataSource, ILogger<PostgresNotifications> logger) : BackgroundService
{
    public const string DirectLineChannel = "speakerbot_directline";
    public const string SpeakersChannel = "speakerbot_speakers";

    private static readonly string[] Channels = [DirectLineChannel, SpeakersChannel];
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Action<string?>> _subscribers = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls <paramref name="handler"/> with each payload sent on <paramref name="channel"/>, and with null after a reconnect.</summary>
    public void Subscribe(string channel, Action<string?> handler) =>
        _subscribers.AddOrUpdate(channel, handler, (_, existing) => existing + handler);

    /// <summary>Completes once this instance listens (or start-up gave up waiting: the loop keeps retrying).</summary>
    public Task Listening => _firstListen.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);

        // Start-up waits for the first LISTEN so that a change made while the search index is built is not missed.
        await Task.WhenAny(_firstListen.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnect = false;
        var retry = FirstRetry;
        var down = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) => Publish(e.Channel, e.Payload);
                foreach (var channel in Channels)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                _firstListen.TrySetResult();
                retry = FirstRetry;
                down = false;
                if (reconnect)
                {
                    Log.BackplaneReconnected(logger);
                    foreach (var channel in Channels)
                    {
                        Publish(channel, null);
                    }
                }

                reconnect = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever broke the connection, this loop must not end: a failed background service would stop the host.
                reconnect = true;

                // Once per outage, not once per retry: a database down for an hour is one line, then one when it is back.
                if (!down)
                {
                    Log.BackplaneLost(logger, PostgresDatabase.Explain(e) ?? e.GetType().Name);
                    down = true;
                }

                try
                {
                    await Task.Delay(retry, stoppingToken).ConfigureAwait(false);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private void Publish(string channel, string? payload)
    {
        if (!_subscribers.TryGetValue(channel, out var handler))
        {
            return;
        }

        try
        {
            handler(payload);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.BackplaneHandlerFailed(logger, e, channel);
        }
    }
}
