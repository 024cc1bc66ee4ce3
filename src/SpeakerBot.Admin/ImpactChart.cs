using System.Globalization;

namespace SpeakerBot.Admin;

/// <summary>One bar of the chart: its box, its value (written above it) and its series ("held" or "planned").</summary>
public sealed record ChartBar(string Series, string Month, int Value, double X, double Y, double Width, double Height)
{
    public double LabelY => Y - 4;

    public double CentreX => X + (Width / 2);
}

/// <summary>A graduation of the vertical axis.</summary>
public sealed record ChartTick(int Value, double Y);

/// <summary>
/// The geometry of the "visits per month against the target" chart, computed here so the Razor page only draws it:
/// two bars per month (held: solid; planned: hatched), the target as a dashed line, ticks on the vertical axis, the
/// months on the horizontal one. Values are written on the bars, so the chart reads without colour.
/// </summary>
public sealed record ImpactChart(
    double Width,
    double Height,
    double Left,
    double Top,
    double PlotWidth,
    double PlotHeight,
    IReadOnlyList<ChartBar> Bars,
    IReadOnlyList<ChartTick> Ticks,
    IReadOnlyList<(string Month, double X)> MonthLabels,
    double TargetY,
    int Target,
    int Max)
{
    public const double BarWidth = 16;
    private const double Gap = 22;

    public double Bottom => Top + PlotHeight;

    public double Right => Left + PlotWidth;

    public static ImpactChart Build(IReadOnlyList<MonthFigures> months, int target)
    {
        ArgumentNullException.ThrowIfNull(months);
        const double left = 56, top = 24, plotHeight = 220;
        var max = NiceMax(Math.Max(1, months.Count == 0 ? target : Math.Max(target, months.Max(m => Math.Max(m.Held, m.Planned)))));
        var plotWidth = Math.Max(580, (months.Count * ((2 * BarWidth) + Gap)) + Gap);
        double Y(int value) => top + plotHeight - (value * plotHeight / max);
        var bars = new List<ChartBar>();
        var labels = new List<(string, double)>();
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x = left + Gap + (i * ((2 * BarWidth) + Gap));
            bars.Add(new ChartBar("held", m.Month, m.Held, x, Y(m.Held), BarWidth, top + plotHeight - Y(m.Held)));
            bars.Add(new ChartBar("planned", m.Month, m.Planned, x + BarWidth, Y(m.Planned), BarWidth, top + plotHeight - Y(m.Planned)));
            labels.Add((m.Month, x + BarWidth));
        }

        var step = max / 4;
        var ticks = Enumerable.Range(0, 5).Select(i => new ChartTick(i * step, Y(i * step))).ToList();
        return new ImpactChart(left + plotWidth + 16, top + plotHeight + 96, left, top, plotWidth, plotHeight, bars, ticks, labels, Y(target), target, max);
    }

    /// <summary>A round top for the axis (a multiple of 4 so the four intervals are whole numbers).</summary>
    private static int NiceMax(int value)
    {
        foreach (var candidate in new[] { 4, 8, 12, 20, 40, 60, 80, 100, 120, 160, 200, 400, 800, 1200, 2000, 4000, 8000, 20000, 40000, 100000 })
        {
            if (candidate >= value)
            {
                return candidate;
            }
        }

        return ((value / 4) + 1) * 4;
    }

    /// <summary>A coordinate as SVG wants it (invariant culture, one decimal).</summary>
    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
