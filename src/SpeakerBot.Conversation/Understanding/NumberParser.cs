using System.Globalization;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>Numbers written in digits or in words ("vingt-cinq", "quatre-vingt-dix", "twenty five", "une trentaine").</summary>
internal static class NumberParser
{
    /// <summary>The number starting at item <paramref name="k"/>, with the index of the item after it.</summary>
    public static (int Value, int Next, bool InWords)? Read(IReadOnlyList<Item> items, int k)
    {
        if (k >= items.Count)
        {
            return null;
        }

        if (items[k].Number is { } digits && !items[k].Ordinal)
        {
            return (digits, k + 1, false);
        }

        var total = 0;
        var current = 0;
        var i = k;
        var any = false;
        while (i < items.Count)
        {
            var entry = items[i].Get(EntryKind.Number);
            if (entry is null || entry.Extra == "ordinal")
            {
                // "vingt et un", "quatre-vingt-dix": a connector only counts between two number words.
                if (any && (items[i].IsCue("and")) && i + 1 < items.Count && items[i + 1].Get(EntryKind.Number) is { Extra: "unit" })
                {
                    i++;
                    continue;
                }

                break;
            }

            var value = int.Parse(entry.Value, CultureInfo.InvariantCulture);
            switch (entry.Extra)
            {
                case "approx":
                    // "une trentaine", "a dozen": the article before is not a multiplier.
                    current = current <= 1 ? value : current * value;
                    break;
                case "hundred":
                    current = (current == 0 ? 1 : current) * value;
                    if (value >= 1000)
                    {
                        total += current;
                        current = 0;
                    }

                    break;
                case "ten":
                    current = current % 100 == 4 && value == 20 ? (current - 4) + 80 : current + value;
                    break;
                default:
                    current += value;
                    break;
            }

            any = true;
            i++;
        }

        return any ? (total + current, i, true) : null;
    }
}
