using SpeakerBot.Domain;
using static SpeakerBot.Search.Tests.TestDirectory;

namespace SpeakerBot.Search.Tests;

public class SpeakerSearchEngineTests
{
    private static List<Speaker> Sample() =>
    [
        Make("a1", "Ingénieure aéronautique", sector: "aeronautique", employer: "Airbus", topics: ["aéronautique", "mixité des métiers"], audiences: ["college", "lycee"], formats: ["classroom", "online"]),
        Make("a2", "Ingénieure aéronautique", sector: "aeronautique", region: "ile-de-france", department: "78", city: "Versailles", lat: 48.801, lon: 2.130, formats: ["panel"]),
        Make("c1", "Analyste SOC", sector: "cybersecurite", topics: ["cybersécurité"], bio: "Elle protège les systèmes d'information.", formats: ["classroom", "panel"]),
        Make("d1", "Data scientist", sector: "numerique", topics: ["intelligence artificielle"], audiences: ["lycee"], languages: ["fr", "en"]),
        Make("p1", "Sapeur-pompier professionnelle", sector: "securite-civile", region: "auvergne-rhone-alpes", department: "69", city: "Lyon", lat: 45.764, lon: 4.836, network: "Elles bougent"),
        Make("n1", "Infirmière", sector: "sante", city: "Blagnac", lat: 43.637, lon: 1.390, status: SpeakerStatus.Pending),
        Make("r1", "Directrice de laboratoire", sector: "recherche", city: "Montauban", department: "82", lat: 44.018, lon: 1.355, audiences: ["primaire"]),
    ];

    [Fact]
    public void Search_accents_case_and_masculine_forms_find_the_feminine_title()
    {
        using var directory = new TestDirectory(Sample());
        Assert.Equal(["a1", "a2"], directory.Ids(new SearchQuery { Text = "INGENIEUR AERONAUTIQUE" }).Order());
        Assert.Contains("r1", directory.Ids(new SearchQuery { Text = "directeur de laboratoire" }));
    }

    [Fact]
    public void Search_typo_in_a_long_word_still_finds_it()
    {
        using var directory = new TestDirectory(Sample());
        Assert.Contains("a1", directory.Ids(new SearchQuery { Text = "aeronotique" }));
        Assert.Contains("d1", directory.Ids(new SearchQuery { Text = "inteligence artificielle" }));
    }

    [Fact]
    public void Search_synonyms_and_english_find_the_same_speakers()
    {
        using var directory = new TestDirectory(Sample());
        Assert.Contains("d1", directory.Ids(new SearchQuery { Text = "IA" }));
        Assert.Contains("c1", directory.Ids(new SearchQuery { Text = "cyber" }));
        Assert.Contains("p1", directory.Ids(new SearchQuery { Text = "pompière" }));
        Assert.Contains("a1", directory.Ids(new SearchQuery { Text = "aerospace engineer" }));
    }

    [Fact]
    public void Search_prefix_of_the_last_word_matches_while_typing()
    {
        using var directory = new TestDirectory(Sample());
        Assert.Contains("a1", directory.Ids(new SearchQuery { Text = "ingénieure aéro" }));
        Assert.Contains("c1", directory.Ids(new SearchQuery { Text = "analy" }));
    }

    [Fact]
    public void Search_filters_exclude_other_speakers()
    {
        using var directory = new TestDirectory(Sample());
        Assert.Equal(["a1"], directory.Ids(new SearchQuery { Text = "ingénieure", Region = "occitanie" }));
        Assert.Equal(["a2"], directory.Ids(new SearchQuery { Format = "panel", Sectors = ["aeronautique"] }));
        Assert.Equal(["d1"], directory.Ids(new SearchQuery { Language = "en" }));
        Assert.Equal(["p1"], directory.Ids(new SearchQuery { Network = "elles bougent" }));
        Assert.Equal(["r1"], directory.Ids(new SearchQuery { Department = "82" }));
        Assert.Equal(["d1"], directory.Ids(new SearchQuery { Topic = "Intelligence artificielle" }));
    }

    [Fact]
    public void Search_shows_approved_only_unless_a_status_is_asked()
    {
        using var directory = new TestDirectory(Sample());
        Assert.DoesNotContain("n1", directory.Ids(new SearchQuery { Take = 100 }));
        Assert.Equal(["n1"], directory.Ids(new SearchQuery { Status = SpeakerStatus.Pending }));
    }

    [Fact]
    public void Search_radius_keeps_speakers_within_the_distance_nearest_first()
    {
        using var directory = new TestDirectory(Sample());
        var result = directory.Engine.Search(new SearchQuery { Near = new GeoPoint(43.605, 1.444), RadiusKm = 60, Take = 20 });
        var ids = result.Hits.Select(h => h.Speaker.Id).ToList();
        Assert.Contains("r1", ids);
        Assert.DoesNotContain("p1", ids);
        Assert.DoesNotContain("a2", ids);
        Assert.Equal("r1", ids[^1]);
        Assert.All(result.Hits, h => Assert.True(h.Why.DistanceKm <= 60));
    }

