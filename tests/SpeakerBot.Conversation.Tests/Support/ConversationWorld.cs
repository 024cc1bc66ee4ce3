using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Import;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Conversation.Tests.Support;

/// <summary>
/// The real engine, understanding and search over the seed directory in a temp SQLite file, with a manual clock.
/// <see cref="RestartAsync"/> builds a brand-new service provider over the same file, as after a process restart.
/// </summary>
internal sealed class ConversationWorld : IDisposable
{
    // Immutable and slow to load (every French commune): shared by all the worlds of a test run.
    private static readonly Lazy<Gazetteer> SharedGazetteer = new(() => Gazetteer.Load(null));
    private static readonly Lazy<IUnderstanding> SharedUnderstanding = new(() =>
        new ServiceCollection().AddSingleton<IGazetteer>(SharedGazetteer.Value)
            .AddSingleton<ISchoolTerms>(new SchoolTerms(SchoolCalendar.Load(RepoData.IndexDirectory, () => SharedGazetteer.Value)))
            .AddRuleBasedUnderstanding().BuildServiceProvider().GetRequiredService<IUnderstanding>());

    private readonly TempFolder _folder = new();
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private ServiceProvider _services;

    private ConversationWorld(DateTimeOffset now, string? seededDatabase, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Clock = new FakeTimeProvider(now);
        // The engine reads the local date ("today", "tomorrow"): the users' time, whatever the machine's zone.
        Clock.SetLocalTimeZone(FrenchTime.Zone);
        _settings = settings ?? new Dictionary<string, string?>();
        if (seededDatabase is not null)
        {
            // Importing the seed once and copying the file keeps each transcript fast; the copy is a real database.
            File.Copy(seededDatabase, _folder.File("speakerbot.db"));
        }

        _services = Build();
    }

