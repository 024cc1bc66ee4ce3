using System.Text.RegularExpressions;

namespace SpeakerBot.Conversation.Tests;

/// <summary>
/// A turn must never block a thread on I/O: with a PostgreSQL store, a blocked wait in a hook or the engine holds a
/// thread per waiting user (and deadlocks under a synchronisation context). Hooks, the engine and the search index's
/// start and updates await instead; nothing in src/ is exempt.
/// </summary>
public partial class NoBlockingWaitTests
{
    [Fact]
    public void Source_has_no_blocking_wait_on_a_task()
    {
        var root = RepositoryRoot();
        var found = new List<string>();
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
                    found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(found.Count == 0, "Blocking waits on a task (await instead):\n" + string.Join('\n', found));
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
