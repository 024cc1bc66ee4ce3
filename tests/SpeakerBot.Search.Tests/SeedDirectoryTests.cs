using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Search.Tests;

/// <summary>The seed directory (index/seed/speakers.jsonl) a fresh install starts with.</summary>
public sealed partial class SeedDirectoryTests(GazetteerFixture fixture) : IClassFixture<GazetteerFixture>
{
    private static readonly Lazy<List<JsonElement>> Lines = new(() =>
        [.. File.ReadLines(Path.Combine(RepoData.IndexDirectory, "seed", "speakers.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())]);

    private static List<JsonElement> Speakers => Lines.Value;

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static List<string> List(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];

    [Fact]
    public void Seed_has_at_least_300_speakers_with_unique_ids()
    {
        Assert.True(Speakers.Count >= 300, $"{Speakers.Count} speakers");
        var ids = Speakers.Select(s => Str(s, "id")).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(SeedId(), id));
    }

    [Fact]
    public void Seed_covers_every_region_sector_audience_and_format()
    {
        Assert.Equal(Taxonomy.Regions.Order(StringComparer.Ordinal), Speakers.Select(s => Str(s, "region")).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Taxonomy.Sectors.Order(StringComparer.Ordinal), Speakers.Select(s => Str(s, "sector")).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Taxonomy.Audiences.Order(StringComparer.Ordinal), Speakers.SelectMany(s => List(s, "audiences")).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Taxonomy.Formats.Order(StringComparer.Ordinal), Speakers.SelectMany(s => List(s, "formats")).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Seed_slugs_are_valid_and_places_agree_with_the_gazetteer()
    {
        foreach (var s in Speakers)
        {
            var id = Str(s, "id");
            Assert.True(Taxonomy.IsSector(Str(s, "sector")), id);
            Assert.True(Taxonomy.IsRegion(Str(s, "region")), id);
            Assert.True(Taxonomy.IsDepartment(Str(s, "department")), id);
            Assert.All(List(s, "audiences"), a => Assert.True(Taxonomy.IsAudience(a), $"{id}: {a}"));
            Assert.All(List(s, "formats"), f => Assert.True(Taxonomy.IsFormat(f), $"{id}: {f}"));
            Assert.Equal(Str(s, "region"), fixture.Gazetteer.Department(Str(s, "department"))?.Region);

            var city = fixture.Gazetteer.Resolve(Str(s, "city"), Str(s, "department"));
            Assert.NotNull(city);
            Assert.Equal(Str(s, "department"), city.Department);
            var point = new GeoPoint(s.GetProperty("lat").GetDouble(), s.GetProperty("lon").GetDouble());
            Assert.True(GeoDistance.Km(point, city.Location) < 3, $"{id} is {GeoDistance.Km(point, city.Location):F1} km from {city.Name}");
        }
    }

    [Fact]
    public void Seed_contacts_are_fictional()
    {
        Assert.All(Speakers, s => Assert.EndsWith("@example.org", Str(s, "email"), StringComparison.Ordinal));
        Assert.All(Speakers, s => Assert.Matches(FictionalPhone(), Str(s, "phone")));
        Assert.Equal(Speakers.Count, Speakers.Select(s => Str(s, "email")).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Seed_statuses_caps_and_availability_are_well_formed()
    {
        var statuses = Speakers.GroupBy(s => Str(s, "status")).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(["approved", "archived", "pending"], statuses.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(statuses["pending"], 5, 15);
        Assert.True(statuses["approved"] >= 290);
        string[] days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        foreach (var s in Speakers)
        {
            Assert.InRange(s.GetProperty("monthlyCap").GetInt32(), 1, 20);
            var availability = s.GetProperty("availability");
            var weekly = availability.GetProperty("weekly").EnumerateArray().ToList();
            Assert.NotEmpty(weekly);
            foreach (var slot in weekly)
            {
                Assert.Contains(Str(slot, "day"), days);
                Assert.True(TimeOnly.Parse(Str(slot, "start"), CultureInfo.InvariantCulture) < TimeOnly.Parse(Str(slot, "end"), CultureInfo.InvariantCulture));
            }

            foreach (var exception in availability.GetProperty("exceptions").EnumerateArray())
            {
                Assert.True(DateOnly.TryParseExact(Str(exception, "date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
                Assert.True(exception.GetProperty("available").ValueKind is JsonValueKind.True or JsonValueKind.False);
            }
        }
    }

    [Fact]
    public void Seed_has_some_english_speakers_and_every_network()
    {
        Assert.True(Speakers.Count(s => List(s, "languages").Contains("en")) >= 30);
        var networks = Speakers.Select(s => s.GetProperty("network")).Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "IndustriElles", "Femmes de l'Intérieur", "Femmes@Numérique", "Femmes Ingénieures", "Elles bougent" }, networks);
    }

    [Theory]
    [InlineData("aeronautique", "Toulouse", 3)]
    [InlineData("industrie-verte", "Lyon", 3)]
    [InlineData("numerique", "Paris", 5)]
    [InlineData("securite-interieure", "Marseille", 1)]
    public void Seed_demonstration_requests_find_enough_approved_speakers_within_30_km(string sector, string city, int atLeast)
    {
        var centre = fixture.Gazetteer.Resolve(city)!.Location;

        var near = Speakers.Count(s => Str(s, "sector") == sector && Str(s, "status") == "approved"
            && GeoDistance.Km(centre, new GeoPoint(s.GetProperty("lat").GetDouble(), s.GetProperty("lon").GetDouble())) <= 30);

        Assert.True(near >= atLeast, $"{near} {sector} speakers near {city}");
    }

    [Fact]
    public void Seed_police_and_gendarmerie_are_in_many_regions()
    {
        Assert.True(Speakers.Where(s => Str(s, "sector") == "securite-interieure").Select(s => Str(s, "region")).Distinct().Count() >= 8);
    }

    [GeneratedRegex(@"^seed-\d{4}$")]
    private static partial Regex SeedId();

    [GeneratedRegex(@"^06 00 \d{2} \d{2} \d{2}$")]
    private static partial Regex FictionalPhone();
}
