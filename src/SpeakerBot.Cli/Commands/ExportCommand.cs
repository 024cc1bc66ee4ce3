using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Output file" };
        var format = new Option<string?>("--format") { Description = "csv or jsonl (default: from the file extension)" };
        format.AcceptOnlyFromAmong("csv", "jsonl");
        var includeContact = new Option<bool>("--include-contact") { Description = "Also write e-mail and phone (private: handle the file accordingly)" };
        var command = new Command("export", "Export the whole directory to CSV or JSONL (without contact details unless asked)");
        command.Arguments.Add(file);
        command.Options.Add(format);
        command.Options.Add(includeContact);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var chosen = parseResult.GetValue(format) switch
            {
                "csv" => ImportFormat.Csv,
                "jsonl" => ImportFormat.Jsonl,
                _ => SpeakerImporter.FormatOf(path),
            };
            await using var services = CliServices.Build(parseResult.GetValue(CliOptions.Database)!);
            var count = await services.GetRequiredService<SpeakerExporter>().ExportFileAsync(path, chosen, parseResult.GetValue(includeContact), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"{count} speakers written to {path}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
