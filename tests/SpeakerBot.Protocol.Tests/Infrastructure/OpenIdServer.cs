using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SpeakerBot.Protocol.Tests.Infrastructure;

/// <summary>
/// A local OpenID provider on 127.0.0.1: metadata and JWKS (with Bot Framework endorsements) for the channel
/// issuer and for Entra, and RSA keys that sign test tokens. Keys can be rotated to exercise refresh on unknown kid.
/// </summary>
public sealed class OpenIdServer : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string EntraV2Issuer = "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0";
    public const string EntraV1Issuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";

    private readonly WebApplication _app;
    private readonly List<(RsaSecurityKey Key, string[] Endorsements)> _channelKeys = [];
    private readonly List<RsaSecurityKey> _entraKeys = [];
    private int _keyFetches;

    private OpenIdServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public string ChannelMetadataUrl => new Uri(BaseAddress, "channel/.well-known/openidconfiguration").ToString();

    public string EntraMetadataUrl => new Uri(BaseAddress, "entra/v2.0/.well-known/openid-configuration").ToString();

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    public RsaSecurityKey CurrentChannelKey { get; private set; } = null!;

    public RsaSecurityKey EntraKey => _entraKeys[0];

    public static async Task<OpenIdServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenIdServer(app);
        server.AddChannelKey(["webchat", "directline", "msteams", "emulator"]);
        server._entraKeys.Add(NewKey());
        app.MapGet("/channel/.well-known/openidconfiguration", () => Results.Json(new JsonObject
        {
            ["issuer"] = ChannelIssuer,
            ["jwks_uri"] = new Uri(server.BaseAddress, "channel/keys").ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        app.MapGet("/channel/keys", () =>
        {
            Interlocked.Increment(ref server._keyFetches);
            lock (server._channelKeys)
            {
                return Results.Json(new JsonObject { ["keys"] = new JsonArray([.. server._channelKeys.Select(k => Jwk(k.Key, k.Endorsements))]) });
            }
        });
        app.MapGet("/entra/v2.0/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = "https://login.microsoftonline.com/{tenantid}/v2.0",
            ["jwks_uri"] = new Uri(server.BaseAddress, "entra/keys").ToString(),
        }));
        app.MapGet("/entra/keys", () => Results.Json(new JsonObject { ["keys"] = new JsonArray([.. server._entraKeys.Select(k => Jwk(k, null))]) }));
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Publishes a new channel signing key (the old ones stay published) and makes it the current one.</summary>
    public RsaSecurityKey AddChannelKey(string[] endorsements)
    {
        var key = NewKey();
        lock (_channelKeys)
        {
            _channelKeys.Add((key, endorsements));
        }

        CurrentChannelKey = key;
        return key;
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = "kid-" + Guid.NewGuid().ToString("N")[..12] };

    public static string ChannelToken(
        RsaSecurityKey key, string audience, string serviceUrl, string issuer = ChannelIssuer, DateTime? expires = null) =>
        Sign(key, issuer, audience, expires, new Dictionary<string, object> { ["serviceurl"] = serviceUrl });

    public static string EntraToken(RsaSecurityKey key, string audience, string appId, string version = "2.0", string issuer = EntraV2Issuer) =>
        Sign(key, issuer, audience, null, new Dictionary<string, object> { ["ver"] = version, [version == "2.0" ? "azp" : "appid"] = appId });

    public static string Sign(RsaSecurityKey key, string issuer, string audience, DateTime? expires, Dictionary<string, object> claims)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddMinutes(-60),
            NotBefore = expiry.AddMinutes(-60),
            Expires = expiry,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static JsonObject Jwk(RsaSecurityKey key, string[]? endorsements)
    {
        var parameters = key.Rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e!)]);
        }

        return jwk;
    }
}
