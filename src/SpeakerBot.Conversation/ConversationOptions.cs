using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Conversation;

public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";
    public const int DefaultResultsPerPage = 3;
    public const double DefaultLocalRadiusKm = 50;

    /// <summary>Folder of the dialog files; empty means the dialogs/ folder copied beside the program.</summary>
    public string? DialogsDirectory { get; set; }

    /// <summary>Cards per page of results.</summary>
    [Range(1, 10)]
    public int ResultsPerPage { get; set; } = DefaultResultsPerPage;

    /// <summary>Radius of a search around a city, before the user widens the area.</summary>
    [Range(1, 1000)]
    public double LocalRadiusKm { get; set; } = DefaultLocalRadiusKm;
}

[OptionsValidator]
internal sealed partial class ConversationOptionsValidator : IValidateOptions<ConversationOptions>;
