using SpeakerBot.Storage.Import;

namespace SpeakerBot.Storage.Tests;

[Trait("Category", "Security")]
public class CsvWriterTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+33 6 12 34 56 78", "'+33 6 12 34 56 78")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("  =1+1", "'  =1+1")]
    [InlineData("'=1+1", "''=1+1")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("-1.5536", "-1.5536")]
    [InlineData("+12", "+12")]
    [InlineData("Zoé", "Zoé")]
    [InlineData("l'INSA", "l'INSA")]
    [InlineData("classroom;online", "classroom;online")]
    [InlineData("a,b", "\"a,b\"")]
    public void Cell_prefixes_what_a_spreadsheet_would_run_and_quotes_separators(string value, string written)
    {
        Assert.Equal(written, CsvWriter.Cell(value));
    }

    [Fact]
    public void Restore_undoes_exactly_what_Neutralise_added_for_any_text()
    {
        var random = new Random(91);
        const string Alphabet = "=+-@'\t\r a1.\"";
        for (var i = 0; i < 20_000; i++)
        {
            var value = new string([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

            Assert.Equal(value, CsvWriter.Restore(CsvWriter.Neutralise(value)));
            var line = CsvText.Read(CsvWriter.Line(["id", value]) + "\n", ',').Single().Cells;
            Assert.Equal(value, CsvWriter.Restore(line[1]));
        }
    }
}
