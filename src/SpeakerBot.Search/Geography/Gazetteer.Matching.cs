using System.Collections.Frozen;
using SpeakerBot.Domain;

namespace SpeakerBot.Search.Geography;

public sealed partial class Gazetteer
{
    // Fuzzy matching (typos) only considers places big enough to be meant: small villages would catch typos of words.
    private const int FuzzyMinPopulation = 2000;

    // Words that introduce a place. "de"/"du"/"des" are weak: "professeure de Sport", "heure de Cours".
    private static readonly FrozenSet<string> StrongCueWords = FrozenSet.ToFrozenSet(
        ["a", "au", "aux", "dans", "vers", "sur", "en", "in", "near", "around", "at", "pres", "autour", "proche", "cote",
         "environs", "alentours", "region", "secteur", "ville", "academie", "departement", "dept", "dpt", "agglomeration",
         "metropole", "banlieue", "coin", "within", "outside"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> WeakCueWords = FrozenSet.ToFrozenSet(
        ["de", "d", "du", "des", "from", "to", "of", "et", "ou", "or", "and", "entre"], StringComparer.Ordinal);

    // "près de Lyon", "à 30 km de Lyon", "au nord de Lyon": the word before "de" makes it a clear cue.
    private static readonly FrozenSet<string> BeforeDeMakesStrong = FrozenSet.ToFrozenSet(
        ["pres", "proche", "autour", "cote", "environs", "alentours", "region", "secteur", "ville", "academie", "departement",
         "agglomeration", "metropole", "banlieue", "km", "kms", "kilometres", "minutes", "nord", "sud", "est", "ouest", "coin",
         "periph", "peripherie", "alentour", "rayon", "loin", "universite", "college", "lycee", "ecole", "iut", "chu", "hopital",
         "mairie", "prefecture", "rectorat", "campus", "gare", "aeroport", "usine", "site", "agence", "caserne", "commissariat",
         "brigade", "sdis", "centre"], StringComparer.Ordinal);

    // A capitalised name right after these is a school, a street or a person, not a place: "lycée Saint-Exupéry",
    // "avenue Jean Jaurès", "Mme Nancy".
    private static readonly FrozenSet<string> NameOfSomethingElse = FrozenSet.ToFrozenSet(
        ["chez", "college", "lycee", "ecole", "lp", "lgt", "cfa", "groupe", "scolaire", "institution", "rue", "avenue", "boulevard", "bd",
         "allee", "quai", "impasse", "square", "stade", "gymnase", "mme", "madame", "mlle", "mademoiselle", "m", "mr", "monsieur",
         "dr", "docteure", "appelle", "signe", "prenom", "nom"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> DepartmentWords = FrozenSet.ToFrozenSet(
        ["departement", "dept", "dpt", "dep", "department", "departements"], StringComparer.Ordinal);

    // A number followed by one of these is a date, a time or a quantity, never a department or postal code.
    private static readonly FrozenSet<string> NumberBlockers = FrozenSet.ToFrozenSet(
        ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
         "janv", "fev", "fevr", "avr", "juil", "sept", "oct", "nov", "dec",
         "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
         "au", "a", "et", "ou", "h", "heures", "heure", "hr", "eleves", "eleve", "personnes", "places", "ans", "an", "min", "minutes",
         "jours", "jour", "fois", "euros", "eur", "km", "kms", "classes", "participants", "participantes", "intervenantes",
         "intervenants", "filles", "garcons", "etudiants", "etudiantes", "collegiens", "collegiennes", "lyceens", "lyceennes",
         "pupils", "students", "people", "mn", "semaines", "mois", "heure", "to", "and", "or", "pour", "000", "000e", "pourcent", "pct"],
        StringComparer.Ordinal);

    // Words a user may put before a place typed alone ("à Lyon", "dans le 93", "près de Brest").
    private static readonly FrozenSet<string> LeadingNoise = FrozenSet.ToFrozenSet(
        ["a", "au", "aux", "en", "dans", "le", "la", "les", "l", "pres", "de", "du", "d", "des", "vers", "sur", "in", "near", "around",
         "departement", "dept", "dpt", "region", "ville", "autour", "proche", "cote", "secteur", "academie"], StringComparer.Ordinal);

    public Place? Resolve(string text, string? departmentHint = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var hint = departmentHint is null ? null
            : Taxonomy.IsRegion(departmentHint) ? departmentHint
            : NormaliseDepartmentCode(departmentHint);
        var tokens = PlaceText.Tokenize(text);
        for (var start = 0; start < tokens.Count; start++)
        {
            var place = ResolveTokens(tokens, start, hint);
            if (place is not null)
            {
                return place;
            }

            if (!LeadingNoise.Contains(tokens[start].Norm))
            {
                break;
            }
        }

        // "Saint-Denis 974", "Toulouse 31000", "Lyon, France": scan the string, let the other mentions pick the homonym.
        var mentions = Scan(text, tokens, relaxed: true);
        if (mentions.Count > 0)
        {
            ApplyHints(mentions, hint);
            var city = mentions.FirstOrDefault(m => m.Mention.Place.Kind == PlaceKind.City);
            return (city ?? mentions[0]).Mention.Place;
        }

        return Fuzzy(tokens, hint);
    }

    private Place? ResolveTokens(List<PlaceToken> tokens, int start, string? hint)
    {
        if (tokens.Count - start == 1)
        {
            var t = tokens[start];
            if (t.IsDigits && t.Norm.Length == 5)
            {
                return PostalCodePlace(t.Norm, hint);
            }

            if ((t.IsDigits && t.Norm.Length <= 3) || t.Norm is "2a" or "2b")
            {
                var code = NormaliseDepartmentCode(t.Norm);
                return Taxonomy.IsDepartment(code) ? DepartmentPlace(code) : null;
            }
        }

        var key = string.Join(' ', tokens.Skip(start).Select(t => t.Norm));
        if (_byKey.TryGetValue(key, out var entry) || _strippedByKey.TryGetValue(key, out entry))
        {
            return Choose(entry, hint);
        }

        return null;
    }

    private static Place? Choose(NameEntry entry, string? hint)
    {
        if (hint is not null && entry.Cities.Exists(c => Matches(c, hint)))
        {
            return PickCity(entry.Cities, hint);
        }

        if (entry.Region is not null)
        {
            // Overseas regions are also their single department: the department carries both codes.
            return entry.Department ?? entry.Region;
        }

        if (entry.Department is not null)
        {
            // "Paris" is the city (its own department's seat); "Vienne" typed alone is the department.
            return entry.Cities.Count > 0 && entry.Cities[0].Department == entry.Department.Department
                ? entry.Cities[0]
                : entry.Department;
        }

        return entry.Cities.Count > 0 ? PickCity(entry.Cities, hint) : null;
    }

    private Place? Fuzzy(List<PlaceToken> tokens, string? hint)
    {
        var start = 0;
        while (start < tokens.Count - 1 && LeadingNoise.Contains(tokens[start].Norm))
        {
            start++;
        }

        var key = string.Join(' ', tokens.Skip(start).Select(t => t.Norm));
        if (key.Length < 5)
        {
            return null;
        }

        var maxEdits = key.Length >= 9 ? 2 : 1;
        NameEntry? best = null;
        var bestDistance = int.MaxValue;
        foreach (var entry in _fuzzyCandidates)
        {
            var candidate = entry.Key;
            if (Math.Abs(candidate.Length - key.Length) > maxEdits)
            {
                continue;
            }

            var d = EditDistance.Bounded(key, candidate, maxEdits);
            if (d < bestDistance || (d == bestDistance && d <= maxEdits && Weight(entry) > Weight(best!)))
            {
                bestDistance = d;
                best = entry;
            }
        }

        return best is not null && bestDistance <= maxEdits ? Choose(best, hint) : null;

        static long Weight(NameEntry e) => e.Region is not null || e.Department is not null ? long.MaxValue : e.MaxPopulation;
    }

    public Place? CityOneTypoAway(string word, int minPopulation)
    {
        var tokens = PlaceText.Tokenize(word ?? string.Empty);
        if (tokens.Count != 1 || tokens[0].IsDigits || tokens[0].Norm.Length < 4)
        {
            return null;
        }

        var key = tokens[0].Norm;
        NameEntry? best = null;
        foreach (var entry in _fuzzyCandidates)
        {
            if (entry.Words.Length == 1 && entry.Cities.Count > 0 && entry.MaxPopulation >= minPopulation
                && entry.Key.Length >= 4 && Math.Abs(entry.Key.Length - key.Length) <= 1
                && (best is null || entry.MaxPopulation > best.MaxPopulation)
                && EditDistance.Bounded(key, entry.Key, 1) <= 1)
            {
                best = entry;
            }
        }

        return best is null ? null : PickCity(best.Cities, null);
    }

    public IReadOnlyList<PlaceMention> FindInText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = PlaceText.Tokenize(text);
        if (tokens.Count == 0)
        {
            return [];
        }

        var mentions = Scan(text, tokens, relaxed: false);
        ApplyHints(mentions, null);
        return mentions.ConvertAll(m => m.Mention);
    }

    private List<Found> Scan(string text, List<PlaceToken> tokens, bool relaxed)
    {
        var found = new List<Found>();
        var caseMeaningful = HasBothCases(text);
        var i = 0;
        while (i < tokens.Count)
        {
            if (TryNumber(text, tokens, i, relaxed) is { } numberPlace)
            {
                found.Add(new Found(Mention(text, tokens, i, 1, numberPlace), null));
                i++;
                continue;
            }

            var norm = tokens[i].Norm;
            if (!_byFirst.ContainsKey(norm) && !_strippedByFirst.ContainsKey(norm))
            {
                i++;
                continue;
            }

            var cue = CueAt(text, tokens, i);

            // "au Lamentin" is Le Lamentin (972), not Lamentin (971): the contracted article is evidence, try it first.
            if (cue.Word is "au" or "aux" or "du" or "des" && TryNames(_strippedByFirst, text, tokens, i, cue, caseMeaningful, relaxed) is { } stripped)
            {
                found.Add(stripped);
                i += stripped.TokenCount;
                continue;
            }

            if (TryNames(_byFirst, text, tokens, i, cue, caseMeaningful, relaxed) is { } hit)
            {
                // "de la Côte-d'Or": "La Côte" starts first, but the department starting inside it reaches further.
                if (hit.TokenCount > 1 && OverlappedByLonger(text, tokens, i, hit.TokenCount, caseMeaningful, relaxed))
                {
                    i++;
                    continue;
                }

                found.Add(hit);
                i += hit.TokenCount;
                continue;
            }

            i++;
        }

        return found;
    }

    private bool OverlappedByLonger(string text, List<PlaceToken> tokens, int i, int count, bool caseMeaningful, bool relaxed)
    {
        for (var j = i + 1; j < i + count; j++)
        {
            if (TryNames(_byFirst, text, tokens, j, CueAt(text, tokens, j), caseMeaningful, relaxed) is { } later && j + later.TokenCount > i + count)
            {
                return true;
            }
        }

        return false;
    }

    private Found? TryNames(Dictionary<string, List<NameEntry>> index, string text, List<PlaceToken> tokens, int i, Cue cue, bool caseMeaningful, bool relaxed)
    {
        if (!index.TryGetValue(tokens[i].Norm, out var entries))
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (!WordsMatch(tokens, i, entry.Words))
            {
                continue;
            }

            if (entry.ArticleStripped && !ArticleAgrees(cue.Word, entry.Article))
            {
                continue;
            }

            if (!relaxed && (PartOfCompound(text, tokens, i, entry.Words.Length) || NameOfSomethingElse.Contains(cue.Word ?? string.Empty)))
            {
                continue;
            }

            var place = relaxed ? Choose(entry, null) : Accept(entry, text, tokens, i, cue, caseMeaningful);
            if (place is not null)
            {
                return new Found(Mention(text, tokens, i, entry.Words.Length, place), entry);
            }
        }

        return null;
    }

    /// <summary>"Croix" in "Croix-Rouge": a name glued by a hyphen to a word it does not include is another name.</summary>
    private static bool PartOfCompound(string text, List<PlaceToken> tokens, int i, int count)
    {
        var start = tokens[i].Start;
        var end = tokens[i + count - 1].End;
        return (end + 1 < text.Length && text[end] == '-' && char.IsLetter(text[end + 1]))
            || (start >= 2 && text[start - 1] == '-' && char.IsLetter(text[start - 2]));
    }

    private static bool ArticleAgrees(string? cueWord, string? article) =>
        article == "le" ? cueWord is "au" or "du" : cueWord is "aux" or "des";

    private static bool WordsMatch(List<PlaceToken> tokens, int i, string[] words)
    {
        if (i + words.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < words.Length; k++)
        {
            var t = tokens[i + k];
            if (!string.Equals(t.Norm, words[k], StringComparison.Ordinal) || (k > 0 && t.AfterBreak))
            {
                return false;
            }
        }

        return true;
    }

    private static Place? Accept(NameEntry entry, string text, List<PlaceToken> tokens, int i, Cue cue, bool caseMeaningful)
    {
        if (entry.Stop == StopMode.Never)
        {
            return null;
        }

        // Capitalisation is read on the name's main word ("la Rochelle" counts as capitalised), never at a sentence start.
        var main = entry.ArticleInitial ? i + 1 : i;
        var initial = main == i && IsSentenceInitial(text, tokens, i);
        var capital = caseMeaningful && tokens[main].Capitalised && !initial;
        var capitalInitial = caseMeaningful && tokens[main].Capitalised && initial;
        var clearCue = cue.Level == CueLevel.Strong && !cue.BareA;
        var onlyAdministrative = entry.Cities.Count == 0;

        switch (entry.Stop)
        {
            case StopMode.Strict when !(capital && cue.Level >= (onlyAdministrative ? CueLevel.Weak : CueLevel.Strong)):
            case StopMode.Cue when !(clearCue || (capital && cue.Level == CueLevel.Strong) || (capital && cue.Level == CueLevel.Weak && entry.MaxPopulation >= 100_000)):
                return null;
        }

        if (entry.Region is not null)
        {
            return entry.Department ?? entry.Region;
        }

        var department = entry.Department is not null && (entry.Words.Length > 1 || capital || capitalInitial || cue.Level >= CueLevel.Weak || cue.Word is "le" or "la" or "l")
            ? entry.Department
            : null;
        // Without a cue, "Nancy Martin" is a person: a capitalised word right after the name says so.
        var next = i + entry.Words.Length;
        var followedByName = cue.Level == CueLevel.None && caseMeaningful && next < tokens.Count && !tokens[next].AfterBreak && tokens[next].Capitalised;
        var city = entry.Cities.Count > 0 && !followedByName && CityAcceptable(entry, cue, capital, capitalInitial) ? entry.Cities[0] : null;
        if (department is not null && city is not null)
        {
            if (city.Department == department.Department)
            {
                return city;
            }

            var departmentCue = cue.Word is "en" or "dans" || cue.Word2 is "dans" || DepartmentWords.Contains(cue.Word ?? string.Empty) || DepartmentWords.Contains(cue.Word2 ?? string.Empty);
            return departmentCue ? department : city;
        }

        return department ?? city;
    }

    private static bool CityAcceptable(NameEntry entry, Cue cue, bool capital, bool capitalInitial)
    {
        var pop = entry.MaxPopulation;
        if (entry.Words.Length > 1 && !entry.ArticleInitial && !entry.ArticleStripped)
        {
            // "Saint-Étienne", "Pointe-à-Pitre": several words are rarely an accident, but a small "Saint-Exupéry" may be a person.
            return cue.Level switch
            {
                CueLevel.Strong => capital || pop >= 2_000,
                CueLevel.Weak => capital ? pop >= 500 : pop >= 2_000,
                _ => capital || capitalInitial ? pop >= 2_000 : pop >= 20_000,
            };
        }

        if (capital)
        {
            return cue.Level switch
            {
                CueLevel.Strong => true,
                CueLevel.Weak => pop >= 2_000,
                _ => pop >= 10_000,
            };
        }

        if (cue.Level == CueLevel.Strong && !cue.BareA)
        {
            return pop >= 5_000;
        }

        return cue.Level >= CueLevel.Weak || capitalInitial ? pop >= 20_000 : pop >= 100_000;
    }

    private Place? TryNumber(string text, List<PlaceToken> tokens, int i, bool relaxed)
    {
        var t = tokens[i];
        var isCorsica = t.Norm is "2a" or "2b";
        if (!t.IsDigits && !isCorsica)
        {
            return null;
        }

        var next = i + 1 < tokens.Count && !tokens[i + 1].AfterBreak ? tokens[i + 1] : (PlaceToken?)null;
        if (next is { } n && (n.IsDigits || NumberBlockers.Contains(n.Norm)))
        {
            return null;
        }

        // Thousands written with a space ("25 000 élèves") or a decimal point are quantities.
        if (t.Start > 0 && (text[t.Start - 1] is ',' or '.' || (t.Start > 1 && text[t.Start - 1] == ' ' && char.IsAsciiDigit(text[t.Start - 2]))))
        {
            return null;
        }

        if (t.IsDigits && t.Norm.Length == 5)
        {
            return _byPostalCode.ContainsKey(t.Norm) ? PostalCodePlace(t.Norm, null) : null;
        }

        if (t.Norm.Length > 3)
        {
            return null;
        }

        var code = NormaliseDepartmentCode(t.Norm);
        if (!Taxonomy.IsDepartment(code) || (t.Norm.Length == 1 && !relaxed))
        {
            return null;
        }

        if (relaxed)
        {
            return DepartmentPlace(code);
        }

        var inParentheses = t.Start > 0 && text[t.Start - 1] == '(' && t.End < text.Length && text[t.End] == ')';
        var cue = CueAt(text, tokens, i);
        var w1 = cue.Word;
        var w2 = cue.Word2;
        var departmentWord = DepartmentWords.Contains(w1 ?? string.Empty) || (w1 is "du" or "de" or "d" && DepartmentWords.Contains(w2 ?? string.Empty));
        var dansLe = w1 is "le" or "l" && w2 is "dans";
        // A day of the month ("le 15", "du 12") looks like a department: only numbers no date can take count there.
        var notADay = !t.IsDigits || t.Norm.Length == 3 || int.Parse(t.Norm, System.Globalization.CultureInfo.InvariantCulture) > 31;
        var articleCue = w1 is "le" or "du" or "en" or "dans" && notADay;
        var uppercaseCorsica = isCorsica && char.IsUpper(text[t.Start + 1]);
        return inParentheses || departmentWord || dansLe || articleCue || uppercaseCorsica ? DepartmentPlace(code) : null;
    }

    private static Cue CueAt(string text, List<PlaceToken> tokens, int i)
    {
        if (i == 0 || tokens[i].AfterBreak)
        {
            return default;
        }

        var prev = tokens[i - 1];
        var word2 = i >= 2 && !prev.AfterBreak ? tokens[i - 2].Norm : null;
        var word3 = i >= 3 && !prev.AfterBreak && !tokens[i - 2].AfterBreak ? tokens[i - 3].Norm : null;
        var level = CueLevel.None;
        if (StrongCueWords.Contains(prev.Norm))
        {
            level = CueLevel.Strong;
        }
        else if (prev.Norm is "de" or "d" or "du" or "des" && word2 is not null && BeforeDeMakesStrong.Contains(word2))
        {
            level = CueLevel.Strong;
        }
        else if (WeakCueWords.Contains(prev.Norm))
        {
            level = CueLevel.Weak;
        }
        else if (prev.Norm is "le" or "la" or "les" or "l")
        {
            // "dans la Loire", "vers le Havre", "de la Réunion", "près de la Rochelle".
            level = word2 is not null && StrongCueWords.Contains(word2) ? CueLevel.Strong
                : word2 is "de" or "d" && word3 is not null && BeforeDeMakesStrong.Contains(word3) ? CueLevel.Strong
                : word2 is not null && WeakCueWords.Contains(word2) ? CueLevel.Weak
                : CueLevel.None;
        }

        var bareA = prev.Norm == "a" && text[prev.Start] is 'a' or 'A';
        return new Cue(level, bareA, prev.Norm, word2);
    }

    private static bool IsSentenceInitial(string text, List<PlaceToken> tokens, int i)
    {
        if (i == 0)
        {
            return true;
        }

        if (!tokens[i].AfterBreak)
        {
            return false;
        }

        for (var p = tokens[i].Start - 1; p >= 0; p--)
        {
            var c = text[p];
            if (!char.IsWhiteSpace(c) && c is not '"' and not '«' and not '(')
            {
                return c is '.' or '!' or '?' or ':' or '-';
            }

            if (c == '\n')
            {
                return true;
            }
        }

        return true;
    }

    private static bool HasBothCases(string text)
    {
        bool upper = false, lower = false;
        foreach (var c in text)
        {
            upper |= char.IsUpper(c);
            lower |= char.IsLower(c);
            if (upper && lower)
            {
                return true;
            }
        }

        return false;
    }

    private static PlaceMention Mention(string text, List<PlaceToken> tokens, int i, int count, Place place)
    {
        var start = tokens[i].Start;
        var end = tokens[i + count - 1].End;
        return new PlaceMention(start, end - start, text[start..end], place);
    }

    /// <summary>A homonym takes the department or region named elsewhere in the same text ("Saint-Denis, 974").</summary>
    private static void ApplyHints(List<Found> found, string? hint)
    {
        for (var k = 0; k < found.Count; k++)
        {
            var f = found[k];
            if (f.Entry is not { Cities.Count: > 1, AliasCity: false } entry || f.Mention.Place.Kind != PlaceKind.City)
            {
                continue;
            }

            var hints = found.Where(o => o.Mention.Place.Kind != PlaceKind.City).Select(o => o.Mention.Place).ToList();
            Place? better = null;
            if (hint is not null)
            {
                better = entry.Cities.Find(c => Matches(c, hint));
            }

            better ??= hints.Where(h => h.Department is not null).Select(h => entry.Cities.Find(c => c.Department == h.Department)).FirstOrDefault(c => c is not null);
            better ??= hints.Select(h => entry.Cities.Find(c => c.Region == h.Region)).FirstOrDefault(c => c is not null);
            if (better is not null)
            {
                found[k] = f with { Mention = f.Mention with { Place = better } };
            }
        }
    }

    private enum CueLevel
    {
        None,
        Weak,
        Strong,
    }

    private readonly record struct Cue(CueLevel Level, bool BareA, string? Word, string? Word2);

    private sealed record Found(PlaceMention Mention, NameEntry? Entry)
    {
        public int TokenCount => Entry?.Words.Length ?? 1;
    }
}
