using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Cli.Commands;

/// <summary>`demo history`: fictional visits, panels, requests and feedback over the directory, marked as demo (decision 122).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var history = new Command("history", "Add a fictional history (past and upcoming visits, panels, waiting and unfilled requests, feedback) over the directory, marked as demo. Refuses a database holding real bookings.");
        history.SetAction((result, ct) => HistoryAsync(result.GetValue(CliOptions.Database)!, ct));
        var command = new Command("demo", "Demonstration data for a new installation");
        command.Subcommands.Add(history);
        return command;
    }

    private static async Task<int> HistoryAsync(string database, CancellationToken ct)
    {
        var postgres = string.Equals(CliOptions.Settings[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"], nameof(StorageProvider.Postgres), StringComparison.OrdinalIgnoreCase);
        if (postgres)
        {
            await Console.Error.WriteLineAsync("Database: PostgreSQL (Storage:PostgresConnectionString)");
        }
        else
        {
            CliOptions.AnnounceWrite(database);
        }

        try
        {
            await using var services = CliCoordinator.Services(database);
            await services.GetRequiredService<DirectorySeeder>().EnsureSeededAsync(cancellationToken: ct);
            var result = await services.GetRequiredService<DemoHistory>().AddAsync(ct);
            switch (result.Outcome)
            {
                case DemoOutcome.Added:
                    Console.WriteLine($"Demo history added: {result.Bookings} fictional bookings (requesters on example.org, marked \"démo\" in the back-office, no mail sent).");
                    return ExitCodes.Ok;
                case DemoOutcome.AlreadyThere:
                    Console.WriteLine($"The demo history is already there ({result.Bookings} demo bookings): nothing added.");
                    return ExitCodes.Ok;
                case DemoOutcome.RealBookings:
                    await Console.Error.WriteLineAsync($"Refused: this database holds {result.RealBookings} real booking(s). The demo history is only for a database without real bookings, so fictional figures never mix with real ones. Use a fresh database (--db another.db).");
                    return ExitCodes.BadInput;
                default:
                    await Console.Error.WriteLineAsync("Refused: the directory has fewer than 8 approved speakers to build a history on. Import a directory first (speakerbot import).");
                    return ExitCodes.BadInput;
            }
        }
        catch (StorageUnavailableException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.Failure;
        }
    }
}
