using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Engine;

// English cards show English job titles and topics: the directory writes them in French, dialogs/job-titles.en.tsv and
// dialogs/topics.en.tsv give each its English wording; one not listed is shown as written.
public sealed partial class ConversationEngine
{
    private IReadOnlyDictionary<string, string>? _englishTitles;
    private IReadOnlyDictionary<string, string>? _englishTopics;

    /// <summary>The speaker's job title in the language of the turn.</summary>
    private string Headline(Turn turn, Speaker speaker)
    {
        if (turn.Locale != DialogCatalog.English || string.IsNullOrEmpty(speaker.Headline))
        {
            return speaker.Headline;
        }

        var titles = LazyInitializer.EnsureInitialized(ref _englishTitles, () => LoadEnglish("job-titles.en.tsv"));
        return titles.TryGetValue(speaker.Headline.Trim(), out var english) ? english : speaker.Headline;
    }

    /// <summary>The speaker's topics in the language of the turn, joined for a card line.</summary>
    private string TopicList(Turn turn, IEnumerable<string> topics)
    {
        if (turn.Locale != DialogCatalog.English)
        {
            return string.Join(", ", topics);
        }

        var english = LazyInitializer.EnsureInitialized(ref _englishTopics, () => LoadEnglish("topics.en.tsv"));
        return string.Join(", ", topics.Select(t => english.TryGetValue(t.Trim(), out var e) ? e : t));
    }

    private Dictionary<string, string> LoadEnglish(string fileName)
    {
        var directory = string.IsNullOrWhiteSpace(_options.DialogsDirectory) ? RepoData.DialogsDirectory : _options.DialogsDirectory;
        var path = Path.Combine(directory, fileName);
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
