using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Engine;

// English cards show English job titles: the directory's titles are written in French, dialogs/job-titles.en.tsv
// gives each its English wording; a title not listed is shown as written.
public sealed partial class ConversationEngine
{
    private IReadOnlyDictionary<string, string>? _englishTitles;

    /// <summary>The speaker's job title in the language of the turn.</summary>
    private string Headline(Turn turn, Speaker speaker)
    {
        if (turn.Locale != DialogCatalog.English || string.IsNullOrEmpty(speaker.Headline))
        {
            return speaker.Headline;
        }

        var titles = LazyInitializer.EnsureInitialized(ref _englishTitles, LoadEnglishTitles);
        return titles.TryGetValue(speaker.Headline.Trim(), out var english) ? english : speaker.Headline;
    }

    private Dictionary<string, string> LoadEnglishTitles()
    {
        var directory = string.IsNullOrWhiteSpace(_options.DialogsDirectory) ? RepoData.DialogsDirectory : _options.DialogsDirectory;
        var path = Path.Combine(directory, "job-titles.en.tsv");
        var titles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return titles;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.Split('\t') is not [var french, var english] || english.Trim().Length == 0)
            {
                continue;
            }

            titles[french.Trim()] = english.Trim();
        }

        return titles;
    }
}
