using System.Globalization;
using SpeakerBot.Admin;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Pages.Admin;

/// <summary>How a booking is named in the back-office tables (plain strings: Razor encodes them).</summary>
public static class RequestText
{
    public static string When(Booking booking, string lang)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var culture = CultureInfo.GetCultureInfo(lang == "en" ? "en-GB" : "fr-FR");
        return booking.Date.ToString(lang == "en" ? "ddd d MMM yyyy" : "ddd d MMM yyyy", culture) + ", " + booking.Start.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    public static string What(Booking booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return booking.Kind == BookingKind.Panel
            ? booking.Title ?? booking.Organisation ?? string.Empty
            : string.Join(" · ", new[] { booking.School?.Name, booking.School?.City, booking.ClassLevel }.Where(s => !string.IsNullOrWhiteSpace(s)));
    }
}

/// <summary>The rows of one table of /admin/requests (waiting or unfilled) for the shared partial.</summary>
public sealed record RequestRows(BackOfficePageModel Page, IReadOnlyList<BoardRequest> Rows, string Name);
