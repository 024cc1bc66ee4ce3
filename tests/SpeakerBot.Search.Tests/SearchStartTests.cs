using SpeakerBot.Domain;
using SpeakerBot.Domain.Instances;
using SpeakerBot.Search.Analysis;
using SpeakerBot.Search.Engine;
using SpeakerBot.Storage.Sqlite;
using static SpeakerBot.Search.Tests.TestDirectory;

namespace SpeakerBot.Search.Tests;

/// <summary>
/// The index is brought up to date with awaits (decision 123): the host awaits the start, the store's own writes are
/// searchable when they return, and changes known only by id (another instance's) are read by one background reader.
/// </summary>
public class SearchStartTests
{
    [Fact]
    public async Task Start_a_search_before_the_start_is_refused_by_name_and_answers_after_it()
    {
        using var directory = new TestDirectory([Make("a1", "Ingénieure aéronautique")]);
        directory.Engine.Dispose();
        await directory.Store.UpsertAsync([Make("o1", "Océanographe", sector: "recherche")]);

        using var engine = new SpeakerSearchEngine(directory.Store, SearchLexicon.Default, new SearchOptions { IndexPath = directory.IndexPath });
        var refused = Assert.Throws<InvalidOperationException>(() => engine.Search(new SearchQuery { Text = "océanographe" }));
        Assert.Contains("StartAsync", refused.Message, StringComparison.Ordinal);

        await engine.StartAsync();
        Assert.Equal("o1", Assert.Single(engine.Search(new SearchQuery { Text = "océanographe" }).Hits).Speaker.Id);
    }

    [Fact]
    public async Task Start_a_profile_written_before_the_start_completes_is_searchable_after_it()
    {
        using var directory = new TestDirectory([Make("a1", "Ingénieure aéronautique")]);
        directory.Engine.Dispose();
        using var engine = new SpeakerSearchEngine(directory.Store, SearchLexicon.Default, new SearchOptions { IndexPath = directory.IndexPath });

        // Subscribed but not started: the write is queued, then read again once the index matches the store.
        await directory.Store.UpsertAsync([Make("o1", "Océanographe", sector: "recherche")]);
        await engine.StartAsync();
        await engine.FlushAsync();

        Assert.Equal("o1", Assert.Single(engine.Search(new SearchQuery { Text = "océanographe" }).Hits).Speaker.Id);
        Assert.Equal(2, engine.Count);
    }

    [Fact]
    public async Task Feed_a_profile_written_by_another_instance_is_read_and_indexed_by_the_background_reader()
    {
        using var directory = new TestDirectory([Make("a1", "Ingénieure aéronautique")]);
        directory.Engine.Dispose();
        var feed = new ManualFeed();
        using var engine = new SpeakerSearchEngine(directory.Store, SearchLexicon.Default, new SearchOptions { IndexPath = directory.IndexPath }, changes: feed);
        await engine.StartAsync();

        // Another instance writes the same database through its own store: this engine hears only the ids.
        var other = new SqliteSpeakerStore(new SqliteDatabase(Path.Combine(Path.GetDirectoryName(directory.IndexPath)!, "directory.db")));
        await other.UpsertAsync([Make("o1", "Océanographe", sector: "recherche")]);
        await other.DeleteAsync("a1");
        feed.Raise(new SpeakersChangedEventArgs(["o1", "a1"]));
        await engine.FlushAsync();

        Assert.Equal("o1", Assert.Single(engine.Search(new SearchQuery { Text = "océanographe" }).Hits).Speaker.Id);
        Assert.Empty(engine.Search(new SearchQuery { Text = "aéronautique" }).Hits);

        // A reconnected feed asks for everything: the index is compared with the store again.
        await other.UpsertAsync([Make("c1", "Analyste SOC", sector: "cybersecurite")]);
        feed.Raise(SpeakersChangedEventArgs.Everything);
        await engine.FlushAsync();
        Assert.Equal("c1", Assert.Single(engine.Search(new SearchQuery { Text = "analyste" }).Hits).Speaker.Id);
    }

    [Fact]
    public async Task Write_a_profile_is_searchable_the_moment_the_store_write_returns()
    {
        using var directory = new TestDirectory([Make("a1", "Ingénieure aéronautique")]);
        await directory.Store.UpsertAsync([Make("o1", "Océanographe", sector: "recherche")]);
        Assert.Equal("o1", Assert.Single(directory.Engine.Search(new SearchQuery { Text = "océanographe" }).Hits).Speaker.Id);

        await directory.Store.DeleteAsync("o1");
        Assert.Empty(directory.Engine.Search(new SearchQuery { Text = "océanographe" }).Hits);
    }

    private sealed class ManualFeed : ISpeakerChangeFeed
    {
        public event EventHandler<SpeakersChangedEventArgs>? Changed;

        public void Raise(SpeakersChangedEventArgs change) => Changed?.Invoke(this, change);
    }
}
