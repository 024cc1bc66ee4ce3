namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// One unit of a scanned message: either a vocabulary phrase (with everything it may mean) or a free word.
/// The extractors (dates, numbers, levels…) read this sequence, never the raw text.
/// </summary>
internal sealed class Item
{
    private static readonly IReadOnlyList<LexEntry> None = [];

    public required int Index { get; init; }

    public required int TokenStart { get; init; }

    public required int TokenEnd { get; init; }

    /// <summary>Folded (and typo-corrected) words joined by spaces.</summary>
    public required string Word { get; init; }

    public IReadOnlyList<LexEntry> Entries { get; init; } = None;

    /// <summary>Digits ("25") or an ordinal day ("1er", "3rd").</summary>
    public int? Number { get; init; }

    public bool Ordinal { get; init; }

    /// <summary>Character span in the original message.</summary>
    public (int Start, int End) Span { get; init; }

    /// <summary>The punctuation just before the item ('-', '/', ':', ',' …) or '\0'.</summary>
    public char Separator { get; init; }

    public bool HyphenBefore => Separator == '-';

    /// <summary>Set once an extractor has used the item, so that another does not read it again.</summary>
    public bool Used { get; set; }

    public bool Has(EntryKind kind)
    {
        foreach (var e in Entries)
        {
            if (e.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    public LexEntry? Get(EntryKind kind)
    {
        foreach (var e in Entries)
        {
            if (e.Kind == kind)
            {
                return e;
            }
        }

        return null;
    }

    public bool IsCue(string role)
    {
        foreach (var e in Entries)
        {
            if (e.Kind == EntryKind.Cue && e.Value == role)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Entries.Count == 0 ? Word : $"{Word}[{string.Join(',', Entries.Select(e => $"{e.Kind}:{e.Value}"))}]";
}