    [Fact]
    public void Search_facets_count_the_whole_result_set_not_the_page()
    {
        using var directory = new TestDirectory(Sample());
        var result = directory.Engine.Search(new SearchQuery { Take = 1 });
        Assert.Equal(6, result.Total);
        Assert.Single(result.Hits);
        Assert.Equal(2, result.Facets.Sectors["aeronautique"]);
        Assert.Equal(4, result.Facets.Regions["occitanie"]);
        Assert.Equal(2, result.Facets.Formats["panel"]);
        Assert.Equal(1, result.Facets.Audiences["primaire"]);
    }

    [Fact]
    public void Search_explains_fields_terms_and_distance()
    {
        using var directory = new TestDirectory(Sample());
        var hit = directory.Engine.Search(new SearchQuery { Text = "ingénieure aéronautique", Near = new GeoPoint(43.605, 1.444) }).Hits[0];
        Assert.Equal("a1", hit.Speaker.Id);
        Assert.Contains("headline", hit.Why.MatchedFields);
        Assert.Contains("topics", hit.Why.MatchedFields);
        Assert.Contains("aéronautique", hit.Why.MatchedTopics);
        Assert.Equal(0, hit.Why.DistanceKm!.Value, 1);
        Assert.True(hit.Why.SectorMatch);
    }

    [Fact]
    public void Search_city_in_the_text_ranks_nearer_speakers_first()
    {
        using var directory = new TestDirectory(Sample());
        Assert.Equal("a2", directory.Ids(new SearchQuery { Text = "ingénieure aéronautique Versailles" })[0]);
        Assert.Equal("a1", directory.Ids(new SearchQuery { Text = "ingénieure aéronautique Toulouse" })[0]);
    }

    [Fact]
    public void Search_too_few_results_suggests_what_to_relax_with_counts()
    {
        using var directory = new TestDirectory(Sample());
        var result = directory.Engine.Search(new SearchQuery { Sectors = ["aeronautique"], Department = "31", Format = "panel", Take = 5 });
        Assert.Equal(0, result.Total);
        var format = Assert.Single(result.Relaxations, r => r.Constraint == "format");
        Assert.Equal("online", format.Query.Format);
        Assert.Equal(1, format.Total);
        Assert.Contains(result.Relaxations, r => r.Constraint == "sector" && r.Total == 1);
        Assert.DoesNotContain(result.Relaxations, r => r.Constraint == "region");

        var widened = directory.Engine.Search(new SearchQuery { Sectors = ["recherche"], Department = "31" });
        var region = Assert.Single(widened.Relaxations, r => r.Constraint == "region");
        Assert.Null(region.Query.Department);
        Assert.Equal("occitanie", region.Query.Region);
        Assert.Equal(1, region.Total);

        var radius = directory.Engine.Search(new SearchQuery { Sectors = ["securite-civile"], Near = new GeoPoint(45.19, 5.72), RadiusKm = 50 });
        Assert.Equal(0, radius.Total);
        Assert.Contains(radius.Relaxations, r => r.Constraint == "radius" && r.Query.RadiusKm >= 100 && r.Total == 1);
    }

    [Fact]
    public void Search_when_no_single_relaxation_finds_anyone_two_together_are_offered()
    {
        using var directory = new TestDirectory(Sample());

        // Lyon is ~95 km from Grenoble: widening alone keeps the network that blocks, dropping the network alone keeps the distance.
        var result = directory.Engine.Search(new SearchQuery { Sectors = ["securite-civile"], Network = "autre réseau", Near = new GeoPoint(45.19, 5.72), RadiusKm = 50 });
        Assert.Equal(0, result.Total);
        var both = Assert.Single(result.Relaxations);
        Assert.Equal("radius+network", both.Constraint);
        Assert.Null(both.Query.Network);
        Assert.True(both.Query.RadiusKm >= 100);
        Assert.Equal(["securite-civile"], both.Query.Sectors);
        Assert.Equal(1, both.Total);
    }

    [Fact]
    public async Task Search_sees_added_edited_and_archived_speakers_without_restart()
    {
        using var directory = new TestDirectory(Sample());
        Assert.Empty(directory.Ids(new SearchQuery { Text = "océanographe" }));

        await directory.Store.UpsertAsync([Make("o1", "Océanographe", sector: "recherche")]);
        Assert.Equal(["o1"], directory.Ids(new SearchQuery { Text = "oceanographe" }));

        await directory.Store.UpsertAsync([Make("o1", "Climatologue", sector: "recherche")]);
        Assert.Empty(directory.Ids(new SearchQuery { Text = "océanographe" }));
        Assert.Equal(["o1"], directory.Ids(new SearchQuery { Text = "climatologue" }));

        await directory.Store.UpsertAsync([Make("a1", "Ingénieure aéronautique", sector: "aeronautique", status: SpeakerStatus.Archived)]);
        Assert.Equal(["a2"], directory.Ids(new SearchQuery { Text = "ingénieure aéronautique" }));

        await directory.Store.DeleteAsync("a2");
        Assert.Empty(directory.Ids(new SearchQuery { Text = "ingénieure aéronautique" }));
        Assert.Equal(7, directory.Engine.Count);
    }

