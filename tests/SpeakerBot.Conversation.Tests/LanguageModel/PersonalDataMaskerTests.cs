using SpeakerBot.Conversation.LanguageModel;

namespace SpeakerBot.Conversation.Tests.LanguageModel;

public sealed class PersonalDataMaskerTests
{
    [Theory]
    [InlineData("écrivez-moi à prof.svt@ac-lyon.fr merci", "écrivez-moi à [email] merci")]
    [InlineData("mon 06 12 34 56 78 ou le 04.72.00.00.00", "mon [phone] ou le [phone]")]
    [InlineData("appelez le +33 6 12 34 56 78", "appelez le [phone]")]
    [InlineData("Je m'appelle Sophie Bernard, prof de techno", "Je m'appelle [name], prof de techno")]
    [InlineData("contact : Mme Lefèvre au CDI", "contact : Mme [name] au CDI")]
    [InlineData("Merci d'avance,\nJulie Moreau", "Merci d'avance,\n[name]")]
    [InlineData("my name is Anna Smith and I teach", "my name is [name] and I teach")]
    public void Mask_personal_data_is_replaced(string text, string expected)
    {
        Assert.Equal(expected, PersonalDataMasker.Mask(text));
    }

    [Theory]
    [InlineData("28 élèves de 4e à Lyon le 12/03/2027 à 14h30, UAI 0690001A")]
    [InlineData("une policière à Toulouse entre le 10 et le 20 mars, 3 intervenantes")]
    [InlineData("je suis à Marseille, référence SB-2026-0042")]
    public void Mask_request_details_are_kept(string text)
    {
        Assert.Equal(text, PersonalDataMasker.Mask(text));
    }

    [Fact]
    public void Mask_known_names_are_replaced_whatever_the_case()
    {
        Assert.Equal("bonjour, c'est [name] du collège", PersonalDataMasker.Mask("bonjour, c'est durand du collège", ["Durand"]));
    }
}
