using SpeakerBot.Domain;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Storage.Tests;

public class SqliteSpeakerStoreTests
{
    private static Speaker Speaker(string id) => new()
    {
        Id = id,
        FirstName = "Zoé",
        LastName = "Hamon",
        Headline = "Data scientist",
        Sector = "numerique",
        Region = "bretagne",
        Topics = ["IA", "robotique"],
        Contact = new ContactDetails("z@example.org", null),
    };

    [Fact]
    public async Task UpsertAsync_raises_changed_with_the_ids_and_reads_back()
    {
        using var db = new TempDatabase();
        var raised = new List<string>();
        db.Store.Changed += (_, e) => raised.AddRange(e.Ids);
        Assert.Equal(2, await db.Store.UpsertAsync([Speaker("b"), Speaker("a")]));
        Assert.Equal(["b", "a"], raised);
        Assert.Equal(["a", "b"], await db.Store.ReadAllAsync().Select(s => s.Id).ToListAsync());
        var a = (await db.Store.GetAsync("a"))!;
        Assert.Equal(["IA", "robotique"], a.Topics);
        Assert.Equal("z@example.org", a.Contact!.Email);
        Assert.True(await db.Store.DeleteAsync("a"));
        Assert.False(await db.Store.DeleteAsync("a"));
        Assert.Equal(["b", "a", "a"], raised);
    }

    [Fact]
    public async Task Store_survives_reopening_the_file_with_migrations_applied_once()
    {
        using var db = new TempDatabase();
        await db.Store.UpsertAsync([Speaker("a")]);
        var reopened = new SqliteSpeakerStore(new SqliteDatabase(Path.Combine(db.Folder, "directory.db")));
        Assert.Equal(1, await reopened.CountAsync());
    }
}
