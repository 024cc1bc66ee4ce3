using Microsoft.IdentityModel.Protocols;

namespace SpeakerBot.Protocol.Auth;

/// <summary>
/// Signing keys of one issuer, fetched on first use, refreshed daily and on demand when a token names an unknown key
/// (with a cooldown so forged kids cannot make us hammer the metadata server).
/// </summary>
internal sealed class ChannelKeysCache(string metadataUrl, IDocumentRetriever documents, TimeProvider time, TimeSpan refreshCooldown)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChannelKeysRetriever _retriever = new();
    private ChannelKeys? _keys;
    private DateTimeOffset _fetchedAt;

    public async Task<ChannelKeys> GetAsync(bool refresh, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _keys);
        if (current is not null && !refresh && time.GetUtcNow() - _fetchedAt < MaxAge)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var stale = _keys is null || now - _fetchedAt >= MaxAge;
            if (stale || (refresh && now - _fetchedAt >= refreshCooldown && ReferenceEquals(_keys, current)))
            {
                _keys = await _retriever.GetConfigurationAsync(metadataUrl, documents, cancellationToken).ConfigureAwait(false);
                _fetchedAt = now;
            }

            return _keys!;
        }
        finally
        {
            _gate.Release();
        }
    }
}
