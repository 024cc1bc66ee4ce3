using System.CommandLine;
using SpeakerBot.Admin;
using SpeakerBot.Domain.Coordinators;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Storage;

namespace SpeakerBot.Cli.Commands;

/// <summary>`coordinator add|list|revoke`: the people allowed to use /api/admin and /admin, and their tokens.</summary>
internal static class CoordinatorCommand
{
    /// <summary>What the audit log records as the author of changes made from this command line.</summary>
    public static string CliActor => $"cli:{Environment.UserName}";

    public static Command Create()
    {
        var command = new Command("coordinator", "Manage coordinators (national or regional) and their API tokens.");

        var email = new Option<string>("--email") { Description = "Her e-mail address.", Required = true };
        var role = new Option<string>("--role") { Description = "national or regional.", Required = true };
        var regions = new Option<string[]>("--region") { Description = "Region slug (repeat for several), e.g. occitanie.", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Create a coordinator and print her token once (only its hash is kept).") { email, role, regions };
        add.SetAction((result, ct) => AddAsync(result.GetValue(CliOptions.Database)!, result.GetValue(email), result.GetValue(role), result.GetValue(regions), ct));

        var list = new Command("list", "List coordinators, their role, regions and whether their token is revoked.");
        list.SetAction((result, ct) => ListAsync(result.GetValue(CliOptions.Database)!, ct));

        var who = new Argument<string>("id-or-email") { Description = "Coordinator id (from list) or e-mail." };
        var revoke = new Command("revoke", "Revoke a coordinator's token at once.") { who };
        revoke.SetAction((result, ct) => RevokeAsync(result.GetValue(CliOptions.Database)!, result.GetValue(who)!, ct));

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    /// <summary>The coordinator store of Storage:Provider (the SQLite file of --db, or PostgreSQL), as the bot wires it.</summary>
    internal static ServiceProvider Services(string databasePath) =>
        CliServices.Build(databasePath, services => services.AddBookingStore().AddCoordinatorStores());

    private static CoordinatorService Coordinators(IServiceProvider services) =>
        new(services.GetRequiredService<ICoordinatorStore>());

    private static async Task<int> AddAsync(string database, string? email, string? role, string[]? regions, CancellationToken ct)
    {
        CliOptions.AnnounceWrite(database);
        await using var services = Services(database);
        var result = await Coordinators(services).AddAsync(email, role, regions ?? [], CliActor, ct);
        if (!result.Ok)
        {
            await Console.Error.WriteLineAsync($"--{result.Error!.Field}: {result.Error.Detail}");
            return ExitCodes.BadInput;
        }

        var (coordinator, token) = result.Value;
        Console.WriteLine($"Coordinator {coordinator.Id} ({coordinator.Email}, {Describe(coordinator)}) created.");
        Console.WriteLine("Token (shown only once; give it to her through a safe channel):");
        Console.WriteLine(token);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(string database, CancellationToken ct)
    {
        await using var services = Services(database);
        var all = await Coordinators(services).ListAsync(ct);
        if (all.Count == 0)
        {
            Console.WriteLine("No coordinator yet. Create one with: speakerbot coordinator add --email … --role national");
            return ExitCodes.Ok;
        }

        foreach (var c in all)
        {
            Console.WriteLine($"{c.Id,4}  {c.Email,-40} {Describe(c),-40} {(c.IsActive ? "active" : $"revoked {c.RevokedAt:yyyy-MM-dd}")}");
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> RevokeAsync(string database, string who, CancellationToken ct)
    {
        CliOptions.AnnounceWrite(database);
        await using var services = Services(database);
        var revoked = await Coordinators(services).RevokeAsync(who, CliActor, ct);
        if (revoked is null)
        {
            await Console.Error.WriteLineAsync($"No active coordinator with id or e-mail '{who}'. See: speakerbot coordinator list");
            return ExitCodes.BadInput;
        }

        Console.WriteLine($"Token of coordinator {revoked.Id} ({revoked.Email}) revoked.");
        return ExitCodes.Ok;
    }

    private static string Describe(Coordinator c) => c.Role == CoordinatorRole.National ? "national" : "regional: " + string.Join(", ", c.Regions);
}
