using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "JSONL or CSV file of speakers (.csv = CSV, anything else = JSONL)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report, write nothing" };
        var command = new Command("import", "Import speakers (upsert by id); rejected rows are listed with their line number");
        command.Arguments.Add(file);
        command.Options.Add(dryRun);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetValue(CliOptions.Database)!, parseResult.GetValue(file)!, parseResult.GetValue(dryRun), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string database, string path, bool dryRun, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]File '{path}' does not exist.[/]");
            return ExitCodes.BadInput;
        }

        if (!dryRun)
        {
            CliOptions.AnnounceWrite(database);
        }

        await using var services = CliServices.Build(database);
        var importer = services.GetRequiredService<SpeakerImporter>();
        ImportReport report;
        try
        {
            var size = new FileInfo(path).Length;
            if (size > 1_000_000 && !Console.IsOutputRedirected)
            {
                report = null!;
                await AnsiConsole.Progress().AutoClear(false).StartAsync(async context =>
                {
                    var task = context.AddTask(dryRun ? "Checking" : "Importing", maxValue: size);
                    var progress = new Progress<ImportProgress>(p => task.Value = p.BytesRead);
                    report = await importer.ImportFileAsync(path, new ImportOptions { DryRun = dryRun, Progress = progress }, cancellationToken);
                    task.Value = size;
                });
            }
            else
            {
                report = await importer.ImportFileAsync(path, new ImportOptions { DryRun = dryRun }, cancellationToken);
            }
        }
        catch (ImportFileException exception)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Nothing imported: {exception.Message}[/]");
            return ExitCodes.BadInput;
        }

        foreach (var warning in report.Warnings)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]{warning}[/]");
        }

        if (report.Rejected.Count > 0)
        {
            var table = new Table().AddColumn("line").AddColumn("id").AddColumn("reason");
            foreach (var row in report.Rejected.Take(200))
            {
                table.AddRow(Markup.Escape(row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), Markup.Escape(row.Id ?? "—"), Markup.Escape(row.Reason));
            }

            AnsiConsole.Write(table);
            if (report.Rejected.Count > 200)
            {
                AnsiConsole.MarkupLineInterpolated($"… and {report.Rejected.Count - 200} more rejected rows.");
            }
        }

        if (dryRun)
        {
            AnsiConsole.MarkupLineInterpolated($"Dry run: {report.Rows} rows read, {report.Accepted} would be imported, {report.Rejected.Count} rejected. Nothing was written.");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"{report.Rows} rows read, {report.Written} imported, {report.Rejected.Count} rejected.");
        }

        return report.Rejected.Count > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}
