using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SpeakerBot.Protocol.DirectLine;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>The token parser every Direct Line request goes through, fed tokens signed with the right key but shaped wrong.</summary>
public sealed class DirectLineTokensTests
{
    private static readonly byte[] Key = new byte[32];
    private readonly ManualClock _clock = new();
    private readonly DirectLineTokens _tokens;

    public DirectLineTokensTests() => _tokens = new DirectLineTokens(
        Options.Create(new DirectLineOptions { TokenSigningKey = Convert.ToBase64String(Key), Secret = "s3cret" }), _clock);

    [Fact]
    public void Check_of_an_issued_token_gives_its_conversation_and_user_until_it_expires()
    {
        var token = _tokens.Issue("conv-12345", "dl_user");

        Assert.Equal(new TokenCheck(TokenStatus.Valid, "conv-12345", "dl_user", false), _tokens.Check("Bearer " + token));
        Assert.Equal(TokenStatus.Valid, _tokens.Check("  bearer   " + token + " ").Status);
        Assert.Equal(TokenStatus.Valid, _tokens.Check(token).Status);
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(new TokenCheck(TokenStatus.Expired, "conv-12345", "dl_user", false), _tokens.Check("Bearer " + token));
    }

    [Theory]
    [InlineData("""{"conv":"c","user":"u"}""")]
    [InlineData("""{"conv":"c","exp":99999999999}""")]
    [InlineData("""{"user":"u","exp":99999999999}""")]
    [InlineData("""{"conv":1,"user":"u","exp":99999999999}""")]
    [InlineData("""{"conv":"c","user":"u","exp":"99999999999"}""")]
    [InlineData("""["conv","user","exp"]""")]
    [InlineData("""{"conv":"c","user":"u","exp":99999999999""")]
    [InlineData("not json")]
    public void Check_of_a_correctly_signed_token_without_the_claims_we_need_is_invalid(string payload) =>
        Assert.Equal(TokenStatus.Invalid, _tokens.Check("Bearer " + Sign(payload)).Status);

    [Fact]
    public void Check_accepts_unknown_claims_and_refuses_odd_shapes_and_the_wrong_key()
    {
        Assert.Equal(TokenStatus.Valid, _tokens.Check(Sign("""{"extra":{"a":[1,2]},"conv":"c","user":"u","exp":99999999999}""")).Status);

        var good = _tokens.Issue("conv-12345", "dl_user");
        foreach (var odd in new[] { good + ".x", good.Replace('.', '_'), "." + good, good[..good.LastIndexOf('.')] + ".", good + "é", new string('a', 5000), "a.b.c" })
        {
            Assert.Equal(TokenStatus.Invalid, _tokens.Check(odd).Status);
        }

        Assert.Equal(TokenStatus.Missing, _tokens.Check("  ").Status);
        Assert.True(_tokens.Check("Bearer s3cret").IsSecret);
        Assert.Equal(TokenStatus.Invalid, _tokens.Check("Bearer s3cret!").Status);

        var other = new DirectLineTokens(Options.Create(new DirectLineOptions { TokenSigningKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()) }), _clock);
        Assert.Equal(TokenStatus.Invalid, other.Check(good).Status);
    }

    private static string Sign(string payload)
    {
        var input = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(input)));
    }
}
