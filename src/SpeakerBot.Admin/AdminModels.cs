using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Admin;

/// <summary>Filters of the speakers list; every field optional.</summary>
public sealed record SpeakerFilter(string? Status = null, string? Region = null, string? Sector = null, string? Network = null, string? Text = null, int Skip = 0, int Take = 100);

/// <summary>Fields of a profile written by a coordinator or the /join form; null means "leave as is" on update.</summary>
public sealed record SpeakerInput
{
    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Headline { get; init; }

    public string? Employer { get; init; }

    public string? Sector { get; init; }

    public string? Region { get; init; }

    public string? Department { get; init; }

    public string? City { get; init; }

    public IReadOnlyList<string>? Topics { get; init; }

    public IReadOnlyList<string>? Formats { get; init; }

    public IReadOnlyList<string>? Audiences { get; init; }

    public IReadOnlyList<string>? Languages { get; init; }

    public string? Network { get; init; }

    public string? Bio { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public int? MonthlyCap { get; init; }
}

/// <summary>Filters of the bookings list.</summary>
public sealed record BookingFilter(string? Status = null, string? Region = null, DateOnly? From = null, DateOnly? To = null, int Skip = 0, int Take = 100);

/// <summary>
/// A booking with where it is counted: <see cref="Region"/> is the event's region (<see cref="Booking.Region"/>, else
/// its first speaker's), sector and network are its first speaker's. <see cref="SpeakerRegions"/> gives the region of
/// every speaker seated on it (standbys not yet invited excluded), by speaker id. Who may see and change it: decision 095.
/// </summary>
public sealed record BookingView(Booking Booking, string? Region, string? Sector, string? Network, IReadOnlyList<string> SpeakerNames)
{
    public IReadOnlyDictionary<string, string> SpeakerRegions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The event's region first, then the other regions its speakers come from.</summary>
    public IReadOnlyList<string> Regions =>
        [.. new[] { Region }.OfType<string>().Concat(SpeakerRegions.Values.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)];

    /// <summary>The event is in her regions: she may change or cancel the whole booking and answer for any seat.</summary>
    public bool IsOrganisedBy(Coordinator who) => who.Covers(Region);

    /// <summary>She sees the booking when the event or one of its invited speakers is in her regions.</summary>
    public bool IsVisibleTo(Coordinator who) => IsOrganisedBy(who) || SpeakerRegions.Values.Any(who.Covers);

    /// <summary>She may confirm, decline or replace this speaker's seat: the event is hers, or the speaker is.</summary>
    public bool IsSeatManagedBy(Coordinator who, string speakerId) =>
        IsOrganisedBy(who) || (SpeakerRegions.TryGetValue(speakerId, out var region) && who.Covers(region));

    public bool Involves(string region) => Regions.Contains(region, StringComparer.Ordinal);
}

/// <summary>A request nobody answered or nobody could take, with a speaker the coordinator could ask instead.</summary>
public sealed record UnfilledRequest(BookingView Request, string Reason, int DaysWaiting, Speaker? SuggestedReplacement);
