using SpeakerBot.Conversation.Tests.Support;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Tests;

public class TranscriptTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoData.DialogsDirectory, "transcripts"), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public Task Replay_transcript_bot_says_what_the_file_expects(string file) =>
        Transcript.ReplayAsync(Path.Combine(RepoData.DialogsDirectory, "transcripts", file));
}
