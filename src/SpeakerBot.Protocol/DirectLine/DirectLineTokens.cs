using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Protocol.DirectLine;

public enum TokenStatus
{
    Valid,
    Missing,
    Invalid,
    Expired,
}

public readonly record struct TokenCheck(TokenStatus Status, string? ConversationId, string? UserId, bool IsSecret);

/// <summary>
/// Direct Line tokens: HS256 JWTs carrying the conversation and user they are bound to. A JWT because Web Chat
/// reads the <c>user</c> claim (without checking the signature) to know which messages are the user's own.
/// </summary>
public sealed class DirectLineTokens
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");
    private readonly byte[] _key;
    private readonly byte[]? _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _key = string.IsNullOrWhiteSpace(value.TokenSigningKey) ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(value.TokenSigningKey);
        _secret = string.IsNullOrEmpty(value.Secret) ? null : Encoding.UTF8.GetBytes(value.Secret);
        _lifetime = value.TokenLifetime;
        _time = time;
    }

    public bool SecretRequired => _secret is not null;

    public int ExpiresInSeconds => (int)_lifetime.TotalSeconds;

    public string Issue(string conversationId, string userId)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("conv", conversationId);
            writer.WriteString("user", userId);
            writer.WriteNumber("iat", now);
            writer.WriteNumber("exp", now + (long)_lifetime.TotalSeconds);
            writer.WriteEndObject();
        }

        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload.ToArray());
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Checks an Authorization header value ("Bearer …") or a bare token from a stream URL.</summary>
    public TokenCheck Check(string? credential)
    {
        if (string.IsNullOrWhiteSpace(credential))
        {
            return new(TokenStatus.Missing, null, null, false);
        }

        var token = credential.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? credential[7..].Trim() : credential.Trim();
        if (_secret is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _secret))
        {
            return new(TokenStatus.Valid, null, null, true);
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || token.Length > 4096)
        {
            return new(TokenStatus.Invalid, null, null, false);
        }

        try
        {
            var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(parts[2]), expected))
            {
                return new(TokenStatus.Invalid, null, null, false);
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = payload.RootElement;
            var conversation = root.GetProperty("conv").GetString();
            var user = root.GetProperty("user").GetString();
            var expires = root.GetProperty("exp").GetInt64();
            if (_time.GetUtcNow().ToUnixTimeSeconds() >= expires)
            {
                return new(TokenStatus.Expired, conversation, user, false);
            }

            return new(TokenStatus.Valid, conversation, user, false);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new(TokenStatus.Invalid, null, null, false);
        }
    }
}
