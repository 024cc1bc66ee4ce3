using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Conversation.Tests.LanguageModel;

/// <summary>The real rules and gazetteer plus one local OpenAI-compatible server, shared by the language model tests.</summary>
public sealed class LanguageModelFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Reference = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1));

    public LanguageModelFixture()
    {
        Gazetteer = Search.Geography.Gazetteer.Load();
        Rules = new RuleBasedUnderstanding(UnderstandingServiceCollectionExtensions.DefaultDataDirectory, Gazetteer);
    }

    public IGazetteer Gazetteer { get; }

    public IUnderstanding Rules { get; }

    public FakeChatServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeChatServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public LanguageModelOptions Options(bool azure = false, int timeoutMs = 15000, bool always = false, string? key = null) => new()
    {
        Provider = azure ? LanguageModelProvider.AzureOpenAI : LanguageModelProvider.OpenAI,
        Endpoint = azure ? Server.AzureEndpoint : Server.OpenAiEndpoint,
        ApiKey = key ?? (azure ? FakeChatServer.AzureKey : FakeChatServer.OpenAiKey),
        Deployment = "test-deployment",
        TimeoutMs = timeoutMs,
        Always = always,
    };

    public OpenAiLanguageModel Model(LanguageModelOptions options, TimeProvider? time = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), NullLogger<OpenAiLanguageModel>.Instance, time);

    public ModelBackedUnderstanding Understanding(LanguageModelOptions options, ILanguageModel? model = null) =>
        new(Rules, model ?? Model(options), Gazetteer, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ModelBackedUnderstanding>.Instance);
}

[CollectionDefinition(Name)]
public sealed class LanguageModelCollection : ICollectionFixture<LanguageModelFixture>
{
    public const string Name = "language model";
}
