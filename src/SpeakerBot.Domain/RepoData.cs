namespace SpeakerBot.Domain;

/// <summary>
/// Finds the data folders (index/, dialogs/) that the build copies next to every executable;
/// falls back to walking up from the working directory so `dotnet run` from a checkout works too.
/// </summary>
public static class RepoData
{
    public static string IndexDirectory => Locate("index");

    public static string DialogsDirectory => Locate("dialogs");

    public static string Locate(string folder)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, folder);
        if (System.IO.Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder);
            if (System.IO.Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "SpeakerBot.sln")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"The '{folder}' data folder was found neither beside the program ({AppContext.BaseDirectory}) nor in a parent of the working directory.");
    }
}
