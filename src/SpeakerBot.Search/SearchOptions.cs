using System.ComponentModel.DataAnnotations;

namespace SpeakerBot.Search;

public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>When the query has no <see cref="SearchQuery.Near"/>, a city named in the text ranks by distance from it.</summary>
    public bool InferPlaceFromText { get; set; } = true;

    /// <summary>How much each recent request lowers a speaker's score: score / (1 + weight × requests). Gentle by design.</summary>
    [Range(0.0, 1.0)]
    public double FairnessWeight { get; set; } = 0.05;

    /// <summary>
    /// Folder of the Lucene index (relative: under the data folder). Empty: beside the SQLite database
    /// (<c>speakerbot.db.index</c> by default). Each instance keeps its own, fed by the store's change events.
    /// </summary>
    public string? IndexPath { get; set; }
}

/// <summary>No fairness data: every speaker counts as having had no recent request.</summary>
public sealed class NoRecentRequests : IRecentRequestCounts
{
    public static readonly NoRecentRequests Instance = new();

    public int RecentRequests(string speakerId) => 0;
}
