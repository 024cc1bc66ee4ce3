using SpeakerBot.Domain;
using SpeakerBot.Search.Analysis;
using SpeakerBot.Search.Engine;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Search.Tests;

/// <summary>A real SQLite directory in a temp folder with the engine over it; deleted afterwards.</summary>
internal sealed class TestDirectory : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-search-" + Guid.NewGuid().ToString("N"));

    public TestDirectory(IEnumerable<Speaker> speakers, IRecentRequestCounts? fairness = null, IGazetteer? gazetteer = null)
    {
        Directory.CreateDirectory(_folder);
        Store = new SqliteSpeakerStore(new SqliteDatabase(Path.Combine(_folder, "directory.db")));
        Store.UpsertAsync([.. speakers]).GetAwaiter().GetResult();
        Engine = new SpeakerSearchEngine(Store, SearchLexicon.Default, new SearchOptions { IndexPath = IndexPath }, fairness, gazetteer);
        Engine.StartAsync().GetAwaiter().GetResult();
    }

    public SqliteSpeakerStore Store { get; }

    /// <summary>The Lucene index folder, inside the temp folder.</summary>
    public string IndexPath => Path.Combine(_folder, "index");

    public SpeakerSearchEngine Engine { get; }

    public List<string> Ids(SearchQuery query) => [.. Engine.Search(query).Hits.Select(h => h.Speaker.Id)];

    public void Dispose()
    {
        Engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A test runner still holding the file is no reason to fail the test.
        }
    }

    public static Speaker Make(
        string id,
        string headline,
        string sector = "numerique",
        string region = "occitanie",
        string department = "31",
        string city = "Toulouse",
        double lat = 43.605,
        double lon = 1.444,
        string[]? topics = null,
        string[]? formats = null,
        string[]? audiences = null,
        string[]? languages = null,
        string? bio = null,
        string? employer = null,
        string? network = null,
        SpeakerStatus status = SpeakerStatus.Approved,
        Availability? availability = null) => new()
        {
            Id = id,
            FirstName = "Prénom" + id,
            LastName = "Nom",
            Headline = headline,
            Employer = employer,
            Sector = sector,
            Region = region,
            Department = department,
            City = city,
            Lat = lat,
            Lon = lon,
            Topics = topics ?? [],
            Formats = formats ?? ["classroom"],
            Audiences = audiences ?? ["college"],
            Languages = languages ?? ["fr"],
            Bio = bio,
            Network = network,
            Status = status,
            Availability = availability ?? Availability.Default,
        };
}
