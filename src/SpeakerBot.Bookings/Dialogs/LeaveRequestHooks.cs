using System.Globalization;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Bookings.Dialogs;

// The hook of dialogs/flows/leave_request.json.

/// <summary>
/// "Laisser ma demande": stores the request as an unmatched booking and e-mails the coordinators of its region, or
/// the national ones when nobody covers it, or the coordination address when no coordinator exists (decision 107).
/// </summary>
internal sealed class LeaveRequestAction(BookingService bookings, ICoordinatorStore coordinators, IGazetteer gazetteer, Microsoft.Extensions.Options.IOptions<BookingOptions> options) : IFlowAction
{
    public string Name => "record_demand";

    public async Task<FlowActionResult> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? Value(string name) => context.Slots.TryGetValue(name, out var slot) && !string.IsNullOrWhiteSpace(slot) ? slot.Trim()
            : context.Facts.TryGetValue(name, out var fact) && !string.IsNullOrWhiteSpace(fact) ? fact.Trim() : null;

        var email = Value("email") ?? string.Empty;
        var format = Value("format");
        var date = DateOnly.TryParseExact(Value(FactNames.DateFrom) ?? Value("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.FromDateTime(FrenchTime.ToLocal(context.Now));
        var start = TimeOnly.TryParseExact(Value(FactNames.Time), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : new TimeOnly(9, 0);
        int? pupils = int.TryParse(Value("pupils"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var city = Value(FactNames.City);
        var region = RegionOf(Value(FactNames.Region), Value(FactNames.Department), city);
        var panel = format == "panel";
        var draft = new Booking
        {
            Reference = string.Empty,
            Kind = panel ? BookingKind.Panel : BookingKind.ClassroomVisit,
            Requester = new Requester(email, email, context.UserKey, Languages.IsEnglish(context.Locale) ? "en" : "fr"),
            Date = date,
            Start = start,
            Format = format == "online" ? VisitFormat.Online : VisitFormat.InPerson,
            Location = city,
            ClassLevel = Value(FactNames.ClassLevel),
            Pupils = panel ? null : pupils,
            AudienceSize = panel ? pupils : null,
            Message = Value("message"),
            Title = Value(FactNames.What),
            Region = region,
            Sector = Value(FactNames.Sectors)?.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(),
        };

        var outcome = await bookings.LeaveRequestAsync(draft, await RecipientsAsync(region, cancellationToken).ConfigureAwait(false),
            $"leave/{context.ConversationKey}/{context.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
        if (outcome.Booking is not null)
        {
            context.Facts[FactNames.BookingRef] = outcome.Booking.Reference;
        }

        return new FlowActionResult([], outcome.Booking is not null);
    }

    private string? RegionOf(string? region, string? department, string? city)
    {
        if (Taxonomy.IsRegion(region))
        {
            return region;
        }

        if (department is not null && gazetteer.Department(department) is { } known)
        {
            return known.Region;
        }

        return city is not null && gazetteer.Resolve(city) is { } place && Taxonomy.IsRegion(place.Region) ? place.Region : null;
    }

    /// <summary>The active coordinators of the region; the national ones when none covers it; the coordination address when nobody is registered.</summary>
    private async Task<IReadOnlyList<string>> RecipientsAsync(string? region, CancellationToken cancellationToken)
    {
        var active = (await coordinators.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.IsActive).ToList();
        var regional = region is null ? [] : active.Where(c => c.Role == CoordinatorRole.Regional && c.Regions.Contains(region, StringComparer.Ordinal)).ToList();
        var chosen = regional.Count > 0 ? regional : active.Where(c => c.Role == CoordinatorRole.National).ToList();
        return chosen.Count > 0 ? [.. chosen.Select(c => c.Email)] : [options.Value.CoordinatorEmail];
    }
}
