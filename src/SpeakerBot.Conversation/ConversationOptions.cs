using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Conversation;

public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";
    public const int DefaultResultsPerPage = 3;
    public const double DefaultLocalRadiusKm = 50;
    public const int DefaultStateRetentionDays = 7;
    public const int DefaultProcessedActivityRetentionDays = 2;

    /// <summary>
    /// State keys kept for the requester retention (months) rather than the idle-conversation one: the unmet demand
    /// coordinators study, and a coordinator's chat link (re-asking her code every week would be a chore).
    /// </summary>
    public static readonly IReadOnlyList<string> LongLivedStatePrefixes = ["demands/", "coordinator-link/", "speaker-space/", "booking-chat/"];

    /// <summary>Folder of the dialog files; empty means the dialogs/ folder copied beside the program.</summary>
    public string? DialogsDirectory { get; set; }

    /// <summary>Cards per page of results.</summary>
    [Range(1, 10)]
    public int ResultsPerPage { get; set; } = DefaultResultsPerPage;

    /// <summary>Radius of a search around a city, before the user widens the area.</summary>
    [Range(1, 1000)]
    public double LocalRadiusKm { get; set; } = DefaultLocalRadiusKm;

    /// <summary>A conversation's state (dialog, Direct Line identity) not written for this many days is dropped by the retention job.</summary>
    [Range(1, 366)]
    public int StateRetentionDays { get; set; } = DefaultStateRetentionDays;

    /// <summary>
    /// How long a handled activity id (and its replies) is remembered to answer a channel's redelivery. Channels retry
    /// within minutes; days leave room for a host that was down.
    /// </summary>
    [Range(1, 366)]
    public int ProcessedActivityRetentionDays { get; set; } = DefaultProcessedActivityRetentionDays;
}

[OptionsValidator]
internal sealed partial class ConversationOptionsValidator : IValidateOptions<ConversationOptions>;
