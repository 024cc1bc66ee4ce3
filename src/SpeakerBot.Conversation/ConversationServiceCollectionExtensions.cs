using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Engine;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// The conversation engine and the dialogs catalog (loaded and checked once; a broken dialog file stops start-up
    /// with file:line) and the rule-based understanding (with the gazetteer for places). Needs ISpeakerSearch,
    /// ISpeakerStore and IStateStore from their own Add methods.
    /// Flows added by other areas register their <see cref="IFlowAction"/>, <see cref="IChoiceProvider"/> and
    /// <see cref="ISlotValidator"/> implementations as singletons before the first turn.
    /// </summary>
    public static IServiceCollection AddConversation(this IServiceCollection services, Action<ConversationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptionsWithValidateOnStart<ConversationOptions, ConversationOptionsValidator>().BindConfiguration(ConversationOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddGazetteer();
        services.AddRuleBasedUnderstanding();
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<ConversationOptions>>().Value;
            var directory = string.IsNullOrWhiteSpace(settings.DialogsDirectory) ? RepoData.DialogsDirectory : settings.DialogsDirectory;
            var catalog = DialogCatalog.Load(
                directory,
                sp.GetServices<IFlowAction>().Select(a => a.Name),
                sp.GetServices<ISlotValidator>().Select(v => v.Name),
                sp.GetServices<IChoiceProvider>().Select(p => p.Name));
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("SpeakerBot.Conversation") ?? NullLogger.Instance;
            Log.CatalogLoaded(logger, directory, catalog.Flows.Count);
            return catalog;
        });
        // The model-off defaults; AddLanguageModel (before or after this) switches them to the model when one is configured.
        services.AddOptions<LanguageModelOptions>();
        services.TryAddSingleton<IFitExplainer, TemplateFitExplainer>();
        services.TryAddSingleton<IFaqAnswerer>(sp => new FaqAnswerer(
            sp.GetService<ILanguageModel>() ?? NoLanguageModel.Instance,
            sp.GetRequiredService<DialogCatalog>().Directory));
        services.TryAddSingleton<ConversationEngine>();
        services.TryAddSingleton<IConversationEngine>(sp => sp.GetRequiredService<ConversationEngine>());
        services.TryAddSingleton(typeof(ILogger<>), typeof(NullLogger<>));

        // Loading the catalog during options validation makes ValidateOnStart report dialog errors at start-up.
        services.AddOptions<DialogsCheck>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DialogsCheck>, DialogsCheckValidator>());
        return services;
    }

    internal sealed class DialogsCheck;

    internal sealed class DialogsCheckValidator(IServiceProvider services) : IValidateOptions<DialogsCheck>
    {
        public ValidateOptionsResult Validate(string? name, DialogsCheck options)
        {
            try
            {
                services.GetRequiredService<DialogCatalog>();
                return ValidateOptionsResult.Success;
            }
            catch (DialogCatalogException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
