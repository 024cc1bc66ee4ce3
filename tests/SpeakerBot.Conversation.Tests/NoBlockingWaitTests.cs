using System.Text.RegularExpressions;

namespace SpeakerBot.Conversation.Tests;

/// <summary>
/// A turn must never block a thread on I/O: with a PostgreSQL store, a blocked wait in a hook or the engine holds a
/// thread per waiting user (and deadlocks under a synchronisation context). Hooks and the engine await instead.
/// </summary>
public partial class NoBlockingWaitTests
{
    // Blocking waits that remain outside the conversation path, each with the reason it is tolerated for now.
    // An entry here is debt: remove it when the code is made async.
    private static readonly Dictionary<string, (int Count, string Why)> Tolerated = new(StringComparer.Ordinal)
    {
        ["src/SpeakerBot.Search/Engine/SpeakerSearchEngine.cs"] = (2, "the index is built in the constructor and patched in the store's Changed event, both synchronous"),
    };

    [Fact]
    public void Source_has_no_blocking_wait_on_a_task()
    {
        var root = RepositoryRoot();
        var found = new List<string>();
        var perFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal) && BlockingWait().IsMatch(lines[i]))
                {
                    perFile[relative] = perFile.GetValueOrDefault(relative) + 1;
                    found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        var unexpected = found.Where(f => !Tolerated.TryGetValue(f[..f.IndexOf(':', StringComparison.Ordinal)], out var allowed) || perFile[f[..f.IndexOf(':', StringComparison.Ordinal)]] > allowed.Count).ToList();
        Assert.True(unexpected.Count == 0, "Blocking waits on a task (await instead):\n" + string.Join('\n', unexpected));
    }

    [Fact]
    public void Source_scan_finds_a_blocking_wait_in_a_sample()
    {
        Assert.Matches(BlockingWait(), "var x = store.GetAsync(id).GetAwaiter().GetResult();");
        Assert.Matches(BlockingWait(), "var y = task.Result;");
        Assert.Matches(BlockingWait(), "task.Wait();");
        Assert.DoesNotMatch(BlockingWait(), "return ValidateOptionsResult.Success;");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SpeakerBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SpeakerBot.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"GetAwaiter\(\)\.GetResult\(\)|\.Result\b|\.Wait\(\)", RegexOptions.CultureInvariant)]
    private static partial Regex BlockingWait();
}
