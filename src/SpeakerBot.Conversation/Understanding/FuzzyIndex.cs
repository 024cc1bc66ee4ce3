namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// Typo tolerance for vocabulary words: a symmetric-delete index (every word with one or two letters removed)
/// answers "which vocabulary word is within edit distance 1 or 2" with a few hash lookups instead of a scan.
/// </summary>
internal sealed class FuzzyIndex
{
    private const int MinLength = 5;
    private const int LongWord = 8;
    private readonly Dictionary<string, List<string>> _deletes = new(StringComparer.Ordinal);

    public FuzzyIndex(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            if (word.Length < MinLength - 1)
            {
                continue;
            }

            var distance = word.Length >= LongWord ? 2 : 1;
            foreach (var variant in Deletes(word, distance))
            {
                if (!_deletes.TryGetValue(variant, out var list))
                {
                    list = [];
                    _deletes[variant] = list;
                }

                if (!list.Contains(word))
                {
                    list.Add(word);
                }
            }
        }
    }

    /// <summary>The closest vocabulary word to an unknown word, or null when none is close enough.</summary>
    public string? Correct(string word)
    {
        if (word.Length < MinLength)
        {
            return null;
        }

        var maxDistance = word.Length >= LongWord ? 2 : 1;
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var variant in Deletes(word, maxDistance))
        {
            if (!_deletes.TryGetValue(variant, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                var allowed = Math.Min(maxDistance, candidate.Length >= LongWord ? 2 : 1);
                var distance = Distance(word, candidate, allowed);
                if (distance > allowed)
                {
                    continue;
                }

                // Same first letter and close length win ties: typos rarely hit the first letter.
                var score = (distance * 100) + (candidate[0] == word[0] ? 0 : 50) + Math.Abs(candidate.Length - word.Length);
                if (score < bestScore || (score == bestScore && string.CompareOrdinal(candidate, best) < 0))
                {
                    bestScore = score;
                    best = candidate;
                }
            }
        }

        return best;
    }

    private static HashSet<string> Deletes(string word, int distance)
    {
        var result = new HashSet<string>(StringComparer.Ordinal) { word };
        var frontier = new List<string> { word };
        for (var d = 0; d < distance; d++)
        {
            var next = new List<string>();
            foreach (var w in frontier)
            {
                if (w.Length <= 2)
                {
                    continue;
                }

                for (var i = 0; i < w.Length; i++)
                {
                    var v = string.Concat(w.AsSpan(0, i), w.AsSpan(i + 1));
                    if (result.Add(v))
                    {
                        next.Add(v);
                    }
                }
            }

            frontier = next;
        }

        return result;
    }

    /// <summary>Optimal string alignment distance (Damerau: a swap of two neighbours costs one), capped.</summary>
    internal static int Distance(string a, string b, int cap)
    {
        if (Math.Abs(a.Length - b.Length) > cap)
        {
            return cap + 1;
        }

        var rows = new int[3][];
        for (var r = 0; r < 3; r++)
        {
            rows[r] = new int[b.Length + 1];
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[1][j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var prev2 = rows[0];
            var prev = rows[1];
            var cur = rows[2];
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > cap)
            {
                return cap + 1;
            }

            rows[0] = prev;
            rows[1] = cur;
            rows[2] = prev2;
        }

        return rows[1][b.Length];
    }
}
