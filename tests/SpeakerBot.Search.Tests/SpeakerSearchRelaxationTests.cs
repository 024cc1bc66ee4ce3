using static SpeakerBot.Search.Tests.TestDirectory;

namespace SpeakerBot.Search.Tests;

/// <summary>Relaxations that need geography: the engine with the real gazetteer.</summary>
public sealed class SpeakerSearchRelaxationTests(GazetteerFixture fixture) : IClassFixture<GazetteerFixture>
{
    [Fact]
    public void Search_empty_department_suggests_the_neighbouring_departments_before_the_region()
    {
        using var directory = new TestDirectory(
        [
            Make("r82", "Chercheuse en biologie", sector: "recherche", department: "82", city: "Montauban", lat: 44.018, lon: 1.355),
            Make("r09", "Chercheuse en géologie", sector: "recherche", department: "09", city: "Foix", lat: 42.965, lon: 1.607),
            Make("r34", "Chercheuse en océanographie", sector: "recherche", department: "34", city: "Montpellier", lat: 43.611, lon: 3.877),
            Make("r69", "Chercheuse en chimie", sector: "recherche", region: "auvergne-rhone-alpes", department: "69", city: "Lyon", lat: 45.764, lon: 4.836),
            Make("n31", "Data scientist", sector: "numerique"),
        ], gazetteer: fixture.Gazetteer);

        var result = directory.Engine.Search(new SearchQuery { Sectors = ["recherche"], Department = "31", Take = 5 });

        Assert.Equal(0, result.Total);
        Assert.Equal(["department", "region", "sector"], result.Relaxations.Select(r => r.Constraint));
        var neighbours = result.Relaxations[0];
        Assert.Null(neighbours.Query.Department);
        Assert.Contains("31", neighbours.Query.Departments);
        Assert.Superset(new HashSet<string>(["09", "11", "32", "65", "81", "82"]), neighbours.Query.Departments.ToHashSet());
        Assert.DoesNotContain("34", neighbours.Query.Departments);
        Assert.Equal(2, neighbours.Total);
        Assert.Equal(["r09", "r82"], directory.Ids(neighbours.Query).Order(StringComparer.Ordinal));

        var region = result.Relaxations[1];
        Assert.Equal("occitanie", region.Query.Region);
        Assert.Equal(3, region.Total);
    }

    [Fact]
    public void Search_department_without_neighbour_matches_offers_no_neighbour_relaxation()
    {
        using var directory = new TestDirectory(
        [
            Make("r34", "Chercheuse en océanographie", sector: "recherche", department: "34", city: "Montpellier", lat: 43.611, lon: 3.877),
        ], gazetteer: fixture.Gazetteer);

        var result = directory.Engine.Search(new SearchQuery { Sectors = ["recherche"], Department = "31" });

        Assert.DoesNotContain(result.Relaxations, r => r.Constraint == "department");
        Assert.Equal(1, Assert.Single(result.Relaxations, r => r.Constraint == "region").Total);
    }
}
