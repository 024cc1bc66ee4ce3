using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;
using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Bench;

/// <summary>
/// `dotnet run -c Release --project src/SpeakerBot.Bench -- bookings [teachers] [speakers]`: that many teachers book
/// at once against a few speakers, on a real SQLite file. Each teacher clicks one of the three free slots offered, retries
/// with the alternatives when someone was faster, and every confirmation is delivered twice (a channel
/// redelivering). Checks zero lost and zero duplicated bookings; reports throughput and latency percentiles.
/// </summary>
internal static class BookingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var teachers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var speakerCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var folder = Path.Combine(Path.GetTempPath(), "speakerbot-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            return await RunAsync(teachers, speakerCount, folder);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> RunAsync(int teachers, int speakerCount, string folder)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new BookingOptions { PickupDirectory = Path.Combine(folder, "outbox") });
        var time = TimeProvider.System;
        var database = new SqliteDatabase(Path.Combine(folder, "bench.db"));
        var store = new SqliteBookingStore(database, time);
        var speakers = new BenchSpeakers();
        for (var i = 0; i < speakerCount; i++)
        {
            await speakers.UpsertAsync([new Speaker
            {
                Id = $"sp{i:000}",
                FirstName = "Speaker",
                LastName = i.ToString(CultureInfo.InvariantCulture),
                Headline = "Ingénieure",
                Sector = "aeronautique",
                Region = "occitanie",
                Contact = new ContactDetails($"sp{i}@bench.example", null),
                MonthlyCap = 100,
            }]);
        }

        var rules = new BookingRules(options, time);
        var links = new BookingLinks(store, options, time);
        using var search = new SpeakerBot.Search.Engine.SpeakerSearchEngine(speakers, SpeakerBot.Search.Analysis.SearchLexicon.Default);
        var service = new BookingService(store, speakers, rules, new BookingMails(links, options, time), links, time, NullLogger<BookingService>.Instance, new BookingRequestCounts(store, options, time), search);
        await links.ReadyAsync();

        var latencies = new ConcurrentBag<double>();
        var references = new ConcurrentDictionary<int, string>();
        var conflicts = 0;
        var replays = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, teachers).Select(t => Task.Run(async () =>
        {
            var speakerId = $"sp{t % speakerCount:000}";
            var requester = new Requester($"Teacher {t}", $"teacher{t}@bench.example", $"bench/users/{t}");
            var watch = Stopwatch.StartNew();
            var slots = await service.FreeSlotsAsync(speakerId, VisitFormat.Online, 3, null, requester);
            var random = new Random(t);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            for (var attempt = 0; attempt < 50 && slots.Count > 0; attempt++)
            {
                // People click different buttons; a retry takes one of the alternatives offered with the refusal.
                var slot = slots[random.Next(slots.Count)];
                var request = new VisitRequest
                {
                    SpeakerId = speakerId,
                    Date = slot.Date,
                    Start = slot.Start,
                    Format = VisitFormat.Online,
                    School = new School("Collège Bench", "Toulouse"),
                    ClassLevel = "4e",
                    Pupils = 25,
                    Requester = requester,
                };
                var key = $"bench/{t}/{attempt}";
                watch.Restart();
                var outcome = await service.RequestVisitAsync(request, key);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                var again = await service.RequestVisitAsync(request, key);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                if (again.Replayed)
                {
                    Interlocked.Increment(ref replays);
                }

                if (outcome.Succeeded)
                {
                    references[t] = outcome.Booking!.Reference;
                    return;
                }

                Interlocked.Increment(ref conflicts);
                slots = outcome.Alternatives;
            }
        })));
        clock.Stop();

        var booked = new List<Booking>();
        for (var i = 0; i < speakerCount; i++)
        {
            booked.AddRange(await store.ListForSpeakerAsync($"sp{i:000}", DateOnly.MinValue, DateOnly.MaxValue));
        }

        var lost = teachers - references.Count;
        var duplicates = booked.Count - booked.Select(b => b.Reference).Distinct().Count()
            + booked.GroupBy(b => b.Requester.UserKey).Count(g => g.Count() > 1);
        var overlaps = booked.GroupBy(b => (b.Seats[0].SpeakerId, b.Date, b.Start)).Count(g => g.Count() > 1);
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"teachers={teachers} speakers={speakerCount} booked={references.Count} stored={booked.Count} lost={lost} duplicated={duplicates} double-booked-slots={overlaps}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conflicts-retried={conflicts} redeliveries-replayed={replays} elapsed={clock.Elapsed.TotalSeconds:0.00}s throughput={references.Count / clock.Elapsed.TotalSeconds:0.0} bookings/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls={sorted.Length} latency p50={Percentile(0.50):0.0}ms p95={Percentile(0.95):0.0}ms p99={Percentile(0.99):0.0}ms max={sorted[^1]:0.0}ms"));
        return lost == 0 && duplicates == 0 && overlaps == 0 && booked.Count == references.Count ? 0 : 1;
    }

    private sealed class BenchSpeakers : ISpeakerStore
    {
        private readonly ConcurrentDictionary<string, Speaker> _speakers = new(StringComparer.Ordinal);

        public event EventHandler<SpeakersChangedEventArgs>? Changed;

        public Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_speakers.GetValueOrDefault(id));

        public Task<int> UpsertAsync(IReadOnlyCollection<Speaker> speakers, CancellationToken cancellationToken = default)
        {
            foreach (var s in speakers)
            {
                _speakers[s.Id] = s;
            }

            Changed?.Invoke(this, new SpeakersChangedEventArgs([.. speakers.Select(s => s.Id)], speakers));
            return Task.FromResult(speakers.Count);
        }

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_speakers.TryRemove(id, out _));

        public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(_speakers.Count);

        public async IAsyncEnumerable<Speaker> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var s in _speakers.Values)
            {
                yield return s;
            }
        }
    }
}
