using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// Typo tolerance for vocabulary words: a symmetric-delete index (every word with one or two letters removed)
/// answers "which vocabulary word is within edit distance 1 or 2" with a few hash lookups instead of a scan.
/// </summary>
internal sealed class FuzzyIndex
{
    private const int MinLength = 5;
    private const int LongWord = 10;
    private const int IndexLongWord = 8;
    private const int MemoCapacity = 50_000;
    private readonly Dictionary<string, List<string>> _deletes = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _memo = new(StringComparer.Ordinal);

    public FuzzyIndex(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            if (word.Length < MinLength - 1)
            {
                continue;
            }

            var distance = word.Length >= IndexLongWord ? 2 : 1;
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

        if (_memo.TryGetValue(word, out var known))
        {
            return known;
        }

        var result = Lookup(word);
        if (_memo.Count < MemoCapacity)
        {
            _memo.TryAdd(word, result);
        }

        return result;
    }

    private string? Lookup(string word)
    {
        var maxDistance = word.Length >= LongWord ? 2 : 1;
        string? best = null;
        var bestScore = int.MaxValue;

        // Short words (most unknown words are ordinary ones) get one-letter deletes only: a tenth of the lookups.
        // Long words may carry two typos; their lookups are memoised like every other.
        foreach (var variant in Deletes(word, word.Length >= LongWord ? 2 : 1))
        {
            if (!_deletes.TryGetValue(variant, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                // Typos rarely hit the first letter; accepting them turned "observation" into "réservation".
                if (candidate[0] != word[0])
                {
                    continue;
                }

                var allowed = maxDistance;
                var distance = EditDistance.Bounded(word, candidate, allowed);
                if (distance > allowed)
                {
                    continue;
                }

                var score = (distance * 100) + Math.Abs(candidate.Length - word.Length);
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
}
