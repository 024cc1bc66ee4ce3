using System.Globalization;
using System.Text.Json;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>
/// One Direct Line conversation in memory: a numbered transcript (watermark = number of activities ever appended,
/// so it never goes backwards), the waiters of long-polls and WebSockets, and a per-conversation rate limit.
/// Activities are kept as UTF-8 JSON within a byte budget, which keeps an idle conversation to a few kilobytes.
/// With a shared store (several instances on PostgreSQL) the store numbers and keeps the transcript, and this object
/// is the instance's cache of its tail, filled in order from the store when any instance appends.
/// </summary>
public sealed class DirectLineConversation
{
    private readonly Lock _gate = new();
    private readonly Queue<(long Seq, byte[] Json)> _recent = new();
    private readonly int _maxBytes;
    private int _bytes;
    private long _lastTimestampTicks;
    private TaskCompletionSource? _changed;
    private double _tokens;
    private long _lastRefillTicks;

    /// <summary>Sequence numbers are reserved in blocks in the store (hi/lo), so a turn costs no write.</summary>
    private const long SequenceBlock = 256;

    private readonly IDirectLineStore? _shared;
    private readonly SemaphoreSlim? _syncGate;

    internal DirectLineConversation(string id, string userId, long nextSeq, int maxBytes, int burst, IDirectLineStore? shared = null)
    {
        _shared = shared;
        _syncGate = shared is null ? null : new SemaphoreSlim(1, 1);
        Id = id;
        UserId = userId;
        NextSeq = nextSeq;
        ReservedSeq = nextSeq;
        _maxBytes = maxBytes;
        _tokens = burst;
    }

    public string Id { get; }

    public string UserId { get; }

    /// <summary>Sequence number of the next activity; also the current watermark.</summary>
    public long NextSeq { get; private set; }

    public bool Started => Volatile.Read(ref _started) == 1;

    private int _started;

    internal void MarkStarted() => Volatile.Write(ref _started, 1);

    /// <summary>True for the one caller that starts the conversation.</summary>
    internal bool TryStart() => Interlocked.Exchange(ref _started, 1) == 0;

    /// <summary>True for the one caller, on any instance sharing the store, that starts the conversation.</summary>
    internal async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        if (_shared is null)
        {
            return TryStart();
        }

        if (Started)
        {
            return false;
        }

