using SpeakerBot.Conversation.LanguageModel;

namespace SpeakerBot.Conversation.Tests.LanguageModel;

[Collection(LanguageModelCollection.Name)]
public sealed class FaqAnswererTests(LanguageModelFixture fixture)
{
    private static readonly FaqAnswerer Offline = new(NoLanguageModel.Instance);

    [Theory]
    [InlineData("c'est gratuit ?", "fr", "cost")]
    [InlineData("Combien de temps dure une heure découverte ?", "fr", "duration")]
    [InlineData("faut-il une autorisation du chef d'etablissement ?", "fr", "authorisation")]
    [InlineData("qui sont les intervenantes ?", "fr", "speakers")]
    [InlineData("comment annuler ma demande ?", "fr", "cancel")]
    [InlineData("c'est possible en visio ?", "fr", "online")]
    [InlineData("pour quels niveaux ? le primaire aussi ?", "fr", "levels")]
    [InlineData("Is it free?", "en", "cost")]
    [InlineData("Do I need the head teacher's permission?", "en", "authorisation")]
    [InlineData("can the speaker join online?", "en-US", "online")]
    public async Task AnswerAsync_programme_question_finds_its_entry(string question, string locale, string expected)
    {
        var answer = await Offline.AnswerAsync(question, locale);

        Assert.True(answer.Found);
        Assert.Equal(expected, answer.EntryId);
        Assert.False(answer.Phrased);
    }

    [Theory]
    [InlineData("quelle est la capitale du Pérou ?", "fr")]
    [InlineData("what's the weather tomorrow?", "en")]
    public async Task AnswerAsync_unrelated_question_says_there_is_no_answer(string question, string locale)
    {
        var answer = await Offline.AnswerAsync(question, locale);

        Assert.False(answer.Found);
        Assert.Null(answer.EntryId);
        Assert.Contains(locale == "fr" ? "coordination" : "coordinator", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Retrieve_with_model_configured_shows_the_entry_as_written_without_calling_it()
    {
        fixture.Server.Reset((_, _) => new FakeReply(Content: "Oui, gratuit."));
        var answerer = new FaqAnswerer(fixture.Model(fixture.Options()));

        var answer = answerer.Retrieve("c'est gratuit ?", "fr");

        Assert.Equal("cost", answer.EntryId);
        Assert.StartsWith("Oui, c'est gratuit pour l'établissement", answer.Text, StringComparison.Ordinal);
        Assert.False(answer.Phrased);
        Assert.Empty(fixture.Server.Calls);
    }

    [Fact]
    public async Task AnswerAsync_with_model_uses_a_grounded_phrasing()
    {
        const string phrased = "Oui, c'est gratuit : les intervenantes sont bénévoles et l'école ne paie rien.";
        fixture.Server.Reset((_, _) => new FakeReply(Content: phrased));
        var answerer = new FaqAnswerer(fixture.Model(fixture.Options()));

        var answer = await answerer.AnswerAsync("c'est gratuit ? je suis Mme Leroy, 06 11 22 33 44", "fr");

        Assert.Equal(phrased, answer.Text);
        Assert.True(answer.Phrased);
        var prompt = Assert.Single(fixture.Server.Calls).Prompt;
        Assert.Contains("bénévoles", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Leroy", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("06 11 22 33 44", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C'est gratuit, sauf 20 euros de frais de dossier.")]
    [InlineData("Oui, c'est gratuit ; écrivez à contact@speakerbot.example pour en savoir plus.")]
    [InlineData("C'est gratuit grâce au soutien de la Fondation Dupuis.")]
    public async Task AnswerAsync_with_model_ungrounded_phrasing_shows_the_entry_as_written(string phrased)
    {
        fixture.Server.Reset((_, _) => new FakeReply(Content: phrased));
        var answerer = new FaqAnswerer(fixture.Model(fixture.Options()));

        var answer = await answerer.AnswerAsync("c'est gratuit ?", "fr");

        Assert.Equal("cost", answer.EntryId);
        Assert.False(answer.Phrased);
        Assert.StartsWith("Oui, c'est gratuit pour l'établissement", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAsync_model_down_shows_the_entry_as_written()
    {
        fixture.Server.Reset((_, _) => new FakeReply(Status: 503));
        var answerer = new FaqAnswerer(fixture.Model(fixture.Options(timeoutMs: 500)));

        var answer = await answerer.AnswerAsync("Combien de temps dure une heure découverte ?", "fr");

        Assert.Equal("duration", answer.EntryId);
        Assert.False(answer.Phrased);
    }

    [Fact]
    public void Load_every_entry_exists_in_both_locales()
    {
        var fr = FaqIndex.Load(Path.Combine(Domain.RepoData.DialogsDirectory, "faq.fr.json"));
        var en = FaqIndex.Load(Path.Combine(Domain.RepoData.DialogsDirectory, "faq.en.json"));

        Assert.Equal(fr.Entries.Select(e => e.Id).Order(), en.Entries.Select(e => e.Id).Order());
    }
}
