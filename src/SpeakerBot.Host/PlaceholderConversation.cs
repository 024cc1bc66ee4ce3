using Microsoft.Extensions.DependencyInjection.Extensions;
using SpeakerBot.Conversation;

namespace SpeakerBot.Host;

/// <summary>
/// Answers until the dialog engine is wired in (AddConversation): it says so plainly instead of pretending to search.
/// Registered with TryAdd, so the real engine wins as soon as it is added before it.
/// </summary>
internal sealed class PlaceholderConversationEngine : IConversationEngine
{
    public Task<IReadOnlyList<BotMessage>> HandleTurnAsync(TurnInput input, CancellationToken cancellationToken = default)
    {
        var english = input.Locale?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        BotMessage message = input.Kind == TurnKind.Join
            ? new BotMessage
            {
                Text = english ? "Hello, I am **SpeakerBot**. The directory search is not wired in yet." : "Bonjour, je suis **SpeakerBot**. La recherche dans l'annuaire n'est pas encore branchée.",
                SuggestedActions = [new BotButton(english ? "Help" : "Aide", english ? "help" : "aide")],
                ExpectsInput = true,
            }
            : new BotMessage
            {
                Text = english ? $"You said: {input.Text}" : $"Vous avez écrit : {input.Text}",
                SuggestedActions = [new BotButton(english ? "Help" : "Aide", english ? "help" : "aide")],
                ExpectsInput = true,
            };
        return Task.FromResult<IReadOnlyList<BotMessage>>([message]);
    }

    public Task ResetAsync(string conversationKey, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

internal static class PlaceholderConversationExtensions
{
    public static IServiceCollection AddPlaceholderConversation(this IServiceCollection services)
    {
        services.TryAddSingleton<IConversationEngine, PlaceholderConversationEngine>();
        return services;
    }
}
