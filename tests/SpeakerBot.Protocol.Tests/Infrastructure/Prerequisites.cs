namespace SpeakerBot.Protocol.Tests.Infrastructure;

/// <summary>Locates the checkout's web/ folder and the node executable for the official-client tests.</summary>
public static class Prerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? WebDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SpeakerBot.sln")))
                {
                    return Path.Combine(dir.FullName, "web");
                }
            }

            return null;
        }
    }

    public static string? Node => FindOnPath("node");

    /// <summary>Why the Node client test cannot run here, or null when it can.</summary>
    public static string? NodeClientMissing() => NodePackageMissing("botframework-directlinejs");

    /// <summary>Why a test running <paramref name="package"/> from web/node_modules cannot run here, or null when it can.</summary>
    public static string? NodePackageMissing(string package)
    {
        if (Node is null)
        {
            return "node is not on PATH";
        }

        var web = WebDirectory;
        return web is null || !Directory.Exists(Path.Combine(web, "node_modules", package))
            ? "web/node_modules is missing: run `npm ci` in web/"
            : null;
    }

    public static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact skipped with a visible reason when node or the npm packages are missing, except under CI=true where it runs (and fails).</summary>
public sealed class NodeClientFactAttribute : FactAttribute
{
    public NodeClientFactAttribute()
    {
        var missing = Prerequisites.NodeClientMissing();
        if (missing is not null && !Prerequisites.InCi)
        {
            Skip = "Official Direct Line client test skipped: " + missing;
        }
    }
}

/// <summary>Like <see cref="NodeClientFactAttribute"/>, for the botbuilder-js parent bot (web/skill-parent.mjs).</summary>
public sealed class SkillParentFactAttribute : FactAttribute
{
    public SkillParentFactAttribute()
    {
        var missing = Prerequisites.NodePackageMissing("botbuilder-dialogs");
        if (missing is not null && !Prerequisites.InCi)
        {
            Skip = "botbuilder-js parent bot test skipped: " + missing;
        }
    }
}
