using System.ComponentModel.DataAnnotations;

namespace SpeakerBot.Admin;

public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>A request still waiting after this many days is listed as unfilled for its region's coordinator.</summary>
    [Range(1, 60)]
    public int UnansweredDays { get; set; } = 7;

    /// <summary>Visits the network aims to hold per month (the dashboard's target line).</summary>
    [Range(0, 100_000)]
    public int MonthlyVisitTarget { get; set; } = 40;

    /// <summary>Requesters' contact data is removed this many months after the visit.</summary>
    [Range(1, 120)]
    public int RetentionMonths { get; set; } = 12;
}
