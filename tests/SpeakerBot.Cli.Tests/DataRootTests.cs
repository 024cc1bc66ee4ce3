using Microsoft.Extensions.Configuration;
using SpeakerBot.Domain;

namespace SpeakerBot.Cli.Tests;

/// <summary>Where the bot and the command line put their data, from wherever they are started.</summary>
public sealed class DataRootTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "speakerbot-root-" + Guid.NewGuid().ToString("N"));

    public DataRootTests()
    {
        Directory.CreateDirectory(Path.Combine(Checkout, "src", "SpeakerBot.Host", "bin", "Debug", "net10.0"));
        Directory.CreateDirectory(Path.Combine(_temp, "published"));
        Directory.CreateDirectory(Path.Combine(_temp, "elsewhere"));
        File.WriteAllText(Path.Combine(Checkout, "SpeakerBot.sln"), string.Empty);
    }

    private string Checkout => Path.Combine(_temp, "checkout");

    private string HostBin => Path.Combine(Checkout, "src", "SpeakerBot.Host", "bin", "Debug", "net10.0");

    [Fact]
    public void Locate_from_a_build_inside_a_checkout_is_the_checkout_data_folder_whatever_the_working_directory()
    {
        Assert.Equal(Path.Combine(Checkout, "data"), DataRoot.Locate(null, HostBin, Path.Combine(Checkout, "src", "SpeakerBot.Host")).Path);
        Assert.Equal(Path.Combine(Checkout, "data"), DataRoot.Locate(null, HostBin, Checkout).Path);
        Assert.Equal(Path.Combine(Checkout, "data"), DataRoot.Locate("", HostBin, Path.Combine(_temp, "elsewhere")).Path);
    }

    [Fact]
    public void Locate_of_a_published_program_run_from_a_checkout_finds_the_checkout_through_the_working_directory()
    {
        Assert.Equal(Path.Combine(Checkout, "data"), DataRoot.Locate(null, Path.Combine(_temp, "published"), Path.Combine(Checkout, "src")).Path);
    }

    [Fact]
    public void Locate_outside_any_checkout_is_data_beside_the_program()
    {
        Assert.Equal(Path.Combine(_temp, "published", "data"), DataRoot.Locate(null, Path.Combine(_temp, "published"), Path.Combine(_temp, "elsewhere")).Path);
    }

    [Fact]
    public void Locate_with_a_setting_uses_it_a_relative_one_against_the_checkout_not_the_working_directory()
    {
        var absolute = Path.Combine(_temp, "elsewhere", "bot-data");
        Assert.Equal(absolute, DataRoot.Locate(absolute, HostBin, Checkout).Path);
        Assert.Equal(Path.Combine(Checkout, "var", "bot"), DataRoot.Locate("var/bot", HostBin, Path.Combine(Checkout, "src", "SpeakerBot.Host")).Path);
    }

    [Fact]
    public void Resolve_puts_relative_paths_under_the_root_and_keeps_absolute_ones()
    {
        var root = new DataRoot(Path.Combine(Checkout, "data"));
        Assert.Equal(Path.Combine(Checkout, "data", "speakerbot.db"), root.Resolve("speakerbot.db"));
        Assert.Equal(Path.Combine(Checkout, "data", "outbox"), root.Resolve("outbox"));
        Assert.Equal(Path.Combine(_temp, "x.db"), root.Resolve(Path.Combine(_temp, "x.db")));
    }

    [Fact]
    public void Default_database_of_the_command_line_follows_SPEAKERBOT_DATA_and_Storage_settings()
    {
        var data = Path.Combine(_temp, "elsewhere");
        Assert.Equal(Path.Combine(data, "speakerbot.db"), CliOptions.DefaultDatabase(Settings(("SPEAKERBOT_DATA", data))));
        Assert.Equal(Path.Combine(data, "bot.db"), CliOptions.DefaultDatabase(Settings(("SPEAKERBOT_DATA", "/nowhere"), ("Storage:DataRoot", data), ("Storage:SqlitePath", "bot.db"))));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
