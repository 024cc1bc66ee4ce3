namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// A recogniser moved out of the engine (issue 12, step 9): the answer to a number question written as a count in
/// words. It reads only the normalised text, so it belongs with the other recognisers.
/// </summary>
internal static class CountInWords
{
    private static readonly Dictionary<string, int> Approximately = new(StringComparer.Ordinal)
    {
        ["dizaine"] = 10, ["douzaine"] = 12, ["quinzaine"] = 15, ["vingtaine"] = 20, ["trentaine"] = 30, ["quarantaine"] = 40,
        ["cinquantaine"] = 50, ["soixantaine"] = 60, ["centaine"] = 100, ["dozen"] = 12, ["score"] = 20,
    };

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["un"] = 1, ["une"] = 1, ["a"] = 1, ["one"] = 1, ["deux"] = 2, ["two"] = 2, ["trois"] = 3, ["three"] = 3, ["quatre"] = 4, ["four"] = 4,
        ["cinq"] = 5, ["five"] = 5, ["six"] = 6, ["sept"] = 7, ["seven"] = 7, ["huit"] = 8, ["eight"] = 8, ["neuf"] = 9, ["nine"] = 9,
        ["dix"] = 10, ["ten"] = 10, ["vingt"] = 20, ["vingts"] = 20, ["twenty"] = 20, ["trente"] = 30, ["thirty"] = 30, ["quarante"] = 40,
        ["forty"] = 40, ["cinquante"] = 50, ["fifty"] = 50, ["soixante"] = 60, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    /// <summary>
    /// A count written in words as the answer to a number question: "une centaine" (100), "environ deux cents",
    /// "a hundred and fifty", "une trentaine". Null when the message holds no such count.
    /// </summary>
    public static int? Read(string normalized)
    {
        var total = 0;
        var current = 0;
        var started = false;
        foreach (var word in normalized.Replace('-', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Approximately.TryGetValue(word, out var about) || Approximately.TryGetValue(word.TrimEnd('s'), out about))
            {
                // "une centaine": the article is not a multiplier; "deux centaines" is.
                return total + (current > 1 ? current * about : about);
            }

            if (word is "cent" or "cents" or "hundred" or "hundreds")
            {
                current = Math.Max(current, 1) * 100;
                started = true;
            }
            else if (word is "mille" or "thousand")
            {
                total += Math.Max(current, 1) * 1000;
                current = 0;
                started = true;
            }
            else if (NumberWords.TryGetValue(word, out var value))
            {
                current += value;
                started = true;
            }
            else if (started && word is not ("et" or "and"))
            {
                break;
            }
        }

        var number = total + current;
        // "un", "a" alone are articles, not the answer.
        return started && number > 1 ? number : null;
    }
}
