namespace SpeakerBot.Cli.Tests.Support;

internal sealed record RejectedLine(int Line, string Id, string Reason);

/// <summary>
/// Reads the rejected-rows table `import` prints (line │ id │ reason). Spectre wraps a long reason onto
/// continuation rows whose line cell is empty; they are joined back to the row above.
/// </summary>
internal static class ImportOutput
{
    public static IReadOnlyList<RejectedLine> Rejected(string stdout)
    {
        var rows = new List<(string Line, string Id, string Reason)>();
        foreach (var text in stdout.Split('\n'))
        {
            var cells = text.Split('│');
            if (cells.Length != 5)
            {
                continue;
            }

            var (line, id, reason) = (cells[1].Trim(), cells[2].Trim(), cells[3].Trim());
            if (line == "line")
            {
                continue;
            }

            if (line.Length == 0 && rows.Count > 0)
            {
                var last = rows[^1];
                rows[^1] = (last.Line, last.Id + id, $"{last.Reason} {reason}".Trim());
            }
            else
            {
                rows.Add((line, id, reason));
            }
        }

        return [.. rows.Select(r => new RejectedLine(int.Parse(r.Line, System.Globalization.CultureInfo.InvariantCulture), r.Id, r.Reason))];
    }
}
