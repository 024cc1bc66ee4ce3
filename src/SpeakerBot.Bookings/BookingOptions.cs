using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Bookings;

public sealed class BookingOptions
{
    public const string SectionName = "Bookings";
    public const int DefaultMinLeadDays = 7;
    public const int DefaultTravelBufferMinutes = 60;
    public const int DefaultResponseDays = 5;
    public const int DefaultLinkValidityDays = 21;
    public const int DefaultSlotHorizonDays = 120;
    public const int DefaultFairnessWindowDays = 56;
    public const string DefaultPublicBaseUrl = "http://localhost:3978";
    public const string DefaultPickupDirectory = "outbox";

    /// <summary>A visit is requested at least this many days ahead, so the speaker can arrange her day.</summary>
    [Range(0, 90)]
    public int MinLeadDays { get; set; } = DefaultMinLeadDays;

    /// <summary>Kept free between two in-person visits of the same speaker.</summary>
    [Range(0, 240)]
    public int TravelBufferMinutes { get; set; } = DefaultTravelBufferMinutes;

    /// <summary>An invitation without an answer after this many days expires.</summary>
    [Range(1, 60)]
    public int ResponseDays { get; set; } = DefaultResponseDays;

    [Range(1, 120)]
    public int LinkValidityDays { get; set; } = DefaultLinkValidityDays;

    /// <summary>How far ahead free slots are looked for.</summary>
    [Range(7, 400)]
    public int SlotHorizonDays { get; set; } = DefaultSlotHorizonDays;

    /// <summary>Base address of the host, used in the accept/decline and follow-up links.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = DefaultPublicBaseUrl;

    /// <summary>Key of the link signatures; when empty a random one is generated once and kept in the database.</summary>
    public string? LinkSigningKey { get; set; }

    [Required]
    [EmailAddress]
    public string CoordinatorEmail { get; set; } = "coordination@speakerbot.local";

    [Required]
    [EmailAddress]
    public string FromAddress { get; set; } = "noreply@speakerbot.local";

    public string FromName { get; set; } = "SpeakerBot";

    /// <summary>SMTP server; when empty, mails are written as .eml files to <see cref="PickupDirectory"/>.</summary>
    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    /// <summary>Encrypt the SMTP connection (STARTTLS, or SSL on port 465) when <see cref="SmtpSecurity"/> is Auto.</summary>
    public bool SmtpSsl { get; set; }

    /// <summary>Auto: from <see cref="SmtpSsl"/> and the port (465 SSL, else STARTTLS when offered); or forced.</summary>
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.Auto;

    /// <summary>Longest wait for the SMTP server at each step (connect, login, send).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    [Required]
    public string PickupDirectory { get; set; } = DefaultPickupDirectory;

    [Range(1, 50)]
    public int MaxSendAttempts { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SenderPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fair exposure: the search ranks a speaker lower for each request she received over this many days.</summary>
    [Range(1, 365)]
    public int FairnessWindowDays { get; set; } = DefaultFairnessWindowDays;

    /// <summary>Set false to run neither the outbox sender nor the expiry job in this process.</summary>
    public bool RunBackgroundServices { get; set; } = true;
}

public enum SmtpSecurity
{
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

[OptionsValidator]
public sealed partial class BookingOptionsValidator : IValidateOptions<BookingOptions>;
