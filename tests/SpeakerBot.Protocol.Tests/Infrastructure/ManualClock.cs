namespace SpeakerBot.Protocol.Tests.Infrastructure;

/// <summary>Real time plus an offset the test moves forward; timers stay real so delays still elapse.</summary>
/// <remarks>
/// Not FakeTimeProvider: the server under test waits on this clock (long-poll PollWait and PollLinger, WebSocket
/// keep-alive, typing delay, connector back-off), and those waits must end on their own while the test only makes
/// HTTP calls. A frozen clock would need the test to advance time from outside at the right moment, racing the server.
/// </remarks>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
