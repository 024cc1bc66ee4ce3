using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Admin;

public enum SignInRequestOutcome
{
    /// <summary>Answered the same way whether the address belongs to a coordinator or not.</summary>
    Accepted,

    /// <summary>Not an e-mail address: the form says which field is wrong.</summary>
    Invalid,

    /// <summary>Too many requests for this address or from this client; try again later.</summary>
    Throttled,
}

public enum SignInLinkOutcome
{
    Valid,
    Expired,
    Used,
    Invalid,

    /// <summary>The link was genuine but her access has been revoked since.</summary>
    Revoked,
}

/// <summary>What opening a sign-in link found; <see cref="Coordinator"/> is set when <see cref="Outcome"/> is Valid.</summary>
public sealed record SignInLinkResult(SignInLinkOutcome Outcome, Coordinator? Coordinator = null);

/// <summary>
/// The back-office's e-mailed sign-in link (decision 120): HMAC-SHA256 over "s1|id|expiry|nonce" with its own key from
/// the secret store (never the booking links' key, so no booking link can open a session), valid 15 minutes, used once:
/// the nonce is consumed in the booking store, so a link cannot be replayed on another instance either. The mail goes
/// through the outbox like every other mail.
/// </summary>
public sealed class BackOfficeSignIn(
    ICoordinatorStore coordinators,
    IBookingStore store,
    IOptions<BookingOptions> bookingOptions,
    TimeProvider time,
    ILogger<BackOfficeSignIn> logger)
{
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(15);

    /// <summary>Requests per address, and per client address, in a <see cref="ThrottleWindow"/>.</summary>
    public const int RequestsPerAddress = 5;

    public const int RequestsPerClient = 20;

    public static readonly TimeSpan ThrottleWindow = TimeSpan.FromMinutes(15);

    public const string LinkPath = "/admin/signin/link";

    private const string KeyName = "backoffice-signin-key";
    private const string Version = "s1";
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private byte[]? _key;

    /// <summary>
    /// Mails a sign-in link when <paramref name="email"/> is an active coordinator's; does nothing visible otherwise,
    /// so the answer never tells whether an address is known.
    /// </summary>
    public async Task<SignInRequestOutcome> RequestAsync(string? email, string language, string client, CancellationToken cancellationToken = default)
    {
        var address = email?.Trim() ?? string.Empty;
        if (!BookingService.IsEmail(address))
        {
            return SignInRequestOutcome.Invalid;
        }

        var now = time.GetUtcNow();
        if (!Take("address:" + address.ToUpperInvariant(), RequestsPerAddress, now) | !Take("client:" + client, RequestsPerClient, now))
        {
            Log.SignInThrottled(logger);
            return SignInRequestOutcome.Throttled;
        }

        var coordinator = (await coordinators.ListAsync(cancellationToken))
            .FirstOrDefault(c => c.IsActive && string.Equals(c.Email, address, StringComparison.OrdinalIgnoreCase));
        if (coordinator is null)
        {
            Log.SignInUnknown(logger);
            return SignInRequestOutcome.Accepted;
        }

        await MailLinkAsync(coordinator, language, invited: false, cancellationToken);
        return SignInRequestOutcome.Accepted;
    }

    /// <summary>Mails her a sign-in link now (an invitation says so); used by the coordinators page too.</summary>
    public async Task MailLinkAsync(Coordinator coordinator, string language, bool invited, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var en = language == "en";
        var (token, nonce) = await CreateTokenAsync(coordinator.Id, time.GetUtcNow() + Validity, cancellationToken);
        var url = $"{bookingOptions.Value.PublicBaseUrl.TrimEnd('/')}{LinkPath}?t={token}{(en ? "&lang=en" : string.Empty)}";
        var body = new StringBuilder()
            .AppendLine(en ? "Hello," : "Bonjour,")
            .AppendLine()
            .AppendLine(invited
                ? (en ? "You have been invited to coordinate SpeakerBot's directory of role model speakers. To sign in to the back-office, open this link:"
                      : "Vous êtes invitée à coordonner l'annuaire des intervenantes de SpeakerBot. Pour vous connecter à l'espace de coordination, ouvrez ce lien :")
                : (en ? "To sign in to SpeakerBot's back-office, open this link:" : "Pour vous connecter à l'espace de coordination de SpeakerBot, ouvrez ce lien :"))
            .AppendLine(url)
            .AppendLine()
            .AppendLine(en
                ? $"The link works once, for {Validity.TotalMinutes:0} minutes. If you did not ask for it, ignore this message: nobody can sign in without opening it."
                : $"Le lien sert une seule fois, pendant {Validity.TotalMinutes:0} minutes. Si vous ne l'avez pas demandé, ignorez ce message : personne ne peut se connecter sans l'ouvrir.")
            .ToString();
        await store.EnqueueAsync(
        [
            new OutboxMessage
            {
                Key = "backoffice/signin/" + nonce,
                To = coordinator.Email,
                Subject = invited
                    ? (en ? "Your access to SpeakerBot's back-office" : "Votre accès à l'espace de coordination SpeakerBot")
                    : (en ? "Your SpeakerBot sign-in link" : "Votre lien de connexion à SpeakerBot"),
                Body = body,
                Language = en ? "en" : "fr",
                DueAt = time.GetUtcNow(),
            },
        ], cancellationToken);
        Log.SignInLinkMailed(logger, coordinator.Id);
    }

    /// <summary>What the link would do, without using it: mail scanners open the links they see.</summary>
    public async Task<SignInLinkResult> PreviewAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (outcome, id, _) = await ReadAsync(token, cancellationToken);
        if (outcome != SignInLinkOutcome.Valid)
        {
            return new SignInLinkResult(outcome);
        }

        // Whether it was used already is only known when it is used: the store offers consume-once, not a peek.
        return await ActiveAsync(id, cancellationToken);
    }

    /// <summary>Uses the link: the first call with a genuine, unexpired link of an active coordinator signs her in.</summary>
    public async Task<SignInLinkResult> ConsumeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (outcome, id, nonce) = await ReadAsync(token, cancellationToken);
        if (outcome != SignInLinkOutcome.Valid)
        {
            return new SignInLinkResult(outcome);
        }

        var active = await ActiveAsync(id, cancellationToken);
        if (active.Outcome != SignInLinkOutcome.Valid)
        {
            return active;
        }

        if (!await store.TryConsumeTokenAsync(UsedKey(nonce!), time.GetUtcNow(), cancellationToken))
        {
            Log.SignInLinkReused(logger, id);
            return new SignInLinkResult(SignInLinkOutcome.Used);
        }

        Log.SignedIn(logger, id, "link");
        return active;
    }

    /// <summary>The active coordinator with this e-mail (OpenID Connect sign-in), or null.</summary>
    public async Task<Coordinator?> FindActiveAsync(string? email, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        return (await coordinators.ListAsync(cancellationToken))
            .FirstOrDefault(c => c.IsActive && string.Equals(c.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    internal async Task<(string Token, string Nonce)> CreateTokenAsync(long coordinatorId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var payload = string.Join('|', Version, coordinatorId.ToString(CultureInfo.InvariantCulture), expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nonce);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
        return (Base64Url(Encoding.UTF8.GetBytes(payload)) + "." + Base64Url(signature), nonce);
    }

    private async Task<(SignInLinkOutcome Outcome, long Id, string? Nonce)> ReadAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 512)
        {
            return (SignInLinkOutcome.Invalid, 0, null);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        byte[] payload;
        byte[] signature;
        try
        {
            if (dot <= 0)
            {
                return (SignInLinkOutcome.Invalid, 0, null);
            }

            payload = FromBase64Url(token[..dot]);
            signature = FromBase64Url(token[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return (SignInLinkOutcome.Invalid, 0, null);
        }

        var key = await KeyAsync(cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            Log.SignInLinkForged(logger);
            return (SignInLinkOutcome.Invalid, 0, null);
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 4 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return (SignInLinkOutcome.Invalid, 0, null);
        }

        return time.GetUtcNow() > DateTimeOffset.FromUnixTimeSeconds(expires)
            ? (SignInLinkOutcome.Expired, id, null)
            : (SignInLinkOutcome.Valid, id, parts[3]);
    }

    private async Task<SignInLinkResult> ActiveAsync(long id, CancellationToken cancellationToken)
    {
        var credential = await coordinators.GetCredentialAsync(id, cancellationToken);
        return credential is null ? new SignInLinkResult(SignInLinkOutcome.Invalid)
            : credential.Coordinator.IsActive ? new SignInLinkResult(SignInLinkOutcome.Valid, credential.Coordinator)
            : new SignInLinkResult(SignInLinkOutcome.Revoked);
    }

    private static string UsedKey(string nonce) => "backoffice/signin/" + nonce;

    private bool Take(string key, int limit, DateTimeOffset now)
    {
        var window = _windows.AddOrUpdate(
            key,
            _ => new Window(now, 1),
            (_, old) => now - old.Start >= ThrottleWindow ? new Window(now, 1) : old with { Count = old.Count + 1 });
        if (_windows.Count > 10_000)
        {
            foreach (var (stale, value) in _windows)
            {
                if (now - value.Start >= ThrottleWindow)
                {
                    _windows.TryRemove(stale, out _);
                }
            }
        }

        return window.Count <= limit;
    }

    private async ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            return _key;
        }

        var secret = await store.GetOrCreateSecretAsync(KeyName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
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

    private sealed record Window(DateTimeOffset Start, int Count);
}
