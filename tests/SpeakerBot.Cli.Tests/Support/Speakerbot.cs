using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SpeakerBot.Cli.Tests.Support;

/// <summary>What one run of the command line printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built `speakerbot` as its own process. Not in-process: the commands write through Console and Spectre's
/// static AnsiConsole (which keeps the writer it first saw) and `parse --jsonl` reads Console.In, so capturing them
/// in-process would mean swapping global state under tests that run in parallel.
/// </summary>
internal static partial class Speakerbot
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static string Assembly => Path.Combine(AppContext.BaseDirectory, "speakerbot.dll");

    public static Task<CliRun> RunAsync(string workingDirectory, string? stdin, params string[] args) =>
        RunWithEnvironmentAsync(workingDirectory, stdin, new Dictionary<string, string>(), args);

    /// <summary>The same, with settings passed as environment variables (e.g. Storage__Provider), as a deployment sets them.</summary>
    public static async Task<CliRun> RunWithEnvironmentAsync(string workingDirectory, string? stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The database must come from --db only (the outbox from the test's folder), and the output must not depend on the terminal of whoever runs the tests.
        start.Environment.Remove("Storage__SqlitePath");
        start.Environment.Remove("Storage__DataRoot");
        start.Environment["SPEAKERBOT_DATA"] = workingDirectory;
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start speakerbot");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"speakerbot {string.Join(' ', args)} did not finish within {Timeout}");
        }

        return new CliRun(process.ExitCode, StripAnsi(await stdout), StripAnsi(await stderr));
    }

    private static string DotnetHost()
    {
        // The test host usually runs under the same dotnet; otherwise the SDK's host path, otherwise PATH.
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private static string StripAnsi(string text) => AnsiEscape().Replace(text, string.Empty);

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