        var won = await _shared.TryStartAsync(Id, cancellationToken).ConfigureAwait(false);
        MarkStarted();
        return won;
    }

    /// <summary>Appends in memory, or through the shared store and then from it, so every instance sees one order.</summary>
    public async Task<string> AppendAsync(Activity activity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (_shared is null)
        {
            return Append(activity, now);
        }

        string? id = null;
        await _shared.AppendAsync(Id, (seq, previousTicks) =>
        {
            var ticks = Math.Max(now.UtcTicks, previousTicks + TimeSpan.TicksPerMillisecond);
            id = Stamp(activity, seq, ticks);
            return (JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJson.Wire.Activity), ticks);
        }, cancellationToken).ConfigureAwait(false);
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        return id!;
    }

    /// <summary>Reads what the shared store holds past this cache's watermark, in order, and wakes the polls and sockets waiting.</summary>
    internal async Task SyncAsync(CancellationToken cancellationToken)
    {
        if (_shared is null)
        {
            return;
        }

        await _syncGate!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _shared.ReadAsync(Id, NextSeq, cancellationToken).ConfigureAwait(false);
            Add(rows);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>Adds stored activities that continue the cache (numbers are contiguous in the store: appends commit in order).</summary>
    internal void Add(IReadOnlyList<StoredActivity> rows)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            foreach (var (seq, json) in rows)
            {
                if (seq != NextSeq)
                {
                    continue;
                }

                Keep(seq, json);
                NextSeq = seq + 1;
            }

            wake = _changed;
            _changed = null;
        }

        wake?.TrySetResult();
    }

    internal long LastUsedTicks { get; set; }

    /// <summary>Sequence numbers below this are reserved in the store; a restart resumes from here, never reusing an id.</summary>
    internal long ReservedSeq { get; private set; }

    /// <summary>Reserves the next block once half of the current one is used; true when the new limit must be saved.</summary>
    internal bool TryExtendReservation(out long reserved)
    {
        lock (_gate)
        {
            if (NextSeq + (SequenceBlock / 2) <= ReservedSeq)
            {
                reserved = ReservedSeq;
                return false;
            }

            ReservedSeq = NextSeq + SequenceBlock;
            reserved = ReservedSeq;
            return true;
        }
    }

    internal int Waiters;

    private int _turnsInFlight;
    private TaskCompletionSource? _turnsDone;

    /// <summary>A turn is about to run; called before its activity is appended, so a poll woken by the echo sees it.</summary>
    internal void BeginTurn() => Interlocked.Increment(ref _turnsInFlight);

    internal void EndTurn()
    {
        if (Interlocked.Decrement(ref _turnsInFlight) != 0)
        {
            return;
        }

        TaskCompletionSource? done;
        lock (_gate)
        {
            done = _turnsDone;
            _turnsDone = null;
        }

        done?.TrySetResult();
    }

    /// <summary>Completes when no turn is running (at once if none is).</summary>
    internal Task TurnsDoneAsync()
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _turnsInFlight) == 0)
            {
                return Task.CompletedTask;
            }

            _turnsDone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _turnsDone.Task;
        }
    }

    private TaskCompletionSource? _streamOwner;

    /// <summary>
    /// Makes the caller the conversation's one WebSocket (Direct Line allows one per conversation); the task it gets
    /// completes when a newer socket claims the conversation, and the older one is then closed with reason "collision".
    /// The newest wins because a client that reconnects after a network drop is the one still listening.
    /// </summary>
    internal TaskCompletionSource ClaimStream()
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _streamOwner, mine)?.TrySetResult();
        return mine;
    }

    internal void ReleaseStream(TaskCompletionSource claim) => Interlocked.CompareExchange(ref _streamOwner, null, claim);

    /// <summary>Gives the activity its server id and a timestamp strictly later than the previous one, then appends it.</summary>
    public string Append(Activity activity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        TaskCompletionSource? wake;
        string id;
        lock (_gate)
        {
            var seq = NextSeq++;
            var ticks = Math.Max(now.UtcTicks, _lastTimestampTicks + TimeSpan.TicksPerMillisecond);
            _lastTimestampTicks = ticks;
            id = Stamp(activity, seq, ticks);
            Keep(seq, JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJson.Wire.Activity));
            wake = _changed;
            _changed = null;
        }

        wake?.TrySetResult();
        return id;
    }

    private string Stamp(Activity activity, long seq, long ticks)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{Id}|{seq:D7}");
        activity.Id = id;
        activity.Timestamp = new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return id;
    }

    private void Keep(long seq, byte[] json)
    {
        _recent.Enqueue((seq, json));
        _bytes += json.Length;
        while (_bytes > _maxBytes && _recent.Count > 1)
        {
            _bytes -= _recent.Dequeue().Json.Length;
        }
    }

    /// <summary>Writes <c>{"activities":[…],"watermark":"n"}</c> for everything from <paramref name="watermark"/> on.</summary>
    public byte[] ActivitySetJson(long watermark, out long nextWatermark, out int count)
    {
        lock (_gate)
        {
            nextWatermark = NextSeq;
            Span<byte> digits = stackalloc byte[20];
            NextSeq.TryFormat(digits, out var digitCount, default, CultureInfo.InvariantCulture);

            // Sized exactly first, so a push or a poll allocates one array and copies each activity once.
            count = 0;
            var size = Prefix.Length + Suffix.Length + digitCount + 2;
            foreach (var (seq, json) in _recent)
            {
                if (seq >= watermark)
                {
                    size += json.Length + (count++ > 0 ? 1 : 0);
                }
            }

            var buffer = new byte[size];
            var span = buffer.AsSpan();
            Prefix.CopyTo(span);
            var at = Prefix.Length;
            var written = 0;
            foreach (var (seq, json) in _recent)
            {
                if (seq < watermark)
                {
                    continue;
                }

                if (written++ > 0)
                {
                    span[at++] = (byte)',';
                }

                json.CopyTo(span[at..]);
                at += json.Length;
            }

            Suffix.CopyTo(span[at..]);
            at += Suffix.Length;
            digits[..digitCount].CopyTo(span[at..]);
            at += digitCount;
            "\"}"u8.CopyTo(span[at..]);
            return buffer;
        }
    }

    private static ReadOnlySpan<byte> Prefix => "{\"activities\":["u8;

    private static ReadOnlySpan<byte> Suffix => "],\"watermark\":\""u8;

    /// <summary>Completes when an activity is appended after <paramref name="watermark"/> was read (or at once if one already was).</summary>
    public Task WaitForActivityAsync(long watermark)
    {
        lock (_gate)
        {
            if (NextSeq > watermark)
            {
                return Task.CompletedTask;
            }

            _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _changed.Task;
        }
    }

    /// <summary>Token bucket; returns zero when the post may go through, else how long to wait.</summary>
    public TimeSpan TryTakePostSlot(long nowTicks, double perSecond, int burst)
    {
        lock (_gate)
        {
            if (_lastRefillTicks != 0)
            {
                _tokens = Math.Min(burst, _tokens + ((nowTicks - _lastRefillTicks) / (double)TimeSpan.TicksPerSecond * perSecond));
            }

            _lastRefillTicks = nowTicks;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return TimeSpan.Zero;
            }

            return TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        }
    }
}
