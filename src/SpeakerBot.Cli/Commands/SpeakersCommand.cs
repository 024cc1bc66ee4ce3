using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Domain;

namespace SpeakerBot.Cli.Commands;

/// <summary>`speakers pending|approve|reject`: curation of proposed profiles (from /join, the API or an import).</summary>
internal static class SpeakersCommand
{
    public static Command Create()
    {
        var command = new Command("speakers", "Review proposed speaker profiles: list pending ones, approve or reject them.");

        var region = new Option<string?>("--region") { Description = "Only this region (slug), e.g. occitanie." };
        var pending = new Command("pending", "List profiles waiting for approval, oldest first.") { region };
        pending.SetAction((result, ct) => PendingAsync(result.GetValue(CliOptions.Database)!, result.GetValue(region), ct));

        var approveId = new Argument<string>("ID") { Description = "Speaker id (from speakers pending)." };
        var approve = new Command("approve", "Approve a profile: she is searchable at once.") { approveId };
        approve.SetAction((result, ct) => SetStatusAsync(result.GetValue(CliOptions.Database)!, result.GetValue(approveId)!, SpeakerStatus.Approved, null, ct));

        var rejectId = new Argument<string>("ID") { Description = "Speaker id (from speakers pending)." };
        var reason = new Option<string>("--reason") { Description = "Why, kept in the audit log.", Required = true };
        var reject = new Command("reject", "Reject a proposed profile (it is never searchable).") { rejectId, reason };
        reject.SetAction((result, ct) => SetStatusAsync(result.GetValue(CliOptions.Database)!, result.GetValue(rejectId)!, SpeakerStatus.Rejected, result.GetValue(reason), ct));

        command.Subcommands.Add(pending);
        command.Subcommands.Add(approve);
        command.Subcommands.Add(reject);
        return command;
    }

    private static async Task<int> PendingAsync(string database, string? region, CancellationToken ct)
    {
        await using var services = CliCoordinator.Services(database);
        var result = await services.GetRequiredService<AdminService>().ListSpeakersAsync(CliCoordinator.Current, new SpeakerFilter(Status: "pending", Region: region, Take: 1000), ct);
        if (!result.Ok)
        {
            await Console.Error.WriteLineAsync($"--{result.Error!.Field}: {result.Error.Detail}");
            return ExitCodes.BadInput;
        }

        var list = result.Value!.OrderBy(s => s.UpdatedAt).ToList();
        if (list.Count == 0)
        {
            Console.WriteLine("No profile is waiting for approval.");
            return ExitCodes.Ok;
        }

        foreach (var s in list)
        {
            Console.WriteLine($"{s.Id,-16} {s.FullName,-30} {s.Headline,-36} {s.Sector,-20} {s.Region,-24} {s.UpdatedAt:yyyy-MM-dd}");
        }

        Console.WriteLine($"{list.Count} pending. Approve with: speakerbot speakers approve ID; reject with: speakerbot speakers reject ID --reason \"…\"");
        return ExitCodes.Ok;
    }

    private static async Task<int> SetStatusAsync(string database, string id, SpeakerStatus status, string? reason, CancellationToken ct)
    {
        if (status == SpeakerStatus.Rejected && string.IsNullOrWhiteSpace(reason))
        {
            await Console.Error.WriteLineAsync("--reason: say why the profile is rejected (kept in the audit log).");
            return ExitCodes.BadInput;
        }

        CliOptions.AnnounceWrite(database);
        await using var services = CliCoordinator.Services(database);
        var result = await services.GetRequiredService<AdminService>().SetSpeakerStatusAsync(CliCoordinator.Current, id, status, reason, ct);
        if (!result.Ok)
        {
            await Console.Error.WriteLineAsync(result.Error!.Detail);
            return result.Error.Status == 404 ? ExitCodes.BadInput : ExitCodes.Failure;
        }

        Console.WriteLine(status == SpeakerStatus.Approved
            ? $"{result.Value!.FullName} ({id}) is approved and searchable."
            : $"{result.Value!.FullName} ({id}) is rejected.");
        return ExitCodes.Ok;
    }
}
