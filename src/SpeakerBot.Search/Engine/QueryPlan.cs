using SpeakerBot.Domain;
using SpeakerBot.Search.Analysis;

namespace SpeakerBot.Search.Engine;

/// <summary>One way a query word can match: an index term and how much a match counts (exact 1, synonym, typo, prefix less).</summary>
internal readonly record struct Alternative(string Term, float Factor);

/// <summary>A query word (or phrase) and the terms that satisfy it; a document scores the best of them.</summary>
internal sealed class Clause(string surface, bool required, List<Alternative> alternatives)
{
    public string Surface { get; } = surface;

    /// <summary>Counted for the minimum-should-match rule; a place name is optional (distance ranks instead).</summary>
    public bool Required { get; } = required;

    public List<Alternative> Alternatives { get; } = alternatives;
}

/// <summary>The analysed text of a query: clauses of alternative index terms, turned into a Lucene query by the engine.</summary>
internal sealed class QueryPlan
{
    public List<Clause> Clauses { get; } = [];

    public int MinimumShouldMatch { get; set; }

    /// <summary>Bit i set: the text names sector Taxonomy.Sectors[i] (a ranking hint).</summary>
    public int SectorHints { get; set; }

    public GeoPoint? InferredPlace { get; set; }

    public string? InferredPlaceName { get; set; }

    public bool HasText => Clauses.Count > 0;

    private const float SynonymFactor = 1.0f;
    private const float TypoFactor = 0.7f;
    private const float PrefixFactor = 0.45f;
    private const int MaxPrefixExpansions = 24;
    private const int MaxTypoExpansions = 8;

    public static QueryPlan Build(string? text, SearchLexicon lexicon, IndexView view, bool inferPlace)
    {
        var plan = new QueryPlan();
        if (string.IsNullOrWhiteSpace(text))
        {
            return plan;
        }

        var tokens = lexicon.Analyzer.Tokens(text);
        if (tokens.Count == 0)
        {
            return plan;
        }

        var stems = tokens.Select(t => t.Stem).ToList();
        var folded = tokens.Select(t => t.Folded).ToList();
        var endsInWord = !char.IsWhiteSpace(text[^1]) && char.IsLetterOrDigit(text[^1]);
        var placeWords = new bool[tokens.Count];
        if (inferPlace)
        {
            InferPlace(plan, folded, view, placeWords);
        }

        for (var i = 0; i < stems.Count; i++)
        {
            var hint = lexicon.SectorHints.Match(stems, i, out var sectors);
            if (hint > 0)
            {
                foreach (var sector in sectors)
                {
                    plan.SectorHints |= 1 << sector;
                }
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < stems.Count; i++)
        {
            var isLast = i == stems.Count - 1;
            var phrase = lexicon.Synonyms.Match(stems, i, out var groups);
            if (phrase > 0)
            {
                var surface = string.Join(' ', tokens.Skip(i).Take(phrase).Select(t => t.Folded));
                var alternatives = groups.Select(g => new Alternative(ConceptFilter.ConceptTerm(g), SynonymFactor)).ToList();
                if (phrase == 1)
                {
                    alternatives.Add(new Alternative(stems[i], 1.0f));
                }

                if (isLast && phrase == 1 && endsInWord)
                {
                    AddPrefix(alternatives, folded[i], view);
                }

                if (seen.Add(string.Join('|', alternatives.Select(a => a.Term))))
                {
                    plan.Clauses.Add(new Clause(surface, !placeWords[i], alternatives));
                }

                i += phrase - 1;
                continue;
            }

            var alts = new List<Alternative> { new(stems[i], 1.0f) };
            var known = view.DocFrequency(stems[i]) > 0;
            if (!known && folded[i].Length >= 5)
            {
                AddTypos(alts, folded[i], view);
            }

            if (isLast && endsInWord && folded[i].Length >= 3)
            {
                AddPrefix(alts, folded[i], view);
            }

            if (seen.Add(string.Join('|', alts.Select(a => a.Term))))
            {
                plan.Clauses.Add(new Clause(folded[i], !placeWords[i], alts));
            }
        }

        var required = plan.Clauses.Count(c => c.Required);
        plan.MinimumShouldMatch = required <= 2 ? required : (int)Math.Ceiling(required * 0.6);
        if (required == 0)
        {
            // Only a place was typed: any text match on it counts, distance ranks the rest.
            plan.MinimumShouldMatch = 0;
        }

        return plan;
    }

    private static void InferPlace(QueryPlan plan, List<string> folded, IndexView view, bool[] placeWords)
    {
        var bestLength = 0;
        for (var i = 0; i < folded.Count; i++)
        {
            foreach (var (name, words, point) in view.Cities)
            {
                if (words.Length <= bestLength || i + words.Length > folded.Count)
                {
                    continue;
                }

                var same = true;
                for (var k = 0; k < words.Length && same; k++)
                {
                    same = string.Equals(words[k], folded[i + k], StringComparison.Ordinal);
                }

                if (same)
                {
                    bestLength = words.Length;
                    plan.InferredPlace = point;
                    plan.InferredPlaceName = name;
                    Array.Clear(placeWords);
                    for (var k = 0; k < words.Length; k++)
                    {
                        placeWords[i + k] = true;
                    }
                }
            }
        }
    }

    /// <summary>Index terms starting with what the user is still typing, most frequent first (Lucene's term dictionary).</summary>
    private static void AddPrefix(List<Alternative> alternatives, string prefix, IndexView view)
    {
        foreach (var (term, _) in view.TermsWithPrefix(prefix, 4000).OrderByDescending(f => f.Value).Take(MaxPrefixExpansions))
        {
            if (!alternatives.Any(a => string.Equals(a.Term, term, StringComparison.Ordinal)))
            {
                alternatives.Add(new Alternative(term, PrefixFactor));
            }
        }
    }

    /// <summary>Indexed words within one edit (two from 9 letters) of the typed word, found by Lucene's fuzzy automaton; their stems become alternatives.</summary>
    private static void AddTypos(List<Alternative> alternatives, string word, IndexView view)
    {
        var maxEdits = word.Length >= 9 ? 2 : 1;
        var found = new Dictionary<string, (int Distance, int Df)>(StringComparer.Ordinal);
        foreach (var (candidate, df) in view.FuzzyWords(word, maxEdits))
        {
            var distance = EditDistance.Bounded(word, candidate, maxEdits);
            if (distance <= maxEdits)
            {
                var stem = FrenchStemmer.Stem(candidate);
                found[stem] = found.TryGetValue(stem, out var f) ? (Math.Min(f.Distance, distance), f.Df + df) : (distance, df);
            }
        }

        foreach (var (term, (distance, _)) in found.OrderBy(f => f.Value.Distance).ThenByDescending(f => f.Value.Df).Take(MaxTypoExpansions))
        {
            if (!alternatives.Any(a => string.Equals(a.Term, term, StringComparison.Ordinal)))
            {
                alternatives.Add(new Alternative(term, distance == 1 ? TypoFactor : TypoFactor * 0.7f));
            }
        }
    }
}
