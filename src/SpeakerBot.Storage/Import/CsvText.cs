using System.Text;

namespace SpeakerBot.Storage.Import;

/// <summary>
/// Minimal RFC 4180 reading (writing is <see cref="CsvWriter"/>): quoted cells may hold the delimiter, quotes ("") and line breaks.
/// Kept here rather than using a library so every row keeps the line number a coordinator sees in Excel.
/// </summary>
public static class CsvText
{
    /// <summary>UTF-8 when the bytes are valid UTF-8 (with or without BOM), otherwise Windows-1252 as Excel writes it.</summary>
    public static string Decode(byte[] bytes, out string encodingName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            encodingName = "UTF-8";
            return new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        }

        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            encodingName = "UTF-8";
            return text;
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            encodingName = "Windows-1252";
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    /// <summary>The delimiter of the header line: whichever of ';', ',' and tab occurs most outside quotes.</summary>
    public static char DetectDelimiter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                semicolons += c == ';' ? 1 : 0;
                commas += c == ',' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }

    /// <summary>Rows with the line on which each starts.</summary>
    public static IEnumerable<(int Line, List<string> Cells)> Read(string text, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = 1;
        var position = 0;
        while (position < text.Length)
        {
            var startLine = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            var endOfRow = false;
            while (position < text.Length && !endOfRow)
            {
                var c = text[position++];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (position < text.Length && text[position] == '"')
                        {
                            cell.Append('"');
                            position++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        line += c == '\n' ? 1 : 0;
                        cell.Append(c);
                    }
                }
                else if (c == '"' && cell.Length == 0)
                {
                    quoted = true;
                }
                else if (c == delimiter)
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                }
                else if (c is '\r' or '\n')
                {
                    if (c == '\r' && position < text.Length && text[position] == '\n')
                    {
                        position++;
                    }

                    line++;
                    endOfRow = true;
                }
                else
                {
                    cell.Append(c);
                }
            }

            cells.Add(cell.ToString());
            if (cells.Count > 1 || cells[0].Length > 0)
            {
                yield return (startLine, cells);
            }
        }
    }
}
