using System.Globalization;
using SpeakerBot.Domain;

namespace SpeakerBot.Storage.Import;

/// <summary>Turns file records into speakers (with coordinator-friendly reasons when it cannot) and back.</summary>
public static class SpeakerRecordMapper
{
    /// <summary>Longer bios are rejected rather than silently cut: a coordinator must see that text would be lost.</summary>
    public const int MaxBioLength = 20_000;

    public const int MaxFieldLength = 500;

    private static readonly string[] StatusNames = ["pending", "approved", "archived", "rejected"];

    public static bool TryToSpeaker(SpeakerRecord record, DateTimeOffset now, out Speaker speaker, out ImportReason reason)
    {
        ArgumentNullException.ThrowIfNull(record);
        speaker = null!;
        reason = ImportReason.None;
        var missing = new List<string>();
        Require(record.Id, "id", missing);
        Require(record.FirstName, "firstName", missing);
        Require(record.LastName, "lastName", missing);
        Require(record.Headline, "headline", missing);
        Require(record.Sector, "sector", missing);
        Require(record.Region, "region", missing);
        if (missing.Count > 0)
        {
            reason = new(ImportRuleCodes.Missing, missing.Count == 1 ? $"required field '{missing[0]}' is missing or empty" : $"required fields {string.Join(", ", missing.Select(m => $"'{m}'"))} are missing or empty", [string.Join(", ", missing)]);
            return false;
        }

        var id = record.Id!.Trim();
        if (id.Length > 64 || id.Any(char.IsWhiteSpace))
        {
            reason = new(ImportRuleCodes.IdTooLong, $"id '{Shorten(id)}' must be at most 64 characters without spaces", [Shorten(id)]);
            return false;
        }

        foreach (var (name, value) in new[] { ("firstName", record.FirstName), ("lastName", record.LastName), ("headline", record.Headline), ("employer", record.Employer), ("city", record.City), ("network", record.Network), ("email", record.Email), ("phone", record.Phone), ("photoUrl", record.PhotoUrl) })
        {
            if (value is not null && value.Length > MaxFieldLength)
            {
                reason = new(ImportRuleCodes.TooLong, $"{name} is {value.Length:N0} characters long; at most {MaxFieldLength} are accepted", [name, value.Length, MaxFieldLength]);
                return false;
            }
        }

        foreach (var (name, value) in new[] { ("firstName", record.FirstName), ("lastName", record.LastName) })
        {
            if (PersonName.ForbiddenCharacter(value) is { } bad)
            {
                reason = new(ImportRuleCodes.NameMarkup, $"{name} '{Shorten(value!)}' contains '{PersonName.Describe(bad)}': a name is plain text, without {PersonName.ForbiddenMarkup} or control characters (line breaks, tabs)", [name, Shorten(value!), PersonName.Describe(bad), PersonName.ForbiddenMarkup]);
                return false;
            }
        }

        if (record.Bio is not null && record.Bio.Length > MaxBioLength)
        {
            reason = new(ImportRuleCodes.BioTooLong, $"bio is {record.Bio.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; at most {MaxBioLength.ToString("N0", CultureInfo.InvariantCulture)} are accepted (shorten it and import again)", [record.Bio.Length, MaxBioLength]);
            return false;
        }

        var sector = Slug(record.Sector);
        if (!Taxonomy.IsSector(sector))
        {
            reason = Unknown("sector", record.Sector!, Taxonomy.Sectors);
            return false;
        }

        var region = Slug(record.Region);
        if (!Taxonomy.IsRegion(region))
        {
            reason = Unknown("region", record.Region!, Taxonomy.Regions);
            return false;
        }

        var department = string.IsNullOrWhiteSpace(record.Department) ? null : record.Department.Trim().ToUpperInvariant();
        if (department is { Length: 1 } && char.IsAsciiDigit(department[0]))
        {
            department = "0" + department;
        }

        if (department is not null && !Taxonomy.IsDepartment(department))
        {
            reason = new(ImportRuleCodes.Department, $"department '{record.Department}' is not a French department code (expected \"01\"…\"95\", \"2A\", \"2B\" or \"971\"…\"976\")", [record.Department]);
            return false;
        }

        if (record.Lat is { } lat && (lat is < -90 or > 90 || double.IsNaN(lat)))
        {
            reason = new(ImportRuleCodes.Latitude, $"lat {lat.ToString(CultureInfo.InvariantCulture)} is not a latitude between -90 and 90", [lat.ToString(CultureInfo.InvariantCulture)]);
            return false;
        }

        if (record.Lon is { } lon && (lon is < -180 or > 180 || double.IsNaN(lon)))
        {
            reason = new(ImportRuleCodes.Longitude, $"lon {lon.ToString(CultureInfo.InvariantCulture)} is not a longitude between -180 and 180", [lon.ToString(CultureInfo.InvariantCulture)]);
            return false;
        }

        if (record.Lat.HasValue != record.Lon.HasValue)
        {
            reason = new(ImportRuleCodes.LatLon, "lat and lon must be given together", []);
            return false;
        }

        if (!TrySlugs(record.Formats, "format", Taxonomy.Formats, out var formats, out reason)
            || !TrySlugs(record.Audiences, "audience", Taxonomy.Audiences, out var audiences, out reason))
        {
            return false;
        }

        var languages = (record.Languages ?? []).Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct().ToList();
        var badLanguage = languages.FirstOrDefault(l => l.Length is < 2 or > 3 || !l.All(char.IsAsciiLetterLower));
        if (badLanguage is not null)
        {
            reason = new(ImportRuleCodes.Language, $"language '{badLanguage}' is not a language code like 'fr' or 'en'", [badLanguage]);
            return false;
        }

        var status = SpeakerStatus.Approved;
        if (!string.IsNullOrWhiteSpace(record.Status))
        {
            var index = Array.IndexOf(StatusNames, record.Status.Trim().ToLowerInvariant());
            if (index < 0)
            {
                reason = Unknown("status", record.Status, StatusNames);
                return false;
            }

            status = (SpeakerStatus)index;
        }

        if (record.MonthlyCap is < 0 or > 1000)
        {
            reason = new(ImportRuleCodes.MonthlyCap, $"monthlyCap {record.MonthlyCap} must be a whole number between 0 and 1000", [record.MonthlyCap]);
            return false;
        }

        var email = Clean(record.Email);
        if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.Contains(' ', StringComparison.Ordinal)))
        {
            reason = new(ImportRuleCodes.Email, "email is not an e-mail address", []);
            return false;
        }

        if (!TryAvailability(record.Availability, out var availability, out reason))
        {
            return false;
        }

        var phone = Clean(record.Phone);
        speaker = new Speaker
        {
            Id = id,
            FirstName = record.FirstName!.Trim(),
            LastName = record.LastName!.Trim(),
            Headline = record.Headline!.Trim(),
            Employer = Clean(record.Employer),
            Sector = sector,
            Region = region,
            Department = department,
            City = Clean(record.City),
            Lat = record.Lat,
            Lon = record.Lon,
            Topics = (record.Topics ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            Formats = formats,
            Audiences = audiences,
            Languages = languages.Count == 0 ? ["fr"] : languages,
            Network = Clean(record.Network),
            Bio = Clean(record.Bio),
            PhotoUrl = Clean(record.PhotoUrl),
            Contact = email is null && phone is null ? null : new ContactDetails(email, phone),
            MonthlyCap = record.MonthlyCap ?? Speaker.DefaultMonthlyCap,
            Status = status,
            Availability = availability,
            UpdatedAt = now,
        };
        return true;
    }

    public static SpeakerRecord ToRecord(Speaker speaker, bool includeContact)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        return new SpeakerRecord
        {
            Id = speaker.Id,
            FirstName = speaker.FirstName,
            LastName = speaker.LastName,
            Headline = speaker.Headline,
            Employer = speaker.Employer,
            Sector = speaker.Sector,
            Region = speaker.Region,
            Department = speaker.Department,
            City = speaker.City,
            Lat = speaker.Lat,
            Lon = speaker.Lon,
            Topics = [.. speaker.Topics],
            Formats = [.. speaker.Formats],
            Audiences = [.. speaker.Audiences],
            Languages = [.. speaker.Languages],
            Network = speaker.Network,
            Bio = speaker.Bio,
            Email = includeContact ? speaker.Contact?.Email : null,
            Phone = includeContact ? speaker.Contact?.Phone : null,
            PhotoUrl = speaker.PhotoUrl,
            MonthlyCap = speaker.MonthlyCap,
            Status = StatusNames[(int)speaker.Status],
            Availability = new AvailabilityRecord
            {
                Weekly = [.. speaker.Availability.Weekly.Select(s => new WeeklySlotRecord { Day = AvailabilityText.DayCode(s.Day), Start = AvailabilityText.Time(s.Start), End = AvailabilityText.Time(s.End) })],
                Exceptions = [.. speaker.Availability.Exceptions.Select(e => new AvailabilityExceptionRecord
                {
                    Date = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Available = e.Available,
                    Start = e.Start is { } s ? AvailabilityText.Time(s) : null,
                    End = e.End is { } end ? AvailabilityText.Time(end) : null,
                })],
            },
        };
    }

    public static string StatusName(SpeakerStatus status) => StatusNames[(int)status];

    public static bool TryParseStatus(string? text, out SpeakerStatus status)
    {
        var index = text is null ? -1 : Array.IndexOf(StatusNames, text.Trim().ToLowerInvariant());
        status = index < 0 ? SpeakerStatus.Approved : (SpeakerStatus)index;
        return index >= 0;
    }

    private static bool TryAvailability(AvailabilityRecord? record, out Availability availability, out ImportReason reason)
    {
        availability = Availability.Default;
        reason = ImportReason.None;
        if (record is null || (record.Weekly is null && record.Exceptions is null))
        {
            return true;
        }

        var weekly = new List<WeeklySlot>();
        foreach (var slot in record.Weekly ?? [])
        {
            if (slot.Day is null || !AvailabilityText.TryParseDay(slot.Day, out var day)
                || !AvailabilityText.TryParseTime(slot.Start, out var start) || !AvailabilityText.TryParseTime(slot.End, out var end) || end <= start)
            {
                reason = new(ImportRuleCodes.Slot, $"availability slot {{day '{slot.Day}', start '{slot.Start}', end '{slot.End}'}} is invalid (day mon..sun, times like 09:00, start before end)", [slot.Day, slot.Start, slot.End]);
                return false;
            }

            weekly.Add(new WeeklySlot(day, start, end));
        }

        var exceptions = new List<AvailabilityException>();
        foreach (var exception in record.Exceptions ?? [])
        {
            if (!DateOnly.TryParseExact(exception.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                reason = new(ImportRuleCodes.ExceptionDate, $"availability exception date '{exception.Date}' is not a date like 2026-12-24", [exception.Date]);
                return false;
            }

            TimeOnly? start = null, end = null;
            if (exception.Start is not null || exception.End is not null)
            {
                if (!AvailabilityText.TryParseTime(exception.Start, out var s) || !AvailabilityText.TryParseTime(exception.End, out var e) || e <= s)
                {
                    reason = new(ImportRuleCodes.ExceptionWindow, $"availability exception on {exception.Date} has an invalid window '{exception.Start}'–'{exception.End}'", [exception.Date, exception.Start, exception.End]);
                    return false;
                }

                start = s;
                end = e;
            }

            exceptions.Add(new AvailabilityException(date, exception.Available, start, end));
        }

        availability = new Availability(weekly, exceptions);
        return true;
    }

    private static bool TrySlugs(List<string>? values, string field, IReadOnlyList<string> known, out IReadOnlyList<string> slugs, out ImportReason reason)
    {
        var list = new List<string>();
        reason = ImportReason.None;
        foreach (var value in values ?? [])
        {
            var slug = Slug(value);
            if (slug.Length == 0)
            {
                continue;
            }

            if (!known.Contains(slug))
            {
                slugs = [];
                reason = Unknown(field, value, known);
                return false;
            }

            if (!list.Contains(slug))
            {
                list.Add(slug);
            }
        }

        slugs = list;
        return true;
    }

    private static ImportReason Unknown(string field, string value, IEnumerable<string> known)
    {
        var suggestion = Taxonomy.Suggest(value, known);
        return suggestion is null
            ? new(ImportRuleCodes.Unknown, $"{field} '{Shorten(value)}' is unknown (expected one of: {string.Join(", ", known)})", [field, Shorten(value), string.Join(", ", known)])
            : new(ImportRuleCodes.UnknownSuggest, $"{field} '{Shorten(value)}' is unknown — did you mean '{suggestion}'?", [field, Shorten(value), suggestion]);
    }

    private static string Slug(string? value) => (value ?? string.Empty).Trim().ToLowerInvariant();

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Require(string? value, string name, List<string> missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            missing.Add(name);
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
