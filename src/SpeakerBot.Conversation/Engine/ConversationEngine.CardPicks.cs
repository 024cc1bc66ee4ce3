using System.Globalization;
using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// Short picks after results (decision 118): "la 2", "ok la première", "numéro 3" or a shown speaker's first name
/// ("Maéva", "on va prendre Maéva") books that card, as the card's main button would; after zero results, "la 1" takes
/// the first way out offered (the relaxations, in the order of their buttons). A message counts as a short pick only
/// when nothing but the card reference and small words ("ok", "alors", "svp") is left, or when it says to take it.
/// </summary>
public sealed partial class ConversationEngine
{
    /// <summary>The place of the card named by a bare ordinal ("la 2", "ok la deuxième"), or 0.</summary>
    private static int BareOrdinal(Turn turn, int count)
    {
        var articles = turn.Catalog.Keywords(turn.Locale, "card.article");
        for (var place = 1; place <= count; place++)
        {
            foreach (var word in turn.Catalog.Keywords(turn.Locale, "ordinal." + place.ToString(CultureInfo.InvariantCulture)))
            {
                foreach (var phrase in articles.Select(a => a + " " + word).Append(word))
                {
                    if (DialogText.ContainsWords(turn.Normalized, phrase) && OnlySmallWordsBeside(turn, phrase))
                    {
                        return place;
                    }
                }
            }
        }

        return 0;
    }

    /// <summary>True when the message says nothing but <paramref name="phrase"/> and small words.</summary>
    private static bool OnlySmallWordsBeside(Turn turn, string phrase)
    {
        var at = turn.Normalized.IndexOf(phrase, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var rest = turn.Normalized.Remove(at, phrase.Length);
        var small = turn.Catalog.Keywords(turn.Locale, "card.pick.small");
        var book = turn.Catalog.Keywords(turn.Locale, "card.book");
        return rest.Split([' ', '\'', '?', '!'], StringSplitOptions.RemoveEmptyEntries)
            .All(w => small.Contains(w, StringComparer.Ordinal) || book.Contains(w, StringComparer.Ordinal));
    }

    /// <summary>"la 1" after zero results: the relaxation of that place, as its button would.</summary>
    private bool ZeroResultsPick(Turn turn)
    {
        var results = turn.State.Results!;
        if (results.Shown.Count > 0 || results.Total > 0)
        {
            return false;
        }

        var options = _search.Search(BuildQuery(turn.State.Facts, results.Widen, 0)).Relaxations.Where(r => r.Total > 0).Take(4).ToList();
        var place = BareOrdinal(turn, options.Count);
        if (place == 0)
        {
            return false;
        }

        Relax(turn, options[place - 1].Constraint);
        return true;
    }

    /// <summary>
    /// A shown card picked by its speaker's first or last name alone ("Maéva", "on va prendre Maéva", "celle de
    /// Nguyen"): booked when the message says to take her or says nothing else, her profile when it asks to see it.
    /// </summary>
    private async Task<bool> ShownCardByNameAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.State.Results is not { Shown.Count: > 0 } results || results.ShownNames.Count != results.Shown.Count
            || (turn.State.Flow is { } flow && flow.Id != "find_speaker"))
        {
            return false;
        }

        var text = DialogText.Normalize(SelfIntroduction().Replace(turn.Text, " "));
        string? id = null;
        string? said = null;
        for (var i = 0; i < results.Shown.Count; i++)
        {
            var words = DialogText.Normalize(results.ShownNames[i]).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 3).ToList();
            var found = words.FirstOrDefault(w => DialogText.ContainsWords(text, w));
            if (found is null)
            {
                continue;
            }

            if (id is not null && id != results.Shown[i])
            {
                // Two shown cards share the word (two Delmas): not a pick.
                return false;
            }

            id = results.Shown[i];
            said = found;
        }

        if (id is null || said is null)
        {
            return false;
        }

        bool Says(string list) => turn.Catalog.Keywords(turn.Locale, list).Any(k => DialogText.ContainsWords(text, k));
        if (Says("card.profile"))
        {
            await ShowProfileAsync(turn, id, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var rest = text.Replace(said, " ", StringComparison.Ordinal);
        var small = turn.Catalog.Keywords(turn.Locale, "card.pick.small");
        var bare = rest.Split([' ', '\'', '?', '!'], StringSplitOptions.RemoveEmptyEntries).All(w => small.Contains(w, StringComparer.Ordinal));
        // A name word with "prendre" in a long sentence may be something else ("je veux une ingénieure marine").
        if (bare || (Says("card.book") && text.Split(' ').Length <= 8))
        {
            await BookAsync(turn, id, cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }
}
