using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

public sealed class AdminTransferTests : IAsyncLifetime
{
    private const string Csv = """
        id,firstName,lastName,headline,sector,region,email
        imp-1,Alice,Importée,Ingénieure réseaux,numerique,bretagne,alice@example.org
        imp-2,Berthe,,Chimiste,chimie,bretagne,
        imp-3,Carla,Importée,Pilote,aeronautique,nulle-part,
        """;

    private readonly AdminHost _host = new();
    private string _national = string.Empty;
    private string _regional = string.Empty;

    public async Task InitializeAsync()
    {
        await _host.AddSpeakersAsync(AdminHost.Speaker("x-bzh", "bretagne"), AdminHost.Speaker("x-occ", "occitanie"));
        _national = await _host.TokenAsync("nat@reseau.example", CoordinatorRole.National);
        _regional = await _host.TokenAsync("bzh@reseau.example", CoordinatorRole.Regional, "bretagne");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Import_csv_dry_run_reports_rejected_rows_by_line_and_writes_nothing()
    {
        using var client = _host.Client(_national);

        var response = await client.PostAsync(new Uri("api/admin/speakers/import?dryRun=true", UriKind.Relative), new StringContent(Csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await AdminHost.JsonAsync(response);
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal((3, 1, 0), (report.GetProperty("rows").GetInt32(), report.GetProperty("accepted").GetInt32(), report.GetProperty("written").GetInt32()));
        var rejected = report.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([3, 4], rejected.Select(r => r.Item1));
        Assert.Contains("lastName", rejected[0].Item2, StringComparison.Ordinal);
        Assert.Null(await _host.Speakers.GetAsync("imp-1"));
    }

    [Fact]
    public async Task Import_multipart_jsonl_writes_the_valid_rows_and_is_audited()
    {
        using var client = _host.Client(_national);
        var jsonl = """
            {"id":"imp-j1","firstName":"Jeanne","lastName":"Jsonl","headline":"Data scientist","sector":"numerique","region":"occitanie","status":"pending"}
            {"id":"imp-j2","firstName":"Broken"
            """;
        using var form = new MultipartFormDataContent();
        var file = new StringContent(jsonl, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        form.Add(file, "file", "speakers.jsonl");

        var response = await client.PostAsync(new Uri("api/admin/speakers/import", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await AdminHost.JsonAsync(response);
        Assert.Equal(1, report.GetProperty("written").GetInt32());
        Assert.Equal(2, Assert.Single(report.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt32());
        Assert.Equal(SpeakerStatus.Pending, (await _host.Speakers.GetAsync("imp-j1"))!.Status);
        var audit = await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("directory");
        Assert.Contains(audit, e => e.Action == "speaker.import");
    }

    [Fact]
    public async Task Import_by_a_regional_coordinator_is_403_problem()
    {
        using var client = _host.Client(_regional);

        var response = await client.PostAsync(new Uri("api/admin/speakers/import", UriKind.Relative), new StringContent(Csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Export_csv_for_a_regional_coordinator_has_only_her_regions_and_no_contact()
    {
        using var client = _host.Client(_regional);

        var response = await client.GetAsync(new Uri("api/admin/speakers/export?format=csv", UriKind.Relative));
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("x-bzh,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("x-occ", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("x-bzh@speakers.example", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",occitanie,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_jsonl_with_contact_round_trips_through_import()
    {
        using var client = _host.Client(_national);

        var export = await client.GetAsync(new Uri("api/admin/speakers/export?format=jsonl&includeContact=true", UriKind.Relative));
        var jsonl = await export.Content.ReadAsStringAsync();
        var reimport = await client.PostAsync(new Uri("api/admin/speakers/import?format=jsonl&dryRun=true", UriKind.Relative), new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"));

        Assert.Contains("x-occ@speakers.example", jsonl, StringComparison.Ordinal);
        var report = await AdminHost.JsonAsync(reimport);
        Assert.Empty(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, report.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Openapi_document_lists_every_mapped_admin_route_and_method()
    {
        using var client = _host.Client();

        var response = await client.GetAsync(new Uri("openapi/admin.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        var routes = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: e.RoutePattern.RawText!, Method: m.ToLowerInvariant())))
            .ToList();
        Assert.True(routes.Count >= 21, $"only {routes.Count} admin routes found");
        var missing = routes.Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method, out _)).ToList();
        Assert.Empty(missing);
        Assert.DoesNotContain(paths.EnumerateObject(), p => !p.Name.StartsWith("/api/admin", StringComparison.Ordinal));
        Assert.Contains("/api/admin/stats", paths.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Stats_give_the_dashboard_figures_of_her_regions_as_json()
    {
        await _host.AddBookingAsync("x-bzh", new DateOnly(2025, 3, 11), BookingStatus.FeedbackReceived, new BookingFeedback(24, 11, 5, DateTimeOffset.UtcNow));
        await _host.AddBookingAsync("x-occ", new DateOnly(2025, 3, 12), BookingStatus.FeedbackReceived, new BookingFeedback(30, 15, 5, DateTimeOffset.UtcNow));
        using var client = _host.Client(_regional);

        var stats = await AdminHost.JsonAsync(await client.GetAsync(new Uri("api/admin/stats", UriKind.Relative)));

        var bretagne = stats.GetProperty("byRegion").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "bretagne");
        Assert.Equal((24, 11), (bretagne.GetProperty("pupils").GetInt32(), bretagne.GetProperty("girls").GetInt32()));
        Assert.DoesNotContain(stats.GetProperty("byRegion").EnumerateArray(), r => r.GetProperty("key").GetString() == "occitanie");
    }

    [Fact]
    public async Task Unreadable_json_and_unknown_route_are_problems_a_person_understands()
    {
        using var client = _host.Client(_national);

        var badJson = await client.PutAsync(new Uri("api/admin/speakers/x-bzh", UriKind.Relative), new StringContent("{\"firstName\": ", Encoding.UTF8, "application/json"));
        var badQuery = await client.GetAsync(new Uri("api/admin/speakers?take=lots", UriKind.Relative));
        var unknown = await client.GetAsync(new Uri("api/admin/nothing-here", UriKind.Relative));

        foreach (var (response, status, words) in new[] { (badJson, 400, "JSON valide"), (badQuery, 400, "bon type"), (unknown, 404, "openapi/admin.json") })
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(words, (await AdminHost.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
