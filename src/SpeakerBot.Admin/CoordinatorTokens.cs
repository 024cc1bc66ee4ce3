using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SpeakerBot.Admin;

/// <summary>
/// A token is "sbc_{id}_{secret}" with 256 random bits of secret. Only SHA-256 of the secret is stored:
/// the secret is high-entropy, so a slow password hash would add nothing. The id lets us fetch one row
/// and compare hashes in constant time instead of searching by hash.
/// </summary>
public static class CoordinatorTokens
{
    private const string Prefix = "sbc_";

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string Format(long id, string secret) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{id}_{secret}");

    public static bool TryParse(string? token, out long id, out string secret)
    {
        id = 0;
        secret = string.Empty;
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = token.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || !long.TryParse(rest[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            return false;
        }

        secret = rest[(separator + 1)..].ToString();
        return secret.Length >= 16;
    }

    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
