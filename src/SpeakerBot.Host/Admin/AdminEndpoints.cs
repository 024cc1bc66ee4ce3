using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using SpeakerBot.Admin;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Host.Admin;

/// <summary>/api/admin: JSON, bearer token of a coordinator, errors as RFC 7807 problem details.</summary>
internal static class AdminEndpoints
{
    private const string CoordinatorKey = "speakerbot.coordinator";

    /// <summary>Largest file accepted by the import endpoint.</summary>
    public const long MaxImportBytes = 50L * 1024 * 1024;

    /// <summary>The OpenAPI description of /api/admin (served at /openapi/admin.json) and problem details.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddProblemDetails();

        // Statuses read as words ("pending", "feedback-received"), the same spelling the filters accept.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        services.AddOpenApi("admin", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/admin", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SpeakerBot admin API";
                document.Info.Description = "Coordinators' API: bearer token from `speakerbot coordinator add`; errors are RFC 7807 problem details (title, detail in French, field when one input is at fault). A regional coordinator gets 403 outside her regions.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapAdminEndpoints(this WebApplication app)
    {
        // Every error under /api/admin is a problem document, including the ones raised before an endpoint
        // runs (unreadable JSON, a wrong query type, an unknown route) and unhandled exceptions.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/admin", StringComparison.Ordinal), branch =>
        {
            branch.Use(CatchAsync);
            branch.UseStatusCodePages(StatusCodeProblemAsync);
        });
        app.MapOpenApi("/openapi/{documentName}.json");
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

        api.MapGet("/stats", async (HttpContext http, DashboardReport report, CancellationToken ct) =>
        {
            var data = await report.BuildAsync(Who(http), ct);
            return Results.Ok(new
            {
                months = data.Months,
                byRegion = data.ByRegion,
                bySector = data.BySector,
                byNetwork = data.ByNetwork,
                unfilled = data.Unfilled.Select(u => new { sector = u.Key.Sector, region = u.Key.Region, requests = u.Value }),
                approvedSpeakers = data.ApprovedSpeakers,
                speakersWithRequest = data.SpeakersWithRequest,
                totalRequests = data.TotalRequests,
                topTenPercentShare = data.TopTenPercentShare,
            });
        }).WithSummary("The dashboard's figures for your regions: visits held and planned per month against the target, reach by region, sector and network, unfilled demand, exposure fairness.");

        api.MapGet("/audit", async (HttpContext http, ICoordinatorStore store, string? target, int? take, CancellationToken ct) =>
        {
            var who = Who(http);
            if (who.Role != CoordinatorRole.National)
            {
                return Problem(AdminError.Forbidden("Le journal des modifications est réservé à la coordination nationale."));
            }

            return Results.Ok(await store.ReadAuditAsync(target, Math.Clamp(take ?? 200, 1, 1000), ct));
        });

        api.MapPost("/speakers/import", ImportAsync)
            .Accepts<string>("text/csv", "application/x-ndjson", "multipart/form-data")
            .WithSummary("Import a CSV or JSONL file of speakers (upsert by id); dryRun=true only checks. Rejected rows come back with their line number.");
        api.MapGet("/speakers/export", async (HttpContext http, DirectoryTransfer transfer, string? format, bool? includeContact, CancellationToken ct) =>
        {
            var chosen = ParseFormat(format, null, null);
            if (chosen is null)
            {
                return Problem(AdminError.Invalid("format", $"Le format « {format} » est inconnu : attendu csv ou jsonl."));
            }

            var buffer = new MemoryStream();
            var result = await transfer.ExportAsync(Who(http), buffer, chosen.Value, includeContact ?? false, ct);
            return result.Ok
                ? Results.File(buffer.ToArray(), chosen == ImportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8", chosen == ImportFormat.Csv ? "speakers.csv" : "speakers.jsonl")
                : Problem(result.Error!);
        }).WithSummary("Export the speakers of your regions as CSV or JSONL (the import format); includeContact=true adds e-mail and phone.");

        api.MapGet("/privacy/export", async (HttpContext http, PrivacyService privacy, string? email, string? speakerId, CancellationToken ct) =>
            Reply(await privacy.ExportAsync(Who(http), new PrivacySubject(email, speakerId), ct)));
        api.MapPost("/privacy/erase", async (HttpContext http, PrivacyService privacy, PrivacyAction body, CancellationToken ct) =>
            Reply(await privacy.EraseAsync(Who(http), new PrivacySubject(body.Email, body.SpeakerId), ct)));

        return app;
    }

