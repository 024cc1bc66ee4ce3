using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Conversation.LanguageModel;

public static class LanguageModelServiceCollectionExtensions
{
    /// <summary>
    /// Registers the optional language model (section "LanguageModel", validated at start-up), the FAQ answerer and the
    /// fit explainer. With Provider None (the default) nothing changes: <see cref="IUnderstanding"/> stays the rules,
    /// <see cref="IFitExplainer"/> is the template and the FAQ shows entries as written. With a provider, the registered
    /// <see cref="IUnderstanding"/> is wrapped by <see cref="ModelBackedUnderstanding"/> (registered here if absent).
    /// </summary>
    public static IServiceCollection AddLanguageModel(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<LanguageModelOptions>()
            .Bind(configuration.GetSection(LanguageModelOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LanguageModelOptions>, LanguageModelOptionsValidator>());

        var enabled = configuration.GetSection(LanguageModelOptions.SectionName).Get<LanguageModelOptions>()?.Enabled == true;
        services.TryAddSingleton(TimeProvider.System);
        if (!enabled)
        {
            services.TryAddSingleton<ILanguageModel>(NoLanguageModel.Instance);
            services.TryAddSingleton<IFitExplainer, TemplateFitExplainer>();
            services.TryAddSingleton<IFaqAnswerer>(sp => new FaqAnswerer(sp.GetRequiredService<ILanguageModel>()));
            return services;
        }

        services.TryAddSingleton<ILanguageModel>(sp => new OpenAiLanguageModel(
            sp.GetRequiredService<IOptions<LanguageModelOptions>>(),
            Logger<OpenAiLanguageModel>(sp),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new FitSentenceChecker(sp.GetRequiredService<IUnderstanding>(), sp.GetService<IGazetteer>()));
        // Replace, not TryAdd: AddConversation registers the template explainer and usually runs first.
        services.Replace(ServiceDescriptor.Singleton<IFitExplainer>(sp => new ModelFitExplainer(sp.GetRequiredService<ILanguageModel>(), sp.GetRequiredService<FitSentenceChecker>())));
        services.TryAddSingleton<IFaqAnswerer>(sp => new FaqAnswerer(sp.GetRequiredService<ILanguageModel>()));

        // Decorate whatever IUnderstanding is registered (the rules by default): same interface, async path added.
        services.AddRuleBasedUnderstanding();
        var existing = services.Last(d => d.ServiceType == typeof(IUnderstanding));
        services.Remove(existing);
        services.AddSingleton<IUnderstanding>(sp => new ModelBackedUnderstanding(
            Resolve(sp, existing),
            sp.GetRequiredService<ILanguageModel>(),
            sp.GetService<IGazetteer>(),
            sp.GetRequiredService<IOptions<LanguageModelOptions>>(),
            Logger<ModelBackedUnderstanding>(sp)));
        return services;
    }

    private static IUnderstanding Resolve(IServiceProvider sp, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as IUnderstanding
        ?? (descriptor.ImplementationFactory is { } factory ? (IUnderstanding)factory(sp)
            : (IUnderstanding)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));

    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
