using System.Globalization;
using System.Text;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Search;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Admin;

/// <summary>The back-office's speakers list filters, as they travel in the query string; every field optional.</summary>
public sealed record SpeakerListQuery
{
    public const int DefaultPageSize = 20;

    public string? Text { get; init; }

    /// <summary>pending, approved, rejected or archived; null or empty lists every status.</summary>
    public string? Status { get; init; }

    public string? Region { get; init; }

    public string? Sector { get; init; }

    public string? Topic { get; init; }

    public string? Format { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;
}

/// <summary>One page of the list, with the facet counts of the whole filtered set and how many per status.</summary>
public sealed record SpeakerListPage(
    IReadOnlyList<Speaker> Speakers,
    int Total,
    int Page,
    int PageCount,
    IReadOnlyDictionary<string, int> Sectors,
    IReadOnlyDictionary<string, int> Regions,
    IReadOnlyDictionary<string, int> Formats,
    IReadOnlyDictionary<SpeakerStatus, int> Statuses);

/// <summary>A profile as the back-office shows it: her bookings (visits and requests) and the audit entries about her.</summary>
public sealed record SpeakerProfile(Speaker Speaker, IReadOnlyList<BookingView> Bookings, IReadOnlyList<AuditEntry> History);

/// <summary>The editor's fields as typed (strings, so a bad value is kept to be shown again); lists separated by ';'.</summary>
public sealed record SpeakerForm
{
    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Headline { get; init; }

    public string? Employer { get; init; }

    public string? Sector { get; init; }

    public string? Region { get; init; }

    public string? Department { get; init; }

    public string? City { get; init; }

    public string? Topics { get; init; }

    public string? Formats { get; init; }

    public string? Audiences { get; init; }

    public string? Languages { get; init; }

    public string? Network { get; init; }

