using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Cli.Commands;

internal static class SearchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var text = new Argument<string>("TEXT") { Description = "What to look for, in French or English (may be empty: \"\")", DefaultValueFactory = _ => string.Empty };
        var sector = new Option<string[]>("--sector") { Description = "Sector slug(s), e.g. aeronautique (repeat or separate with commas)", AllowMultipleArgumentsPerToken = true };
        var region = new Option<string?>("--region") { Description = "Region slug, e.g. occitanie" };
        var department = new Option<string?>("--department") { Description = "Department code, e.g. 31, 2A, 974" };
        var near = new Option<string?>("--near") { Description = "A place (city, postal code, department) or \"lat,lon\"" };
        var radius = new Option<double?>("--radius") { Description = "With --near: keep speakers within this many km" };
        var audience = new Option<string?>("--audience") { Description = "primaire, college, lycee, superieur or entreprise" };
        var format = new Option<string?>("--format") { Description = "classroom, panel, mentoring or online" };
        var topic = new Option<string?>("--topic") { Description = "A topic label, e.g. \"intelligence artificielle\"" };
        var language = new Option<string?>("--language") { Description = "Language code, e.g. en" };
        var network = new Option<string?>("--network") { Description = "Network name, e.g. \"Elles bougent\"" };
        var status = new Option<string?>("--status") { Description = "pending, approved (default), archived or rejected" };
        var take = new Option<int>("--take") { Description = "Number of results", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("search", "Search the directory");
        command.Arguments.Add(text);
        foreach (var option in new Option[] { sector, region, department, near, radius, audience, format, topic, language, network, status, take, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CliServices.Build(parseResult.GetValue(CliOptions.Database)!);
            await services.GetRequiredService<DirectorySeeder>().EnsureSeededAsync(cancellationToken: cancellationToken);
            await services.StartSpeakerSearchAsync(cancellationToken);
            var sectors = (parseResult.GetValue(sector) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var problems = new List<string>();
            problems.AddRange(sectors.Where(s => !Taxonomy.IsSector(s)).Select(s => Unknown("sector", s, Taxonomy.Sectors)));
            Check(parseResult.GetValue(region), Taxonomy.Regions, "region", problems);
            Check(parseResult.GetValue(audience), Taxonomy.Audiences, "audience", problems);
            Check(parseResult.GetValue(format), Taxonomy.Formats, "format", problems);
            if (parseResult.GetValue(department) is { } dept && !Taxonomy.IsDepartment(dept))
            {
                problems.Add($"--department '{dept}' is not a department code (01…95, 2A, 2B, 971…976)");
            }

            SpeakerStatus? parsedStatus = null;
            if (parseResult.GetValue(status) is { } statusText)
            {
                if (SpeakerRecordMapper.TryParseStatus(statusText, out var s))
                {
                    parsedStatus = s;
                }
                else
                {
                    problems.Add($"--status '{statusText}' is not one of pending, approved, archived, rejected");
                }
            }

            GeoPoint? centre = null;
            if (parseResult.GetValue(near) is { } place)
            {
                centre = ResolvePlace(place, services.GetService<IGazetteer>());
                if (centre is null)
                {
                    problems.Add($"--near '{place}' is not a known place nor \"lat,lon\"");
                }
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]{problem}[/]");
                }

                return ExitCodes.BadInput;
            }

            var query = new SearchQuery
            {
                Text = parseResult.GetValue(text),
                Sectors = sectors,
                Region = parseResult.GetValue(region),
                Department = parseResult.GetValue(department),
                Near = centre,
                RadiusKm = parseResult.GetValue(radius),
                Audience = parseResult.GetValue(audience),
                Format = parseResult.GetValue(format),
                Topic = parseResult.GetValue(topic),
                Language = parseResult.GetValue(language),
                Network = parseResult.GetValue(network),
                Status = parsedStatus,
                Take = Math.Clamp(parseResult.GetValue(take), 1, 1000),
            };
            var result = services.GetRequiredService<ISpeakerSearch>().Search(query);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    total = result.Total,
                    hits = result.Hits.Select(h => new { speaker = SpeakerRecordMapper.ToRecord(h.Speaker, includeContact: false), score = Math.Round(h.Score, 4), why = h.Why }),
                    facets = result.Facets,
                    relaxations = result.Relaxations.Select(r => new { constraint = r.Constraint, total = r.Total }),
                }, Json));
                return ExitCodes.Ok;
            }

            Print(result);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(SearchResult result)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{result.Total}[/] speakers match.");
        if (result.Hits.Count > 0)
        {
            var table = new Table().AddColumn("#").AddColumn("speaker").AddColumn("headline").AddColumn("where").AddColumn("sector").AddColumn("why");
            var rank = 0;
            foreach (var hit in result.Hits)
            {
                var s = hit.Speaker;
                var why = string.Join("; ", new[]
                {
                    hit.Why.MatchedTerms.Count > 0 ? $"{string.Join(", ", hit.Why.MatchedTerms)} in {string.Join(", ", hit.Why.MatchedFields)}" : null,
                    hit.Why.DistanceKm is { } d ? $"{d.ToString("F0", CultureInfo.InvariantCulture)} km" : null,
                    hit.Why.MatchedTopics.Count > 0 ? "topics: " + string.Join(", ", hit.Why.MatchedTopics) : null,
                }.Where(p => p is not null));
                table.AddRow(
                    (++rank).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape($"{s.FullName} ({s.Id})"),
                    Markup.Escape(s.Headline),
                    Markup.Escape($"{s.City} ({s.Department})"),
                    Markup.Escape(s.Sector),
                    Markup.Escape(why));
            }

            AnsiConsole.Write(table);
        }

        AnsiConsole.MarkupLineInterpolated($"[grey]sectors: {Facet(result.Facets.Sectors)}[/]");
        AnsiConsole.MarkupLineInterpolated($"[grey]regions: {Facet(result.Facets.Regions)}[/]");
        AnsiConsole.MarkupLineInterpolated($"[grey]audiences: {Facet(result.Facets.Audiences)} · formats: {Facet(result.Facets.Formats)}[/]");
        foreach (var relaxation in result.Relaxations)
        {
            AnsiConsole.MarkupLineInterpolated($"Relax [bold]{relaxation.Constraint}[/] → {relaxation.Total} speakers");
        }
    }

    private static string Facet(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderByDescending(c => c.Value).Take(8).Select(c => $"{c.Key} {c.Value}"));

    internal static GeoPoint? ResolvePlace(string place, IGazetteer? gazetteer)
    {
        var parts = place.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            && lat is >= -90 and <= 90 && lon is >= -180 and <= 180)
        {
            return new GeoPoint(lat, lon);
        }

        return gazetteer?.Resolve(place)?.Location;
    }

    private static void Check(string? value, IReadOnlyList<string> known, string name, List<string> problems)
    {
        if (value is not null && !known.Contains(value))
        {
            problems.Add(Unknown(name, value, known));
        }
    }

    private static string Unknown(string name, string value, IReadOnlyList<string> known) =>
        Taxonomy.Suggest(value, known) is { } suggestion
            ? $"--{name} '{value}' is unknown — did you mean '{suggestion}'?"
            : $"--{name} '{value}' is unknown (expected one of: {string.Join(", ", known)})";
}
