using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings.Mail;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Bookings;

/// <summary>
/// Delivers the outbox: claims due mails under a lease (so two senders never take the same one), sends,
/// records success; on failure retries with exponential back-off until MaxSendAttempts.
/// </summary>
public sealed class OutboxSender(IBookingStore store, IMailTransport transport, IOptions<BookingOptions> options, TimeProvider time, ILogger<OutboxSender> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly BookingOptions _options = options.Value;

    /// <summary>Sends what is due now; returns how many were delivered.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await store.ClaimDueMailsAsync(time.GetUtcNow(), 20, Lease, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var mail in batch)
            {
                try
                {
                    await transport.SendAsync(mail, cancellationToken);
                    await store.MarkMailSentAsync(mail.Id, time.GetUtcNow(), cancellationToken);
                    Log.MailSent(logger, mail.Id, mail.BookingReference);
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var attempts = mail.Attempts + 1;
                    var retry = attempts >= _options.MaxSendAttempts ? (DateTimeOffset?)null : time.GetUtcNow() + Backoff(attempts);
                    await store.MarkMailFailedAsync(mail.Id, e.GetType().Name + ": " + e.Message, retry, cancellationToken);
                    Log.MailFailed(logger, mail.Id, attempts, e.GetType().Name, retry is null);
                }
            }
        }

        return sent;
    }

    /// <summary>30 s, 1 min, 2 min … capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 3600));
}

/// <summary>Runs the outbox sender and the booking lifecycle jobs (expiry, held) in the background.</summary>
/// <remarks>
/// The booking service is resolved at run time so that a host without a directory store still starts and sends mail.
/// Every instance runs this loop; each round, only the instance elected through the database does the work.
/// </remarks>
public sealed class BookingBackgroundService(OutboxSender sender, IServiceProvider services, IOptions<BookingOptions> options, TimeProvider time, ILogger<BookingBackgroundService> logger, IJobElection? election = null) : BackgroundService
{
    public const string LifecycleJob = "booking-lifecycle";
    public const string SenderJob = "outbox-sender";
    public const string SpaceMailJob = "speaker-space-monthly";

    private readonly BookingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextJobs = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetUtcNow() >= nextJobs)
            {
                var firstRound = nextJobs == DateTimeOffset.MinValue;
                nextJobs = time.GetUtcNow() + _options.JobInterval;
                await RunSafelyAsync(LifecycleJob, async () =>
                {
                    var bookings = services.GetRequiredService<BookingService>();
                    await bookings.ExpireStaleAsync(stoppingToken);
                    await bookings.MarkHeldAsync(stoppingToken);
                    await bookings.RemindInChatAsync(stoppingToken);
                    await services.GetRequiredService<BookingRequestCounts>().RefreshAsync(stoppingToken);
                }, stoppingToken);
                // Every instance keeps its own "not bookable soon" set: refreshed here, elected or not.
                await RunSafelyAsync(null, () => services.GetRequiredService<SoonAvailability>().RefreshAllAsync(stoppingToken), stoppingToken);
                if (!firstRound)
                {
                    // Not at start: a deploy or a restart must not mail the whole directory before the host is even ready.
                    await RunSafelyAsync(SpaceMailJob, () => services.GetRequiredService<SpeakerSpace>().SendMonthlyMailsAsync(stoppingToken), stoppingToken);
                }
            }

            await RunSafelyAsync(SenderJob, () => sender.SendDueAsync(stoppingToken), stoppingToken);
            try
            {
                await Task.Delay(_options.SenderPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RunSafelyAsync(string? job, Func<Task> work, CancellationToken stoppingToken)
    {
        try
        {
            var lease = election is null || job is null ? null : await election.TryLeadAsync(job, stoppingToken);
            if (election is not null && job is not null && lease is null)
            {
                // Another instance runs this job now.
                return;
            }

            try
            {
                await work();
            }
            finally
            {
                if (lease is not null)
                {
                    await lease.DisposeAsync();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.BackgroundFailed(logger, e);
        }
    }
}
