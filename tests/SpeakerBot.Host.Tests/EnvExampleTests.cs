using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// `.env.example` promises every setting: each options class the host binds to a configuration section (found from
/// the host's own registrations, so a new one is checked without editing this test) has each of its settings there,
/// with a comment above and the class's default as value.
/// </summary>
public sealed class EnvExampleTests
{
    [Fact]
    public async Task Env_example_lists_every_bound_setting_with_its_default()
    {
        var optionsTypes = await BoundOptionsTypesAsync();
        Assert.Contains(optionsTypes, t => t.Name == "BookingOptions");

        var checkout = DataRoot.FindCheckout()!;
        var lines = await File.ReadAllLinesAsync(Path.Combine(checkout, ".env.example"));
        var problems = new List<string>();
        foreach (var type in optionsTypes)
        {
            var section = type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
            if (section is null)
            {
                problems.Add($"{type.Name} is bound to configuration but has no SectionName const to find its lines by");
                continue;
            }

            var defaults = Activator.CreateInstance(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
            {
                var key = $"{section.Replace(":", "__", StringComparison.Ordinal)}__{property.Name}";
                var index = Array.FindIndex(lines, l => l.StartsWith(key + "=", StringComparison.OrdinalIgnoreCase) || l.StartsWith(key + "__0=", StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    problems.Add($"{key} is missing");
                    continue;
                }

                if (!HasCommentAbove(lines, index))
                {
                    problems.Add($"{key} has no comment above it");
                }

                var value = lines[index][(lines[index].IndexOf('=', StringComparison.Ordinal) + 1)..];
                if (!SameAsDefault(property, property.GetValue(defaults), value))
                {
                    problems.Add($"{key}={value} is not the default ({Format(property.GetValue(defaults))})");
                }
            }
        }

        Assert.True(problems.Count == 0, ".env.example:\n" + string.Join('\n', problems));
    }

    private static async Task<IReadOnlyList<Type>> BoundOptionsTypesAsync()
    {
        IServiceCollection? captured = null;
        await using var factory = new HostFactory().WithWebHostBuilder(web => web.ConfigureServices(services => captured = services));
        _ = factory.Services;

        // Bind and BindConfiguration register one change-token source per options class they tie to configuration.
        return [.. captured!
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("SpeakerBot", StringComparison.Ordinal) == true)
            .Distinct()];
    }

    private static bool HasCommentAbove(string[] lines, int index)
    {
        for (var i = index - 1; i >= 0 && lines[i].Trim().Length > 0; i--)
        {
            if (lines[i].TrimStart().StartsWith('#'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameAsDefault(PropertyInfo property, object? defaultValue, string text)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type != typeof(string) && !type.IsPrimitive && !type.IsEnum && type != typeof(TimeSpan) && type != typeof(decimal))
        {
            return true;
        }

        if (text.Length == 0)
        {
            return defaultValue is null || (defaultValue is string s && s.Length == 0);
        }

        try
        {
            var parsed = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            return type == typeof(string) ? string.Equals((string?)parsed, (string?)defaultValue, StringComparison.Ordinal) : Equals(parsed, defaultValue);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Format(object? value) => value is null ? "empty" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