    public string? Bio { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? MonthlyCap { get; init; }

    /// <summary>The form filled with a profile as it is.</summary>
    public static SpeakerForm From(Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        return new SpeakerForm
        {
            FirstName = speaker.FirstName,
            LastName = speaker.LastName,
            Headline = speaker.Headline,
            Employer = speaker.Employer,
            Sector = speaker.Sector,
            Region = speaker.Region,
            Department = speaker.Department,
            City = speaker.City,
            Topics = string.Join("; ", speaker.Topics),
            Formats = string.Join("; ", speaker.Formats),
            Audiences = string.Join("; ", speaker.Audiences),
            Languages = string.Join("; ", speaker.Languages),
            Network = speaker.Network,
            Bio = speaker.Bio,
            Email = speaker.Contact?.Email,
            Phone = speaker.Contact?.Phone,
            MonthlyCap = speaker.MonthlyCap.ToString(CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>What saving the editor gave: the saved profile, or one message per field that was refused (nothing saved).</summary>
public sealed record SpeakerEdit(Speaker? Saved, IReadOnlyDictionary<string, string> Errors, AdminError? Error = null)
{
    public bool Ok => Saved is not null;

    /// <summary>The same refusals with their codes, so the back-office can say them in the coordinator's language.</summary>
    public IReadOnlyDictionary<string, AdminError> Refusals { get; init; } = new Dictionary<string, AdminError>();
}

/// <summary>
/// The back-office's speakers: the list searched by the bot's own engine (<see cref="ISpeakerSearch"/>, which indexes
/// every status and filters on it), profiles with bookings and history, the editor checked by the import's rules then
/// the admin service's, and status changes through <see cref="AdminService"/> (scope, audit) with a mail to the speaker.
/// Regional scope: every method answers 403 for a speaker or region outside her regions (decision 121).
/// </summary>
public sealed class SpeakerBackOffice(AdminService admin, ISpeakerSearch search, ICoordinatorStore audit, IBookingStore outbox, TimeProvider time)
{
    private static readonly SpeakerStatus[] ListedStatuses = [SpeakerStatus.Pending, SpeakerStatus.Approved, SpeakerStatus.Rejected, SpeakerStatus.Archived];

    /// <summary>The editor's fields, in the form's order; the keys of <see cref="SpeakerEdit.Errors"/>.</summary>
    public static readonly IReadOnlyList<string> FormFields =
    [
        "firstName", "lastName", "headline", "employer", "sector", "region", "department", "city",
        "topics", "formats", "audiences", "languages", "network", "bio", "email", "phone", "monthlyCap",
    ];

    /// <summary>Deepest row the engine pages to (its Skip bound) plus one page: exports stop there.</summary>
    private const int MaxRows = 11_000;

    public AdminService Admin => admin;

    public async Task<AdminResult<SpeakerListPage>> ListAsync(Coordinator who, SpeakerListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(query);
        var plan = Plan(who, query);
        if (!plan.Ok)
        {
            return plan.Error!;
        }

        var (statuses, regions, template) = plan.Value!;

        // One engine query per (status, region) segment: the engine filters one status and one region at a time, and a
        // regional coordinator's scope is the union of her regions. Totals first, then the page is cut across segments.
        var segments = new List<(SpeakerStatus Status, SearchQuery Query, int Total)>();
        var sectors = new Dictionary<string, int>(StringComparer.Ordinal);
        var regionCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var formats = new Dictionary<string, int>(StringComparer.Ordinal);
        var byStatus = new Dictionary<SpeakerStatus, int>();
        foreach (var status in ListedStatuses)
        {
            byStatus[status] = 0;
            foreach (var region in regions)
            {
                var segment = template with { Status = status, Region = region, Skip = 0, Take = 0 };
                var counted = search.Search(segment);
                byStatus[status] += counted.Total;
                if (!statuses.Contains(status))
                {
                    continue;
                }

                segments.Add((status, segment, counted.Total));
                Add(sectors, counted.Facets.Sectors);
                Add(regionCounts, counted.Facets.Regions);
                Add(formats, counted.Facets.Formats);
            }
        }

        // The engine's text covers job, topics, bio, employer and city, not names (the bot never searches people by
        // name); a coordinator does, so profiles whose name or id holds the text come first, counted like the others.
        var named = template.Text is null ? [] : await NameMatchesAsync(who, query, plan.Value!, cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, 200);
        List<Speaker> speakers;
        int total;
        if (named.Count == 0)
        {
            total = segments.Sum(s => s.Total);
            var pageCount0 = Math.Max(1, (total + size - 1) / size);
            var page0 = Math.Clamp(query.Page, 1, pageCount0);
            speakers = Cut(segments.Select(s => (s.Query, s.Total)).ToList(), (page0 - 1) * size, size);
            return AdminResult<SpeakerListPage>.Success(new SpeakerListPage(speakers, total, page0, pageCount0, sectors, regionCounts, formats, byStatus));
        }

        var found = segments.SelectMany(s => Everything(s.Query, s.Total)).ToList();
        var ids = found.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var extra = named.Where(s => !ids.Contains(s.Id)).ToList();
        foreach (var speaker in extra)
        {
            byStatus[speaker.Status]++;
            if (statuses.Contains(speaker.Status))
            {
                Bump(sectors, speaker.Sector);
                Bump(regionCounts, speaker.Region);
                foreach (var format in speaker.Formats)
                {
                    Bump(formats, format);
                }
            }
        }

        var listed = extra.Where(s => statuses.Contains(s.Status)).Concat(found).ToList();
        total = listed.Count;
        var pageCount = Math.Max(1, (total + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pageCount);
        speakers = [.. listed.Skip((page - 1) * size).Take(size)];
        return AdminResult<SpeakerListPage>.Success(new SpeakerListPage(speakers, total, page, pageCount, sectors, regionCounts, formats, byStatus));
    }

    public async Task<AdminResult<SpeakerProfile>> ProfileAsync(Coordinator who, string id, CancellationToken cancellationToken = default)
    {
        var found = await admin.GetSpeakerAsync(who, id, cancellationToken);
        if (!found.Ok)
        {
            return found.Error!;
        }

        var speaker = found.Value!;
        var bookings = (await admin.AllBookingsAsync(null, cancellationToken))
            .Where(v => v.Booking.Seats.Any(s => s.SpeakerId == speaker.Id))
            .OrderByDescending(v => v.Booking.Date)
            .ToList();
        return AdminResult<SpeakerProfile>.Success(new SpeakerProfile(speaker, bookings, await HistoryAsync(speaker.Id, cancellationToken)));
    }

    /// <summary>The audit entries about this speaker, newest first ("speaker:sp-1" must not bring "speaker:sp-10").</summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        var target = "speaker:" + id;
        return [.. (await audit.ReadAuditAsync(target, 500, cancellationToken)).Where(e => e.Target == target)];
    }

    /// <summary>
    /// Checks every field with the import's rules (<see cref="SpeakerRecordMapper"/>: the field alone on the current
    /// profile, so each message names its own field), then saves through <see cref="AdminService.UpdateSpeakerAsync"/>,
    /// whose own checks (and regional scope) apply too. Nothing is saved while a field is refused.
    /// </summary>
    public async Task<SpeakerEdit> SaveAsync(Coordinator who, string id, SpeakerForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var found = await admin.GetSpeakerAsync(who, id, cancellationToken);
        if (!found.Ok)
        {
            return new SpeakerEdit(null, new Dictionary<string, string>(), found.Error);
        }

        var refused = ValidateCoded(found.Value!, form, time.GetUtcNow());
        if (refused.Count > 0)
        {
            return new SpeakerEdit(null, refused.ToDictionary(r => r.Key, r => r.Value.Detail, StringComparer.Ordinal)) { Refusals = refused };
        }

        var saved = await admin.UpdateSpeakerAsync(who, id, ToInput(form), cancellationToken);
        if (!saved.Ok)
        {
            // A region outside hers (403 without a field) is the region field's problem: she typed it.
            var error = saved.Error!;
            var field = error.Field ?? (error.Status == 403 ? "region" : string.Empty);
            return new SpeakerEdit(null, new Dictionary<string, string> { [field] = error.Detail }) { Refusals = new Dictionary<string, AdminError> { [field] = error } };
        }

        return new SpeakerEdit(saved.Value, new Dictionary<string, string>());
    }

    /// <summary>The import's verdict on each field of the form, keyed by field; empty when the whole profile passes.</summary>
    public static Dictionary<string, string> Validate(Speaker current, SpeakerForm form, DateTimeOffset now) =>
        ValidateCoded(current, form, now).ToDictionary(r => r.Key, r => r.Value.Detail, StringComparer.Ordinal);

    /// <summary><see cref="Validate"/> with each refusal's code (an <see cref="ImportRuleCodes"/> rule).</summary>
    public static Dictionary<string, AdminError> ValidateCoded(Speaker current, SpeakerForm form, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, AdminError>(StringComparer.Ordinal);
        SpeakerRecordMapper.TryToSpeaker(SpeakerRecordMapper.ToRecord(current, includeContact: true), now, out _, out var baseline);
        int? cap = null;
        if (!string.IsNullOrWhiteSpace(form.MonthlyCap))
        {
            if (int.TryParse(form.MonthlyCap.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                cap = parsed;
            }
            else
            {
                // The same sentence as a CSV import's for this column.
                errors["monthlyCap"] = AdminError.Invalid("monthlyCap", $"monthlyCap '{form.MonthlyCap.Trim()}' is not a whole number").Coded(ImportRuleCodes.MonthlyCapNumber, form.MonthlyCap.Trim());
            }
        }

        foreach (var field in FormFields)
        {
            if (errors.ContainsKey(field))
            {
                continue;
            }

            var record = SpeakerRecordMapper.ToRecord(current, includeContact: true);
            Set(record, field, form, cap);
            if (!SpeakerRecordMapper.TryToSpeaker(record, now, out _, out var reason) && reason.Text != baseline.Text)
            {
                errors[field] = Refusal(field, reason);
            }
        }

        if (errors.Count == 0)
        {
            var whole = SpeakerRecordMapper.ToRecord(current, includeContact: true);
            foreach (var field in FormFields)
            {
                Set(whole, field, form, cap);
            }

            if (!SpeakerRecordMapper.TryToSpeaker(whole, now, out _, out var reason))
            {
                errors[string.Empty] = Refusal(string.Empty, reason);
            }
        }

        return errors;
    }

    private static AdminError Refusal(string field, ImportReason reason) =>
        AdminError.Invalid(field, reason.Text).Coded(reason.Code, [.. reason.Args]);

    /// <summary>Approves, rejects (a reason is required and goes into her mail and the audit) or archives.</summary>
    public async Task<AdminResult<Speaker>> DecideAsync(Coordinator who, string id, SpeakerStatus status, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (status == SpeakerStatus.Rejected && string.IsNullOrWhiteSpace(reason))
        {
            return AdminError.Invalid("reason", "Indiquez la raison du refus : elle est envoyée à l'intervenante.").Coded(AdminCodes.RejectReasonMissing);
        }

        var before = await admin.GetSpeakerAsync(who, id, cancellationToken);
        if (!before.Ok)
        {
            return before;
        }

        var result = await admin.SetSpeakerStatusAsync(who, id, status, reason, cancellationToken);
        if (result.Ok && before.Value!.Status != status && status is SpeakerStatus.Approved or SpeakerStatus.Rejected
            && result.Value!.Contact?.Email is { Length: > 0 } email)
        {
            await outbox.EnqueueAsync([DecisionMail(result.Value, email, status, reason)], cancellationToken);
        }

        return result;
    }

    /// <summary>Every speaker of the filter (all pages, in the list's order), for the export.</summary>
    public async Task<AdminResult<IReadOnlyList<Speaker>>> AllAsync(Coordinator who, SpeakerListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var first = await ListAsync(who, query with { Page = 1, PageSize = 1 }, cancellationToken);
        if (!first.Ok)
        {
            return first.Error!;
        }

        var all = new List<Speaker>();
        var pages = (first.Value!.Total + 199) / 200;
        for (var page = 1; page <= pages && all.Count < MaxRows; page++)
        {
            all.AddRange((await ListAsync(who, query with { Page = page, PageSize = 200 }, cancellationToken)).Value!.Speakers);
        }

        // The export reads the stored profiles of the ids found (the store, not the index, is the reference).
        var stored = await admin.SpeakerMapAsync(cancellationToken);
        return AdminResult<IReadOnlyList<Speaker>>.Success([.. all.Select(s => stored.GetValueOrDefault(s.Id) ?? s).Where(s => who.Covers(s.Region))]);
    }

    private async Task<List<Speaker>> NameMatchesAsync(Coordinator who, SpeakerListQuery query, (IReadOnlyList<SpeakerStatus> Statuses, IReadOnlyList<string?> Regions, SearchQuery Template) plan, CancellationToken cancellationToken)
    {
        var text = TextFold.Fold(plan.Template.Text!);
        var topic = plan.Template.Topic is null ? null : TextFold.Fold(plan.Template.Topic);
        var region = Blank(query.Region);
        var list = new List<Speaker>();
        await foreach (var speaker in admin.Speakers.ReadAllAsync(cancellationToken))
        {
            if (who.Covers(speaker.Region)
                && (region is null || speaker.Region == region)
                && (plan.Template.Sectors.Count == 0 || plan.Template.Sectors.Contains(speaker.Sector))
                && (plan.Template.Format is null || speaker.Formats.Contains(plan.Template.Format))
                && (topic is null || speaker.Topics.Any(t => TextFold.Fold(t) == topic))
                && (TextFold.Fold(speaker.FullName).Contains(text, StringComparison.Ordinal) || speaker.Id.Equals(plan.Template.Text, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(speaker);
            }
        }

        return [.. list.OrderBy(s => s.LastName, StringComparer.CurrentCulture).ThenBy(s => s.FirstName, StringComparer.CurrentCulture)];
    }

    private IEnumerable<Speaker> Everything(SearchQuery query, int total)
    {
        for (var skip = 0; skip < Math.Min(total, MaxRows); skip += 1000)
        {
            foreach (var hit in search.Search(query with { Skip = skip, Take = 1000 }).Hits)
            {
                yield return hit.Speaker;
            }
        }
    }

    private static void Bump(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private AdminResult<(IReadOnlyList<SpeakerStatus> Statuses, IReadOnlyList<string?> Regions, SearchQuery Template)> Plan(Coordinator who, SpeakerListQuery query)
    {
        IReadOnlyList<SpeakerStatus> statuses = ListedStatuses;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            if (!Enum.TryParse<SpeakerStatus>(query.Status.Trim(), ignoreCase: true, out var status) || int.TryParse(query.Status, out _))
            {
                return AdminError.Invalid("status", $"Le statut « {query.Status} » est inconnu : attendu pending, approved, rejected ou archived.");
            }

            statuses = [status];
        }

        var region = Blank(query.Region);
        IReadOnlyList<string?> regions;
        if (region is not null)
        {
            if (!Taxonomy.IsRegion(region))
            {
                return AdminError.Invalid("region", $"La région « {region} » est inconnue. Régions possibles : {string.Join(", ", Taxonomy.Regions)}.");
            }

            if (!who.Covers(region))
            {
                return AdminError.Forbidden($"Vous coordonnez {string.Join(", ", who.Regions)} ; la région {region} n'en fait pas partie. Demandez à la coordination nationale.");
            }

            regions = [region];
        }
        else
        {
            regions = who.Role == CoordinatorRole.National ? [null] : [.. who.Regions];
        }

        var sector = Blank(query.Sector);
        if (sector is not null && !Taxonomy.IsSector(sector))
        {
            return AdminError.Invalid("sector", $"Le secteur « {sector} » est inconnu. Secteurs possibles : {string.Join(", ", Taxonomy.Sectors)}.");
        }

        var format = Blank(query.Format);
        if (format is not null && !Taxonomy.IsFormat(format))
        {
            return AdminError.Invalid("format", $"Le format « {format} » est inconnu : attendu {string.Join(", ", Taxonomy.Formats)}.");
        }

        var template = new SearchQuery
        {
            Text = query.Text?.Trim() is { Length: > 0 } text ? text : null,
            Sectors = sector is null ? [] : [sector],
            Topic = query.Topic?.Trim() is { Length: > 0 } topic ? topic : null,
            Format = format,
        };
        return AdminResult<(IReadOnlyList<SpeakerStatus>, IReadOnlyList<string?>, SearchQuery)>.Success((statuses, regions, template));
    }

    private List<Speaker> Cut(List<(SearchQuery Query, int Total)> segments, int offset, int size)
    {
        var page = new List<Speaker>(size);
        foreach (var (query, total) in segments)
        {
            if (page.Count >= size)
            {
                break;
            }

            if (offset >= total)
            {
                offset -= total;
                continue;
            }

            var take = Math.Min(size - page.Count, total - offset);
            page.AddRange(search.Search(query with { Skip = offset, Take = take }).Hits.Select(h => h.Speaker));
            offset = 0;
        }

        return page;
    }

    private static void Add(Dictionary<string, int> into, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (key, count) in counts)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    private static List<string> Split(string? value) =>
        value is null ? [] : [.. value.Split([';', ',', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static void Set(SpeakerRecord record, string field, SpeakerForm form, int? cap)
    {
        switch (field)
        {
            case "firstName": record.FirstName = form.FirstName; break;
            case "lastName": record.LastName = form.LastName; break;
            case "headline": record.Headline = form.Headline; break;
            case "employer": record.Employer = form.Employer; break;
            case "sector": record.Sector = form.Sector; break;
            case "region": record.Region = form.Region; break;
            case "department": record.Department = form.Department; break;
            case "city": record.City = form.City; break;
            case "topics": record.Topics = Split(form.Topics); break;
            case "formats": record.Formats = Split(form.Formats); break;
            case "audiences": record.Audiences = Split(form.Audiences); break;
            case "languages": record.Languages = Split(form.Languages); break;
            case "network": record.Network = form.Network; break;
            case "bio": record.Bio = form.Bio; break;
            case "email": record.Email = form.Email; break;
            case "phone": record.Phone = form.Phone; break;
            case "monthlyCap": record.MonthlyCap = cap; break;
            default: break;
        }
    }

    private static SpeakerInput ToInput(SpeakerForm form) => new()
    {
        FirstName = form.FirstName ?? string.Empty,
        LastName = form.LastName ?? string.Empty,
        Headline = form.Headline ?? string.Empty,
        Employer = form.Employer ?? string.Empty,
        Sector = form.Sector ?? string.Empty,
        Region = form.Region ?? string.Empty,
        Department = form.Department ?? string.Empty,
        City = form.City ?? string.Empty,
        Topics = Split(form.Topics),
        Formats = Split(form.Formats),
        Audiences = Split(form.Audiences),
        Languages = Split(form.Languages),
        Network = form.Network ?? string.Empty,
        Bio = form.Bio ?? string.Empty,
        Email = form.Email ?? string.Empty,
        Phone = form.Phone ?? string.Empty,
        MonthlyCap = string.IsNullOrWhiteSpace(form.MonthlyCap) ? null : int.Parse(form.MonthlyCap.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
    };

    private static OutboxMessage DecisionMail(Speaker speaker, string email, SpeakerStatus status, string? reason)
    {
        var en = speaker.Languages.Count > 0 && speaker.Languages[0] == "en";
        var approved = status == SpeakerStatus.Approved;
        var body = new StringBuilder()
            .AppendLine(en ? $"Hello {speaker.FirstName}," : $"Bonjour {speaker.FirstName},")
            .AppendLine();
        if (approved)
        {
            body.AppendLine(en
                ? "Your role model speaker profile has been approved: teachers can now find you and ask you for a visit."
                : "Votre profil d'intervenante a été validé : les enseignantes et enseignants peuvent désormais vous trouver et vous solliciter.");
        }
        else
        {
            body.AppendLine(en
                    ? "Your role model speaker profile has not been accepted. The coordination gives this reason:"
                    : "Votre profil d'intervenante n'a pas été retenu. La coordination en donne la raison suivante :")
                .AppendLine(reason!.Trim())
                .AppendLine()
                .AppendLine(en ? "You can reply to this message to ask a question." : "Vous pouvez répondre à ce message pour toute question.");
        }

        return new OutboxMessage
        {
            Key = $"speaker/{speaker.Id}/{(approved ? "approved" : "rejected")}/{speaker.UpdatedAt?.ToUnixTimeMilliseconds()}",
            To = email,
            ToName = speaker.FullName,
            Subject = approved
                ? en ? "Your speaker profile is approved" : "Votre profil d'intervenante est validé"
                : en ? "Your speaker profile was not accepted" : "Votre profil d'intervenante n'a pas été retenu",
            Body = body.ToString(),
            Language = en ? "en" : "fr",
        };
    }
}
