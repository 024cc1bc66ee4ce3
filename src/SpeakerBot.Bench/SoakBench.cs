using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Engine;
using SpeakerBot.Protocol;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Turns;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;
using SpeakerBot.Storage.Import;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Bench;

/// <summary>
/// Many one-message visitors through the turn pipeline and the real engine on a real SQLite file: locks held, managed
/// memory and state/processed rows before, after, and after the retention pass run with a clock moved past the idle days.
/// </summary>
internal static class SoakBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var conversations = args is ["--conversations", var n, ..] ? int.Parse(n, CultureInfo.InvariantCulture) : 10_000;
        var folder = Path.Combine(Path.GetTempPath(), "speakerbot-soak-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(folder, "speakerbot.db"),
            ["Bookings:PickupDirectory"] = Path.Combine(folder, "outbox"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(clock);
        services.AddGazetteer();
        services.AddSpeakerDirectory(configuration);
        services.AddSpeakerSearch(configuration);
        services.AddBookingStore();
        services.AddBookings();
        services.AddBookingConversations();
        services.AddConversation();
        services.AddCoordinatorTools();
        services.AddBotProtocol();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DirectorySeeder>().EnsureSeededAsync();
        await provider.StartSpeakerSearchAsync();
        var pipeline = provider.GetRequiredService<TurnPipeline>();
        var engine = (ConversationEngine)provider.GetRequiredService<IConversationEngine>();
        var database = provider.GetRequiredService<SqliteDatabase>();
        await pipeline.RunAsync(Message("warm-up"), new NoSink(), CancellationToken.None);

        var before = Snapshot(database);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await pipeline.RunAsync(Message("visitor-" + i.ToString(CultureInfo.InvariantCulture)), new NoSink(), ct));
        var elapsed = watch.Elapsed;
        var after = Snapshot(database);
        var locks = (Engine: engine.LockedConversations, Pipeline: pipeline.BusyConversations);

        clock.Advance(TimeSpan.FromDays(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConversationOptions>>().Value.StateRetentionDays + 1));
        var report = await provider.GetRequiredService<PrivacyService>().ApplyRetentionAsync();
        var expired = Snapshot(database);

        Console.WriteLine($"{conversations} conversations in {elapsed.TotalSeconds:F1} s ({conversations / elapsed.TotalSeconds:F0} turns/s)");
        Console.WriteLine($"locks held after: engine {locks.Engine}, pipeline {locks.Pipeline}");
        Console.WriteLine("                 managed MB  state rows  processed rows");
        Print("before", before);
        Print("after", after);
        Print("after expiry", expired);
        Console.WriteLine($"retention pass: {report.StateDocumentsDeleted} state documents, {report.ProcessedActivitiesDeleted} processed marks deleted");

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return locks == (0, 0) && expired.State <= before.State && expired.Processed == 0 ? 0 : 1;
    }

    private static void Print(string label, (double Megabytes, long State, long Processed) s) =>
        Console.WriteLine($"{label,-16} {s.Megabytes,10:F1} {s.State,11} {s.Processed,15}");

    private static (double Megabytes, long State, long Processed) Snapshot(SqliteDatabase database)
    {
        var bytes = GC.GetTotalMemory(forceFullCollection: true);
        using var connection = database.Open();
        return (bytes / 1048576.0, Count(connection, "state"), Count(connection, "processed_activities"));
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private static Activity Message(string conversation) => new()
    {
        Type = ActivityTypes.Message,
        Id = "m1",
        Text = "Une ingénieure à Lyon",
        ChannelId = "emulator",
        From = new ChannelAccount { Id = conversation + "-user" },
        Recipient = new ChannelAccount { Id = "bot" },
        Conversation = new ConversationAccount { Id = conversation },
    };

    private sealed class NoSink : IReplySink
    {
        public Task SendAsync(Activity reply, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
