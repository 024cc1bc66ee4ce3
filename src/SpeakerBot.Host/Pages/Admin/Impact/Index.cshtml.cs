using System.Text;
using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Admin;

namespace SpeakerBot.Host.Pages.Admin.Impact;

/// <summary>/admin/impact: visits per month against the target (an SVG chart and its table), reach, unfilled demand, exposure fairness; each table as CSV.</summary>
public sealed class IndexModel(DashboardReport report) : BackOfficePageModel
{
    public DashboardData Data { get; private set; } = null!;

    public ImpactChart Chart { get; private set; } = null!;

    public int Target { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Data = await report.BuildAsync(Me, cancellationToken);
        Target = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdminOptions>>().Value.MonthlyVisitTarget;
        Chart = ImpactChart.Build(Data.Months, Target);
    }

    /// <summary>/admin/impact/csv?table=regions (and the other tables of <see cref="ImpactCsv.Tables"/>).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken cancellationToken)
    {
        var data = await report.BuildAsync(Me, cancellationToken);
        var csv = ImpactCsv.Write(table ?? string.Empty, data);
        return csv is null
            ? BadRequest(T("impact.csv_unknown", table, string.Join(", ", ImpactCsv.Tables)))
            : File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"speakerbot-{table}.csv");
    }
}
