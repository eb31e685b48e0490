namespace CrmEtl.Tests.TestSupport;

/// <summary>A clock stopped at one local date (time zone UTC), so "yesterday" means the same day on every machine.</summary>
public sealed class FixedClock(DateOnly today) : TimeProvider
{
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero);
}
