using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Admin;

/// <summary>
/// Runs the retention pass at start and then every <see cref="AdminOptions.RetentionInterval"/>, on the one instance
/// elected through the database for that round.
/// </summary>
public sealed class RetentionBackgroundService(PrivacyService privacy, IOptions<AdminOptions> options, TimeProvider time, ILogger<RetentionBackgroundService> logger, IJobElection? election = null) : BackgroundService
{
    public const string Job = "retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RetentionInterval;
        Log.RetentionStarted(logger, options.Value.RetentionMonths, interval);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await using var lease = election is null ? null : await election.TryLeadAsync(Job, stoppingToken);
                if (election is not null && lease is null)
                {
                    continue;
                }

                var report = await privacy.ApplyRetentionAsync(stoppingToken);
                if (report.BookingsAnonymised.Count > 0 || report.StateDocumentsDeleted > 0 || report.ProcessedActivitiesDeleted > 0)
                {
                    Log.RetentionApplied(logger, report.BookingsAnonymised.Count, report.MailsDeleted, report.StateDocumentsDeleted, report.ProcessedActivitiesDeleted);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.RetentionFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
