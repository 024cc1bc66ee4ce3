using System.Text.Json;

namespace SpeakerBot.Conversation.Dialogs;

/// <summary>Reads one dialogs/flows/*.json file into a <see cref="FlowDefinition"/>, reporting each problem as file:line.</summary>
internal static class FlowReader
{
    private static readonly string[] KnownFlowFields = ["id", "startIntents", "startKeywords", "startKeywordsIfKnown", "startKeywordsIfDated", "forget", "needs", "help", "intro", "maxAttempts", "steps", "complete", "cancelled", "description", "reader"];
    private static readonly string[] KnownStepFields = ["slot", "type", "prompt", "promptAgain", "retry", "help", "label", "fact", "skipIfAny", "optional", "edit", "dependsOn", "choices", "choicesFrom", "validators", "min", "max", "description"];

    public static FlowDefinition? Read(
        JsonElement root,
        JsonLineMap lines,
        string file,
        List<string> errors,
        Func<string, string?> checkKey,
        HashSet<string> actions,
        HashSet<string> validators,
        HashSet<string> providers)
    {
        var before = errors.Count;
        void Error(string path, string message) => errors.Add($"{file}:{lines.LineOf(path)}: {message}");

        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", "a flow file holds one JSON object.");
            return null;
        }

        Unknown(root, "$", KnownFlowFields, Error);
        var id = String(root, "$", "id", required: true, Error);
        var help = Key(root, "$", "help", required: false, Error, checkKey);
        var intro = Key(root, "$", "intro", required: false, Error, checkKey);
        var cancelled = Key(root, "$", "cancelled", required: false, Error, checkKey);
        var maxAttempts = Int(root, "$", "maxAttempts", Error) ?? 3;
        if (maxAttempts is < 1 or > 10)
        {
            Error("$.maxAttempts", $"maxAttempts must be between 1 and 10, not {maxAttempts}.");
        }

        var startIntents = Strings(root, "$", "startIntents", Error);
        var startKeywords = String(root, "$", "startKeywords", required: false, Error);
        var startKeywordsIfKnown = String(root, "$", "startKeywordsIfKnown", required: false, Error);
        var startKeywordsIfDated = String(root, "$", "startKeywordsIfDated", required: false, Error);
        var forget = Strings(root, "$", "forget", Error);
        var reader = String(root, "$", "reader", required: false, Error);
        string? needsFact = null, needsFlow = null, needsSay = null;
        if (root.TryGetProperty("needs", out var needs))
        {
            if (needs.ValueKind != JsonValueKind.Object)
            {
                Error("$.needs", "\"needs\" must be an object like {\"fact\": \"speakerId\", \"flow\": \"find_speaker\", \"say\": \"key\"}.");
            }
            else
            {
                needsFact = String(needs, "$.needs", "fact", required: true, Error);
                needsFlow = String(needs, "$.needs", "flow", required: true, Error);
                needsSay = Key(needs, "$.needs", "say", required: false, Error, checkKey);
            }
        }
        string? completeAction = null;
        string? completeSay = null;
        if (root.TryGetProperty("complete", out var complete))
        {
            if (complete.ValueKind != JsonValueKind.Object)
            {
                Error("$.complete", "\"complete\" must be an object like {\"action\": \"search\", \"say\": \"key\"}.");
            }
            else
            {
                completeAction = String(complete, "$.complete", "action", required: false, Error);
                completeSay = Key(complete, "$.complete", "say", required: false, Error, checkKey);
                if (completeAction is not null && !actions.Contains(completeAction))
                {
                    Error("$.complete.action", $"unknown action \"{completeAction}\" (known: {string.Join(", ", actions.Order(StringComparer.Ordinal))}).");
                }
            }
        }

