using SpeakerBot.Admin;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Pages.Admin;

/// <summary>/admin: what waits for her in her regions, with links to each list.</summary>
public sealed class IndexModel(AdminService admin, TimeProvider time) : BackOfficePageModel
{
    public int Pending { get; private set; }

    public int Approved { get; private set; }

    public int Waiting { get; private set; }

    public int Upcoming { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await foreach (var speaker in admin.Speakers.ReadAllAsync(cancellationToken))
        {
            if (Me.Covers(speaker.Region))
            {
                Pending += speaker.Status == SpeakerStatus.Pending ? 1 : 0;
                Approved += speaker.Status == SpeakerStatus.Approved ? 1 : 0;
            }
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var waiting = await admin.ListBookingsAsync(Me, new BookingFilter(Status: "requested", Take: 1000), cancellationToken);
        Waiting = waiting.Ok ? waiting.Value!.Count : 0;
        var upcoming = await admin.ListBookingsAsync(Me, new BookingFilter(Status: "accepted", From: today, Take: 1000), cancellationToken);
        Upcoming = upcoming.Ok ? upcoming.Value!.Count : 0;
    }
}
