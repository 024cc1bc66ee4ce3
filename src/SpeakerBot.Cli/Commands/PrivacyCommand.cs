using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;

namespace SpeakerBot.Cli.Commands;

/// <summary>`privacy export|erase|retention`: a person's right of access and erasure, and the retention pass.</summary>
internal static class PrivacyCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Command Create()
    {
        var command = new Command("privacy", "Personal data: export or erase everything held about a person; apply the retention rule now.");

        var exportEmail = EmailOption();
        var exportSpeaker = SpeakerOption();
        var output = new Option<string?>("--output", "-o") { Description = "Write the JSON to this file instead of the console." };
        var export = new Command("export", "Export as JSON everything held about a speaker or a requester.") { exportEmail, exportSpeaker, output };
        export.SetAction((result, ct) => ExportAsync(result.GetValue(CliOptions.Database)!, new PrivacySubject(result.GetValue(exportEmail), result.GetValue(exportSpeaker)), result.GetValue(output), ct));

        var eraseEmail = EmailOption();
        var eraseSpeaker = SpeakerOption();
        var yes = new Option<bool>("--yes") { Description = "Confirm: erasure cannot be undone." };
        var erase = new Command("erase", "Erase a person: contact data deleted, bookings anonymised, mails and conversation state purged.") { eraseEmail, eraseSpeaker, yes };
        erase.SetAction((result, ct) => EraseAsync(result.GetValue(CliOptions.Database)!, new PrivacySubject(result.GetValue(eraseEmail), result.GetValue(eraseSpeaker)), result.GetValue(yes), ct));

        var retention = new Command("retention", "Anonymise requesters of visits older than Admin__RetentionMonths now (the bot also does it on its own).");
        retention.SetAction((result, ct) => RetentionAsync(result.GetValue(CliOptions.Database)!, ct));

        command.Subcommands.Add(export);
        command.Subcommands.Add(erase);
        command.Subcommands.Add(retention);
        return command;
    }

    private static Option<string?> EmailOption() => new("--email") { Description = "The person's e-mail address (speaker contact or requester)." };

    private static Option<string?> SpeakerOption() => new("--speaker") { Description = "A speaker id." };

    private static async Task<int> ExportAsync(string database, PrivacySubject subject, string? output, CancellationToken ct)
    {
        await using var services = CliCoordinator.Services(database);
        var result = await services.GetRequiredService<PrivacyService>().ExportAsync(CliCoordinator.Current, subject, ct);
        if (!result.Ok)
        {
            await Console.Error.WriteLineAsync(result.Error!.Detail);
            return ExitCodes.BadInput;
        }

        var json = JsonSerializer.Serialize(result.Value, Json);
        if (output is null)
        {
            Console.WriteLine(json);
        }
        else
        {
            await File.WriteAllTextAsync(output, json, ct);
            Console.WriteLine($"Everything held about {subject} written to {output} ({result.Value!.Bookings.Count} bookings, {result.Value.Mails.Count} mails).");
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> EraseAsync(string database, PrivacySubject subject, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            await Console.Error.WriteLineAsync($"Erasing {subject} cannot be undone: run `privacy export` first if she asked for a copy, then add --yes.");
            return ExitCodes.BadInput;
        }

        CliOptions.AnnounceWrite(database);
        await using var services = CliCoordinator.Services(database);
        var result = await services.GetRequiredService<PrivacyService>().EraseAsync(CliCoordinator.Current, subject, ct);
        if (!result.Ok)
        {
            await Console.Error.WriteLineAsync(result.Error!.Detail);
            return ExitCodes.BadInput;
        }

        var r = result.Value!;
        Console.WriteLine($"Erased {subject}: {r.SpeakerProfilesErased} speaker profiles, {r.BookingsAnonymised.Count} bookings anonymised ({string.Join(", ", r.BookingsAnonymised)}), {r.MailsDeleted} mails and {r.MailFilesDeleted} .eml files deleted, {r.StateDocumentsDeleted} conversation states deleted, {r.AuditEntriesScrubbed} audit snapshots cleared.");
        return ExitCodes.Ok;
    }

    private static async Task<int> RetentionAsync(string database, CancellationToken ct)
    {
        CliOptions.AnnounceWrite(database);
        await using var services = CliCoordinator.Services(database);
        var privacy = services.GetRequiredService<PrivacyService>();
        var r = await privacy.ApplyRetentionAsync(ct);
        Console.WriteLine($"Retention: {r.BookingsAnonymised.Count} bookings anonymised, {r.MailsDeleted} mails and {r.StateDocumentsDeleted} conversation states deleted.");
        return ExitCodes.Ok;
    }
}
