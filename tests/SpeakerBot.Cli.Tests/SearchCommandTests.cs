using System.Text.Json;
using SpeakerBot.Cli.Tests.Support;

namespace SpeakerBot.Cli.Tests;

/// <summary>One database seeded with the seed directory (by `index rebuild`), shared by the read-only search tests.</summary>
public sealed class SeededDirectory : IAsyncLifetime
{
    internal CliFolder Folder { get; } = new();

    public async Task InitializeAsync()
    {
        var run = await Folder.RunAsync("index", "rebuild");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public Task DisposeAsync()
    {
        Folder.Dispose();
        return Task.CompletedTask;
    }
}

public class SearchCommandTests(SeededDirectory seeded) : IClassFixture<SeededDirectory>
{
    // Toulouse's centre (Capitole). The engine measures from the gazetteer's point for the commune, so the check
    // of the coordinates below allows 1 km for the difference between the two.
    private const double ToulouseLat = 43.6045;
    private const double ToulouseLon = 1.4440;

    [Fact]
    public async Task Search_near_Toulouse_with_radius_returns_exactly_the_matching_speakers_within_50_km()
    {
        var within = await SearchJsonAsync("ingénieure", "--near", "Toulouse", "--radius", "50", "--take", "1000");
        var anywhere = await SearchJsonAsync("ingénieure", "--near", "Toulouse", "--take", "1000");

        var hits = Hits(within);
        Assert.NotEmpty(hits);
        Assert.Equal(within.GetProperty("total").GetInt32(), hits.Count);
        foreach (var hit in hits)
        {
            var distance = hit.GetProperty("why").GetProperty("distanceKm").GetDouble();
            var speaker = hit.GetProperty("speaker");
            Assert.InRange(distance, 0, 50);
            Assert.InRange(Haversine(speaker.GetProperty("lat").GetDouble(), speaker.GetProperty("lon").GetDouble()), 0, 51);
        }

        // Without the radius the same text also finds speakers further away: the radius is what removed them.
        var all = Hits(anywhere);
        Assert.Contains(all, h => h.GetProperty("why").GetProperty("distanceKm").GetDouble() > 50);
        Assert.Equal(
            all.Where(h => h.GetProperty("why").GetProperty("distanceKm").GetDouble() <= 50).Select(Id).Order(StringComparer.Ordinal),
            hits.Select(Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_with_sector_and_region_filters_returns_only_that_sector_in_that_region()
    {
        var filtered = await SearchJsonAsync(string.Empty, "--sector", "cybersecurite", "--region", "occitanie", "--take", "1000");
        var regionOnly = await SearchJsonAsync(string.Empty, "--region", "occitanie", "--take", "1000");

        var hits = Hits(filtered);
        Assert.NotEmpty(hits);
        Assert.All(hits, h =>
        {
            Assert.Equal("cybersecurite", h.GetProperty("speaker").GetProperty("sector").GetString());
            Assert.Equal("occitanie", h.GetProperty("speaker").GetProperty("region").GetString());
        });

        // Exactly the region's cybersecurity speakers, and the sector filter did exclude other Occitanie speakers.
        var expected = Hits(regionOnly).Where(h => h.GetProperty("speaker").GetProperty("sector").GetString() == "cybersecurite").Select(Id).Order(StringComparer.Ordinal);
        Assert.Equal(expected, hits.Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal(hits.Count, regionOnly.GetProperty("facets").GetProperty("sectors").GetProperty("cybersecurite").GetInt32());
        Assert.True(regionOnly.GetProperty("total").GetInt32() > hits.Count);
        Assert.All(Hits(regionOnly), h => Assert.Equal("occitanie", h.GetProperty("speaker").GetProperty("region").GetString()));
    }

    [Theory]
    [InlineData("\"*:()-")]
    [InlineData("ingénieure\" AND (toulouse OR lyon) -paris* title:\"aéro")]
    [InlineData("((((\"\"\"))))*-*:-")]
    public async Task Search_query_full_of_operator_characters_gives_a_clean_result(string text)
    {
        var json = await seeded.Folder.RunAsync("search", text, "--json");
        var table = await seeded.Folder.RunAsync("search", text);

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Empty(json.Stderr);
        Assert.Empty(table.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.True(document.RootElement.GetProperty("total").GetInt32() >= 0);
        Assert.Contains("speakers match.", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_unknown_sector_exits_with_bad_input_and_suggests_the_slug()
    {
        var run = await seeded.Folder.RunAsync("search", string.Empty, "--sector", "cyber-securite");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--sector 'cyber-securite' is unknown — did you mean 'cybersecurite'?", run.Stdout, StringComparison.Ordinal);
    }

    private async Task<JsonElement> SearchJsonAsync(string text, params string[] options)
    {
        var run = await seeded.Folder.RunAsync(["search", text, "--json", .. options]);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }

    private static List<JsonElement> Hits(JsonElement result) => [.. result.GetProperty("hits").EnumerateArray()];

    private static string Id(JsonElement hit) => hit.GetProperty("speaker").GetProperty("id").GetString()!;

    private static double Haversine(double lat, double lon)
    {
        const double EarthRadiusKm = 6371.0;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat - ToulouseLat);
        var dLon = Rad(lon - ToulouseLon);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(ToulouseLat)) * Math.Cos(Rad(lat)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(a));
    }
}
