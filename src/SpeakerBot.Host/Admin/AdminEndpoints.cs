using System.Globalization;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Admin;

/// <summary>/api/admin: JSON, bearer token of a coordinator, errors as RFC 7807 problem details.</summary>
internal static class AdminEndpoints
{
    private const string CoordinatorKey = "speakerbot.coordinator";

    public static WebApplication MapAdminEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/admin").AddEndpointFilter(RequireCoordinatorAsync);

        api.MapGet("/me", (HttpContext http) => Results.Ok(CoordinatorJson(Who(http))));

        api.MapGet("/speakers", async (HttpContext http, AdminService admin, string? status, string? region, string? sector, string? network, string? q, int? skip, int? take, CancellationToken ct) =>
            Reply(await admin.ListSpeakersAsync(Who(http), new SpeakerFilter(status, region, sector, network, q, skip ?? 0, take ?? 100), ct), list => new { count = list.Count, items = list }));
        api.MapGet("/speakers/{id}", async (HttpContext http, AdminService admin, string id, CancellationToken ct) =>
            Reply(await admin.GetSpeakerAsync(Who(http), id, ct)));
        api.MapPost("/speakers", async (HttpContext http, AdminService admin, SpeakerInput input, string? status, CancellationToken ct) =>
        {
            var wanted = string.Equals(status, "pending", StringComparison.OrdinalIgnoreCase) ? SpeakerStatus.Pending : SpeakerStatus.Approved;
            var result = await admin.CreateSpeakerAsync(Who(http), input, wanted, ct);
            return result.Ok ? Results.Created($"/api/admin/speakers/{result.Value!.Id}", result.Value) : Problem(result.Error!);
        });
        api.MapPut("/speakers/{id}", async (HttpContext http, AdminService admin, string id, SpeakerInput input, CancellationToken ct) =>
            Reply(await admin.UpdateSpeakerAsync(Who(http), id, input, ct)));
        api.MapPost("/speakers/{id}/approve", async (HttpContext http, AdminService admin, string id, CancellationToken ct) =>
            Reply(await admin.SetSpeakerStatusAsync(Who(http), id, SpeakerStatus.Approved, ct)));
        api.MapPost("/speakers/{id}/reject", async (HttpContext http, AdminService admin, string id, CancelAction? body, CancellationToken ct) =>
            Reply(await admin.SetSpeakerStatusAsync(Who(http), id, SpeakerStatus.Rejected, body?.Reason, ct)));
        api.MapPost("/speakers/{id}/archive", async (HttpContext http, AdminService admin, string id, CancellationToken ct) =>
            Reply(await admin.SetSpeakerStatusAsync(Who(http), id, SpeakerStatus.Archived, ct)));

        api.MapGet("/bookings", async (HttpContext http, AdminService admin, string? status, string? region, string? from, string? to, int? skip, int? take, CancellationToken ct) =>
        {
            if (!TryDate(from, "from", out var fromDate, out var bad) || !TryDate(to, "to", out var toDate, out bad))
            {
                return Problem(bad!);
            }

            return Reply(await admin.ListBookingsAsync(Who(http), new BookingFilter(status, region, fromDate, toDate, skip ?? 0, take ?? 100), ct), list => new { count = list.Count, items = list.Select(BookingJson) });
        });
        api.MapGet("/bookings/{reference}", async (HttpContext http, AdminService admin, string reference, CancellationToken ct) =>
            Reply(await admin.GetBookingAsync(Who(http), reference, ct), BookingJson));
        api.MapPost("/bookings/{reference}/confirm", async (HttpContext http, AdminService admin, string reference, SeatAction? body, CancellationToken ct) =>
            Reply(await admin.ConfirmAsync(Who(http), reference, body?.SpeakerId, ct), BookingJson));
        api.MapPost("/bookings/{reference}/decline", async (HttpContext http, AdminService admin, string reference, SeatAction? body, CancellationToken ct) =>
            Reply(await admin.DeclineAsync(Who(http), reference, body?.SpeakerId, ct), BookingJson));
        api.MapPost("/bookings/{reference}/cancel", async (HttpContext http, AdminService admin, string reference, CancelAction? body, CancellationToken ct) =>
            Reply(await admin.CancelAsync(Who(http), reference, body?.Reason, ct), BookingJson));
        api.MapPost("/bookings/{reference}/reassign", async (HttpContext http, AdminService admin, string reference, ReassignAction body, CancellationToken ct) =>
            Reply(await admin.ReassignAsync(Who(http), reference, body.FromSpeakerId, body.SpeakerId ?? string.Empty, ct), BookingJson));

