using System.Globalization;
using SpeakerBot.Domain;

namespace SpeakerBot.Search.Geography;

/// <summary>
/// The French gazetteer loaded from index/geo (gazetteer.tsv built by index/tools/build_gazetteer.py, plus the
/// hand-written aliases.tsv and stoplist.tsv). Immutable after construction, so one instance serves every thread.
/// </summary>
public sealed partial class Gazetteer : IGazetteer
{
    public const string GazetteerFile = "gazetteer.tsv";
    public const string AliasesFile = "aliases.tsv";
    public const string StopListFile = "stoplist.tsv";

    private readonly Dictionary<string, NameEntry> _byKey = new(StringComparer.Ordinal);

    // Entries by their first word, longest first: the sentence scanner tries them at each position.
    private readonly Dictionary<string, List<NameEntry>> _byFirst = new(StringComparer.Ordinal);

    // "Le Havre" → "havre", only after "au"/"du" ("au Havre") and as a last resort in Resolve.
    private readonly Dictionary<string, List<NameEntry>> _strippedByFirst = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NameEntry> _strippedByKey = new(StringComparer.Ordinal);

    private readonly Dictionary<string, List<Place>> _byPostalCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Place> _communeByInsee = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DepartmentInfo> _departments = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Place> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _departmentsOfRegion = new(StringComparer.Ordinal);
    private readonly List<NameEntry> _fuzzyCandidates = [];

    /// <summary>Communes whose coordinates are their department's centre (no GeoNames match).</summary>
    public int CommunesWithoutOwnCoordinates { get; }

    public int CommuneCount => _communeByInsee.Count;

    private Gazetteer(string directory)
    {
        var path = Path.Combine(directory, GazetteerFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The gazetteer file is missing: {path}. Rebuild it with index/tools/build_gazetteer.py.", path);
        }

        var stop = LoadStopList(Path.Combine(directory, StopListFile));
        var pendingNeighbours = new List<(string Code, string[] Neighbours)>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split('\t');
            try
            {
                switch (f[0])
                {
                    case "R":
                        AddRegion(f);
                        break;
                    case "D":
                        pendingNeighbours.Add((f[1], f[6].Length == 0 ? [] : f[6].Split(',')));
                        AddDepartment(f);
                        break;
                    case "C":
                        if (AddCommune(f[1], f[2], f[3], f[4], f[5], f[6], f[7]) && f[8] == "d")
                        {
                            CommunesWithoutOwnCoordinates++;
                        }

                        break;
                    case "M":
                        AddArrondissement(f);
                        break;
                    default:
                        throw new FormatException($"unknown row kind '{f[0]}'");
                }
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: {ex.Message}", ex);
            }
        }

        foreach (var (code, neighbours) in pendingNeighbours)
        {
            _departments[code].Neighbours = neighbours;
        }

