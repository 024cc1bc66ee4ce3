using System.Globalization;
using System.Text;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Admin;

/// <summary>Every table of the impact page as CSV (cells neutralised against spreadsheet formulas by <see cref="CsvWriter"/>).</summary>
public static class ImpactCsv
{
    public static readonly IReadOnlyList<string> Tables = ["months", "regions", "sectors", "networks", "unfilled", "fairness", "spread"];

    /// <summary>The table as CSV, or null when <paramref name="table"/> is not one of <see cref="Tables"/>.</summary>
    public static string? Write(string table, DashboardData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sb = new StringBuilder();
        switch (table)
        {
            case "months":
                sb.AppendLine("month,held,planned,target");
                foreach (var m in data.Months)
                {
                    sb.AppendLine(CsvWriter.Line([m.Month, N(m.Held), N(m.Planned), N(m.Target)]));
                }

                break;
            case "regions" or "sectors" or "networks":
                sb.AppendLine(table[..^1] + ",visits,pupils,girls,classes");
                foreach (var r in table == "regions" ? data.ByRegion : table == "sectors" ? data.BySector : data.ByNetwork)
                {
                    sb.AppendLine(CsvWriter.Line([r.Key, N(r.Visits), N(r.Pupils), N(r.Girls), N(r.Classes)]));
                }

                break;
            case "unfilled":
                sb.AppendLine("sector,region,requests");
                foreach (var ((sector, region), count) in data.Unfilled.OrderBy(k => k.Key.Sector, StringComparer.Ordinal).ThenBy(k => k.Key.Region, StringComparer.Ordinal))
                {
                    sb.AppendLine(CsvWriter.Line([sector, region, N(count)]));
                }

                break;
            case "fairness":
                sb.AppendLine("approved_speakers,speakers_with_request,share_with_request,top10_share_of_requests,requests,most_requests_one_speaker");
                sb.AppendLine(CsvWriter.Line([N(data.ApprovedSpeakers), N(data.SpeakersWithRequest), D(data.ShareWithRequest), D(data.TopTenPercentShare), N(data.TotalRequests), N(data.MostRequests)]));
                break;
            case "spread":
                sb.AppendLine("requests_received,speakers");
                foreach (var bucket in data.Spread)
                {
                    sb.AppendLine(CsvWriter.Line([bucket.Requests, N(bucket.Speakers)]));
                }

                break;
            default:
                return null;
        }

        return sb.ToString();
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
