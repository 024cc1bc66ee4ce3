using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Bookings;

public enum LinkAction
{
    Accept,
    Decline,
    Feedback,
    Cancel,

    /// <summary>Confirms the e-mail address of a profile proposed on /join; the reference is the proposal's id.</summary>
    Join,

    /// <summary>Opens a speaker's own space; the reference is her id and the seat the link's generation (decision 116).</summary>
    Space,
}

public enum LinkValidity
{
    Valid,
    Tampered,
    Expired,
}

public sealed record LinkClaim(LinkValidity Validity, string Reference, int Seat, LinkAction Action, DateTimeOffset ExpiresAt, string TokenId);

/// <summary>
/// Signed links for speakers and requesters: HMAC-SHA256 over the reference, seat, action, expiry and a random
/// id. Single use is recorded by the store against the id, so the token itself carries no state.
/// </summary>
public sealed class BookingLinks(IBookingStore store, IOptions<BookingOptions> options, TimeProvider time)
{
    private const string KeyName = "booking-link-key";
    private readonly BookingOptions _options = options.Value;
    private byte[]? _key;

    /// <summary>Loads the signing key; links are then built synchronously, inside store transactions.</summary>
    public async Task ReadyAsync(CancellationToken cancellationToken = default) => await KeyAsync(cancellationToken);

    public string CreateUrl(string reference, int seat, LinkAction action)
    {
        var token = CreateToken(reference, seat, action, time.GetUtcNow().AddDays(_options.LinkValidityDays));
        var path = action == LinkAction.Feedback ? "/bookings/feedback" : "/bookings/respond";
        return $"{_options.PublicBaseUrl.TrimEnd('/')}{path}?t={token}";
    }

    public string CreateToken(string reference, int seat, LinkAction action, DateTimeOffset expiresAt)
    {
        var key = _key ?? throw new InvalidOperationException("Call ReadyAsync before creating links.");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var payload = string.Join('|', "v1", reference, seat.ToString(CultureInfo.InvariantCulture), action.ToString().ToLowerInvariant(), expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), id);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
        return Base64Url(Encoding.UTF8.GetBytes(payload)) + "." + Base64Url(signature);
    }

    /// <summary>Checks signature and expiry; does not consume the token.</summary>
    public async Task<LinkClaim?> ReadAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1024)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        byte[] payloadBytes;
        byte[] signature;
        try
        {
            payloadBytes = FromBase64Url(token[..dot]);
            signature = FromBase64Url(token[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(payloadBytes).Split('|');
        if (parts.Length != 6 || parts[0] != "v1"
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seat)
            || !Enum.TryParse<LinkAction>(parts[3], ignoreCase: true, out var action)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        var key = await KeyAsync(cancellationToken);
        var expected = HMACSHA256.HashData(key, payloadBytes);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return new LinkClaim(LinkValidity.Tampered, parts[1], seat, action, expiresAt, parts[5]);
        }

        var validity = time.GetUtcNow() > expiresAt ? LinkValidity.Expired : LinkValidity.Valid;
        return new LinkClaim(validity, parts[1], seat, action, expiresAt, parts[5]);
    }

    /// <summary>A keyed digest (base64url, 22 characters) of <paramref name="text"/>: a secret that can be recomputed, never guessed.</summary>
    public async Task<string> DigestAsync(string text, CancellationToken cancellationToken = default) =>
        Base64Url(HMACSHA256.HashData(await KeyAsync(cancellationToken), Encoding.UTF8.GetBytes(text)))[..22];

    /// <summary>A 6-digit code proving access to the requester's mailbox, valid for 30 minutes.</summary>
    public async Task<string> AccessCodeAsync(string reference, string email, CancellationToken cancellationToken = default) =>
        Code(await KeyAsync(cancellationToken), reference, email, Window(time.GetUtcNow()));

    public async Task<bool> CheckAccessCodeAsync(string reference, string email, string? code, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var key = await KeyAsync(cancellationToken);
        var window = Window(time.GetUtcNow());
        var given = code.Trim();
        return FixedEquals(Code(key, reference, email, window), given) || FixedEquals(Code(key, reference, email, window - 1), given);
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static long Window(DateTimeOffset now) => now.ToUnixTimeSeconds() / (15 * 60);

    private static string Code(byte[] key, string reference, string email, long window)
    {
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('|', "code", reference.ToUpperInvariant(), email.ToLowerInvariant(), window.ToString(CultureInfo.InvariantCulture))));
        var number = (BitConverter.ToUInt32(hash, 0) & 0x7FFFFFFF) % 1_000_000;
        return number.ToString("000000", CultureInfo.InvariantCulture);
    }

    private async ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            return _key;
        }

        var secret = string.IsNullOrWhiteSpace(_options.LinkSigningKey)
            ? await store.GetOrCreateSecretAsync(KeyName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken)
            : _options.LinkSigningKey;
        _key = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        return _key;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException("bad length") };
        return Convert.FromBase64String(padded);
    }
}
