using System.Text.RegularExpressions;
using SpeakerBot.Cli.Tests.Support;

namespace SpeakerBot.Cli.Tests;

public partial class IndexCommandTests
{
    [Fact]
    public async Task Index_stats_after_rebuild_prints_documents_segments_size_and_build_time_and_a_later_start_reuses_the_index()
    {
        using var folder = new CliFolder();
        var rebuild = await folder.RunAsync("index", "rebuild");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        var count = int.Parse(Rebuilt().Match(rebuild.Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count > 0, rebuild.ToString());

        var first = await folder.RunAsync("index", "stats");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"documents:  {count}", first.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"segments:   [1-9]", first.Stdout);
        Assert.Matches(@"size:       [0-9.]+ (KB|MB)", first.Stdout);
        Assert.Contains(folder.Database + ".index", first.Stdout, StringComparison.Ordinal);
        var built = BuildLine().Match(first.Stdout);
        Assert.True(built.Success, first.ToString());

        // Opening again finds the index current with the database: same build, not a new one.
        var second = await folder.RunAsync("index", "stats");
        Assert.Equal(built.Value, BuildLine().Match(second.Stdout).Value);
    }

    [Fact]
    public async Task Index_stats_on_a_corrupt_index_folder_rebuilds_it_from_the_database()
    {
        using var folder = new CliFolder();
        var rebuild = await folder.RunAsync("index", "rebuild");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        var count = Rebuilt().Match(rebuild.Stdout).Groups[1].Value;
        foreach (var file in Directory.EnumerateFiles(folder.Database + ".index"))
        {
            File.WriteAllText(file, "not a Lucene file");
        }

        var stats = await folder.RunAsync("index", "stats");
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Contains($"documents:  {count}", stats.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stats.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Index rebuilt: (\d+) speakers")]
    private static partial Regex Rebuilt();

    [GeneratedRegex(@"build time: \d+ ms \(built [^)]+\)")]
    private static partial Regex BuildLine();
}
