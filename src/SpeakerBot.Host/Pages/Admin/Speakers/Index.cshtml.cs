using SpeakerBot.Admin;

namespace SpeakerBot.Host.Pages.Admin.Speakers;

/// <summary>/admin/speakers: every status, filtered.</summary>
public sealed class IndexModel(SpeakerBackOffice office) : SpeakerListModel(office)
{
    public override string Path => "/admin/speakers";
}
