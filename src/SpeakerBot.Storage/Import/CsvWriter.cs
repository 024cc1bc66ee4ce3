using System.Text.RegularExpressions;

namespace SpeakerBot.Storage.Import;

/// <summary>
/// The one writer of every CSV the product produces (directory export, dashboard tables): RFC 4180 quoting, and a
/// cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first) is prefixed with a single quote, as
/// OWASP advises for CSV injection. <see cref="Restore"/> is its exact inverse, applied by the importer, so an
/// exported file imports back unchanged (decision 091).
/// </summary>
public static partial class CsvWriter
{
    /// <summary>One line of cells joined by <paramref name="delimiter"/>, without the line break.</summary>
    public static string Line(IEnumerable<string?> cells, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(cells);
        return string.Join(delimiter, cells.Select(c => Cell(c, delimiter)));
    }

    /// <summary>A cell made safe for a spreadsheet, then quoted when it holds the delimiter, a quote or a line break.</summary>
    public static string Cell(string? value, char delimiter = ',')
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        value = Neutralise(value);
        return value.IndexOfAny([delimiter, '"', '\n', '\r']) >= 0 || value[0] == ' ' || value[^1] == ' '
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>The value with a leading <c>'</c> when a spreadsheet could read it as a formula.</summary>
    public static string Neutralise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return NeedsPrefix(value) ? "'" + value : value;
    }

    /// <summary>The inverse of <see cref="Neutralise"/>: drops the quote it added, and only that one.</summary>
    public static string Restore(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 && value[0] == '\'' && NeedsPrefix(value[1..]) ? value[1..] : value;
    }

    // A value already starting with the quote it would get ('=1) is prefixed too, so Restore never eats a quote
    // that was part of the data. A plain number (-1.55, a longitude) is not a formula and stays a number.
    private static bool NeedsPrefix(string value)
    {
        if (value.Length == 0 || PlainNumber().IsMatch(value))
        {
            return false;
        }

        var first = value.TrimStart(' ');
        return first.Length > 0 && (first[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' || (value[0] == '\'' && NeedsPrefix(value[1..])));
    }

    [GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
