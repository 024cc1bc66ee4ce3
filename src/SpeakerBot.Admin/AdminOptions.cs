using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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
    public int RetentionMonths { get; set; } = DefaultRetentionMonths;

    /// <summary>How often the retention pass runs (it also runs once at start).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Set false to not run the retention job in this process (another instance runs it).</summary>
    public bool RunRetentionJob { get; set; } = true;

    /// <summary>Profile proposals accepted per hour from one client address on /join (a token bucket, as Direct Line creation).</summary>
    [Range(0.1, 100_000)]
    public double JoinProposalsPerHour { get; set; } = 10;

    /// <summary>Proposals one address may send in a row before the hourly rate applies.</summary>
    [Range(1, 10_000)]
    public int JoinProposalBurst { get; set; } = 5;

    /// <summary>How long the link mailed to confirm a /join proposal stays valid; unconfirmed proposals then go.</summary>
    [Range(1, 720)]
    public int JoinConfirmationHours { get; set; } = 72;

    public const int DefaultRetentionMonths = 12;
}

[OptionsValidator]
public sealed partial class AdminOptionsValidator : IValidateOptions<AdminOptions>;
