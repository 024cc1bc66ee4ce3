using System.Text;
using SpeakerBot.Admin;
using SpeakerBot.Host.BackOffice;

namespace SpeakerBot.Host.Admin;

/// <summary>
/// What is left of the old HTML-in-C# dashboard: /admin/report now sends to the back-office's /admin/impact page, and
/// /admin/csv/{table} stays for scripts (coordinator token as Bearer) and for a signed-in coordinator.
/// </summary>
internal static class ImpactEndpoints
{
    public static WebApplication MapAdminDashboard(this WebApplication app)
    {
        app.MapGet("/admin/report", () => Results.Redirect("/admin/impact", permanent: true));

        app.MapGet("/admin/csv/{table}", async (HttpContext http, string table, CoordinatorService coordinators, DashboardReport report, CancellationToken ct) =>
        {
            var who = BackOfficeAuth.Current(http) ?? await coordinators.AuthenticateAsync(BearerOf(http), ct);
            if (who is null)
            {
                return Results.Problem(statusCode: 401, title: "Connexion requise", detail: "Connectez-vous sur /admin/signin, ou envoyez l'en-tête Authorization: Bearer <jeton de coordinatrice>.");
            }

            var csv = ImpactCsv.Write(table, await report.BuildAsync(who, ct));
            return csv is null
                ? Results.Problem(statusCode: 404, title: "Introuvable", detail: $"Aucun tableau « {table} » : attendu {string.Join(", ", ImpactCsv.Tables)}.")
                : Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"speakerbot-{table}.csv");
        });
        return app;
    }

    private static string? BearerOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
