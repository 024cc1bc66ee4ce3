using System.Collections.Frozen;

namespace SpeakerBot.Domain;

/// <summary>
/// The fixed slugs of the directory (see shared/taxonomy.md). Slugs are a contract shared by the
/// import format, search filters, the parse command, the admin API and reports; labels and
/// synonyms live in data under index/.
/// </summary>
public static class Taxonomy
{
    public static readonly IReadOnlyList<string> Sectors =
    [
        "aeronautique", "automobile", "btp", "chimie", "agroalimentaire", "energie", "industrie-verte",
        "numerique", "cybersecurite", "sante", "recherche", "finance", "fonction-publique",
        "securite-interieure", "securite-civile", "transport-logistique",
    ];

    /// <summary>Region slug → INSEE region code.</summary>
    public static readonly FrozenDictionary<string, string> RegionInseeCodes = new Dictionary<string, string>
    {
        ["auvergne-rhone-alpes"] = "84",
        ["bourgogne-franche-comte"] = "27",
        ["bretagne"] = "53",
        ["centre-val-de-loire"] = "24",
        ["corse"] = "94",
        ["grand-est"] = "44",
        ["hauts-de-france"] = "32",
        ["ile-de-france"] = "11",
        ["normandie"] = "28",
        ["nouvelle-aquitaine"] = "75",
        ["occitanie"] = "76",
        ["pays-de-la-loire"] = "52",
        ["provence-alpes-cote-d-azur"] = "93",
        ["guadeloupe"] = "01",
        ["martinique"] = "02",
        ["guyane"] = "03",
        ["la-reunion"] = "04",
        ["mayotte"] = "06",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> Regions = [.. RegionInseeCodes.Keys.Order(StringComparer.Ordinal)];

    public static readonly IReadOnlyList<string> Audiences = ["primaire", "college", "lycee", "superieur", "entreprise"];

    public static readonly IReadOnlyList<string> Formats = ["classroom", "panel", "mentoring", "online"];

    private static readonly FrozenSet<string> SectorSet = Sectors.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> AudienceSet = Audiences.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> FormatSet = Formats.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsSector(string? slug) => slug is not null && SectorSet.Contains(slug);

    public static bool IsRegion(string? slug) => slug is not null && RegionInseeCodes.ContainsKey(slug);

    public static bool IsAudience(string? slug) => slug is not null && AudienceSet.Contains(slug);

    public static bool IsFormat(string? slug) => slug is not null && FormatSet.Contains(slug);

    /// <summary>A department code is "01".."95" (with "2A"/"2B", no "20") or "971".."976".</summary>
    public static bool IsDepartment(string? code)
    {
        if (code is null)
        {
            return false;
        }

        if (code is "2A" or "2B")
        {
            return true;
        }

        if (code.Length == 2 && int.TryParse(code, out var n))
        {
            return n is >= 1 and <= 95 and not 20;
        }

        return code.Length == 3 && int.TryParse(code, out var m) && m is >= 971 and <= 976 and not 975;
    }

    /// <summary>The closest known slug by edit distance, for "did you mean" messages.</summary>
    public static string? Suggest(string input, IEnumerable<string> slugs)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lowered = input.Trim().ToLowerInvariant();
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var slug in slugs)
        {
            var score = slug.StartsWith(lowered, StringComparison.Ordinal) && lowered.Length >= 3 ? 0 : EditDistance.Between(lowered, slug);
            if (score < bestScore)
            {
                bestScore = score;
                best = slug;
            }
        }

        return bestScore <= Math.Max(2, lowered.Length / 2) ? best : null;
    }
}
