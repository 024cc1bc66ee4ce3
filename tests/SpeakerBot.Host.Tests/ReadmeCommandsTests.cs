using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// The README's commands as a new user runs them: the bot with `dotnet run --project src/SpeakerBot.Host` (working
/// directory src/SpeakerBot.Host, as `dotnet run` sets it) and the command line from the repository root. Both are the
/// built programs in their own processes; they must meet in one database.
/// </summary>
public sealed class ReadmeCommandsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "speakerbot-readme-" + Guid.NewGuid().ToString("N"));
    private readonly string _checkout = DataRoot.FindCheckout() ?? throw new InvalidOperationException("tests run from a checkout");

    [Fact]
    public async Task Token_and_import_made_with_the_command_line_work_in_the_running_bot()
    {
        Directory.CreateDirectory(_data);
        var port = FreePort();
        using var host = Start(
            Built("SpeakerBot.Host", "SpeakerBot.Host.dll"),
            Path.Combine(_checkout, "src", "SpeakerBot.Host"),
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilAnsweringAsync(http, host);

            var add = await RunCliAsync("coordinator", "add", "--email", "anne@reseau.fr", "--role", "national");
            Assert.True(add.ExitCode == 0, add.ToString());
            var token = add.Stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[^1];
            var database = Path.Combine(_data, "speakerbot.db");
            Assert.Contains($"Database: {database}", add.Stderr, StringComparison.Ordinal);

            var file = Path.Combine(_data, "speakers.jsonl");
            await File.WriteAllTextAsync(file, """{"id":"sp-readme01","firstName":"Zoé","lastName":"Hamon","headline":"Data scientist","sector":"numerique","region":"occitanie","department":"31","city":"Toulouse","lat":43.6,"lon":1.44,"topics":["intelligence artificielle"],"formats":["classroom"],"audiences":["lycee"],"languages":["fr"],"bio":"Bio de test."}""" + "\n");
            var import = await RunCliAsync("import", file);
            Assert.True(import.ExitCode == 0, import.ToString());
            Assert.Contains($"Database: {database}", import.Stderr, StringComparison.Ordinal);

            using var request = new HttpRequestMessage(HttpMethod.Get, "api/admin/speakers/sp-readme01");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
            Assert.Equal("Hamon", JsonDocument.Parse(body).RootElement.GetProperty("lastName").GetString());

            StopAndWait(host);
            Assert.Contains($"database {database}", host.Output, StringComparison.Ordinal);
            Assert.Contains($"outbox {Path.Combine(_data, "outbox")}", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            StopAndWait(host);
        }
    }

    [Theory]
    [InlineData("text file at the database path", "the file there is not a SQLite database")]
    [InlineData("data folder under a regular file", "cannot be created")]
    public async Task Host_with_an_unusable_database_stops_with_one_line_naming_the_setting(string problem, string expected)
    {
        Directory.CreateDirectory(_data);
        var text = Path.Combine(_data, problem.StartsWith("text", StringComparison.Ordinal) ? "speakerbot.db" : "notes.txt");
        await File.WriteAllTextAsync(text, "not a database\n");
        // A path under a regular file cannot be created even by root, unlike a chmod'ed folder.
        var dataRoot = text.EndsWith(".db", StringComparison.Ordinal) ? _data : Path.Combine(text, "sub");
        using var host = Start(
            Built("SpeakerBot.Host", "SpeakerBot.Host.dll"),
            Path.Combine(_checkout, "src", "SpeakerBot.Host"),
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}", [DataRoot.EnvironmentVariable] = dataRoot });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.Process.WaitForExitAsync(timeout.Token);
        host.Process.WaitForExit();

        var output = host.Output;
        Assert.True(host.Process.ExitCode == 2, $"exit code {host.Process.ExitCode}:\n{output}");
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("Storage:SqlitePath", StringComparison.Ordinal));
        Assert.Contains("SPEAKERBOT_DATA", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dataRoot, "speakerbot.db"), line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal("not a database\n", await File.ReadAllTextAsync(text));
    }

    [Fact]
    public async Task Host_on_an_unreachable_postgres_server_stops_with_one_line_naming_the_setting_but_not_the_password()
    {
        using var host = Start(
            Built("SpeakerBot.Host", "SpeakerBot.Host.dll"),
            Path.Combine(_checkout, "src", "SpeakerBot.Host"),
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}",
                [DataRoot.EnvironmentVariable] = _data,
                ["Storage__Provider"] = "Postgres",
                ["Storage__PostgresConnectionString"] = $"Host=127.0.0.1;Port={FreePort()};Database=speakerbot;Username=bot;Password=s3cret-Pw;Timeout=5",
            });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.Process.WaitForExitAsync(timeout.Token);
        host.Process.WaitForExit();

        var output = host.Output;
        Assert.True(host.Process.ExitCode == 2, $"exit code {host.Process.ExitCode}:\n{output}");
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("Storage:PostgresConnectionString", StringComparison.Ordinal));
        Assert.Contains("database speakerbot on 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("no server answers", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pw", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        using var cli = Start(Built("SpeakerBot.Cli", "speakerbot.dll"), _checkout, new Dictionary<string, string> { ["NO_COLOR"] = "1", ["TERM"] = "dumb" }, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await cli.Process.WaitForExitAsync(timeout.Token);
        cli.Process.WaitForExit();
        return (cli.Process.ExitCode, cli.Stdout.ToString(), cli.Stderr.ToString());
    }

    /// <summary>The program in its project's own bin/ folder, same configuration and framework as these tests.</summary>
    private string Built(string project, string assembly)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(_checkout, "src", project, "bin", framework.Parent!.Name, framework.Name, assembly);
        Assert.True(File.Exists(path), $"{path} should have been built with the tests");
        return path;
    }

    private RunningProgram Start(string assembly, string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in new[] { "Storage__SqlitePath", "Storage__DataRoot", "Bookings__PickupDirectory", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(key);
        }

        start.Environment[DataRoot.EnvironmentVariable] = _data;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new RunningProgram(Process.Start(start) ?? throw new InvalidOperationException($"could not start {assembly}"));
    }

    private static async Task WaitUntilAnsweringAsync(HttpClient http, RunningProgram host)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            Assert.False(host.Process.HasExited, $"the host stopped:\n{host.Output}");
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the host did not answer /healthz:\n{host.Output}");
    }

    private static void StopAndWait(RunningProgram program)
    {
        if (!program.Process.HasExited)
        {
            program.Process.Kill(entireProcessTree: true);
        }

        program.Process.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private sealed class RunningProgram : IDisposable
    {
        public RunningProgram(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(Stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Append(Stderr, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public StringBuilder Stdout { get; } = new();

        public StringBuilder Stderr { get; } = new();

        public string Output
        {
            get
            {
                lock (Stdout)
                {
                    lock (Stderr)
                    {
                        return Stdout + "\n" + Stderr;
                    }
                }
            }
        }

        public void Dispose() => Process.Dispose();

        private static void Append(StringBuilder builder, string? line)
        {
            if (line is not null)
            {
                lock (builder)
                {
                    builder.AppendLine(line);
                }
            }
        }
    }
}
