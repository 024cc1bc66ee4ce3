using System.Text.RegularExpressions;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search;

namespace SpeakerBot.Conversation.Tests.Support;

/// <summary>
/// Stand-ins used until the rule-based understanding and the search engine land on main; they know a handful of words
/// and speakers, enough to drive the dialog engine.
/// </summary>
internal sealed partial class StubUnderstanding : IUnderstanding
{
    private static readonly (string Word, string Sector)[] SectorWords =
    [
        ("policiere", "securite-interieure"), ("police", "securite-interieure"), ("pompiere", "securite-civile"), ("firefighter", "securite-civile"),
        ("ingenieure", "aeronautique"), ("engineer", "aeronautique"), ("developpeuse", "numerique"), ("chercheuse", "recherche"),
    ];

    private static readonly (string Word, string City, string Department, string Region, double Lat, double Lon)[] Cities =
    [
        ("toulouse", "Toulouse", "31", "occitanie", 43.6047, 1.4442),
        ("lyon", "Lyon", "69", "auvergne-rhone-alpes", 45.764, 4.8357),
        ("lille", "Lille", "59", "hauts-de-france", 50.6292, 3.0573),
    ];

    public Understood Parse(string text, string locale, DateTimeOffset reference)
    {
        var folded = Conversation.Dialogs.DialogText.Normalize(text);
        var sectors = SectorWords.Where(s => folded.Contains(s.Word, StringComparison.Ordinal)).Select(s => s.Sector).Distinct().ToList();
        var city = Cities.FirstOrDefault(c => folded.Contains(c.Word, StringComparison.Ordinal));
        var email = Email().Match(text);
        var pupils = Pupils().Match(folded);
        var understood = new Understood
        {
            Sectors = sectors,
            City = city.City,
            Department = city.Department,
            Region = city.Region ?? (folded.Contains("occitanie", StringComparison.Ordinal) ? "occitanie" : null),
            Location = city.City is null ? null : new GeoPoint(city.Lat, city.Lon),
            Format = folded.Contains("visio", StringComparison.Ordinal) || folded.Contains("online", StringComparison.Ordinal) ? "online" : null,
            Email = email.Success ? email.Value : null,
            Pupils = pupils.Success ? int.Parse(pupils.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        var intent = folded is "bonjour" or "hello" ? Intents.Greeting
            : folded.Contains("reserver", StringComparison.Ordinal) ? Intents.BookVisit
            : sectors.Count > 0 || understood.City is not null || understood.Region is not null ? Intents.FindSpeaker
            : Intents.Other;
        return understood with { Intent = intent };
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.]+")]
    private static partial Regex Email();

    [GeneratedRegex(@"(\d+) (eleves|pupils)")]
    private static partial Regex Pupils();
}

internal sealed class StubDirectory : ISpeakerStore, ISpeakerSearch
{
    public static readonly IReadOnlyList<Speaker> Speakers =
    [
        Make("s1", "Léa", "Martin", "Commissaire de police", "securite-interieure", "Toulouse", 43.60, 1.44, ["classroom"]),
        Make("s2", "Sarah", "Benoît", "Gardienne de la paix", "securite-interieure", "Blagnac", 43.63, 1.39, ["classroom", "online"]),
        Make("s3", "Nadia", "Roux", "Officière de police judiciaire", "securite-interieure", "Montauban", 44.01, 1.35, ["classroom"]),
        Make("s4", "Julie", "Petit", "Capitaine de police", "securite-interieure", "Albi", 43.93, 2.15, ["classroom", "online"]),
        Make("s5", "Inès", "Garcia", "Ingénieure aéronautique", "aeronautique", "Toulouse", 43.61, 1.45, ["classroom", "online"]),
        Make("s6", "Claire", "Moreau", "Lieutenante de sapeurs-pompiers", "securite-civile", "Lyon", 45.76, 4.83, ["classroom"]),
    ];

    public event EventHandler<SpeakersChangedEventArgs>? Changed;

    public int Count => Speakers.Count;

    public Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Speakers.FirstOrDefault(s => s.Id == id));

    public Task<int> UpsertAsync(IReadOnlyCollection<Speaker> speakers, CancellationToken cancellationToken = default)
    {
        Changed?.Invoke(this, new SpeakersChangedEventArgs([]));
        return Task.FromResult(0);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(Speakers.Count);

    public async IAsyncEnumerable<Speaker> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var speaker in Speakers)
        {
            yield return speaker;
        }
    }

    public SearchResult Search(SearchQuery query)
    {
        var matches = Filter(query).ToList();
        var relaxations = new List<Relaxation>();
        if (matches.Count == 0)
        {
            if (query.Format is not null)
            {
                relaxations.Add(new Relaxation("format", query with { Format = null }, Filter(query with { Format = null }).Count()));
            }

            if (query.RadiusKm is not null || query.Region is not null || query.Department is not null)
            {
                var wider = query with { RadiusKm = null, Region = null, Department = null };
                relaxations.Add(new Relaxation("radius", wider, Filter(wider).Count()));
            }
        }

        var hits = matches
            .Select(s => (Speaker: s, Distance: query.Near is { } near ? Distance(near, s) : (double?)null))
            .OrderBy(h => h.Distance ?? 0)
            .Skip(query.Skip)
            .Take(query.Take)
            .Select(h => new SearchHit(h.Speaker, 1, new HitExplanation([], [], [], h.Distance, query.Sectors.Contains(h.Speaker.Sector), query.Format is not null)))
            .ToList();
        return new SearchResult(hits, matches.Count, new SearchFacets(new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>()), relaxations);
    }

    private static IEnumerable<Speaker> Filter(SearchQuery query) => Speakers.Where(s =>
        (query.Sectors.Count == 0 || query.Sectors.Contains(s.Sector))
        && (query.Format is null || s.Formats.Contains(query.Format))
        && (query.Region is null || s.Region == query.Region)
        && (query.RadiusKm is null || query.Near is null || Distance(query.Near.Value, s) <= query.RadiusKm));

    private static double Distance(GeoPoint a, Speaker s)
    {
        var dLat = (s.Lat!.Value - a.Lat) * Math.PI / 180;
        var dLon = (s.Lon!.Value - a.Lon) * Math.PI / 180;
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(a.Lat * Math.PI / 180) * Math.Cos(s.Lat.Value * Math.PI / 180) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 6371 * 2 * Math.Asin(Math.Sqrt(h));
    }

    private static Speaker Make(string id, string first, string last, string headline, string sector, string city, double lat, double lon, string[] formats) => new()
    {
        Id = id,
        FirstName = first,
        LastName = last,
        Headline = headline,
        Sector = sector,
        City = city,
        Region = lat < 45 ? "occitanie" : "auvergne-rhone-alpes",
        Lat = lat,
        Lon = lon,
        Formats = formats,
        Topics = ["métiers", "égalité"],
        Bio = $"{first} raconte son métier de {headline.ToLowerInvariant()} aux élèves.",
        Contact = new ContactDetails($"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@private.example", "+33 6 12 34 56 78"),
    };
}
