using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bookings;

/// <summary>
/// Checked with the area's options when the host starts: every service the area cannot work without is
/// registered, else the start fails with one message naming each missing service and the call that adds it.
/// </summary>
public static class RequiredServices
{
    public static ValidateOptionsResult Check(IServiceProviderIsService registered, string area, IEnumerable<(Type Service, string AddedBy)> needs)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(needs);
        var missing = needs.Where(n => !registered.IsService(n.Service)).Select(n => $"{n.Service.Name} (add it with {n.AddedBy})").ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{area} cannot start without {string.Join(", ", missing)}.");
    }
}

/// <summary>What the booking services need from other areas.</summary>
internal sealed class BookingNeeds(IServiceProviderIsService registered) : IValidateOptions<BookingOptions>
{
    public ValidateOptionsResult Validate(string? name, BookingOptions options) => RequiredServices.Check(registered, "Bookings (AddBookings)",
    [
        (typeof(IBookingStore), "services.AddBookingStore()"),
        (typeof(ISpeakerStore), "services.AddSpeakerDirectory(configuration)"),
        (typeof(ISpeakerSearch), "services.AddSpeakerSearch(configuration)"),
        (typeof(IGazetteer), "services.AddGazetteer()"),
    ]);
}
