using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Conversation.Tests.Understanding;

/// <summary>The real understanding with the real gazetteer, loaded once for all understanding tests.</summary>
public sealed class UnderstandingFixture
{
    public static readonly DateTimeOffset Reference = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1));

    public UnderstandingFixture()
    {
        Understanding = new RuleBasedUnderstanding(UnderstandingServiceCollectionExtensions.DefaultDataDirectory, Gazetteer.Load());
    }

    public IUnderstanding Understanding { get; }

    public Understood Parse(string text, string locale = "fr") => Understanding.Parse(text, locale, Reference);
}

[CollectionDefinition(Name)]
public sealed class UnderstandingCollection : ICollectionFixture<UnderstandingFixture>
{
    public const string Name = "understanding";
}
