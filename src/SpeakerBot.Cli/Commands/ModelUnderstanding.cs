using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Cli.Commands;

/// <summary>
/// The model-backed understanding for command-line use, configured from LanguageModel__* environment variables
/// (the same names as .env). Commands call its ParseAsync; nothing waits on it synchronously.
/// </summary>
internal static class ModelUnderstanding
{
    /// <summary>Null with a message on stderr when no model is configured or the settings are wrong.</summary>
    public static ServiceProvider? Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides ?? []).Build();
        var services = new ServiceCollection();
        services.AddGazetteer();
        services.AddRuleBasedUnderstanding();
        services.AddLanguageModel(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            var options = provider.GetRequiredService<IOptions<LanguageModelOptions>>().Value;
            if (!options.Enabled)
            {
                Console.Error.WriteLine("--model: LanguageModel__Provider is not set (AzureOpenAI or OpenAI); see .env.example.");
                provider.Dispose();
                return null;
            }
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, ex.Failures));
            provider.Dispose();
            return null;
        }

        return provider;
    }
}
