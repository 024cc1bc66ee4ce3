using SpeakerBot.Storage.Import;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage.Tests;

/// <summary>A real SQLite file in its own temp folder, removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory.CreateDirectory(Folder);
        Store = new SqliteSpeakerStore(new SqliteDatabase(Path.Combine(Folder, "directory.db")));
        Importer = new SpeakerImporter(Store, TimeProvider.System);
        Exporter = new SpeakerExporter(Store);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "speakerbot-storage-" + Guid.NewGuid().ToString("N"));

    public SqliteSpeakerStore Store { get; }

    public SpeakerImporter Importer { get; }

    public SpeakerExporter Exporter { get; }

    public string File(string name, string content, System.Text.Encoding? encoding = null)
    {
        var path = Path.Combine(Folder, name);
        System.IO.File.WriteAllText(path, content, encoding ?? new System.Text.UTF8Encoding(false));
        return path;
    }

    public static string Line(string id, string sector = "numerique", string extra = "") =>
        $$"""{"id":"{{id}}","firstName":"Zoé","lastName":"Hamon","headline":"Data scientist","employer":"Atos","sector":"{{sector}}","region":"occitanie","department":"31","city":"Toulouse","lat":43.6,"lon":1.44,"topics":["intelligence artificielle"],"formats":["classroom"],"audiences":["lycee"],"languages":["fr"],"network":null,"bio":"Bio de test."{{extra}}}""";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not change what the test proved.
        }
    }
}
