using System.Collections.Concurrent;
using SpeakerBot.Conversation;

namespace SpeakerBot.Protocol.Tests.Infrastructure;

/// <summary>
/// A small conversation engine (test double of the inner port): welcomes on join, echoes messages with two
/// suggested actions, a card for "cards", throws on "boom", and blocks on "wait:&lt;name&gt;" until the test releases it.
/// </summary>
public sealed class TestEngine : IConversationEngine
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private int _maxConcurrentPerConversation;

    public ConcurrentQueue<TurnInput> Turns { get; } = new();

    public ConcurrentQueue<string> Resets { get; } = new();

    public int MaxConcurrentPerConversation => Volatile.Read(ref _maxConcurrentPerConversation);

    public TaskCompletionSource Gate(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task<IReadOnlyList<BotMessage>> HandleTurnAsync(TurnInput input, CancellationToken cancellationToken = default)
    {
        Turns.Enqueue(input);
        var running = _running.AddOrUpdate(input.ConversationKey, 1, (_, n) => n + 1);
        InterlockedMax(ref _maxConcurrentPerConversation, running);
        try
        {
            if (input.Kind == TurnKind.Join)
            {
                return [new BotMessage
                {
                    Text = "Bienvenue sur SpeakerBot !",
                    SuggestedActions = [new BotButton("Chercher", "chercher une ingénieure")],
                    ExpectsInput = true,
                }];
            }

            var text = input.Text ?? string.Empty;
            if (text == "boom")
            {
                throw new InvalidOperationException("engine failure for the test");
            }

            if (text.StartsWith("wait:", StringComparison.Ordinal))
            {
                await Gate(text[5..]).Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            if (text == "cards")
            {
                return [new BotMessage
                {
                    Text = "Deux profils :",
                    Cards =
                    [
                        new BotCard { Title = "Alice", Subtitle = "Ingénieure", Buttons = [new BotButton("Réserver", "réserver alice")] },
                        new BotCard { Title = "Berthe", Buttons = [new BotButton("Voir", "{\"id\":\"b\"}", ButtonKind.Post)] },
                    ],
                }];
            }

            return [new BotMessage
            {
                Text = $"echo: {text}",
                SuggestedActions = [new BotButton("Oui", "oui"), new BotButton("Non", "non")],
                ExpectsInput = true,
            }];
        }
        finally
        {
            _running.AddOrUpdate(input.ConversationKey, 0, (_, n) => n - 1);
        }
    }

    public Task ResetAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        Resets.Enqueue(conversationKey);
        return Task.CompletedTask;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
