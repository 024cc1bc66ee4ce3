namespace SpeakerBot.Host.Tests.Admin;

/// <summary>A clock the test moves by hand (the TimeProvider testing package is not available here).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
