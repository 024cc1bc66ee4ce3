using System.Globalization;
using System.Text.RegularExpressions;

namespace SpeakerBot.Domain;

/// <summary>Where a booking reference was written in a text, and its canonical form.</summary>
public readonly record struct BookingReferenceMatch(string Reference, int Index, int Length);

/// <summary>
/// The one grammar of a booking reference (shared/taxonomy.md): HD (classroom visit) or PN (panel), the year the
/// request was made, a number of at least four digits (4 to 6 here). People write it loosely ("hd 2026 0042",
/// "PN/2026/0007"): any of space, dash, underscore or slash between the parts, any case. "hd 2026 42" is not a
/// reference (too short: it reads as a year and a number of pupils). The canonical form has at least four digits.
/// </summary>
public static partial class BookingReference
{
    public static string Format(BookingKind kind, int year, long number) => Format(Booking.PrefixOf(kind), year, number);

    public static string Format(string prefix, int year, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix.ToUpperInvariant()}-{year}-{number:0000}");

    /// <summary>The first reference in <paramref name="text"/>, or null.</summary>
    public static BookingReferenceMatch? Match(string? text)
    {
        if (string.IsNullOrEmpty(text) || Pattern().Match(text) is not { Success: true } match)
        {
            return null;
        }

        var canonical = Format(match.Groups["kind"].Value, int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture));
        return new BookingReferenceMatch(canonical, match.Index, match.Length);
    }

    /// <summary>The canonical form of the first reference in <paramref name="text"/>, or null.</summary>
    public static string? Find(string? text) => Match(text)?.Reference;

    [GeneratedRegex(@"\b(?<kind>hd|pn)[\s\-_/]*(?<year>20\d\d)[\s\-_/]*(?<n>\d{4,6})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
