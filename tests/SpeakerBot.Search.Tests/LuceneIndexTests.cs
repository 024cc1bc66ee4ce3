using SpeakerBot.Search.Analysis;
using SpeakerBot.Search.Engine;
using static SpeakerBot.Search.Tests.TestDirectory;

namespace SpeakerBot.Search.Tests;

/// <summary>The Lucene index on disk: reused when current, rebuilt when the directory changed meanwhile, one writer per folder.</summary>
public class LuceneIndexTests
{
    private static async Task<SpeakerSearchEngine> ReopenAsync(TestDirectory directory)
    {
        var engine = new SpeakerSearchEngine(directory.Store, SearchLexicon.Default, new SearchOptions { IndexPath = directory.IndexPath });
        await engine.StartAsync();
        return engine;
    }

    [Fact]
    public async Task Index_a_later_start_opens_the_current_index_without_rebuilding()
    {
        using var directory = new TestDirectory([Make("a1", "Ingénieure aéronautique"), Make("c1", "Analyste SOC")]);
        var built = directory.Engine.Stats();
        Assert.Equal(2, built.Documents);
        directory.Engine.Dispose();

        using var again = await ReopenAsync(directory);
        var reopened = again.Stats();
        Assert.Equal(built.BuiltAt, reopened.BuiltAt);
        Assert.Equal(directory.IndexPath, reopened.Path);
        Assert.Equal("a1", Assert.Single(again.Search(new SearchQuery { Text = "ingénieur" }).Hits).Speaker.Id);
    }

    [Fact]
    public async Task Index_a_directory_changed_while_the_bot_was_stopped_is_rebuilt_on_start()
    {
        using var directory = new TestDirectory([Make("a1", "Ingénieure aéronautique")]);
        directory.Engine.Dispose();
        await directory.Store.UpsertAsync([Make("o1", "Océanographe", sector: "recherche")]);

        using var again = await ReopenAsync(directory);
        Assert.Equal(2, again.Count);
        Assert.Equal("o1", Assert.Single(again.Search(new SearchQuery { Text = "océanographe" }).Hits).Speaker.Id);
    }

    [Fact]
    public async Task Index_held_by_another_writer_is_searched_read_only_and_a_rebuild_names_the_folder()
    {
        using var directory = new TestDirectory([Make("a1", "Ingénieure aéronautique")]);
        using var second = await ReopenAsync(directory);
        Assert.True(second.ReadOnly);
        Assert.Equal("a1", Assert.Single(second.Search(new SearchQuery { Text = "aéronautique" }).Hits).Speaker.Id);

        // What the writer commits is seen by the read-only instance at its next search.
        await directory.Store.UpsertAsync([Make("o1", "Océanographe", sector: "recherche")]);
        Assert.Equal("o1", Assert.Single(second.Search(new SearchQuery { Text = "océanographe" }).Hits).Speaker.Id);
        var error = await Assert.ThrowsAsync<SearchIndexLockedException>(() => second.RebuildAsync());
        Assert.Contains(directory.IndexPath, error.Message, StringComparison.Ordinal);
    }
}