        api.MapGet("/unfilled", async (HttpContext http, AdminService admin, CancellationToken ct) =>
        {
            var list = await admin.UnfilledAsync(Who(http), ct);
            return Results.Ok(new
            {
                count = list.Count,
                items = list.Select(u => new { booking = BookingJson(u.Request), reason = u.Reason, daysWaiting = u.DaysWaiting, suggestedReplacement = u.SuggestedReplacement }),
            });
        });

        api.MapGet("/audit", async (HttpContext http, ICoordinatorStore store, string? target, int? take, CancellationToken ct) =>
        {
            var who = Who(http);
            if (who.Role != CoordinatorRole.National)
            {
                return Problem(AdminError.Forbidden("Le journal des modifications est réservé à la coordination nationale."));
            }

            return Results.Ok(await store.ReadAuditAsync(target, Math.Clamp(take ?? 200, 1, 1000), ct));
        });

        api.MapGet("/privacy/export", async (HttpContext http, PrivacyService privacy, string? email, string? speakerId, CancellationToken ct) =>
            Reply(await privacy.ExportAsync(Who(http), new PrivacySubject(email, speakerId), ct)));
        api.MapPost("/privacy/erase", async (HttpContext http, PrivacyService privacy, PrivacyAction body, CancellationToken ct) =>
            Reply(await privacy.EraseAsync(Who(http), new PrivacySubject(body.Email, body.SpeakerId), ct)));

        return app;
    }

    internal static Coordinator Who(HttpContext http) => (Coordinator)http.Items[CoordinatorKey]!;

    internal static IResult Problem(AdminError error) => Results.Problem(
        statusCode: error.Status,
        title: error.Title,
        detail: error.Detail,
        extensions: error.Field is null ? null : new Dictionary<string, object?> { ["field"] = error.Field });

    private static IResult Reply<T>(AdminResult<T> result) => result.Ok ? Results.Ok(result.Value) : Problem(result.Error!);

    private static IResult Reply<T>(AdminResult<T> result, Func<T, object> shape) => result.Ok ? Results.Ok(shape(result.Value!)) : Problem(result.Error!);

    private static async ValueTask<object?> RequireCoordinatorAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var coordinator = await http.RequestServices.GetRequiredService<CoordinatorService>().AuthenticateAsync(token, http.RequestAborted);
        if (coordinator is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(new AdminError(
                401,
                "Jeton requis",
                token is null
                    ? "Ajoutez l'en-tête Authorization: Bearer <jeton> ; le jeton est affiché une seule fois par « speakerbot coordinator add »."
                    : "Ce jeton est inconnu ou a été révoqué ; demandez un nouveau jeton à la coordination nationale."));
        }

        http.Items[CoordinatorKey] = coordinator;
        return await next(context);
    }

    private static bool TryDate(string? text, string field, out DateOnly? date, out AdminError? error)
    {
        date = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        error = AdminError.Invalid(field, $"La date « {text} » ({field}) doit s'écrire AAAA-MM-JJ, par exemple 2026-03-12.");
        return false;
    }

    internal static object CoordinatorJson(Coordinator c) => new
    {
        id = c.Id,
        email = c.Email,
        role = c.Role == CoordinatorRole.National ? "national" : "regional",
        regions = c.Regions,
        createdAt = c.CreatedAt,
        revokedAt = c.RevokedAt,
    };

    internal static object BookingJson(BookingView view) => new
    {
        booking = view.Booking,
        region = view.Region,
        sector = view.Sector,
        network = view.Network,
        speakers = view.SpeakerNames,
    };

    internal sealed record SeatAction(string? SpeakerId);

    internal sealed record CancelAction(string? Reason);

    internal sealed record ReassignAction(string? SpeakerId, string? FromSpeakerId);

    internal sealed record PrivacyAction(string? Email, string? SpeakerId);
}
