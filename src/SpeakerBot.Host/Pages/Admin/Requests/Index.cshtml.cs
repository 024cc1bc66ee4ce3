using SpeakerBot.Admin;

namespace SpeakerBot.Host.Pages.Admin.Requests;

/// <summary>/admin/requests: waiting requests, unfilled demand and upcoming visits of her regions; each row opens the booking.</summary>
public sealed class IndexModel(RequestsBoard board) : BackOfficePageModel
{
    public RequestsOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Overview = await board.OverviewAsync(Me, cancellationToken);
}
