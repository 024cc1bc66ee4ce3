using System.Diagnostics;
using System.Globalization;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bench;

/// <summary>
/// `dotnet run -c Release --project src/SpeakerBot.Bench -- gazetteer [--sentences FILE]`: load time, memory,
/// and the cost of Resolve and FindInText. Sentences default to a built-in mix of teacher requests.
/// </summary>
internal static class GazetteerBench
{
    private static readonly string[] DefaultSentences =
    [
        "Bonjour, je cherche une ingénieure aéronautique pour mes 4e à Toulouse en mars",
        "trois intervenantes de l'industrie verte à Lyon le 12 juin",
        "Bonjour je suis CPE dans un lycée pro du 93, on cherche une femme gendarme",
        "une intervenante en visio pour une classe de CM2 à Brest",
        "In Bordeaux, we need a woman engineer for a high school class",
        "collège à Saint-Denis (974), 28 élèves de 5e",
        "mes 25 élèves de 4e, mardi 9 février à 14h",
        "une conductrice de train pour des secondes en Normandie",
        "une infirmière de bloc au Havre",
        "Le collège Victor Hugo de Tours accueille une ingénieure le 3 avril",
        "ingénieure toulouse 4e mars",
        "une intervenante sur les métiers de la défense et la cybersécurité, en visio de préférence, pour une classe de seconde",
    ];

    public static int Run(string[] args)
    {
        var sentences = args is ["--sentences", var file, ..] ? File.ReadAllLines(file).Where(l => l.Length > 0).ToArray() : DefaultSentences;

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var gazetteer = Gazetteer.Load();
        var loadMs = sw.Elapsed.TotalMilliseconds;
        var heapMb = (GC.GetTotalMemory(forceFullCollection: true) - before) / 1024.0 / 1024.0;
        GC.KeepAlive(gazetteer);

        var mentions = 0;
        for (var w = 0; w < 2_000; w++)
        {
            mentions += gazetteer.FindInText(sentences[w % sentences.Length]).Count;
        }

        const int Rounds = 20_000;
        sw.Restart();
        for (var r = 0; r < Rounds; r++)
        {
            mentions += gazetteer.FindInText(sentences[r % sentences.Length]).Count;
        }

        var findUs = sw.Elapsed.TotalMilliseconds * 1000 / Rounds;

        string[] places = ["Toulouse", "saint etienne", "31000", "Haute-Garonne", "93", "Midi-Pyrénées", "Pointe-à-Pitre", "Saint-Denis 974", "Toulouze"];
        sw.Restart();
        for (var r = 0; r < Rounds; r++)
        {
            gazetteer.Resolve(places[r % places.Length]);
        }

        var resolveUs = sw.Elapsed.TotalMilliseconds * 1000 / Rounds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT gazetteer communes={gazetteer.CommuneCount} dept_centre_fallback={gazetteer.CommunesWithoutOwnCoordinates} load_ms={loadMs:F0} heap_mb={heapMb:F1} find_in_text_us={findUs:F1} resolve_us={resolveUs:F1} sentences={sentences.Length} mentions={mentions}"));
        return 0;
    }
}
