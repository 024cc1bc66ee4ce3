namespace SpeakerBot.Search.Geography;

public enum PlaceKind
{
    City,
    PostalCode,
    Department,
    Region,
}

/// <summary>
/// A resolved place. For a city or postal code, <see cref="Name"/> is the commune; for a department or region,
/// its label, with the centre as the coordinates (prefecture or centroid).
/// </summary>
public sealed record Place(
    PlaceKind Kind,
    string Name,
    string? InseeCode,
    string? Department,
    string Region,
    GeoPoint Location,
    int Population);

/// <summary>A place mention found inside a sentence: character span and the place.</summary>
public sealed record PlaceMention(int Start, int Length, string Text, Place Place);

/// <summary>Every French commune, department and region (old names included), resolved from free text.</summary>
public interface IGazetteer
{
    /// <summary>Resolves a whole string ("St-Étienne", "31000", "Haute-Garonne", "93", "Midi-Pyrénées").</summary>
    /// <param name="text">The place as typed.</param>
    /// <param name="departmentHint">A department code ("974") or a region slug that picks among homonyms.</param>
    Place? Resolve(string text, string? departmentHint = null);

    /// <summary>
    /// The most populous city of at least <paramref name="minPopulation"/> whose one-word name is one typo (edit distance 1)
    /// away from <paramref name="word"/> ("lile" → Lille), or null. For a word nothing else understood.
    /// </summary>
    Place? CityOneTypoAway(string word, int minPopulation);

    /// <summary>Finds place mentions inside a sentence, longest first, without overlaps.</summary>
    IReadOnlyList<PlaceMention> FindInText(string text);

    /// <summary>Neighbouring department codes (sharing a border), for relaxing a search.</summary>
    IReadOnlyList<string> NeighbouringDepartments(string department);

    /// <summary>Department code → label and region slug.</summary>
    (string Name, string Region)? Department(string code);

    /// <summary>Department codes of a region slug (empty for an unknown slug), for widening a search to the region.</summary>
    IReadOnlyList<string> DepartmentsOfRegion(string region);

    /// <summary>The region as a place (label, INSEE code, centre = regional capital), or null for an unknown slug.</summary>
    Place? Region(string region);
}
