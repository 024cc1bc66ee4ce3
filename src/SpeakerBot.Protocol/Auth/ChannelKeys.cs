using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace SpeakerBot.Protocol.Auth;

/// <summary>
/// Signing keys of one token issuer plus, for Bot Framework keys, the channel ids each key is endorsed for
/// (the non-standard <c>endorsements</c> array of every JWKS entry, which the stock retriever drops).
/// </summary>
public sealed class ChannelKeys
{
    public required string Issuer { get; init; }

    public required IReadOnlyList<SecurityKey> SigningKeys { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements { get; init; }
}

/// <summary>Reads the OpenID metadata document, then its <c>jwks_uri</c>, keeping the raw JSON for endorsements.</summary>
internal sealed class ChannelKeysRetriever : IConfigurationRetriever<ChannelKeys>
{
    public async Task<ChannelKeys> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var metadataJson = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        string jwksUri;
        string issuer;
        using (var metadata = JsonDocument.Parse(metadataJson))
        {
            jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.ValueKind == JsonValueKind.String
                ? uri.GetString()!
                : throw new InvalidOperationException($"OpenID metadata at {address} has no jwks_uri.");
            issuer = metadata.RootElement.TryGetProperty("issuer", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString()! : string.Empty;
        }

        var jwksJson = await retriever.GetDocumentAsync(jwksUri, cancel).ConfigureAwait(false);
        var keySet = new JsonWebKeySet(jwksJson);
        var endorsements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using (var jwks = JsonDocument.Parse(jwksJson))
        {
            if (jwks.RootElement.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
            {
                foreach (var key in keys.EnumerateArray())
                {
                    if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                        && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        endorsements[kid.GetString()!] = [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
                    }
                }
            }
        }

        return new ChannelKeys { Issuer = issuer, SigningKeys = [.. keySet.GetSigningKeys()], Endorsements = endorsements };
    }
}