    private static async Task EnsureTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }

            using var seeding = new ConversationWorld(Transcript.DefaultNow, null);
            await seeding._services.GetRequiredService<DirectorySeeder>().EnsureSeededAsync();
            using (var connection = seeding._services.GetRequiredService<SqliteDatabase>().Open())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
            }

            seeding._services.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Copy(seeding._folder.File("speakerbot.db"), TemplateFolder.File("speakerbot.db"));
            _templateReady = true;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    public FakeTimeProvider Clock { get; }

    public IConversationEngine Engine => _services.GetRequiredService<IConversationEngine>();

    public IStateStore StateStore => _services.GetRequiredService<IStateStore>();

    public ISpeakerStore Speakers => _services.GetRequiredService<ISpeakerStore>();

    public IBookingStore Bookings => _services.GetRequiredService<IBookingStore>();

    /// <summary>A service of the running bot (the same instances the engine uses).</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The dialogs as the bot loads them, checked against the hooks registered in DI.</summary>
    public DialogCatalog Catalog => _services.GetRequiredService<DialogCatalog>();

    public IReadOnlyList<Speaker> Directory { get; private set; } = [];

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static readonly TempFolder TemplateFolder = new();
    private static bool _templateReady;

    /// <param name="settings">Extra configuration, e.g. LanguageModel:* to put a model in the loop (off by default, as in production).</param>
    public static async Task<ConversationWorld> CreateAsync(DateTimeOffset now, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await EnsureTemplateAsync();
        var world = new ConversationWorld(now, TemplateFolder.File("speakerbot.db"), settings);
        await world._services.StartSpeakerSearchAsync();
        var speakers = new List<Speaker>();
        await foreach (var speaker in world._services.GetRequiredService<ISpeakerStore>().ReadAllAsync())
        {
            speakers.Add(speaker);
        }

        world.Directory = speakers;
        return world;
    }

    /// <summary>The 6-digit code of the last access-code e-mail in the outbox, as the requester would read it.</summary>
    public string? LastMailedCode()
    {
        using var connection = _services.GetRequiredService<SqliteDatabase>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM booking_outbox WHERE key LIKE '%code/%' ORDER BY id DESC LIMIT 1;";
        return command.ExecuteScalar() is string body ? System.Text.RegularExpressions.Regex.Match(body, @"\b\d{6}\b").Value : null;
    }

    /// <summary>The booking of this user written or changed last (a cancel or a move counts as a change).</summary>
    public async Task<Booking?> LastBookingAsync(string userKey)
    {
        var mine = await Bookings.ListForRequesterAsync(userKey);
        return mine.OrderByDescending(b => b.UpdatedAt).ThenByDescending(b => b.Reference, StringComparer.Ordinal).FirstOrDefault();
    }

    private long _auditMark;

    /// <summary>Remembers where the coordinators' audit log stands, so that <see cref="AuditSinceTurnAsync"/> reads what the next turn writes.</summary>
    public async Task MarkTurnAsync()
    {
        var latest = await _services.GetRequiredService<SpeakerBot.Domain.Coordinators.ICoordinatorStore>().ReadAuditAsync(take: 1);
        _auditMark = latest.Count == 0 ? 0 : latest[0].Id;
    }

    /// <summary>The audit entries written since the last <see cref="MarkTurnAsync"/>, oldest first.</summary>
    public async Task<IReadOnlyList<SpeakerBot.Domain.Coordinators.AuditEntry>> AuditSinceTurnAsync()
    {
        var recent = await _services.GetRequiredService<SpeakerBot.Domain.Coordinators.ICoordinatorStore>().ReadAuditAsync(take: 500);
        return [.. recent.Where(e => e.Id > _auditMark).OrderBy(e => e.Id)];
    }

    /// <summary>Every recipient in the outbox (booking mails, access codes, alerts), oldest first.</summary>
    public IReadOnlyList<string> MailRecipients()
    {
        using var connection = _services.GetRequiredService<SqliteDatabase>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT to_address FROM booking_outbox ORDER BY id;";
        using var reader = command.ExecuteReader();
        var recipients = new List<string>();
        while (reader.Read())
        {
            recipients.Add(reader.GetString(0));
        }

        return recipients;
    }

    /// <summary>
    /// What the conversation holds: its facts, then the answers of the flow under way (a flow slot also readable as
    /// slot.NAME; under its bare name when no fact has that name).
    /// </summary>
    public async Task<Dictionary<string, string>> FactsAsync(string conversationKey)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = await StateStore.LoadAsync(conversationKey + "#dialog");
        if (json is null)
        {
            return facts;
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("facts", out var stored))
        {
            foreach (var fact in stored.EnumerateObject())
            {
                facts[fact.Name] = fact.Value.ToString();
            }
        }

        if (document.RootElement.TryGetProperty("flow", out var flow) && flow.ValueKind == System.Text.Json.JsonValueKind.Object
            && flow.TryGetProperty("slots", out var slots))
        {
            foreach (var slot in slots.EnumerateObject())
            {
                facts["slot." + slot.Name] = slot.Value.ToString();
                facts.TryAdd(slot.Name, slot.Value.ToString());
            }
        }

        return facts;
    }

    /// <summary>Creates a coordinator ("national" or region slugs separated by commas) and links this chat user with her token.</summary>
    public async Task LinkCoordinatorAsync(string conversationKey, string userKey, string locale, string scope, string where)
    {
        var national = scope.Equals("national", StringComparison.OrdinalIgnoreCase);
        var regions = national ? [] : scope.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var added = await _services.GetRequiredService<CoordinatorService>()
            .AddAsync(userKey + "@coordination.example", national ? "national" : "regional", regions, "test");
        if (added.Error is not null)
        {
            throw new FormatException($"{where}: @coordinator {scope}: {added.Error.Detail}");
        }

        await Engine.HandleTurnAsync(new TurnInput { ConversationKey = conversationKey, UserKey = userKey, Locale = locale, Text = added.Value.Token });
    }

    public async Task RestartAsync()
    {
        _services.Dispose();
        _services = Build();
        await _services.StartSpeakerSearchAsync();
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = _folder.File("speakerbot.db"),
                ["Bookings:PickupDirectory"] = _folder.File("outbox"),
                ["Bookings:MinLeadDays"] = "7",
            })
            .AddInMemoryCollection(_settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(SharedGazetteer.Value);
        services.AddSingleton<IGazetteer>(SharedGazetteer.Value);
        services.AddSingleton(SharedUnderstanding.Value);
        services.AddSpeakerDirectory(configuration);
        services.AddSpeakerSearch(configuration);
        services.AddBookingStore();
        services.AddBookings();
        services.AddBookingConversations();
        services.AddConversation();
        services.AddCoordinatorTools();
        services.AddLanguageModel(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }
}