    [Theory]
    [InlineData("\"*:()-")]
    [InlineData("ingénieure AND (toulouse OR lyon) -paris \"exact\"")]
    [InlineData("le la les de du")]
    [InlineData("ingé~2 ^3 [a TO z] {x} !non \\ / headline:pilote* ?")]
    [InlineData("   ")]
    public void Search_odd_query_text_never_fails(string text)
    {
        using var directory = new TestDirectory(Sample());
        var result = directory.Engine.Search(new SearchQuery { Text = text, Take = 3 });
        Assert.True(result.Total >= 0);
    }

    [Fact]
    public void Search_fairness_prefers_speakers_with_fewer_recent_requests_among_equals()
    {
        var speakers = new[] { Make("f1", "Chimiste", sector: "chimie"), Make("f2", "Chimiste", sector: "chimie") };
        using var plain = new TestDirectory(speakers);
        Assert.Equal("f1", plain.Ids(new SearchQuery { Text = "chimiste" })[0]);
        using var fair = new TestDirectory(speakers, new Counts(new Dictionary<string, int> { ["f1"] = 5 }));
        Assert.Equal("f2", fair.Ids(new SearchQuery { Text = "chimiste" })[0]);
    }

    private sealed class Counts(Dictionary<string, int> counts) : IRecentRequestCounts
    {
        public int RecentRequests(string speakerId) => counts.GetValueOrDefault(speakerId);
    }

    [Fact]
    public void Search_random_filter_only_queries_return_exactly_what_a_linear_scan_returns()
    {
        var random = new Random(7);
        var speakers = Enumerable.Range(0, 400).Select(i => Make(
            $"s{i:000}",
            "Profil",
            sector: Taxonomy.Sectors[random.Next(Taxonomy.Sectors.Count)],
            region: Taxonomy.Regions[random.Next(4)],
            department: random.Next(2) == 0 ? "31" : "69",
            lat: 43 + random.NextDouble() * 4,
            lon: 1 + random.NextDouble() * 4,
            topics: [random.Next(2) == 0 ? "robotique" : "confiance en soi"],
            formats: [.. Taxonomy.Formats.Where(_ => random.Next(2) == 0)],
            audiences: [.. Taxonomy.Audiences.Where(_ => random.Next(2) == 0)],
            languages: random.Next(3) == 0 ? ["fr", "en"] : ["fr"],
            status: (SpeakerStatus)random.Next(3))).ToList();
        using var directory = new TestDirectory(speakers);
        for (var q = 0; q < 150; q++)
        {
            var query = new SearchQuery
            {
                Sectors = random.Next(3) == 0 ? [Taxonomy.Sectors[random.Next(16)], Taxonomy.Sectors[random.Next(16)]] : [],
                Region = random.Next(3) == 0 ? Taxonomy.Regions[random.Next(4)] : null,
                Department = random.Next(4) == 0 ? "31" : null,
                Audience = random.Next(3) == 0 ? Taxonomy.Audiences[random.Next(5)] : null,
                Format = random.Next(3) == 0 ? Taxonomy.Formats[random.Next(4)] : null,
                Topic = random.Next(4) == 0 ? "robotique" : null,
                Language = random.Next(5) == 0 ? "en" : null,
                Status = random.Next(4) == 0 ? SpeakerStatus.Pending : null,
                Near = random.Next(3) == 0 ? new GeoPoint(45, 3) : null,
                RadiusKm = 150,
                Take = 1000,
            };
            var expected = speakers.Where(s =>
                    s.Status == (query.Status ?? SpeakerStatus.Approved)
                    && (query.Sectors.Count == 0 || query.Sectors.Contains(s.Sector))
                    && (query.Region is null || s.Region == query.Region)
                    && (query.Department is null || s.Department == query.Department)
                    && (query.Audience is null || s.Audiences.Contains(query.Audience))
                    && (query.Format is null || s.Formats.Contains(query.Format))
                    && (query.Topic is null || s.Topics.Contains(query.Topic))
                    && (query.Language is null || s.Languages.Contains(query.Language))
                    && (query.Near is not { } c || Haversine(c, s.Lat!.Value, s.Lon!.Value) <= 150))
                .Select(s => s.Id)
                .Order(StringComparer.Ordinal);
            var result = directory.Engine.Search(query);
            Assert.Equal(expected, result.Hits.Select(h => h.Speaker.Id).Order(StringComparer.Ordinal));
            Assert.Equal(result.Hits.Count, result.Total);
        }
    }

    private static double Haversine(GeoPoint a, double lat, double lon)
    {
        var dLat = (lat - a.Lat) * Math.PI / 180;
        var dLon = (lon - a.Lon) * Math.PI / 180;
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(a.Lat * Math.PI / 180) * Math.Cos(lat * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * 6371.0 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