    private static async Task<IResult> ImportAsync(HttpContext http, DirectoryTransfer transfer, string? format, bool? dryRun, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxImportBytes)
        {
            return Problem(new AdminError(413, "Fichier trop gros", $"Le fichier dépasse {MaxImportBytes / 1024 / 1024} Mo ; découpez-le ou importez-le avec « speakerbot import »."));
        }

        string? fileName = null;
        var buffer = new MemoryStream();
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null)
            {
                return Problem(AdminError.Invalid("file", "Joignez le fichier dans le champ « file » (CSV ou JSONL)."));
            }

            fileName = file.FileName;
            await file.CopyToAsync(buffer, ct);
        }
        else
        {
            // The importer reads synchronously; Kestrel forbids synchronous reads of the request body.
            await http.Request.Body.CopyToAsync(buffer, ct);
        }

        if (buffer.Length == 0)
        {
            return Problem(AdminError.Invalid("file", "Le fichier envoyé est vide : envoyez le CSV ou le JSONL dans le corps de la requête, ou dans le champ « file » d'un formulaire."));
        }

        var chosen = ParseFormat(format, fileName, http.Request.ContentType);
        if (chosen is null)
        {
            return Problem(AdminError.Invalid("format", $"Le format « {format} » est inconnu : attendu csv ou jsonl."));
        }

        buffer.Position = 0;
        var result = await transfer.ImportAsync(Who(http), buffer, chosen.Value, dryRun ?? false, ct);
        return Reply(result, report => new
        {
            dryRun = report.DryRun,
            rows = report.Rows,
            accepted = report.Accepted,
            written = report.Written,
            rejected = report.Rejected.Select(r => new { line = r.Line, id = r.Id, reason = r.Reason }),
            warnings = report.Warnings,
        });
    }

    /// <summary>?format= wins, then the uploaded file's extension, then the content type; JSONL by default.</summary>
    private static ImportFormat? ParseFormat(string? format, string? fileName, string? contentType)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case "csv":
                return ImportFormat.Csv;
            case "jsonl" or "ndjson":
                return ImportFormat.Jsonl;
            case null or "":
                break;
            default:
                return null;
        }

        if (fileName is not null)
        {
            return SpeakerImporter.FormatOf(fileName);
        }

        return contentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true ? ImportFormat.Csv : ImportFormat.Jsonl;
    }

    private static async Task CatchAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !http.Response.HasStarted)
        {
            Log.AdminRequestFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SpeakerBot.Host.Admin"), http.Request.Method, http.Request.Path, exception);
            http.Response.Clear();
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            await Problem(status == 500
                ? new AdminError(500, "Erreur interne", "Le serveur n'a pas pu traiter la demande ; l'erreur est journalisée. Réessayez, puis signalez-la si elle persiste.")
                : new AdminError(status, "Requête illisible", "La requête n'a pas pu être lue : vérifiez que le corps est un JSON valide et que les paramètres ont le bon type.")).ExecuteAsync(http);
        }
    }

    private static async Task StatusCodeProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var error = http.Response.StatusCode switch
        {
            400 => new AdminError(400, "Requête illisible", "La requête n'a pas pu être lue : vérifiez que le corps est un JSON valide (Content-Type: application/json) et que les paramètres ont le bon type (nombres, true/false, dates AAAA-MM-JJ)."),
            404 => new AdminError(404, "Introuvable", $"Aucune action de l'API d'administration ne répond à {http.Request.Method} {http.Request.Path} ; la liste est dans /openapi/admin.json."),
            405 => new AdminError(405, "Méthode non prise en charge", $"{http.Request.Path} n'accepte pas {http.Request.Method} ; voir /openapi/admin.json."),
            413 => new AdminError(413, "Requête trop grosse", "Le corps de la requête dépasse la taille permise."),
            415 => new AdminError(415, "Type de contenu non pris en charge", "Envoyez du JSON (Content-Type: application/json)."),
            var other => new AdminError(other, "Erreur", $"La requête a échoué (statut {other})."),
        };
        await Problem(error).ExecuteAsync(http);
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
        regions = view.Regions,
        sector = view.Sector,
        network = view.Network,
        speakers = view.SpeakerNames,
    };

    internal sealed record SeatAction(string? SpeakerId);

    internal sealed record CancelAction(string? Reason);

    internal sealed record ReassignAction(string? SpeakerId, string? FromSpeakerId);

    internal sealed record PrivacyAction(string? Email, string? SpeakerId);
}
