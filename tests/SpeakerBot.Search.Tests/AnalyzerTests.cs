using SpeakerBot.Search.Analysis;

namespace SpeakerBot.Search.Tests;

public class AnalyzerTests
{
    private static readonly FrenchAnalyzer Analyzer = SearchLexicon.Default.Analyzer;

    [Theory]
    [InlineData("Ingénieure aéronautique", "ingenieur aeronautiqu")]
    [InlineData("ingénieur", "ingenieur")]
    [InlineData("INGÉNIEURES", "ingenieur")]
    [InlineData("l'intelligence artificielle", "intelligenc artificiel")]
    [InlineData("d'une développeuse", "developpeur")]
    [InlineData("qu'elle soit directrice", "soit directeur")]
    [InlineData("Sapeuse-pompière", "sapeur pompier")]
    [InlineData("sapeur-pompier", "sapeur pompier")]
    [InlineData("policière policiers", "policier policier")]
    [InlineData("technicienne techniciens", "technicien technicien")]
    [InlineData("chercheuse chercheur", "chercheur chercheur")]
    [InlineData("cheffe de chantier", "chef chantier")]
    [InlineData("Cœur œnologue", "coeur oenologu")]
    [InlineData("diplômée diplômé", "diplom diplom")]
    [InlineData("professionnelle professionnel", "professionnel professionnel")]
    [InlineData("sous-préfète préfet", "prefet prefet")]
    [InlineData("engineers in the aerospace industry", "engineer aerospac industry")]
    [InlineData("4e 3e CM2", "4e 3e cm2")]
    [InlineData("\"*:()-", "")]
    [InlineData("", "")]
    public void Analyze_text_gives_folded_stemmed_tokens(string input, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Analyzer.Analyze(input)));
    }

    [Theory]
    [InlineData("ingénieure", "ingénieur", "ingénieures", "INGENIEUR")]
    [InlineData("directrice", "directeur", "directrices", "directeurs")]
    [InlineData("infirmière", "infirmier", "infirmières", "infirmiers")]
    [InlineData("conductrice", "conducteur", "conductrices", "conducteurs")]
    [InlineData("magistrate", "magistrat", "magistrates", "magistrats")]
    public void Analyze_feminine_masculine_and_plural_job_titles_meet(string a, string b, string c, string d)
    {
        var stems = new[] { a, b, c, d }.Select(w => Assert.Single(Analyzer.Analyze(w))).Distinct().ToList();
        Assert.Single(stems);
    }

    [Fact]
    public void Analyze_random_input_never_throws()
    {
        var random = new Random(42);
        var alphabet = "aàâäeéèêëiîïoôöuùûüçœæ'’-\"*:()[]{}!?.,;/\\ \t\n0123456789AZÉÈ\u0301\u200b😀𝔘ßØł".ToCharArray();
        for (var i = 0; i < 3000; i++)
        {
            var length = random.Next(0, 200);
            var text = new string([.. Enumerable.Range(0, length).Select(_ => random.Next(4) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)])]);
            var tokens = Analyzer.Tokens(text);
            Assert.All(tokens, t => Assert.False(string.IsNullOrEmpty(t.Stem)));
        }
    }

    [Fact]
    public void Analyze_very_long_word_is_cut_not_rejected()
    {
        var tokens = Analyzer.Analyze(new string('a', 10_000));
        Assert.Single(tokens);
        Assert.True(tokens[0].Length <= FrenchAnalyzer.MaxWordLength);
    }

    [Fact]
    public void Lexicon_synonyms_link_single_words_and_expressions()
    {
        var lexicon = SearchLexicon.Default;
        Assert.True(lexicon.Synonyms.Match(Analyzer.Analyze("IA"), 0, out var ia) > 0);
        Assert.Equal(2, lexicon.Synonyms.Match(Analyzer.Analyze("intelligence artificielle"), 0, out var expression));
        Assert.NotEmpty(ia.Intersect(expression));
    }
}
