using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SpeakerBot.Host.Tests;

/// <summary>
/// The real host as its own process on a real SQLite file, killed with SIGKILL in the middle of a turn (its side
/// effects done, its state not yet committed), restarted on the same file, and the channel redelivering the activity.
/// </summary>
[Trait("Category", "Security")]
public sealed class CrashSafeTurnTests : IAsyncLifetime
{
    private const string HeldLine = "speakerbot-test: commit held";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-crash-" + Guid.NewGuid().ToString("N"));
    private HostProcess? _host;

    private string Database => Path.Combine(_folder, "speakerbot.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Fact]
    public async Task Booking_killed_mid_turn_resumes_in_context_after_restart_with_one_booking()
    {
        _host = await HostProcess.StartAsync(_folder, Database, hold: "hold-1");
        var search = await _host.TurnAsync("a1", "Une policière pour mes élèves à Toulouse");
        var book = Buttons(search).First(b => b.Title.Contains("Réserver", StringComparison.Ordinal));
        Assert.Contains("En classe ou en visio", Text(await _host.TurnAsync("a2", book.Value)), StringComparison.Ordinal);
        var slots = await _host.TurnAsync("a3", "En classe");
        Assert.Contains("Quel créneau", Text(slots), StringComparison.Ordinal);
        Assert.Contains("établissement", Text(await _host.TurnAsync("a4", Buttons(slots)[0].Value)), StringComparison.Ordinal);
        Assert.Contains("Pour quelle classe", Text(await _host.TurnAsync("a5", "Collège Jean Jaurès, Toulouse")), StringComparison.Ordinal);
        Assert.Contains("Combien d'élèves", Text(await _host.TurnAsync("a6", "4e")), StringComparison.Ordinal);

        // The pupils answer is in flight when the process dies: after the restart its redelivery is answered in context.
        await _host.KillDuringTurnAsync("a7-hold-1", "28");
        _host = await HostProcess.StartAsync(_folder, Database, hold: "hold-2");
        Assert.Contains("Votre nom", Text(await _host.TurnAsync("a7-hold-1", "28")), StringComparison.Ordinal);
        Assert.Contains("adresse e-mail", Text(await _host.TurnAsync("a8", "Sophie Durand")), StringComparison.Ordinal);
        Assert.Contains("message pour l'intervenante", Text(await _host.TurnAsync("a9", "sophie.durand@ac-toulouse.fr")), StringComparison.Ordinal);
        Assert.Contains("Je récapitule", Text(await _host.TurnAsync("a10", "Passer")), StringComparison.Ordinal);

        // "Oui" has written the booking when the process dies, before the conversation state and the reply are committed.
        await _host.KillDuringTurnAsync("a11-hold-2", "Oui");
        Assert.Equal(1, Count("bookings"));
        _host = await HostProcess.StartAsync(_folder, Database, hold: null);
        var confirmed = Text(await _host.TurnAsync("a11-hold-2", "Oui"));
        Assert.Contains("référence HD-", confirmed, StringComparison.Ordinal);
        var reference = confirmed[confirmed.IndexOf("HD-", StringComparison.Ordinal)..][..12];

        // The same activity delivered once more gets the same answer, not a second run nor silence.
        Assert.Contains(reference, Text(await _host.TurnAsync("a11-hold-2", "Oui")), StringComparison.Ordinal);
        Assert.Contains(reference + " — ", Text(await _host.TurnAsync("a12", "Suivre une demande")), StringComparison.Ordinal);
        Assert.Equal(1, Count("bookings"));
    }

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private static string Text(JsonElement replies) =>
        string.Join('\n', replies.EnumerateArray().Select(r => r.TryGetProperty("text", out var t) ? t.GetString() : null).OfType<string>());

    private static List<(string Title, string Value)> Buttons(JsonElement replies)
    {
        var found = new List<(string, string)>();
        foreach (var reply in replies.EnumerateArray())
        {
            if (reply.TryGetProperty("attachments", out var attachments))
            {
                foreach (var attachment in attachments.EnumerateArray())
                {
                    if (attachment.TryGetProperty("content", out var content) && content.TryGetProperty("buttons", out var buttons))
                    {
                        found.AddRange(buttons.EnumerateArray().Select(b => (b.GetProperty("title").GetString()!, b.GetProperty("value").GetString()!)));
                    }
                }
            }

            if (reply.TryGetProperty("suggestedActions", out var suggested))
            {
                found.AddRange(suggested.GetProperty("actions").EnumerateArray().Select(b => (b.GetProperty("title").GetString()!, b.GetProperty("value").GetString()!)));
            }
        }

        return found;
    }

    private sealed class HostProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private HostProcess(Process process, Uri address)
        {
            _process = process;
            _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(90) };
        }

        public static async Task<HostProcess> StartAsync(string folder, string database, string? hold)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(DotnetHost())
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SpeakerBot.Host.dll"));
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["Storage__SqlitePath"] = database;
            start.Environment["Storage__HoldCommitOfActivity"] = hold ?? string.Empty;
            start.Environment["Bookings__PickupDirectory"] = Path.Combine(folder, "outbox");
            start.Environment["DirectLine__TokenSigningKey"] = Convert.ToBase64String(new byte[32]);
            start.Environment["Admin__RunRetentionJob"] = "false";
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
            var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
            process.OutputDataReceived += (_, e) => host.Saw(e.Data);
            process.ErrorDataReceived += (_, e) => host.Saw(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await host.WaitReadyAsync();
            return host;
        }

        public async Task<JsonElement> TurnAsync(string id, string text)
        {
            var activity = JsonSerializer.Serialize(new
            {
                type = "message",
                id,
                text,
                locale = "fr-FR",
                channelId = "emulator",
                deliveryMode = "expectReplies",
                from = new { id = "teacher-1" },
                recipient = new { id = "bot" },
                conversation = new { id = "crash-conversation" },
                serviceUrl = "http://127.0.0.1:9/",
            });
            using var response = await _http.PostAsync(new Uri("api/messages", UriKind.Relative), new StringContent(activity, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id}: {response.StatusCode}\n{Output}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activities");
        }

        /// <summary>Sends a turn whose commit the host holds, waits until it says so, then SIGKILLs it.</summary>
        public async Task KillDuringTurnAsync(string id, string text)
        {
            var turn = TurnAsync(id, text);
            await _held.Task.WaitAsync(TimeSpan.FromSeconds(90));
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => turn);
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            _http.Dispose();
        }

        private void Saw(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.Contains(HeldLine, StringComparison.Ordinal))
            {
                _held.TrySetResult();
            }
        }

        private async Task WaitReadyAsync()
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(_process.HasExited, "the host exited at start:\n" + Output);
                try
                {
                    using var ready = await _http.GetAsync(new Uri("readyz", UriKind.Relative));
                    if (ready.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(200);
            }

            throw new TimeoutException("the host did not become ready:\n" + Output);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string DotnetHost() =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
    }
}
