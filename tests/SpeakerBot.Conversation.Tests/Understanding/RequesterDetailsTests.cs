using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Tests.Understanding;

/// <summary>The requester's name and school read from a pasted e-mail, so the booking does not ask them again.</summary>
public sealed class RequesterDetailsTests
{
    [Theory]
    [InlineData("Bonjour, je suis Mme Leroy du collège Pierre de Fermat à Toulouse, je cherche une ingénieure", "Mme Leroy", "Collège Pierre de Fermat, Toulouse")]
    [InlineData("Je suis Claire Martin, collège Albert Châtelet à Lille", "Claire Martin", "Collège Albert Châtelet, Lille")]
    [InlineData("I teach Year 10 at the Lycée International in Lyon. Best regards, Emma Clarke, emma.clarke@example.org", "Emma Clarke", "Lycée International, Lyon")]
    [InlineData("Bonjour,\nnous aimerions une intervention.\nBien cordialement,\nSophie Durand\nLycée professionnel Jean Moulin\nsophie.durand@ac-toulouse.fr", "Sophie Durand", "Lycée professionnel Jean Moulin")]
    [InlineData("Bonjour,\nune ingénieure pour mes 4e ?\n\nSophie Durand\nCollège Jean Jaurès, Toulouse\nsophie.durand@ac-toulouse.fr\n06 12 34 56 78", "Sophie Durand", "Collège Jean Jaurès, Toulouse")]
    public void A_pasted_message_gives_the_requesters_name_and_school(string text, string name, string school)
    {
        var details = RequesterDetails.Extract(text, city: null, uai: null);

        Assert.Equal(name, details.GetValueOrDefault(RequesterDetails.Name));
        Assert.Equal(school, details.GetValueOrDefault(RequesterDetails.School));
    }

    [Theory]
    [InlineData("une policière pour mes 4e à Lille")]
    [InlineData("merci Clara Couderc pour votre venue")]
    [InlineData("je suis professeure au collège de mon quartier")]
    [InlineData("Une collègue m'a conseillé Clara Couderc")]
    public void Words_that_are_not_her_details_are_not_taken(string text)
    {
        var details = RequesterDetails.Extract(text, city: "Lille", uai: null);

        Assert.False(details.ContainsKey(RequesterDetails.Name), "name read from: " + text);
        Assert.False(details.ContainsKey(RequesterDetails.School), "school read from: " + text);
    }

    [Fact]
    public void A_phone_number_is_kept_as_digits_and_a_uai_is_the_school()
    {
        var details = RequesterDetails.Extract("une ingénieure pour mes 4e, collège 0310001A à Toulouse, tél. +33 6 12 34 56 78", city: "Toulouse", uai: "0310001A");

        Assert.Equal("0310001A", details[RequesterDetails.School]);
        Assert.Equal("0612345678", details[RequesterDetails.Phone]);
    }
}
