namespace SpeakerBot.Conversation.Understanding;

/// <summary>Field extractors over the item sequence of one message.</summary>
internal sealed class Scan(List<Item> items, bool english)
{
    public List<Item> Items { get; } = items;

    public bool English { get; } = english;

    public IReadOnlyList<string> Sectors()
    {
        var result = new List<string>(2);
        foreach (var item in Items)
        {
            foreach (var e in item.Entries)
            {
                if (e.Kind == EntryKind.Sector && !result.Contains(e.Value))
                {
                    result.Add(e.Value);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Topic labels. A word that is also a sector ("cybersécurité", "aéronautique") is a topic only after a topic cue
    /// ("parler de", "sur", "about"): otherwise it names the speaker's field, not the subject of the talk.
    /// </summary>
    public IReadOnlyList<string> Topics()
    {
        var result = new List<string>(2);
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            foreach (var e in item.Entries)
            {
                if (e.Kind != EntryKind.Topic || result.Contains(e.Value))
                {
                    continue;
                }

                if ((item.Has(EntryKind.Sector) || e.NeedsContext) && !AfterTopicCue(i))
                {
                    continue;
                }

                if (NamesAnEvent(i))
                {
                    continue;
                }

                result.Add(e.Value);
            }
        }

        return result;
    }

    /// <summary>Words naming an event or a period: "la semaine de l'orientation" is when the visit happens, not its topic.</summary>
    private static readonly HashSet<string> EventWords = new(StringComparer.Ordinal)
    {
        "semaine", "semaines", "journee", "journees", "forum", "forums", "salon", "salons", "fete", "festival", "mois", "nuit", "week",
        "day", "fair",
    };

    private static readonly HashSet<string> OfWords = new(StringComparer.Ordinal) { "de", "du", "des", "d", "l", "la", "le", "les", "of", "the" };

    /// <summary>
    /// True when the topic word at <paramref name="i"/> is the name of an event ("semaine de l'orientation", "forum des
    /// métiers", "journée du numérique"): only "de/du/des/l'" may stand between the event word and the topic.
    /// </summary>
    private bool NamesAnEvent(int i)
    {
        for (var p = i - 1; p >= 0 && p >= i - 3; p--)
        {
            var word = Items[p].Word;
            if (EventWords.Contains(word))
            {
                return p < i - 1;
            }

            if (!OfWords.Contains(word))
            {
                return false;
            }
        }

        return false;
    }

    private bool AfterTopicCue(int i)
    {
        for (var p = i - 1; p >= 0 && p >= i - 4; p--)
        {
            if (Items[p].IsCue("topic_before"))
            {
                return true;
            }

            // "parler de la cybersécurité et de l'IA": a topic list keeps the cue alive.
            if (Items[p].Has(EntryKind.Topic) && p < i - 1 && Items[p + 1].IsCue("and"))
            {
                return AfterTopicCue(p) || !Items[p].Has(EntryKind.Sector);
            }

            if (!Items[p].IsCue("article") && !Items[p].IsCue("and") && !Items[p].IsCue("in"))
            {
                return false;
            }
        }

        return false;
    }

    public (string? Audience, string? ClassLevel) Level()
    {
        string? audience = null;
        string? level = null;
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var e = item.Get(EntryKind.Level);
            if (e is null || e.Value == "series" || item.Used)
            {
                continue;
            }

            if (e.NeedsContext && !LevelContext(i))
            {
                continue;
            }

            var thisLevel = e.Extra;
            if (thisLevel is not null && i + 1 < Items.Count && Items[i + 1].Get(EntryKind.Level) is { Value: "series" } series
                && thisLevel is "première" or "terminale" or "seconde" or "BTS" or "bac pro" or "CAP")
            {
                thisLevel = thisLevel + " " + series.Extra;
            }

            if (level is null && thisLevel is not null)
            {
                level = thisLevel;
                audience = e.Value;
            }

            audience ??= e.Value;
        }

        return (audience, level);
    }

    private bool LevelContext(int i)
    {
        if (i + 1 < Items.Count && (Items[i + 1].IsCue("level_block_after") || Items[i + 1].Has(EntryKind.Month)))
        {
            return false;
        }

        if (i + 1 < Items.Count && Items[i + 1].Get(EntryKind.Level) is { Value: "series" })
        {
            return true;
        }

        // A keyword query ("gendarmerie seconde") has no grammar to lean on: a short message takes the level.
        return (i > 0 && Items[i - 1].IsCue("level_before")) || (Items.Count <= 4 && i == Items.Count - 1 && i > 0);
    }

    public string? Format(IReadOnlyList<string> priority)
    {
        string? best = null;
        var bestRank = int.MaxValue;
        foreach (var item in Items)
        {
            foreach (var e in item.Entries)
            {
                if (e.Kind != EntryKind.Format)
                {
                    continue;
                }

                var rank = IndexOf(priority, e.Value);
                if (rank < bestRank)
                {
                    bestRank = rank;
                    best = e.Value;
                }
            }
        }

        return best;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return list.Count;
    }

    public TimeOnly? WordTime()
    {
        foreach (var item in Items)
        {
            if (item.Get(EntryKind.Time) is { } t && TimeOnly.TryParse(t.Value, System.Globalization.CultureInfo.InvariantCulture, out var time))
            {
                return time;
            }
        }

        return null;
    }

    /// <summary>Pupils ("25 élèves", "une classe de 28") and speakers wanted ("trois intervenantes", "3 women").</summary>
    public (int? Pupils, int? Speakers) Counts()
    {
        int? pupils = null;
        int? speakers = null;
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            if (item.Used)
            {
                continue;
            }

            if (item.IsCue("we_are") && pupils is null && NumberParser.Read(Items, i + 1) is { } w && w.Value is >= 2 and <= 2000 && !Items[i + 1].Used
                && (w.Next >= Items.Count || !Items[w.Next].IsCue("speaker")))
            {
                pupils = w.Value;
                continue;
            }

            if (item.IsCue("pupil_group") && pupils is null)
            {
                var j = i + 1;
                if (j < Items.Count && (Items[j].IsCue("article") || Items[j].IsCue("from")))
                {
                    j++;
                }

                if (NumberParser.Read(Items, j) is { } g && g.Value is >= 2 and <= 2000 && !Items[j].Used && !FollowedByNonPupil(g.Next))
                {
                    pupils = g.Value;
                    continue;
                }
            }

            if (NumberParser.Read(Items, i) is not { } n || n.Value <= 0)
            {
                continue;
            }

            var next = n.Next;
            while (next < Items.Count && Items[next].IsCue("count_filler"))
            {
                next++;
            }

            if (next >= Items.Count)
            {
                continue;
            }

            var noun = Items[next];
            // "our Grade 11 students", "Year 10 pupils": the number names the class, not how many they are.
            if (noun.IsCue("pupil") && pupils is null && n.Value >= 2 && !(i > 0 && Items[i - 1].Word is "grade" or "year" or "years" or "form"))
            {
                // "2 classes de 25 élèves" is 50 pupils (and "2 classes de 25" too, below).
                pupils = n.Value;
                if (i >= 3 && (Items[i - 1].IsCue("article") || Items[i - 1].IsCue("from")) && NumberParser.Read(Items, i - 3) is { } classes && Items[i - 2].IsCue("pupil_group") && classes.Next == i - 2 && classes.Value is > 1 and < 10)
                {
                    pupils = classes.Value * n.Value;
                }
            }
            else if (noun.IsCue("pupil_group") && pupils is null && n.Value is > 1 and < 10 && next + 2 < Items.Count && (Items[next + 1].IsCue("article") || Items[next + 1].IsCue("from")) && NumberParser.Read(Items, next + 2) is { } per && !Items[next + 2].Used
                && ((per.Next < Items.Count && Items[per.Next].IsCue("pupil")) || (per.Value is >= 5 and <= 40 && !FollowedByNonPupil(per.Next))))
            {
                pupils = n.Value * per.Value;
            }
            else if ((noun.IsCue("speaker") || noun.Has(EntryKind.Sector)) && speakers is null && (!n.InWords || n.Value >= 2) && n.Value <= 20)
            {
                speakers = n.Value;
            }

            i = n.Next - 1;
        }

        return (pupils, speakers);
    }

    private bool FollowedByNonPupil(int k) =>
        k < Items.Count && (Items[k].Has(EntryKind.Month) || Items[k].IsCue("unit_day") || Items[k].IsCue("speaker"));

    public bool HasCue(string role)
    {
        foreach (var item in Items)
        {
            if (item.IsCue(role))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Intent cue families present in the message ("find", "book", "panel", "status", "cancel"…).</summary>
    public HashSet<string> IntentCues()
    {
        var cues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Items)
        {
            foreach (var e in item.Entries)
            {
                if (e.Kind == EntryKind.Intent)
                {
                    cues.Add(e.Value);
                }
            }
        }

        return cues;
    }

    /// <summary>Words of 4+ letters that no vocabulary claimed, outside the span given (the place named).</summary>
    public int ContentWordCount((int Start, int End) except)
    {
        var count = 0;
        foreach (var item in Items)
        {
            if (item.Span.Start >= except.Start && item.Span.End <= except.End)
            {
                continue;
            }

            if (item.Entries.Count == 0 && item.Word.Length > 3)
            {
                count++;
            }
        }

        return count;
    }
}