        LoadAliases(Path.Combine(directory, AliasesFile));
        Finish(stop);
    }

    /// <summary>Loads the gazetteer from <paramref name="indexDirectory"/> (default: the repository's index/ folder).</summary>
    public static Gazetteer Load(string? indexDirectory = null) =>
        new(Path.Combine(indexDirectory ?? RepoData.IndexDirectory, "geo"));

    private static GeoPoint Point(string lat, string lon) =>
        new(double.Parse(lat, CultureInfo.InvariantCulture), double.Parse(lon, CultureInfo.InvariantCulture));

    private void AddRegion(string[] f)
    {
        var place = new Place(PlaceKind.Region, f[3], f[2], null, f[1], Point(f[4], f[5]), 0);
        _regions[f[1]] = place;
        Entry(f[3]).Region = place;
        Entry(f[1].Replace('-', ' ')).Region = place;
    }

    private void AddDepartment(string[] f)
    {
        var place = new Place(PlaceKind.Department, f[2], f[1], f[1], f[3], Point(f[4], f[5]), 0);
        _departments[f[1]] = new DepartmentInfo(place);
        if (!_departmentsOfRegion.TryGetValue(f[3], out var list))
        {
            _departmentsOfRegion[f[3]] = list = [];
        }

        list.Add(f[1]);
        Entry(f[2]).Department = place;
    }

    private bool AddCommune(string insee, string name, string dept, string postal, string population, string lat, string lon)
    {
        var info = _departments[dept];
        var pop = int.Parse(population, CultureInfo.InvariantCulture);
        var place = new Place(PlaceKind.City, name, insee, dept, info.Place.Region, Point(lat, lon), pop);
        _communeByInsee[insee] = place;
        info.Population += pop;
        Entry(name).Cities.Add(place);
        AddPostalCodes(place, postal);
        return true;
    }

    private void AddArrondissement(string[] f)
    {
        // M insee name parent dept postal population lat lon source
        var info = _departments[f[4]];
        var place = new Place(PlaceKind.City, f[2], f[1], f[4], info.Place.Region, Point(f[7], f[8]), int.Parse(f[6], CultureInfo.InvariantCulture));
        _communeByInsee[f[1]] = place;
        AddPostalCodes(place, f[5]);
        var words = PlaceText.Words(f[2]);
        var city = words[0];
        var n = int.Parse(words[1].TrimEnd('e', 'r'), CultureInfo.InvariantCulture);
        string[] suffixes = n == 1 ? ["1er", "1e", "1ere"] : [$"{n}e", $"{n}eme"];
        foreach (var suffix in suffixes)
        {
            Entry($"{city} {suffix}").Cities.Add(place);
            Entry($"{city} {suffix} arrondissement").Cities.Add(place);
        }

        // "Paris 15" is clear when typed alone, but in a sentence the number is more often a class or a date.
        var bare = Entry($"{city} {n}");
        bare.Cities.Add(place);
        bare.ResolveOnly = true;
    }

    private void AddPostalCodes(Place place, string postal)
    {
        if (postal.Length == 0)
        {
            return;
        }

        foreach (var code in postal.Split(','))
        {
            if (!_byPostalCode.TryGetValue(code, out var list))
            {
                _byPostalCode[code] = list = [];
            }

            list.Add(place);
        }
    }

    private void LoadAliases(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split('\t');
            if (f.Length < 3)
            {
                throw new InvalidDataException($"{path}:{lineNo}: expected 'alias<TAB>kind<TAB>target', got '{line}'.");
            }

            var entry = Entry(f[0]);
            switch (f[1])
            {
                case "region" when _regions.TryGetValue(f[2], out var region):
                    var centre = f.Length > 3 && _communeByInsee.TryGetValue(f[3], out var capital) ? capital.Location : region.Location;
                    entry.Region = region with { Location = centre };
                    break;
                case "department" when _departments.TryGetValue(f[2], out var dept):
                    entry.Department = dept.Place;
                    break;
                case "city" when _communeByInsee.TryGetValue(f[2], out var city):
                    entry.Cities.Insert(0, city);
                    entry.AliasCity = true;
                    break;
                default:
                    throw new InvalidDataException($"{path}:{lineNo}: kind must be region, department or city with a known target; got '{f[1]}' → '{f[2]}'.");
            }
        }
    }

    private static Dictionary<string, StopMode> LoadStopList(string path)
    {
        var stop = new Dictionary<string, StopMode>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return stop;
        }

        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split('\t');
            var mode = f.Length < 2 ? (StopMode?)null : f[1] switch
            {
                "never" => StopMode.Never,
                "strict" => StopMode.Strict,
                "cue" => StopMode.Cue,
                _ => null,
            };
            stop[PlaceText.Key(f[0])] = mode ?? throw new InvalidDataException($"{path}:{lineNo}: mode must be never, strict or cue.");
        }

        return stop;
    }

    private NameEntry Entry(string name)
    {
        var key = PlaceText.Key(name);
        if (!_byKey.TryGetValue(key, out var entry))
        {
            _byKey[key] = entry = new NameEntry(key.Split(' '));
        }

        return entry;
    }

    private void Finish(Dictionary<string, StopMode> stop)
    {
        foreach (var info in _departments.Values)
        {
            info.Place = info.Place with { Population = info.Population };
        }

        foreach (var (slug, codes) in _departmentsOfRegion)
        {
            _regions[slug] = _regions[slug] with { Population = codes.Sum(c => _departments[c].Population) };
        }

        foreach (var (key, entry) in _byKey)
        {
            if (entry.Department is not null)
            {
                entry.Department = _departments[entry.Department.Department!].Place;
            }

            if (entry.Region is not null)
            {
                entry.Region = entry.Region with { Population = _regions[entry.Region.Region].Population };
            }

            // Aliases first (the one people mean), then homonyms by population.
            var aliasCount = entry.AliasCity ? 1 : 0;
            if (entry.Cities.Count > 1 + aliasCount)
            {
                entry.Cities.Sort(aliasCount, entry.Cities.Count - aliasCount, PopulationDescending.Instance);
            }

            entry.Stop = stop.GetValueOrDefault(key);
            entry.ArticleInitial = entry.Words.Length > 1 && entry.Words[0] is "le" or "la" or "les" or "l";
            entry.MaxPopulation = entry.Cities.Count == 0 ? 0 : entry.Cities.Max(c => c.Population);
            if (!entry.ResolveOnly)
            {
                AddByFirst(_byFirst, entry);
            }

            if (entry.Words.Length > 1 && entry.Words[0] is "le" or "les" && entry.Cities.Count > 0)
            {
                var strippedKey = string.Join(' ', entry.Words.Skip(1));
                if (!_strippedByKey.ContainsKey(strippedKey))
                {
                    var stripped = new NameEntry(entry.Words[1..])
                    {
                        Cities = entry.Cities,
                        Stop = entry.Stop,
                        MaxPopulation = entry.MaxPopulation,
                        ArticleStripped = true,
                        Article = entry.Words[0],
                    };
                    _strippedByKey[strippedKey] = stripped;
                    AddByFirst(_strippedByFirst, stripped);
                }
            }

            if (entry.Region is not null || entry.Department is not null || entry.MaxPopulation >= FuzzyMinPopulation)
            {
                _fuzzyCandidates.Add(entry);
            }
        }

        foreach (var list in _byFirst.Values.Concat(_strippedByFirst.Values))
        {
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
            list.TrimExcess();
        }
    }

    private static void AddByFirst(Dictionary<string, List<NameEntry>> index, NameEntry entry)
    {
        if (!index.TryGetValue(entry.Words[0], out var list))
        {
            index[entry.Words[0]] = list = [];
        }

        list.Add(entry);
    }

    public (string Name, string Region)? Department(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _departments.TryGetValue(NormaliseDepartmentCode(code), out var info) ? (info.Place.Name, info.Place.Region) : null;
    }

    public IReadOnlyList<string> NeighbouringDepartments(string department)
    {
        ArgumentNullException.ThrowIfNull(department);
        return _departments.TryGetValue(NormaliseDepartmentCode(department), out var info) ? info.Neighbours : [];
    }

    public IReadOnlyList<string> DepartmentsOfRegion(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return _departmentsOfRegion.TryGetValue(region, out var list) ? list : [];
    }

    public Place? Region(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return _regions.GetValueOrDefault(region);
    }

    /// <summary>The commune (or municipal arrondissement) with this INSEE code.</summary>
    public Place? Commune(string inseeCode)
    {
        ArgumentNullException.ThrowIfNull(inseeCode);
        return _communeByInsee.GetValueOrDefault(inseeCode.ToUpperInvariant());
    }

    private static string NormaliseDepartmentCode(string code)
    {
        var c = code.Trim().ToUpperInvariant();
        return c.Length == 1 && char.IsAsciiDigit(c[0]) ? "0" + c : c;
    }

    private Place? DepartmentPlace(string code) =>
        _departments.TryGetValue(NormaliseDepartmentCode(code), out var info) ? info.Place : null;

    private Place? PostalCodePlace(string code, string? hint)
    {
        if (!_byPostalCode.TryGetValue(code, out var places))
        {
            return null;
        }

        // Paris, Lyon and Marseille codes name an arrondissement: prefer it over the whole city.
        var pool = hint is null ? places : places.FindAll(p => Matches(p, hint));
        if (pool.Count == 0)
        {
            pool = places;
        }

        var best = pool.OrderByDescending(IsArrondissement).ThenByDescending(p => p.Population).First();
        return best with { Kind = PlaceKind.PostalCode };
    }

    private static bool IsArrondissement(Place p) => p.Name.EndsWith(" Arrondissement", StringComparison.Ordinal);

    private static bool Matches(Place p, string? hint) =>
        hint is null || string.Equals(p.Department, hint, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Region, hint, StringComparison.Ordinal);

    private static Place PickCity(List<Place> cities, string? hint)
    {
        if (hint is not null)
        {
            foreach (var c in cities)
            {
                if (Matches(c, hint))
                {
                    return c;
                }
            }
        }

        return cities[0];
    }

    internal enum StopMode
    {
        None,
        Never,
        Strict,
        Cue,
    }

    private sealed class DepartmentInfo(Place place)
    {
        public Place Place { get; set; } = place;

        public int Population { get; set; }

        public IReadOnlyList<string> Neighbours { get; set; } = [];
    }

    private sealed class NameEntry(string[] words)
    {
        public string[] Words { get; } = words;

        public string Key { get; } = string.Join(' ', words);

        public Place? Region { get; set; }

        public Place? Department { get; set; }

        public List<Place> Cities { get; init; } = [];

        public bool AliasCity { get; set; }

        public bool ResolveOnly { get; set; }

        public bool ArticleStripped { get; init; }

        public string? Article { get; init; }

        public bool ArticleInitial { get; set; }

        public StopMode Stop { get; set; }

        public int MaxPopulation { get; set; }
    }

    private sealed class PopulationDescending : IComparer<Place>
    {
        public static readonly PopulationDescending Instance = new();

        public int Compare(Place? x, Place? y) => (y?.Population ?? 0).CompareTo(x?.Population ?? 0);
    }
}
