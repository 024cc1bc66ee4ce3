using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using SpeakerBot.Domain;

namespace SpeakerBot.Host;

/// <summary>
/// Reads a <c>.env</c> file (KEY=VALUE lines, # comments, optional quotes) into configuration, placed before the
/// environment variables so that a variable set in the shell always wins over the file.
/// </summary>
internal static class DotEnv
{
    /// <summary>The checkout's <c>.env</c> whatever the working directory (the bot and the command line read the same file); outside a checkout, the working directory's.</summary>
    public static string DefaultPath => DataRoot.FindCheckout() is { } checkout ? Path.Combine(checkout, ".env") : ".env";

    public static ConfigurationManager AddDotEnvFile(this ConfigurationManager configuration, string path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!File.Exists(path))
        {
            return configuration;
        }

        var values = Parse(File.ReadAllLines(path));
        var source = new MemoryConfigurationSourceWithName(values);
        var sources = configuration.Sources;
        var envIndex = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                envIndex = i;
                break;
            }
        }

        if (envIndex < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(envIndex, source);
        }

        return configuration;
    }

    /// <summary>Keys use the environment-variable form (<c>Storage__SqlitePath</c>) and become <c>Storage:SqlitePath</c>.</summary>
    public static Dictionary<string, string?> Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim().Replace("__", ":", StringComparison.Ordinal);
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else
            {
                var comment = value.IndexOf(" #", StringComparison.Ordinal);
                if (comment >= 0)
                {
                    value = value[..comment].TrimEnd();
                }
            }

            values[key] = value;
        }

        return values;
    }

    private sealed class MemoryConfigurationSourceWithName(Dictionary<string, string?> values) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(values);

        private sealed class Provider(Dictionary<string, string?> values) : ConfigurationProvider
        {
            public override void Load() => Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
        }
    }
}
