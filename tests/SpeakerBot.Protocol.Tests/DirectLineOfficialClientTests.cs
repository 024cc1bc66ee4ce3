using System.Diagnostics;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>botframework-directlinejs from npm (what Web Chat uses) holds a conversation with our host.</summary>
public sealed class DirectLineOfficialClientTests : IAsyncLifetime
{
    private BotServer _bot = null!;

    public async Task InitializeAsync() => _bot = await BotServer.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [NodeClientFact]
    public Task Official_client_in_polling_mode_gets_welcome_and_reply() => RunClientAsync("polling");

    [NodeClientFact]
    public Task Official_client_in_websocket_mode_gets_welcome_and_reply() => RunClientAsync("websocket");

    private async Task RunClientAsync(string mode)
    {
        Assert.Null(Prerequisites.NodeClientMissing());
        var web = Prerequisites.WebDirectory!;
        var start = new ProcessStartInfo(Prerequisites.Node!, ["directline-client.mjs", _bot.BaseAddress.ToString(), mode])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var stdout = await output;
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await errors}\n{stdout}");
        Assert.Contains("Bienvenue sur SpeakerBot !", stdout, StringComparison.Ordinal);
        Assert.Contains($"echo: bonjour depuis node ({mode})", stdout, StringComparison.Ordinal);
        Assert.Contains(_bot.Engine.Turns, t => t.Text == $"bonjour depuis node ({mode})");
    }
}
