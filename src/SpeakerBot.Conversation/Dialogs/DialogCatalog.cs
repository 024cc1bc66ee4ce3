using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Dialogs;

/// <summary>A regional (or national) coordination contact point, shown when the user asks to talk to someone.</summary>
public sealed record Coordinator(string Name, string Email, string? Phone);

/// <summary>Every dialogs/ file is wrong in one of these ways; the message lists each problem as file:line.</summary>
public sealed class DialogCatalogException(IReadOnlyList<string> errors)
    : Exception("The dialog files have errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Everything the bot says and asks (dialogs/locales/{fr,en}.json), the flow definitions (dialogs/flows/*.json) and the
/// coordinators (dialogs/coordinators.json), loaded and checked once at start-up so no turn reads a file.
/// </summary>
public sealed class DialogCatalog
{
    public const string French = "fr";
    public const string English = "en";

    /// <summary>Names of completion actions the engine runs itself.</summary>
    public static readonly IReadOnlyList<string> BuiltInActions = ["search"];

    /// <summary>Validator names the engine knows without a registered <see cref="ISlotValidator"/>.</summary>
    public static readonly IReadOnlyList<string> BuiltInValidators = ["future", "notPast", "weekday", "notice"];

    /// <summary>Choice providers the engine offers itself.</summary>
    public static readonly IReadOnlyList<string> BuiltInChoiceProviders = ["shown_speakers"];

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _texts;
    private readonly FrozenDictionary<string, FrozenDictionary<string, string[]>> _keywords;
    private readonly FrozenDictionary<string, Coordinator> _coordinators;

    private DialogCatalog(
        Dictionary<string, FrozenDictionary<string, string>> texts,
        Dictionary<string, FrozenDictionary<string, string[]>> keywords,
        IReadOnlyList<FlowDefinition> flows,
        Dictionary<string, Coordinator> coordinators,
        string directory)
    {
        _texts = texts.ToFrozenDictionary(StringComparer.Ordinal);
        _keywords = keywords.ToFrozenDictionary(StringComparer.Ordinal);
        Flows = flows;
        _coordinators = coordinators.ToFrozenDictionary(StringComparer.Ordinal);
        Directory = directory;
    }

    public string Directory { get; }

    public IReadOnlyList<FlowDefinition> Flows { get; }

    public IReadOnlyCollection<string> Locales => _texts.Keys;

    public IReadOnlyCollection<string> TextKeys(string locale) => _texts[locale].Keys;

    public FlowDefinition? Flow(string id) => Flows.FirstOrDefault(f => f.Id == id);

    public FlowDefinition? FlowForIntent(string intent) => Flows.FirstOrDefault(f => f.StartIntents.Contains(intent, StringComparer.Ordinal));

    public bool HasText(string locale, string key) => _texts[Normalize(locale)].ContainsKey(key);

    public string Text(string locale, string key) =>
        _texts[Normalize(locale)].TryGetValue(key, out var text) ? text : key;

    /// <summary>
    /// The text of <paramref name="key"/> with {name} placeholders replaced; unknown placeholders become empty. When the
    /// count it is about ("total", else "count") is 1 and the locale has "<paramref name="key"/>.one", that singular
    /// text is used; in French "de"/"que" before a value starting with a vowel are elided ("parle d'intelligence").
    /// </summary>
    public string Format(string locale, string key, IReadOnlyDictionary<string, string>? args = null)
    {
        if (args is not null && (args.TryGetValue("total", out var n) || args.TryGetValue("count", out n)) && n == "1" && HasText(locale, key + ".one"))
        {
            key += ".one";
        }

        var template = Text(locale, key);
        if (args is null || !template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var builder = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            builder.Append(template, i, open - i);
            var name = template.Substring(open + 1, close - open - 1);
            if (args.TryGetValue(name, out var value))
            {
                if (Normalize(locale) == French)
                {
                    Elide(builder, value);
                }

                builder.Append(value);
            }

            i = close + 1;
        }

        return builder.ToString();
    }

    /// <summary>"de " or "que " just written before a value that starts with a vowel become "d'" / "qu'".</summary>
    private static void Elide(StringBuilder builder, string value)
    {
        if (value.Length == 0 || !"aeiouAEIOUéÉèÈêÊàÀâÂîÎôÔûÛ".Contains(value[0], StringComparison.Ordinal))
        {
            return;
        }

        foreach (var word in (ReadOnlySpan<string>)["de ", "que ", "De ", "Que "])
        {
            var at = builder.Length - word.Length;
            if (at >= 0 && (at == 0 || builder[at - 1] == ' ') && builder.ToString(at, word.Length) == word)
            {
                builder.Length = builder.Length - 2;
                builder.Append('\'');
                return;
            }
        }
    }

    /// <summary>Keyword list (already normalised: lower case, no accents) of <paramref name="name"/> in a locale.</summary>
    public IReadOnlyList<string> Keywords(string locale, string name) =>
        _keywords[Normalize(locale)].TryGetValue(name, out var words) ? words : [];

    public Coordinator Coordinator(string? region) =>
        region is not null && _coordinators.TryGetValue(region, out var regional) ? regional : _coordinators["national"];

    /// <summary>"en" for any English tag, else French (the default).</summary>
    public static string Normalize(string? locale) =>
        Languages.IsEnglish(locale) ? English : French;

    /// <summary>Loads and checks every file; throws <see cref="DialogCatalogException"/> listing each problem as file:line.</summary>
    public static DialogCatalog Load(
        string directory,
        IEnumerable<string>? actionNames = null,
        IEnumerable<string>? validatorNames = null,
        IEnumerable<string>? choiceProviderNames = null)
    {
        var errors = new List<string>();
        var texts = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        var keywords = new Dictionary<string, FrozenDictionary<string, string[]>>(StringComparer.Ordinal);
        var textLines = new Dictionary<string, (string File, JsonLineMap Lines)>(StringComparer.Ordinal);
        foreach (var locale in new[] { French, English })
        {
            var file = Path.Combine(directory, "locales", locale + ".json");
            var parsed = Parse(file, directory, errors);
            if (parsed is null)
            {
                texts[locale] = FrozenDictionary<string, string>.Empty;
                keywords[locale] = FrozenDictionary<string, string[]>.Empty;
                continue;
            }

            var (root, lines, relative) = parsed.Value;
            textLines[locale] = (relative, lines);
            texts[locale] = ReadTexts(root, lines, relative, errors);
            keywords[locale] = ReadKeywords(root, lines, relative, errors);
        }

        CheckLocaleParity(texts, textLines, errors);
        foreach (var locale in texts.Keys)
        {
            foreach (var key in EngineTexts.Required)
            {
                if (!texts[locale].ContainsKey(key) && textLines.TryGetValue(locale, out var where))
                {
                    errors.Add($"{where.File}:1: text \"{key}\" is missing (the engine says it).");
                }
            }

            foreach (var name in EngineTexts.RequiredKeywords)
            {
                if (!keywords[locale].ContainsKey(name) && textLines.TryGetValue(locale, out var where))
                {
                    errors.Add($"{where.File}:1: keyword list \"{name}\" is missing.");
                }
            }
        }

        var actions = new HashSet<string>(BuiltInActions.Concat(actionNames ?? []), StringComparer.Ordinal);
        var validators = new HashSet<string>(BuiltInValidators.Concat(validatorNames ?? []), StringComparer.Ordinal);
        var providers = new HashSet<string>(BuiltInChoiceProviders.Concat(choiceProviderNames ?? []), StringComparer.Ordinal);
        var flows = new List<FlowDefinition>();
        var flowFolder = Path.Combine(directory, "flows");
        var flowFiles = System.IO.Directory.Exists(flowFolder) ? System.IO.Directory.GetFiles(flowFolder, "*.json").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in flowFiles)
        {
            var parsed = Parse(file, directory, errors);
            if (parsed is not null)
            {
                var flow = FlowReader.Read(parsed.Value.Root, parsed.Value.Lines, parsed.Value.Relative, errors, key => CheckKey(texts, key), actions, validators, providers);
                if (flow is not null)
                {
                    if (flows.Any(f => f.Id == flow.Id))
                    {
                        errors.Add($"{flow.File}:{parsed.Value.Lines.LineOf("$.id")}: flow id \"{flow.Id}\" is already used by another file.");
                    }

                    flows.Add(flow);
                }
            }
        }

        foreach (var flow in flows)
        {
            foreach (var list in new[] { flow.StartKeywords, flow.StartKeywordsIfKnown, flow.StartKeywordsIfDated }.OfType<string>())
            {
                foreach (var locale in keywords.Keys.Where(l => !keywords[l].ContainsKey(list)))
                {
                    errors.Add($"{flow.File}:1: start keyword list \"{list}\" is missing from locales/{locale}.json.");
                }
            }
        }

        foreach (var flow in flows.Where(f => f.NeedsFlow is not null && flows.All(o => o.Id != f.NeedsFlow)))
        {
            errors.Add($"{flow.File}:1: needs.flow \"{flow.NeedsFlow}\" is not a flow of dialogs/flows.");
        }

        if (flows.All(f => f.Id != "find_speaker"))
        {
            errors.Add("flows/find_speaker.json:1: the find_speaker flow is required.");
        }

        var coordinators = ReadCoordinators(directory, errors);
        if (errors.Count > 0)
        {
            throw new DialogCatalogException(errors);
        }

        return new DialogCatalog(texts, keywords, flows, coordinators, directory);
    }

    private static string? CheckKey(Dictionary<string, FrozenDictionary<string, string>> texts, string key)
    {
        var missing = texts.Where(t => !t.Value.ContainsKey(key)).Select(t => t.Key).ToList();
        return missing.Count == 0 ? null : $"text \"{key}\" is not in locales/{string.Join(", locales/", missing.Select(m => m + ".json"))}";
    }

    private static (JsonElement Root, JsonLineMap Lines, string Relative)? Parse(string file, string directory, List<string> errors)
    {
        var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
        if (!File.Exists(file))
        {
            errors.Add($"{relative}:1: file is missing.");
            return null;
        }

        var bytes = File.ReadAllBytes(file);
        try
        {
            var lines = JsonLineMap.Build(bytes);
            using var document = JsonDocument.Parse(bytes, JsonLineMap.DocumentOptions);
            return (document.RootElement.Clone(), lines, relative);
        }
        catch (JsonException ex)
        {
            errors.Add($"{relative}:{(ex.LineNumber ?? 0) + 1}: not valid JSON ({FirstSentence(ex.Message)}).");
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }

    private static FrozenDictionary<string, string> ReadTexts(JsonElement root, JsonLineMap lines, string file, List<string> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("texts", out var section) || section.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{file}:1: expected an object with a \"texts\" object.");
            return result.ToFrozenDictionary(StringComparer.Ordinal);
        }

        foreach (var property in section.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
            {
                errors.Add($"{file}:{lines.LineOf("$.texts." + property.Name)}: text \"{property.Name}\" must be a non-empty string.");
                continue;
            }

            var text = property.Value.GetString()!;
            if (text.Count(c => c == '{') != text.Count(c => c == '}'))
            {
                errors.Add($"{file}:{lines.LineOf("$.texts." + property.Name)}: text \"{property.Name}\" has unbalanced {{placeholders}}.");
            }

            result[property.Name] = text;
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, string[]> ReadKeywords(JsonElement root, JsonLineMap lines, string file, List<string> errors)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keywords", out var section) || section.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{file}:1: expected a \"keywords\" object.");
            return result.ToFrozenDictionary(StringComparer.Ordinal);
        }

        foreach (var property in section.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                errors.Add($"{file}:{lines.LineOf("$.keywords." + property.Name)}: keyword list \"{property.Name}\" must be an array of strings.");
                continue;
            }

            result[property.Name] = [.. property.Value.EnumerateArray().Select(v => DialogText.Normalize(v.GetString()!)).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void CheckLocaleParity(
        Dictionary<string, FrozenDictionary<string, string>> texts,
        Dictionary<string, (string File, JsonLineMap Lines)> where,
        List<string> errors)
    {
        foreach (var (locale, keys) in texts)
        {
            if (!where.TryGetValue(locale, out var source))
            {
                continue;
            }

            foreach (var (other, otherKeys) in texts)
            {
                if (other == locale || !where.ContainsKey(other))
                {
                    continue;
                }

                foreach (var key in keys.Keys.Where(k => !otherKeys.ContainsKey(k)).Order(StringComparer.Ordinal))
                {
                    errors.Add($"{source.File}:{source.Lines.LineOf("$.texts." + key)}: text \"{key}\" has no translation in locales/{other}.json.");
                }
            }
        }
    }

    private static Dictionary<string, Coordinator> ReadCoordinators(string directory, List<string> errors)
    {
        var result = new Dictionary<string, Coordinator>(StringComparer.Ordinal);
        var parsed = Parse(Path.Combine(directory, "coordinators.json"), directory, errors);
        if (parsed is null)
        {
            return result;
        }

        var (root, lines, file) = parsed.Value;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{file}:1: expected an object of region slug → contact.");
            return result;
        }

        foreach (var property in root.EnumerateObject())
        {
            var line = lines.LineOf("$." + property.Name);
            if (property.Name != "national" && !Taxonomy.IsRegion(property.Name))
            {
                var hint = Taxonomy.Suggest(property.Name, Taxonomy.Regions);
                errors.Add($"{file}:{line}: \"{property.Name}\" is not a region slug{(hint is null ? string.Empty : $" (did you mean \"{hint}\"?)")}.");
                continue;
            }

            var name = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("name", out var n) ? n.GetString() : null;
            var email = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("email", out var e) ? e.GetString() : null;
            var phone = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("phone", out var p) ? p.GetString() : null;
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
            {
                errors.Add($"{file}:{line}: coordinator \"{property.Name}\" needs a \"name\" and an \"email\".");
                continue;
            }

            result[property.Name] = new Coordinator(name, email, phone);
        }

        if (!result.ContainsKey("national"))
        {
            errors.Add($"{file}:1: a \"national\" coordinator is required (used when the region is unknown).");
        }

        return result;
    }
}
