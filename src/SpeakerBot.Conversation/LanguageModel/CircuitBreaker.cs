namespace SpeakerBot.Conversation.LanguageModel;

/// <summary>
/// Opens after <c>failures</c> consecutive failed calls, then lets one trial call through every <c>openFor</c>: a dead
/// model costs one timeout per period instead of one per message.
/// </summary>
internal sealed class CircuitBreaker(int failures, TimeSpan openFor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openUntil;

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _openUntil is { } until && time.GetUtcNow() < until;
            }
        }
    }

    /// <summary>True when a call may go: closed, or open but due for a trial (then it stays open for the others).</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_openUntil is not { } until)
            {
                return true;
            }

            var now = time.GetUtcNow();
            if (now < until)
            {
                return false;
            }

            // Half-open: this caller is the trial; the others keep falling back until it reports.
            _openUntil = now + openFor;
            return true;
        }
    }

    public void Success()
    {
        lock (_gate)
        {
            _consecutiveFailures = 0;
            _openUntil = null;
        }
    }

    /// <summary>Records a failure; true when it just opened the circuit.</summary>
    public bool Failure()
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_consecutiveFailures >= failures)
            {
                var wasOpen = _openUntil is not null;
                _openUntil = time.GetUtcNow() + openFor;
                return !wasOpen;
            }

            return false;
        }
    }
}

/// <summary>Tokens used per UTC day, against a cap.</summary>
internal sealed class TokenBudget(long dailyCap, TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateOnly _day;
    private long _used;

    public long UsedToday
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _used;
            }
        }
    }

    public bool HasRoom()
    {
        lock (_gate)
        {
            Roll();
            return dailyCap == 0 || _used < dailyCap;
        }
    }

    public long Add(long tokens)
    {
        lock (_gate)
        {
            Roll();
            _used += Math.Max(0, tokens);
            return _used;
        }
    }

    private void Roll()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (today != _day)
        {
            _day = today;
            _used = 0;
        }
    }
}
