using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>
/// A token bucket per client address for what costs us memory or a store row: minting tokens and starting
/// conversations. IPv6 clients are counted per /64, since one host commonly owns the whole prefix.
/// </summary>
public sealed class CreationRateLimiter(IOptions<DirectLineOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _perSecond = options.Value.CreationsPerMinute / 60;
    private readonly int _burst = options.Value.CreationBurst;

    public int TrackedClients => _buckets.Count;

    /// <summary>Zero when the client may create one more, else how long it must wait.</summary>
    public TimeSpan TryAcquire(IPAddress? client)
    {
        var bucket = _buckets.GetOrAdd(ClientKey(client), static (_, burst) => new Bucket(burst), _burst);
        return bucket.TryTake(time.GetUtcNow().UtcTicks, _perSecond, _burst);
    }

    /// <summary>Forgets clients whose bucket has refilled: they are indistinguishable from new ones.</summary>
    public int ForgetIdle()
    {
        var now = time.GetUtcNow().UtcTicks;
        var refill = TimeSpan.FromSeconds(_burst / _perSecond).Ticks;
        var forgotten = 0;
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.LastTicks >= refill && _buckets.TryRemove(key, out _))
            {
                forgotten++;
            }
        }

        return forgotten;
    }

    internal static string ClientKey(IPAddress? client)
    {
        if (client is null)
        {
            return "unknown";
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        if (client.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            client.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return new IPAddress(bytes).ToString() + "/64";
        }

        return client.ToString();
    }

    private sealed class Bucket(int burst)
    {
        private readonly Lock _gate = new();
        private double _tokens = burst;

        public long LastTicks { get; private set; }

        public TimeSpan TryTake(long nowTicks, double perSecond, int burst)
        {
            lock (_gate)
            {
                if (LastTicks != 0)
                {
                    _tokens = Math.Min(burst, _tokens + ((nowTicks - LastTicks) / (double)TimeSpan.TicksPerSecond * perSecond));
                }

                LastTicks = nowTicks;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds((1 - _tokens) / perSecond);
            }
        }
    }
}
