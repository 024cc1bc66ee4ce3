using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Auth;

public sealed record AuthResult(bool Succeeded, string? Failure, string? CallerId, bool Authenticated)
{
    public static AuthResult Anonymous { get; } = new(true, null, null, false);

    public static AuthResult Fail(string reason) => new(false, reason, null, false);
}

/// <summary>
/// Validates the bearer token of an inbound activity: Azure Bot Service channel tokens (issuer api.botframework.com,
/// serviceurl claim, key endorsements) or Entra-issued tokens (Emulator, single tenant), routed on the unvalidated iss.
/// </summary>
public sealed class ChannelAuthenticator
{
    public const string AzureCallerId = "urn:botframework:azure";

    /// <summary>Issuers of Entra tokens the Bot Framework accepts (v1 and v2 forms of its service tenants).</summary>
    internal static readonly string[] EntraTenants =
    [
        "d6d49420-f39b-4df7-a1dc-d59a935871db",
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "69e9b82d-4842-4902-8d1e-abc5b98a55e8",
    ];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly BotProtocolOptions _options;
    private readonly ChannelKeysCache _channelKeys;
    private readonly ChannelKeysCache _entraKeys;
    private readonly HashSet<string> _entraIssuers;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TimeProvider _time;
    private readonly ILogger<ChannelAuthenticator> _logger;

    public ChannelAuthenticator(IOptions<BotProtocolOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<ChannelAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _channelKeys = CreateCache(_options.ChannelOpenIdMetadataUrl, httpClients);
        _entraKeys = CreateCache(_options.EntraOpenIdMetadataUrl, httpClients);
        _entraIssuers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tenants = EntraTenants.AsEnumerable();
        if (!string.IsNullOrWhiteSpace(_options.MicrosoftAppTenantId))
        {
            // Single tenant: trust the configured tenant explicitly instead of whatever tid a token claims.
            tenants = tenants.Append(_options.MicrosoftAppTenantId);
        }

        foreach (var tenant in tenants)
        {
            _entraIssuers.Add($"https://sts.windows.net/{tenant}/");
            _entraIssuers.Add($"https://login.microsoftonline.com/{tenant}/v2.0");
        }
    }

    public async Task<AuthResult> AuthenticateAsync(string? authorization, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return _options.AuthenticationEnabled
                ? AuthResult.Fail("The Authorization header is missing; this bot has an app id and accepts only authenticated channels.")
                : AuthResult.Anonymous;
        }

        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(header.Parameter)
            || header.Parameter.Contains(' ', StringComparison.Ordinal))
        {
            return AuthResult.Fail("The Authorization header must be 'Bearer <token>'.");
        }

        JsonWebToken unvalidated;
        try
        {
            unvalidated = new JsonWebToken(header.Parameter);
        }
        catch (ArgumentException)
        {
            return AuthResult.Fail("The bearer token is not a JWT.");
        }

        if (!_options.AuthenticationEnabled)
        {
            return AuthResult.Fail("A bearer token was sent but this bot has no app id to validate it against.");
        }

        try
        {
            if (string.Equals(unvalidated.Issuer, _options.ChannelIssuer, StringComparison.Ordinal))
            {
                return await ValidateChannelTokenAsync(header.Parameter, activity, cancellationToken).ConfigureAwait(false);
            }

            if (_entraIssuers.Contains(unvalidated.Issuer))
            {
                return await ValidateEntraTokenAsync(header.Parameter, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or TaskCanceledException)
        {
            Log.SigningKeysUnavailable(_logger, ex);
            return AuthResult.Fail("The signing keys could not be retrieved.");
        }

        return AuthResult.Fail($"The token issuer '{unvalidated.Issuer}' is not trusted.");
    }

    private async Task<AuthResult> ValidateChannelTokenAsync(string token, Activity activity, CancellationToken cancellationToken)
    {
        var (result, keys) = await ValidateWithRefreshAsync(token, _channelKeys, [_options.ChannelIssuer], cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthResult.Fail($"The channel token is not valid: {Describe(result.Exception)}");
        }

        var jwt = (JsonWebToken)result.SecurityToken;

        // Without this check a stolen channel token could redirect our replies (and our own token) to any URL.
        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl)
            || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.Fail("The token's serviceurl claim does not match the activity's serviceUrl.");
        }

        if (!string.IsNullOrEmpty(activity.ChannelId)
            && keys.Endorsements.TryGetValue(jwt.Kid ?? string.Empty, out var endorsements)
            && !endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
        {
            return AuthResult.Fail($"The signing key is not endorsed for channel '{activity.ChannelId}'.");
        }

        return new AuthResult(true, null, AzureCallerId, true);
    }

    private async Task<AuthResult> ValidateEntraTokenAsync(string token, CancellationToken cancellationToken)
    {
        var (result, _) = await ValidateWithRefreshAsync(token, _entraKeys, _entraIssuers, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthResult.Fail($"The Entra token is not valid: {Describe(result.Exception)}");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        jwt.TryGetPayloadValue<string>("ver", out var version);
        var appIdClaim = version switch
        {
            null or "" or "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        if (appIdClaim is null)
        {
            return AuthResult.Fail($"The Entra token version '{version}' is not supported.");
        }

        if (!jwt.TryGetPayloadValue<string>(appIdClaim, out var appId) || !string.Equals(appId, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.Fail($"The Entra token's {appIdClaim} claim is not this bot's app id.");
        }

        return new AuthResult(true, null, null, true);
    }

    private async Task<(TokenValidationResult Result, ChannelKeys Keys)> ValidateWithRefreshAsync(
        string token, ChannelKeysCache cache, IEnumerable<string> issuers, CancellationToken cancellationToken)
    {
        var keys = await cache.GetAsync(refresh: false, cancellationToken).ConfigureAwait(false);
        var result = await _handler.ValidateTokenAsync(token, Parameters(keys, issuers)).ConfigureAwait(false);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys roll over: an unknown kid means our copy is stale, so fetch once more before rejecting.
            keys = await cache.GetAsync(refresh: true, cancellationToken).ConfigureAwait(false);
            result = await _handler.ValidateTokenAsync(token, Parameters(keys, issuers)).ConfigureAwait(false);
        }

        return (result, keys);
    }

    private TokenValidationParameters Parameters(ChannelKeys keys, IEnumerable<string> issuers) => new()
    {
        ValidIssuers = issuers,
        ValidAudience = _options.MicrosoftAppId,
        IssuerSigningKeys = keys.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        ClockSkew = ClockSkew,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        TryAllIssuerSigningKeys = false,
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew)
                && expires is not null && expires.Value >= now - parameters.ClockSkew;
        },
    };

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenInvalidIssuerException => "issuer not accepted.",
        SecurityTokenInvalidAudienceException => "audience is not this bot's app id.",
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "expired or not yet valid.",
        SecurityTokenSignatureKeyNotFoundException => "signed with an unknown key.",
        SecurityTokenInvalidSignatureException => "bad signature.",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not accepted.",
        null => "rejected.",
        _ => "rejected (" + ex.GetType().Name + ").",
    };

    private ChannelKeysCache CreateCache(string metadataUrl, IHttpClientFactory httpClients)
    {
        var uri = new Uri(metadataUrl);
        var documents = new HttpDocumentRetriever(httpClients.CreateClient(nameof(ChannelAuthenticator)))
        {
            RequireHttps = uri.Scheme == Uri.UriSchemeHttps || !uri.IsLoopback,
        };
        return new ChannelKeysCache(metadataUrl, documents, _time, _options.SigningKeysRefreshCooldown);
    }
}
