using System.Text;

namespace SpeakerBot.Cli.Tests.Support;

/// <summary>A temp folder with its own SQLite database for one test; the CLI runs with it as working directory.</summary>
internal sealed class CliFolder : IDisposable
{
    public CliFolder()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "speakerbot-cli-" + Guid.NewGuid().ToString("N"));

    public string Database => File("speakerbot.db");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content, Encoding? encoding = null)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    /// <summary>`speakerbot ARGS --db this folder's database`.</summary>
    public Task<CliRun> RunAsync(params string[] args) => Speakerbot.RunAsync(Path, null, [.. args, "--db", Database]);

    public Task<CliRun> RunWithInputAsync(string stdin, params string[] args) => Speakerbot.RunAsync(Path, stdin, [.. args, "--db", Database]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not change what the test proved.
        }
    }
}
