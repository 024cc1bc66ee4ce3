using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using SpeakerBot.Admin;

namespace SpeakerBot.Host.Pages.Admin.Speakers;

/// <summary>
/// The speakers list and the pending queue: filters in the query string (a link or a reload keeps them), one page of
/// the bot's search engine (<see cref="SpeakerBackOffice.ListAsync"/>) with facet counts that are links.
/// </summary>
public abstract class SpeakerListModel(SpeakerBackOffice office) : BackOfficePageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "sector")]
    public string? Sector { get; set; }

    [BindProperty(SupportsGet = true, Name = "topic")]
    public string? Topic { get; set; }

    [BindProperty(SupportsGet = true, Name = "format")]
    public string? Format { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public SpeakerListPage? Listing { get; private set; }

    public AdminError? Error { get; private set; }

    /// <summary>The page's own path, for links that keep the filters.</summary>
    public abstract string Path { get; }

    /// <summary>The pending queue fixes the status; the list lets her choose.</summary>
    public virtual bool FixedStatus => false;

    public SpeakerListQuery Query => new()
    {
        Text = Text,
        Status = Status,
        Region = Region,
        Sector = Sector,
        Topic = Topic,
        Format = Format,
        Page = PageNumber,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (FixedStatus)
        {
            Status = "pending";
        }

        var result = await office.ListAsync(Me, Query, cancellationToken);
        if (result.Error is { Status: 403 })
        {
            return await Forbidden("speakers.list", "region:" + Region);
        }

        if (!result.Ok)
        {
            Error = result.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Listing = result.Value;
        return Page();
    }

    /// <summary>This list's URL with the current filters, some replaced (null removes one); the page goes back to 1 unless given.</summary>
    public string Link(string? path = null, params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = Text,
            ["status"] = FixedStatus ? null : Status,
            ["region"] = Region,
            ["sector"] = Sector,
            ["topic"] = Topic,
            ["format"] = Format,
        };
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        var query = new QueryBuilder();
        foreach (var (key, value) in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(key, value);
            }
        }

        return (path ?? Path) + query.ToQueryString();
    }

    public string StatusText(SpeakerBot.Domain.SpeakerStatus status) => T("speakers.status." + status.ToString().ToLowerInvariant());
}
