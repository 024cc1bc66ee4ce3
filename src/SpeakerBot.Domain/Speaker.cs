namespace SpeakerBot.Domain;

public enum SpeakerStatus
{
    Pending,
    Approved,
    Archived,
    Rejected,
}

/// <summary>Private contact details: never shown in chat before a confirmed booking, never sent to a model, never logged.</summary>
public sealed record ContactDetails(string? Email, string? Phone);

/// <summary>A woman role model in the directory. Slugs follow <see cref="Taxonomy"/>.</summary>
public sealed record Speaker
{
    public required string Id { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    /// <summary>Job title, e.g. "Ingénieure aéronautique".</summary>
    public required string Headline { get; init; }

    public string? Employer { get; init; }

    public required string Sector { get; init; }

    public required string Region { get; init; }

    public string? Department { get; init; }

    public string? City { get; init; }

    public double? Lat { get; init; }

    public double? Lon { get; init; }

    public IReadOnlyList<string> Topics { get; init; } = [];

    public IReadOnlyList<string> Formats { get; init; } = [];

    public IReadOnlyList<string> Audiences { get; init; } = [];

    public IReadOnlyList<string> Languages { get; init; } = ["fr"];

    public string? Network { get; init; }

    public string? Bio { get; init; }

    public string? PhotoUrl { get; init; }

    public ContactDetails? Contact { get; init; }

    /// <summary>Most requests she accepts to receive in one calendar month.</summary>
    public int MonthlyCap { get; init; } = DefaultMonthlyCap;

    public SpeakerStatus Status { get; init; } = SpeakerStatus.Approved;

    public Availability Availability { get; init; } = Availability.Default;

    public DateTimeOffset? UpdatedAt { get; init; }

    public const int DefaultMonthlyCap = 4;

    public string FullName => $"{FirstName} {LastName}";

    /// <summary>The same profile with contact details removed: what may leave the trusted core.</summary>
    public Speaker WithoutContact() => Contact is null ? this : this with { Contact = null };
}
