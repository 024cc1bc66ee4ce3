using SpeakerBot.Admin;

namespace SpeakerBot.Host.Pages.Admin.Speakers;

/// <summary>/admin/speakers/pending: the queue of profiles waiting for a decision in her regions.</summary>
public sealed class PendingModel(SpeakerBackOffice office) : SpeakerListModel(office)
{
    public override string Path => "/admin/speakers/pending";

    public override bool FixedStatus => true;
}
