namespace SpeakerBot.Domain;

/// <summary>
/// The one folder every relative data path (database, outbox, uploads) is resolved against, so the bot and the
/// command line open the same files whatever their working directory. <c>Storage:DataRoot</c> or
/// <c>SPEAKERBOT_DATA</c> when set; otherwise the checkout's <c>data/</c> (found by walking up to SpeakerBot.sln from the
/// program's folder, then from the working directory); otherwise <c>data/</c> beside the program.
/// </summary>
public sealed class DataRoot
{
    public const string SettingKey = "Storage:DataRoot";
    public const string EnvironmentVariable = "SPEAKERBOT_DATA";
    public const string SolutionFile = "SpeakerBot.sln";

    public DataRoot(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    /// <summary>The SpeakerBot checkout this program runs from, or null when it was published elsewhere.</summary>
    public static string? FindCheckout(string? baseDirectory = null, string? currentDirectory = null)
    {
        foreach (var start in new[] { baseDirectory ?? AppContext.BaseDirectory, currentDirectory ?? System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The data root for a configured value (null or empty: the default). A relative configured value is relative to
    /// the checkout (or the program's folder), like the default, never to the working directory.
    /// </summary>
    public static DataRoot Locate(string? configured, string? baseDirectory = null, string? currentDirectory = null)
    {
        var anchor = FindCheckout(baseDirectory, currentDirectory) ?? baseDirectory ?? AppContext.BaseDirectory;
        return new DataRoot(System.IO.Path.Combine(anchor, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
    }

    /// <summary>The default when nothing registered one: <c>SPEAKERBOT_DATA</c> from the environment, else the checkout's data/.</summary>
    public static DataRoot FromEnvironment() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>An absolute path stays as it is; a relative one lands under the data root.</summary>
    public string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, path));
    }

    public override string ToString() => Path;
}
