using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Tests;

/// <summary>What every <see cref="ISpeakerStore"/> must do; one subclass per provider.</summary>
public abstract class SpeakerStoreContract : IDisposable
{
    protected abstract ISpeakerStore Speakers { get; }

    public abstract void Dispose();

    [StoreFact]
    public async Task A_saved_profile_comes_back_with_every_field()
    {
        var lea = Speaker("sp-lea") with
        {
            Employer = "Airbus",
            Department = "31",
            City = "Toulouse",
            Lat = 43.6045,
            Lon = 1.444,
            Topics = ["aéronautique", "IA"],
            Formats = ["classroom", "online"],
            Audiences = ["college", "lycee"],
            Languages = ["fr", "en"],
            Network = "elles-bougent",
            Bio = "Ingénieure d'essais en vol.",
            PhotoUrl = "https://example.org/lea.jpg",
            Contact = new ContactDetails("lea@example.org", "+33 6 12 34 56 78"),
            MonthlyCap = 2,
            Status = SpeakerStatus.Pending,
            Availability = new Availability(
                [new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(14, 0), new TimeOnly(16, 30))],
                [new AvailabilityException(new DateOnly(2027, 1, 5), false)]),
            UpdatedAt = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero),
        };
        await Speakers.UpsertAsync([lea]);

        var stored = await Speakers.GetAsync("sp-lea");

        Assert.NotNull(stored);
        Assert.Equal(
            ("Léa", "Martin", "Airbus", "31", "Toulouse", 43.6045, 1.444, "elles-bougent", "Ingénieure d'essais en vol.", "https://example.org/lea.jpg"),
            (stored.FirstName, stored.LastName, stored.Employer, stored.Department, stored.City, stored.Lat, stored.Lon, stored.Network, stored.Bio, stored.PhotoUrl));
        Assert.Equal(["aéronautique", "IA"], stored.Topics);
        Assert.Equal(["classroom", "online"], stored.Formats);
        Assert.Equal(["college", "lycee"], stored.Audiences);
        Assert.Equal(["fr", "en"], stored.Languages);
        Assert.Equal(new ContactDetails("lea@example.org", "+33 6 12 34 56 78"), stored.Contact);
        Assert.Equal((2, SpeakerStatus.Pending, lea.UpdatedAt), (stored.MonthlyCap, stored.Status, stored.UpdatedAt));
        Assert.Equal(lea.Availability.Weekly, stored.Availability.Weekly);
        Assert.Equal(lea.Availability.Exceptions, stored.Availability.Exceptions);
        Assert.Null(await Speakers.GetAsync("sp-nobody"));
    }

    [StoreFact]
    public async Task Writing_again_replaces_by_id_and_every_change_is_announced_with_its_ids()
    {
        var changed = new List<string>();
        Speakers.Changed += (_, e) => changed.AddRange(e.Ids);

        await Speakers.UpsertAsync([Speaker("sp-b"), Speaker("sp-a"), Speaker("sp-c")]);
        await Speakers.UpsertAsync([Speaker("sp-a") with { Headline = "Cheffe de projet", Contact = null }]);
        var deleted = await Speakers.DeleteAsync("sp-c");
        var deletedAgain = await Speakers.DeleteAsync("sp-c");

        Assert.Equal(["sp-b", "sp-a", "sp-c", "sp-a", "sp-c"], changed);
        Assert.Equal((true, false), (deleted, deletedAgain));
        Assert.Equal(2, await Speakers.CountAsync());
        var all = await Speakers.ReadAllAsync().ToListAsync();
        Assert.Equal(["sp-a", "sp-b"], all.Select(s => s.Id));
        Assert.Equal(("Cheffe de projet", null), (all[0].Headline, all[0].Contact));
    }

    [StoreFact]
    public async Task An_empty_write_changes_nothing()
    {
        var changed = 0;
        Speakers.Changed += (_, _) => changed++;

        Assert.Equal(0, await Speakers.UpsertAsync([]));
        Assert.Equal((0, 0), (await Speakers.CountAsync(), changed));
    }

    internal static Speaker Speaker(string id) => new()
    {
        Id = id,
        FirstName = "Léa",
        LastName = "Martin",
        Headline = "Ingénieure",
        Sector = "aeronautique",
        Region = "occitanie",
        Contact = new ContactDetails("lea@example.org", null),
    };
}
