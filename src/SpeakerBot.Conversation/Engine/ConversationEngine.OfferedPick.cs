using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// "le premier jeudi proposé", "the second Tuesday you offered": an ordinal among the offered buttons whose title
/// holds the other words said (decision 118), read before dates so that "jeudi" is not taken as next Thursday.
/// Needs a word saying the buttons are meant ("proposé", "offered"): "le premier mars" stays a date.
/// </summary>
public sealed partial class ConversationEngine
{
    private static bool SaysOffered(Turn turn)
    {
        var offered = turn.Catalog.Keywords(turn.Locale, "choice.offered");
        return turn.Normalized.Split([' ', '\''], StringSplitOptions.RemoveEmptyEntries).Any(w => offered.Contains(w, StringComparer.Ordinal));
    }

    private static string? OrdinalAmongOffered(Turn turn, List<StoredChoice> choices)
    {
        var words = turn.Normalized.Split([' ', '\''], StringSplitOptions.RemoveEmptyEntries);
        var offered = turn.Catalog.Keywords(turn.Locale, "choice.offered");
        if (choices.Count == 0 || words.Length > 8 || !words.Any(w => offered.Contains(w, StringComparer.Ordinal)))
        {
            return null;
        }

        var ordinals = words.Where(OrdinalWords.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        if (ordinals.Count != 1)
        {
            return null;
        }

        var small = turn.Catalog.Keywords(turn.Locale, "card.pick.small");
        var rest = words.Where(w => !OrdinalWords.ContainsKey(w) && !offered.Contains(w, StringComparer.Ordinal) && !small.Contains(w, StringComparer.Ordinal)).ToList();
        var titles = choices.Select(c => DialogText.Normalize(c.Title)).ToList();
        var fitting = choices.Where((c, i) => rest.All(w => DialogText.ContainsWords(titles[i], w))).ToList();
        if (fitting.Count == 0)
        {
            // "le premier créneau proposé": words that name no button ("créneau", "slot") leave all of them.
            fitting = choices.Where((c, i) => rest.All(w => !titles.Exists(t => DialogText.ContainsWords(t, w)) || DialogText.ContainsWords(titles[i], w))).ToList();
        }

        var rank = OrdinalWords[ordinals[0]];
        var index = rank < 0 ? fitting.Count - 1 : rank - 1;
        return index >= 0 && index < fitting.Count ? fitting[index].Value : null;
    }
}
