using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Tests.Support;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Tests;

public class DialogCatalogTests
{
    [Fact]
    public async Task Load_repository_dialogs_succeeds_with_both_locales()
    {
        // The hooks the flows name are the ones the areas register (AddBookingConversations), as in the bot.
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        var catalog = world.Catalog;

        Assert.Contains("fr", catalog.Locales);
        Assert.Contains("en", catalog.Locales);
        Assert.NotNull(catalog.Flow("find_speaker"));
        Assert.Equal("Trouver une intervenante", catalog.Text("fr-FR", "entry.find_speaker"));
        Assert.Equal("Find a speaker", catalog.Text("en-GB", "entry.find_speaker"));
    }

    [Fact]
    public async Task Locales_every_prompt_key_exists_in_french_and_english()
    {
        using var world = await ConversationWorld.CreateAsync(Transcript.DefaultNow);
        var catalog = world.Catalog;

        var french = catalog.TextKeys("fr").ToHashSet(StringComparer.Ordinal);
        var english = catalog.TextKeys("en").ToHashSet(StringComparer.Ordinal);
        Assert.Empty(french.Except(english).Order(StringComparer.Ordinal));
        Assert.Empty(english.Except(french).Order(StringComparer.Ordinal));
        var referenced = catalog.Flows.SelectMany(f => f.Steps.SelectMany(s => new[] { s.Prompt, s.Retry, s.Help, s.Label }.Concat(s.Choices.Select(c => c.Label)))
            .Concat([f.Help, f.Intro, f.CompleteSay, f.Cancelled])).OfType<string>().Distinct(StringComparer.Ordinal);
        Assert.All(referenced, key => Assert.True(french.Contains(key) && english.Contains(key), $"missing text {key}"));
    }

    [Fact]
    public void Load_with_a_key_missing_in_english_names_the_file_and_line()
    {
        using var folder = CopyOfDialogs();
        var fr = Path.Combine(folder.Path, "locales", "fr.json");
        var lines = File.ReadAllLines(fr).ToList();
        var at = lines.FindIndex(l => l.Contains("\"texts\": {", StringComparison.Ordinal));
        lines.Insert(at + 1, "    \"only.in.french\": \"Seulement en français\",");
        File.WriteAllLines(fr, lines);

        var error = Assert.Throws<DialogCatalogException>(() => DialogCatalog.Load(folder.Path));

        Assert.Contains($"locales/fr.json:{at + 2}: text \"only.in.french\" has no translation in locales/en.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_with_an_unknown_step_type_reports_file_and_line()
    {
        using var folder = CopyOfDialogs();
        File.WriteAllText(Path.Combine(folder.Path, "flows", "broken.json"), """
            {
              "id": "broken",
              "steps": [
                { "slot": "when", "type": "date", "prompt": "leave.date" },
                {
                  "slot": "size",
                  "type": "nombre",
                  "prompt": "leave.pupils"
                },
                { "slot": "x", "type": "text", "prompt": "no.such.key" }
              ],
              "complete": { "action": "send_fax" }
            }
            """);

        var error = Assert.Throws<DialogCatalogException>(() => DialogCatalog.Load(folder.Path));

        Assert.Contains("flows/broken.json:7: unknown step type \"nombre\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("flows/broken.json:10: text \"no.such.key\" is not in locales/fr.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("flows/broken.json:12: unknown action \"send_fax\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_with_a_dependency_on_an_unknown_slot_or_edit_outside_a_confirmation_reports_the_line()
    {
        using var folder = CopyOfDialogs();
        File.WriteAllText(Path.Combine(folder.Path, "flows", "broken.json"), """
            {
              "id": "broken",
              "steps": [
                { "slot": "when", "type": "date", "prompt": "leave.date", "edit": true },
                { "slot": "size", "type": "number", "prompt": "leave.pupils", "dependsOn": ["place"] }
              ]
            }
            """);

        var error = Assert.Throws<DialogCatalogException>(() => DialogCatalog.Load(folder.Path));

        Assert.Contains("flows/broken.json:4: \"edit\" is only allowed on a confirm step.", error.Message, StringComparison.Ordinal);
        Assert.Contains("flows/broken.json:5: dependsOn names \"place\", which is not a slot of this flow.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_with_invalid_json_reports_the_line_of_the_syntax_error()
    {
        using var folder = CopyOfDialogs();
        File.WriteAllText(Path.Combine(folder.Path, "flows", "typo.json"), "{\n  \"id\": \"typo\",\n  \"steps\": [\n    { \"slot\": \"a\" \"type\": \"text\" }\n  ]\n}\n");

        var error = Assert.Throws<DialogCatalogException>(() => DialogCatalog.Load(folder.Path));

        Assert.Contains("flows/typo.json:4: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_with_a_misspelt_coordinator_region_suggests_the_slug()
    {
        using var folder = CopyOfDialogs();
        var path = Path.Combine(folder.Path, "coordinators.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"occitanie\":", "\"ocitanie\":", StringComparison.Ordinal));

        var error = Assert.Throws<DialogCatalogException>(() => DialogCatalog.Load(folder.Path));

        Assert.Matches("coordinators.json:\\d+: \"ocitanie\" is not a region slug \\(did you mean \"occitanie\"\\?\\)", error.Message);
    }

    private static TempFolder CopyOfDialogs()
    {
        var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(RepoData.DialogsDirectory, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder.Path, Path.GetRelativePath(RepoData.DialogsDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return folder;
    }
}
