namespace SpeakerBot.Bookings.Mail;

/// <summary>
/// Whether the last delivery reached the mail server, for /readyz and so that a refusing server is logged once when it
/// starts failing rather than once per queued mail.
/// </summary>
public sealed class MailDeliveryStatus(TimeProvider time)
{
    private readonly Lock _gate = new();

    /// <summary>Why the last delivery failed (naming the setting to check), or null while deliveries succeed.</summary>
    public string? Problem { get; private set; }

    public DateTimeOffset? FailingSince { get; private set; }

    public void Succeeded()
    {
        lock (_gate)
        {
            Problem = null;
            FailingSince = null;
        }
    }

    /// <summary>Records a failure; true when it is new (the first, or a different problem), to be logged.</summary>
    public bool Failed(string problem)
    {
        lock (_gate)
        {
            var isNew = !string.Equals(Problem, problem, StringComparison.Ordinal);
            FailingSince ??= time.GetUtcNow();
            Problem = problem;
            return isNew;
        }
    }
}
