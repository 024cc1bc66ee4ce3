using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain.Instances;

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
    private readonly ISecretStore? _secrets;
    private byte[]? _key;
    private readonly byte[]? _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    /// <summary>The name under which a generated signing key is kept in the database.</summary>
    public const string SharedKeyName = "directline-token-key";

    /// <summary>Without a configured key, one generated for this process only: tokens die with it.</summary>
    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
        : this(options, time, null)
    {
    }

    /// <summary>
    /// Without a configured key, the one generated once and kept in the database, so a token issued by one instance
    /// is accepted by every other one and after a restart.
    /// </summary>
    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time, ISecretStore? secrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (!string.IsNullOrWhiteSpace(value.TokenSigningKey))
        {
            _key = Convert.FromBase64String(value.TokenSigningKey);
        }
        else if (secrets is not null)
        {
            // Read (or generated and stored) once per process by ReadyAsync, which every Direct Line route awaits first.
            _secrets = secrets;
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
        }

        _secret = string.IsNullOrEmpty(value.Secret) ? null : Encoding.UTF8.GetBytes(value.Secret);
        _lifetime = value.TokenLifetime;
        _time = time;
    }

    public bool SecretRequired => _secret is not null;

    /// <summary>Loads the shared signing key from the database the first time; cheap afterwards.</summary>
    public async ValueTask ReadyAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _key) is not null || _secrets is null)
        {
            return;
        }

        var stored = await _secrets.GetOrCreateSecretAsync(SharedKeyName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
        Volatile.Write(ref _key, Convert.FromBase64String(stored));
    }

    private byte[] Key => Volatile.Read(ref _key) ?? throw new InvalidOperationException("Await DirectLineTokens.ReadyAsync before issuing or checking tokens.");

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
        var signature = HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// Checks an Authorization header value ("Bearer …") or a bare token from a stream URL. Every Direct Line request
    /// pays for this, so it works on spans and the stack: the only allocations are the two claim strings.
    /// </summary>
    public TokenCheck Check(string? credential) => Check(credential, out _);

    /// <summary>
    /// The user of a token this service signed, valid or expired less than <see cref="ResumeWindow"/> ago: the page
    /// presents its tab's last token to keep the same identity after a reload. Anything else (the secret, a forged or
    /// foreign token, one long expired) gives null, and the page then gets a new identity.
    /// </summary>
    public string? PreviousUser(string? credential)
    {
        var check = Check(credential, out var expires);
        return check.Status is TokenStatus.Valid or TokenStatus.Expired && !check.IsSecret
            && _time.GetUtcNow().ToUnixTimeSeconds() < expires + (long)ResumeWindow.TotalSeconds
            ? check.UserId
            : null;
    }

    /// <summary>How long after its expiry a tab's token still proves who the tab's user is.</summary>
    public static readonly TimeSpan ResumeWindow = TimeSpan.FromHours(12);

    private TokenCheck Check(string? credential, out long expires)
    {
        expires = 0;
        if (string.IsNullOrWhiteSpace(credential))
        {
            return new(TokenStatus.Missing, null, null, false);
        }

        var token = credential.AsSpan().Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token[7..].Trim();
        }

        if (_secret is not null && IsSecret(token))
        {
            return new(TokenStatus.Valid, null, null, true);
        }

        var firstDot = token.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : token[(firstDot + 1)..].IndexOf('.') + firstDot + 1;
        if (token.Length > MaxTokenLength || firstDot <= 0 || secondDot <= firstDot || token[(secondDot + 1)..].Contains('.'))
        {
            return new(TokenStatus.Invalid, null, null, false);
        }

        // Non-ASCII characters become '?' here, which can only make the signature fail, as it should.
        Span<byte> signingInput = stackalloc byte[secondDot];
        Encoding.ASCII.GetBytes(token[..secondDot], signingInput);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Key, signingInput, expected);
        Span<byte> signature = stackalloc byte[64];
        if (!TryDecode(token[(secondDot + 1)..], signature, out var signatureLength)
            || !CryptographicOperations.FixedTimeEquals(signature[..signatureLength], expected))
        {
            return new(TokenStatus.Invalid, null, null, false);
        }

        var encodedPayload = token[(firstDot + 1)..secondDot];
        Span<byte> payload = stackalloc byte[Base64Url.GetMaxDecodedLength(encodedPayload.Length)];
        if (!TryDecode(encodedPayload, payload, out var payloadLength))
        {
            return new(TokenStatus.Invalid, null, null, false);
        }

        if (!TryReadClaims(payload[..payloadLength], out var conversation, out var user, out expires))
        {
            return new(TokenStatus.Invalid, null, null, false);
        }

        return _time.GetUtcNow().ToUnixTimeSeconds() >= expires
            ? new(TokenStatus.Expired, conversation, user, false)
            : new(TokenStatus.Valid, conversation, user, false);
    }

    private const int MaxTokenLength = 4096;

    // TryDecodeFromChars only reports a too-small destination; a character outside base64url throws.
    private static bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        return Base64Url.IsValid(encoded, out var length) && length <= destination.Length
            && Base64Url.TryDecodeFromChars(encoded, destination, out written);
    }

    private bool IsSecret(ReadOnlySpan<char> token)
    {
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var bytes = length <= MaxTokenLength ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(token, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..written], _secret);
    }

    /// <summary>Our payloads are flat: <c>{"conv":"…","user":"…","iat":n,"exp":n}</c>; all three claims we read are required.</summary>
    private static bool TryReadClaims(ReadOnlySpan<byte> payload, out string? conversation, out string? user, out long expires)
    {
        conversation = null;
        user = null;
        expires = 0;
        var hasExpiry = false;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (!reader.Read())
                {
                    return false;
                }

                if (name.SequenceEqual("conv"u8) && reader.TokenType == JsonTokenType.String)
                {
                    conversation = reader.GetString();
                }
                else if (name.SequenceEqual("user"u8) && reader.TokenType == JsonTokenType.String)
                {
                    user = reader.GetString();
                }
                else if (name.SequenceEqual("exp"u8) && reader.TokenType == JsonTokenType.Number)
                {
                    hasExpiry = reader.TryGetInt64(out expires);
                }
                else
                {
                    reader.Skip();
                }
            }

            return conversation is not null && user is not null && hasExpiry;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
