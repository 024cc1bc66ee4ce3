using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SpeakerBot.Search.Analysis;

namespace SpeakerBot.Search.Engine;

/// <summary>
/// One point-in-time view of the Lucene index (a searcher from the SearcherManager) with what query planning reads
/// from it: document frequencies, the term dictionary for prefixes and typos, and the table of city names.
/// </summary>
internal sealed class IndexView(IndexSearcher searcher, SearchLexicon lexicon)
{
    private static readonly ConditionalWeakTable<object, List<(string Name, string[] Words, GeoPoint Point)>> CityTables = [];

    public IndexSearcher Searcher { get; } = searcher;

    public IndexReader Reader => Searcher.IndexReader;

    /// <summary>Documents holding the term in any text field (an upper bound: a term in two fields counts twice).</summary>
    public int DocFrequency(string term)
    {
        var df = 0;
        foreach (var field in SpeakerDocuments.TextFields)
        {
            df += Reader.DocFreq(new Term(field, term));
        }

        return df;
    }

    /// <summary>Stems of the indexed words starting with <paramref name="prefix"/> (Lucene's term dictionary), with their document counts.</summary>
    public Dictionary<string, int> TermsWithPrefix(string prefix, int limit)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = MultiFields.GetTerms(Reader, SpeakerDocuments.Words);
        if (terms is null)
        {
            return found;
        }

        var bytes = new BytesRef(prefix);
        var e = terms.GetEnumerator();
        if (e.SeekCeil(bytes) == TermsEnum.SeekStatus.END)
        {
            return found;
        }

        var seen = 0;
        do
        {
            if (!StringHelper.StartsWith(e.Term, bytes) || ++seen > limit)
            {
                break;
            }

            var stem = FrenchStemmer.Stem(e.Term.Utf8ToString());
            found[stem] = found.GetValueOrDefault(stem) + e.DocFreq;
        }
        while (e.MoveNext());

        return found;
    }

    /// <summary>Indexed words within <paramref name="maxEdits"/> of <paramref name="word"/> (Lucene's fuzzy automaton, first letter fixed).</summary>
    public IEnumerable<(string Word, int Df)> FuzzyWords(string word, int maxEdits)
    {
        var terms = MultiFields.GetTerms(Reader, SpeakerDocuments.Words);
        if (terms is null)
        {
            yield break;
        }

        var e = new FuzzyTermsEnum(terms, new Lucene.Net.Util.AttributeSource(), new Term(SpeakerDocuments.Words, word), maxEdits, 1, true);
        while (e.MoveNext())
        {
            yield return (e.Term.Utf8ToString(), e.DocFreq);
        }
    }

    /// <summary>City names (folded words, stop words removed) and the centre of the speakers living there.</summary>
    public List<(string Name, string[] Words, GeoPoint Point)> Cities => CityTables.GetValue(Reader, _ => BuildCities());

    private List<(string Name, string[] Words, GeoPoint Point)> BuildCities()
    {
        var sums = new Dictionary<string, (string Name, double Lat, double Lon, int Count)>(StringComparer.Ordinal);
        var term = new BytesRef();
        foreach (var leaf in Reader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var cities = reader.GetSortedDocValues(SpeakerDocuments.CityName);
            var lats = reader.GetNumericDocValues(SpeakerDocuments.Lat);
            var lons = reader.GetNumericDocValues(SpeakerDocuments.Lon);
            if (cities is null || lats is null || lons is null)
            {
                continue;
            }

            var names = new string?[cities.ValueCount];
            var live = reader.LiveDocs;
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc))
                {
                    continue;
                }

                var ord = cities.GetOrd(doc);
                if (ord < 0)
                {
                    continue;
                }

                if (names[ord] is null)
                {
                    cities.LookupOrd(ord, term);
                    names[ord] = term.Utf8ToString();
                }

                var name = names[ord]!;
                if (name.Length == 0)
                {
                    continue;
                }

                var key = TextFolding.FoldText(name);
                sums.TryGetValue(key, out var c);
                sums[key] = (c.Name ?? name, c.Lat + BitConverter.Int64BitsToDouble(lats.Get(doc)), c.Lon + BitConverter.Int64BitsToDouble(lons.Get(doc)), c.Count + 1);
            }
        }

        var table = new List<(string Name, string[] Words, GeoPoint Point)>(sums.Count);
        foreach (var (_, c) in sums)
        {
            var words = lexicon.Analyzer.Tokens(c.Name).Select(t => t.Folded).ToArray();
            if (words.Length > 0)
            {
                table.Add((c.Name, words, new GeoPoint(c.Lat / c.Count, c.Lon / c.Count)));
            }
        }

        return table;
    }
}
