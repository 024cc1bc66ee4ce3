using System.Diagnostics;
using SpeakerBot.Protocol.Tests.Infrastructure;

namespace SpeakerBot.Protocol.Tests;

/// <summary>
/// A root bot built with botbuilder-js 4.23 from npm (web/skill-parent.mjs: SkillDialog, SkillHttpClient, expectReplies)
/// calls SpeakerBot as a skill: a message, an invoke, a turn past the response budget, a cancel, and a reply address
/// elsewhere that must be refused because authentication is off.
/// </summary>
[Trait("Category", "Security")]
public sealed class SkillParentInteropTests : IAsyncLifetime
{
    private BotServer _bot = null!;

    public async Task InitializeAsync() =>
        _bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["Bot:ResponseBudget"] = "00:00:00.001" });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [SkillParentFact]
    public async Task BotBuilder_parent_calls_SpeakerBot_as_a_skill_with_expectReplies()
    {
        Assert.Null(Prerequisites.NodePackageMissing("botbuilder-dialogs"));
        var start = new ProcessStartInfo(Prerequisites.Node!, ["skill-parent.mjs", _bot.BaseAddress.ToString()])
        {
            WorkingDirectory = Prerequisites.WebDirectory!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The SDK posts with axios, which would send even 127.0.0.1 through a configured proxy.
        start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        start.Environment["no_proxy"] = "127.0.0.1,localhost";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        // The parent waits on "wait:late" while the budget (1 ms) runs out; the turn ends only when the test says so.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!_bot.Engine.Turns.Any(t => t.Text == "wait:late") && !process.HasExited)
        {
            await Task.Delay(20, timeout.Token);
        }

        // Held 100 times the budget so that it has surely run out; the outcome does not depend on this wait.
        await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        _bot.Engine.Gate("late").TrySetResult();
        await process.WaitForExitAsync(timeout.Token);

        var stdout = await output;
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await errors}\n{stdout}");
        foreach (var step in new[] { "message", "invoke", "late", "stop" })
        {
            Assert.Contains($"{{\"step\":\"{step}\",\"ok\":true}}", stdout, StringComparison.Ordinal);
        }

        Assert.Contains("\"step\":\"elsewhere\",\"status\":403", stdout, StringComparison.Ordinal);
        Assert.Contains(_bot.Engine.Turns, t => t.Text == "bonjour");
        Assert.DoesNotContain(_bot.Engine.Turns, t => t.Text == "vers ailleurs");
        var reset = Assert.Single(_bot.Engine.Resets);
        Assert.Contains(_bot.Engine.Turns, t => t.ConversationKey == reset);
    }
}
