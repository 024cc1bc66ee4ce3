using SpeakerBot.Domain;
using SpeakerBot.Host.BackOffice;

namespace SpeakerBot.Host.Tests.BackOffice;

public sealed class BackOfficeTextsTests
{
    private readonly BackOfficeTexts _texts = new(Path.Combine(RepoData.DialogsDirectory, "locales"));

    [Fact]
    public void Every_back_office_text_exists_in_french_and_english_and_is_not_empty()
    {
        var french = _texts.All("fr");
        var english = _texts.All("en");

        Assert.Empty(french.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(french.Keys));
        Assert.All(french.Concat(english), t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key + " is empty"));
    }

    [Fact]
    public void A_missing_english_text_falls_back_to_french_and_an_unknown_key_shows_itself()
    {
        Assert.Equal("Accueil", _texts.Get("fr", "nav.home"));
        Assert.Equal("Home", _texts.Get("en", "nav.home"));
        Assert.Equal("nav.nothing", _texts.Get("en", "nav.nothing"));
    }
}