        var steps = new List<StepDefinition>();
        if (!root.TryGetProperty("steps", out var stepArray) || stepArray.ValueKind != JsonValueKind.Array)
        {
            Error("$", "\"steps\" must be an array of steps (it may be empty).");
        }
        else
        {
            var index = 0;
            foreach (var element in stepArray.EnumerateArray())
            {
                var path = $"$.steps[{index}]";
                index++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    Error(path, "a step is an object with at least \"slot\", \"type\" and \"prompt\".");
                    continue;
                }

                var step = ReadStep(element, path, Error, checkKey, validators, providers);
                if (step is null)
                {
                    continue;
                }

                if (steps.Any(s => s.Slot == step.Slot))
                {
                    Error(path + ".slot", $"slot \"{step.Slot}\" appears twice in this flow.");
                }

                steps.Add(step with { Line = lines.LineOf(path) });
            }
        }

        foreach (var step in steps)
        {
            foreach (var missing in step.DependsOn.Where(d => steps.All(s => s.Slot != d)))
            {
                errors.Add($"{file}:{step.Line}: dependsOn names \"{missing}\", which is not a slot of this flow.");
            }
        }

        if (errors.Count > before || id is null)
        {
            return null;
        }

        return new FlowDefinition
        {
            Id = id,
            StartIntents = startIntents,
            StartKeywords = startKeywords,
            StartKeywordsIfKnown = startKeywordsIfKnown,
            StartKeywordsIfDated = startKeywordsIfDated,
            Forget = forget,
            Reader = reader,
            NeedsFact = needsFact,
            NeedsFlow = needsFlow,
            NeedsSay = needsSay,
            Help = help,
            Intro = intro,
            MaxAttempts = maxAttempts,
            Steps = steps,
            CompleteAction = completeAction,
            CompleteSay = completeSay,
            Cancelled = cancelled,
            File = file,
        };
    }

    private static StepDefinition? ReadStep(
        JsonElement element,
        string path,
        Action<string, string> error,
        Func<string, string?> checkKey,
        HashSet<string> validators,
        HashSet<string> providers)
    {
        Unknown(element, path, KnownStepFields, error);
        var slot = String(element, path, "slot", required: true, error);
        var typeName = String(element, path, "type", required: true, error);
        var prompt = Key(element, path, "prompt", required: true, error, checkKey);
        StepType type = default;
        if (typeName is not null && !Enum.TryParse(typeName, ignoreCase: true, out type))
        {
            error(path + ".type", $"unknown step type \"{typeName}\" (expected text, choice, confirm, date, time, number or email).");
            return null;
        }

        var choices = new List<ChoiceDefinition>();
        if (element.TryGetProperty("choices", out var choiceArray))
        {
            if (choiceArray.ValueKind != JsonValueKind.Array)
            {
                error(path + ".choices", "\"choices\" must be an array of {\"value\", \"label\"}.");
            }
            else
            {
                var i = 0;
                foreach (var choice in choiceArray.EnumerateArray())
                {
                    var choicePath = $"{path}.choices[{i}]";
                    i++;
                    var value = choice.ValueKind == JsonValueKind.Object ? String(choice, choicePath, "value", required: true, error) : null;
                    var label = choice.ValueKind == JsonValueKind.Object ? Key(choice, choicePath, "label", required: true, error, checkKey) : null;
                    if (choice.ValueKind != JsonValueKind.Object)
                    {
                        error(choicePath, "a choice is an object {\"value\": \"…\", \"label\": \"locale key\"}.");
                    }
                    else if (value is not null && label is not null)
                    {
                        choices.Add(new ChoiceDefinition(value, label));
                    }
                }
            }
        }

        var choicesFrom = String(element, path, "choicesFrom", required: false, error);
        if (choicesFrom is not null && !providers.Contains(choicesFrom))
        {
            error(path + ".choicesFrom", $"unknown choice provider \"{choicesFrom}\" (known: {string.Join(", ", providers.Order(StringComparer.Ordinal))}).");
        }

        if (type == StepType.Choice && choices.Count == 0 && choicesFrom is null && typeName is not null)
        {
            error(path, "a choice step needs \"choices\" or \"choicesFrom\".");
        }

        var stepValidators = Strings(element, path, "validators", error);
        foreach (var validator in stepValidators.Where(v => !validators.Contains(v)))
        {
            error(path + ".validators", $"unknown validator \"{validator}\" (known: {string.Join(", ", validators.Order(StringComparer.Ordinal))}).");
        }

        var min = Int(element, path, "min", error);
        var max = Int(element, path, "max", error);
        if (min is not null && max is not null && min > max)
        {
            error(path + ".min", $"min ({min}) is greater than max ({max}).");
        }

        var optional = element.TryGetProperty("optional", out var optionalElement) && optionalElement.ValueKind == JsonValueKind.True;
        var edit = element.TryGetProperty("edit", out var editElement) && editElement.ValueKind == JsonValueKind.True;
        if (edit && type != StepType.Confirm)
        {
            error(path + ".edit", "\"edit\" is only allowed on a confirm step.");
        }
        if (slot is null || prompt is null || typeName is null)
        {
            return null;
        }

        return new StepDefinition
        {
            Slot = slot,
            Type = type,
            Prompt = prompt,
            Retry = Key(element, path, "retry", required: false, error, checkKey),
            PromptAgain = Key(element, path, "promptAgain", required: false, error, checkKey),
            Help = Key(element, path, "help", required: false, error, checkKey),
            Label = Key(element, path, "label", required: false, error, checkKey),
            Fact = String(element, path, "fact", required: false, error),
            SkipIfAny = Strings(element, path, "skipIfAny", error),
            Optional = optional,
            Edit = edit,
            DependsOn = Strings(element, path, "dependsOn", error),
            Choices = choices,
            ChoicesFrom = choicesFrom,
            Validators = stepValidators,
            Min = min,
            Max = max,
        };
    }

    private static void Unknown(JsonElement element, string path, string[] known, Action<string, string> error)
    {
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            error($"{path}.{property.Name}", $"unknown field \"{property.Name}\" (expected one of: {string.Join(", ", known)}).");
        }
    }

    private static string? String(JsonElement element, string path, string name, bool required, Action<string, string> error)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            if (required)
            {
                error(path, $"\"{name}\" is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            error($"{path}.{name}", $"\"{name}\" must be a non-empty string.");
            return null;
        }

        return value.GetString();
    }

    private static string? Key(JsonElement element, string path, string name, bool required, Action<string, string> error, Func<string, string?> checkKey)
    {
        var key = String(element, path, name, required, error);
        if (key is not null && checkKey(key) is { } problem)
        {
            error($"{path}.{name}", problem + ".");
        }

        return key;
    }

    private static int? Int(JsonElement element, string path, string name, Action<string, string> error)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            error($"{path}.{name}", $"\"{name}\" must be a whole number.");
            return null;
        }

        return number;
    }

    private static IReadOnlyList<string> Strings(JsonElement element, string path, string name, Action<string, string> error)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            error($"{path}.{name}", $"\"{name}\" must be an array of strings.");
            return [];
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }
}
