using System.Globalization;
using System.Net;
using System.Text;
using SpeakerBot.Admin;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Host.BackOffice;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Host.Admin;

/// <summary>/admin/report: the impact dashboard drawn on the server (HTML + SVG) with a CSV for every table.</summary>
internal static class DashboardPage
{
    /// <summary>Where the read-only report lives until the back-office's impact page replaces it.</summary>
    public const string ReportPath = "/admin/report";

    public static WebApplication MapAdminDashboard(this WebApplication app)
    {
        // Signed in through the back-office (cookie); a visitor without a session is sent to /admin/signin.
        app.MapGet(ReportPath, async (HttpContext http, DashboardReport report, CancellationToken ct) =>
        {
            var who = BackOfficeAuth.Current(http)!;
            return Results.Content(DashboardHtml(who, await report.BuildAsync(who, ct)), "text/html; charset=utf-8");
        }).RequireAuthorization(BackOfficeAuth.Policy);

        app.MapGet("/admin/csv/{table}", async (HttpContext http, string table, CoordinatorService coordinators, DashboardReport report, CancellationToken ct) =>
        {
            var who = BackOfficeAuth.Current(http) ?? await coordinators.AuthenticateAsync(BearerOf(http), ct);
            if (who is null)
            {
                return Results.Problem(statusCode: 401, title: "Connexion requise", detail: "Connectez-vous sur /admin/signin, ou envoyez l'en-tête Authorization: Bearer <jeton de coordinatrice>.");
            }

            var csv = Csv(table, await report.BuildAsync(who, ct));
            return csv is null
                ? Results.Problem(statusCode: 404, title: "Introuvable", detail: $"Aucun tableau « {table} » : attendu months, regions, sectors, networks, unfilled ou fairness.")
                : Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"speakerbot-{table}.csv");
        });
        return app;
    }

    internal static string? Csv(string table, DashboardData data)
    {
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
                sb.AppendLine(table[..^1] + ",visits,pupils,girls");
                foreach (var r in table == "regions" ? data.ByRegion : table == "sectors" ? data.BySector : data.ByNetwork)
                {
                    sb.AppendLine(CsvWriter.Line([r.Key, N(r.Visits), N(r.Pupils), N(r.Girls)]));
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
                sb.AppendLine("approved_speakers,speakers_with_request,share_with_request,top10_share_of_requests,requests");
                sb.AppendLine(CsvWriter.Line([N(data.ApprovedSpeakers), N(data.SpeakersWithRequest), Share(data).ToString("0.000", CultureInfo.InvariantCulture), data.TopTenPercentShare.ToString("0.000", CultureInfo.InvariantCulture), N(data.TotalRequests)]));
                break;
            default:
                return null;
        }

        return sb.ToString();
    }

    internal static double Share(DashboardData data) => data.ApprovedSpeakers == 0 ? 0 : data.SpeakersWithRequest / (double)data.ApprovedSpeakers;

    private static string? BearerOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string H(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string DashboardHtml(Coordinator who, DashboardData data)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html><html lang="fr"><head><meta charset="utf-8"><title>SpeakerBot · tableau de bord</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"><style>{Style}</style></head><body><main>
            <h1>Tableau de bord</h1><p class="who">{H(who.Email)} · {(who.Role == CoordinatorRole.National ? "national" : "régions : " + H(string.Join(", ", who.Regions)))}</p>
            <h2>Interventions par mois</h2>
            """);
        sb.Append(MonthChart(data.Months));
        sb.Append(Table("months", ["Mois", "Tenues", "Prévues", "Objectif"], data.Months.Select(m => new[] { m.Month, N(m.Held), N(m.Planned), N(m.Target) })));
        foreach (var (table, title, rows) in new[] { ("regions", "Par région", data.ByRegion), ("sectors", "Par secteur", data.BySector), ("networks", "Par réseau", data.ByNetwork) })
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h2>Élèves et filles touchés · {title.ToLowerInvariant()}</h2>");
            sb.Append(Table(table, [title[4..], "Interventions", "Élèves", "Filles"], rows.Select(r => new[] { r.Key, N(r.Visits), N(r.Pupils), N(r.Girls) })));
        }

        sb.Append("<h2>Demande non satisfaite (secteur × région)</h2>");
        var regions = data.Unfilled.Keys.Select(k => k.Region).Distinct().Order(StringComparer.Ordinal).ToList();
        var sectors = data.Unfilled.Keys.Select(k => k.Sector).Distinct().Order(StringComparer.Ordinal).ToList();
        sb.Append(Table("unfilled", ["Secteur", .. regions], sectors.Select(s => new[] { s }.Concat(regions.Select(r => N(data.Unfilled.GetValueOrDefault((s, r))))).ToArray())));
        sb.Append("<h2>Équité d'exposition</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"kpi\"><strong>{Share(data):P0}</strong> des {data.ApprovedSpeakers} intervenantes approuvées ont reçu au moins une demande ; les 10 % les plus sollicitées reçoivent <strong>{data.TopTenPercentShare:P0}</strong> des {data.TotalRequests} demandes.</p>");
        sb.Append(Table("fairness", ["Approuvées", "Avec ≥ 1 demande", "Part des demandes du top 10 %"], [[N(data.ApprovedSpeakers), N(data.SpeakersWithRequest), data.TopTenPercentShare.ToString("P0", CultureInfo.GetCultureInfo("fr-FR"))]]));
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    private static string MonthChart(IReadOnlyList<MonthFigures> months)
    {
        if (months.Count == 0)
        {
            return "<p>Aucune intervention tenue ou prévue pour l'instant.</p>";
        }

        const int height = 200, bar = 18, gap = 24, left = 40, top = 10;
        var max = Math.Max(1, months.Max(m => Math.Max(m.Held + m.Planned, m.Target)));
        // Wide enough for the legend even with a single month.
        var width = Math.Max(340, left + (months.Count * ((2 * bar) + gap)) + 20);
        double Y(int v) => top + height - (v * (double)height / max);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"Interventions tenues et prévues par mois, et objectif\" viewBox=\"0 0 {width} {height + 50}\" width=\"{width}\" height=\"{height + 50}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + height}\" x2=\"{width - 10}\" y2=\"{top + height}\" stroke=\"#555\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{left - 6}\" y=\"{top + height + 4}\" text-anchor=\"end\" font-size=\"11\">0</text><text class=\"axis\" x=\"{left - 6}\" y=\"{top + 8}\" text-anchor=\"end\" font-size=\"11\">{max}</text>");
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x = left + (i * ((2 * bar) + gap));
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"held\" x=\"{x}\" y=\"{Y(m.Held):0.#}\" width=\"{bar}\" height=\"{top + height - Y(m.Held):0.#}\" fill=\"#2a6f97\"><title>{m.Month} : {m.Held} tenues</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"planned\" x=\"{x + bar}\" y=\"{Y(m.Planned):0.#}\" width=\"{bar}\" height=\"{top + height - Y(m.Planned):0.#}\" fill=\"#a9d6e5\"><title>{m.Month} : {m.Planned} prévues</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"{x - 4}\" x2=\"{x + (2 * bar) + 4}\" y1=\"{Y(m.Target):0.#}\" y2=\"{Y(m.Target):0.#}\" stroke=\"#c1121f\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + bar}\" y=\"{top + height + 16}\" text-anchor=\"middle\" font-size=\"11\">{m.Month}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{left}\" y=\"{height + 46}\" font-size=\"11\"><tspan fill=\"#2a6f97\">■ tenues</tspan> <tspan fill=\"#5fa8c9\">■ prévues</tspan> <tspan fill=\"#c1121f\">- - objectif ({months[0].Target}/mois)</tspan></text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Table(string name, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table data-table=\"{name}\"><thead><tr>");
        foreach (var h in headers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<th>{H(h)}</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<td>{H(cell)}</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"</tbody></table><p><a href=\"/admin/csv/{name}\" download>Télécharger en CSV</a></p>");
        return sb.ToString();
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private const string Style = "body{font-family:system-ui,sans-serif;margin:0;background:#f7f7f9;color:#1d1d1f}main{max-width:960px;margin:0 auto;padding:1.5rem}"
        + "table{border-collapse:collapse;margin:.5rem 0;background:#fff}th,td{border:1px solid #ccd;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}"
        + ".chart{background:#fff;border:1px solid #ccd}.error{color:#c1121f}.who{color:#555}.kpi{font-size:1.1rem}form{display:flex;gap:.5rem;align-items:center}input{padding:.4rem;min-width:24rem}";
}
