using SpeakerBot.Domain;

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

/// <summary>A booking with where it is counted: the region, sector and network of its first speaker.</summary>
public sealed record BookingView(Booking Booking, string? Region, string? Sector, string? Network, IReadOnlyList<string> SpeakerNames);

/// <summary>A request nobody answered or nobody could take, with a speaker the coordinator could ask instead.</summary>
public sealed record UnfilledRequest(BookingView Request, string Reason, int DaysWaiting, Speaker? SuggestedReplacement);
