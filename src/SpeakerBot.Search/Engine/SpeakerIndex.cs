using SpeakerBot.Domain;
using SpeakerBot.Search.Analysis;

namespace SpeakerBot.Search.Engine;

/// <summary>
/// An immutable view of the whole index: a large base segment, an optional small segment holding speakers
/// changed since the base was built, and the live set of each (ids superseded in the base are cleared).
/// Searches read one snapshot without locks; updates publish a new one.
/// </summary>
internal sealed class IndexSnapshot
{
    public IndexSnapshot(IndexSegment @base, ulong[] baseLive, IndexSegment? delta, Dictionary<string, Speaker> pending)
    {
        Base = @base;
        BaseLive = baseLive;
        Delta = delta;
        Pending = pending;
        Segments = delta is null ? [@base] : [@base, delta];
        Live = delta is null ? [baseLive] : [baseLive, Bits.All(delta.Count)];
        LiveCount = Bits.Count(baseLive) + (delta?.Count ?? 0);
    }

    public IndexSegment Base { get; }

    public ulong[] BaseLive { get; }

    public IndexSegment? Delta { get; }

    /// <summary>Speakers changed since the base was built (the delta segment's content).</summary>
    public Dictionary<string, Speaker> Pending { get; }

    public IndexSegment[] Segments { get; }

    public ulong[][] Live { get; }

    public int LiveCount { get; }

    public static IndexSnapshot Build(IReadOnlyList<Speaker> speakers, SearchLexicon lexicon)
    {
        var segment = new IndexSegment(speakers, lexicon);
        return new IndexSnapshot(segment, Bits.All(segment.Count), null, new Dictionary<string, Speaker>(StringComparer.Ordinal));
    }

    /// <summary>
    /// A new snapshot with <paramref name="changed"/> (current versions; null = removed) applied. Small changes go to the
    /// delta segment; when the delta grows past a quarter of the base, everything is rebuilt into a new base.
    /// </summary>
    public IndexSnapshot Apply(IReadOnlyDictionary<string, Speaker?> changed, SearchLexicon lexicon)
    {
        var pending = new Dictionary<string, Speaker>(Pending, StringComparer.Ordinal);
        var baseLive = (ulong[])BaseLive.Clone();
        foreach (var (id, speaker) in changed)
        {
            if (Base.IdToDoc.TryGetValue(id, out var doc))
            {
                Bits.Clear(baseLive, doc);
            }

            if (speaker is null)
            {
                pending.Remove(id);
            }
            else
            {
                pending[id] = speaker;
            }
        }

        if (pending.Count > Math.Max(1000, Base.Count / 4))
        {
            var all = new List<Speaker>(Base.Count + pending.Count);
            for (var d = 0; d < Base.Count; d++)
            {
                if (Bits.Get(baseLive, d))
                {
                    all.Add(Base.Docs[d]);
                }
            }

            all.AddRange(pending.Values);
            all.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            return Build(all, lexicon);
        }

        var delta = pending.Count == 0 ? null : new IndexSegment([.. pending.Values.OrderBy(s => s.Id, StringComparer.Ordinal)], lexicon);
        return new IndexSnapshot(Base, baseLive, delta, pending);
    }

    public IEnumerable<Speaker> LiveSpeakers()
    {
        for (var s = 0; s < Segments.Length; s++)
        {
            var segment = Segments[s];
            for (var d = 0; d < segment.Count; d++)
            {
                if (Bits.Get(Live[s], d))
                {
                    yield return segment.Docs[d];
                }
            }
        }
    }
}
