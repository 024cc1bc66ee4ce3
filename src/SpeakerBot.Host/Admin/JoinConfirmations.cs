using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SpeakerBot.Admin;
using SpeakerBot.Bookings;
using SpeakerBot.Domain;

namespace SpeakerBot.Host.Admin;

internal enum JoinOutcome
{
    Pending,
    Confirmed,
    AlreadyConfirmed,
    Expired,
    Invalid,
    Failed,
}

/// <summary>
/// A /join proposal waiting for its e-mail address to be confirmed: the form as she sent it, until the mailed link is
/// used; then only the id of the speaker it became (her data is in the directory, not here any more).
/// </summary>
internal sealed record JoinProposal
{
    public SpeakerInput? Input { get; init; }

    public string Language { get; init; } = "fr";

    public DateTimeOffset CreatedAt { get; init; }

    public string? SpeakerId { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }
}

/// <summary>
/// Keeps a /join proposal aside as a state document under a random key, mails a signed link to the address she gave,
/// and turns the proposal into a pending speaker once, when the link's page is confirmed. The state retention of
/// <c>Conversation:StateRetentionDays</c> removes proposals nobody confirmed.
/// </summary>
internal sealed class JoinConfirmations(
    IStateStore state,
    IBookingStore outbox,
    BookingLinks links,
    AdminService admin,
    IOptions<AdminOptions> adminOptions,
    IOptions<BookingOptions> bookingOptions,
    TimeProvider time,
    ILogger<JoinConfirmations> logger)
{
    public const string Actor = "public:join";
    private const string KeyPrefix = "join/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // One confirmation at a time in this process: "read the proposal, create the speaker, mark it confirmed" must not
    // interleave, or a double click would create her twice. The host is one process on its SQLite file.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public TimeSpan Validity => TimeSpan.FromHours(adminOptions.Value.JoinConfirmationHours);

    /// <summary>Stores the proposal and enqueues the confirmation mail; nothing reaches the coordinators yet.</summary>
    public async Task ProposeAsync(SpeakerInput input, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await state.SaveAsync(KeyPrefix + id, JsonSerializer.Serialize(new JoinProposal { Input = input, Language = language, CreatedAt = now }, Json), cancellationToken);
        await links.ReadyAsync(cancellationToken);
        var token = links.CreateToken(id, 0, LinkAction.Join, now + Validity);
        var url = $"{bookingOptions.Value.PublicBaseUrl.TrimEnd('/')}/join/confirm?lang={language}&t={token}";
        await outbox.EnqueueAsync([Mail(id, input, language, url)], cancellationToken);
        Log.JoinProposed(logger, id[..8]);
    }

    /// <summary>What the link would do, without doing it (mail scanners open links).</summary>
    public async Task<(JoinOutcome Outcome, JoinProposal? Proposal)> PreviewAsync(string? token, CancellationToken cancellationToken)
    {
        var (outcome, id) = await CheckAsync(token, cancellationToken);
        if (outcome is not JoinOutcome.Pending)
        {
            return (outcome, null);
        }

        var proposal = await LoadAsync(id!, cancellationToken);
        return proposal is null ? (JoinOutcome.Expired, null)
            : proposal.SpeakerId is not null ? (JoinOutcome.AlreadyConfirmed, proposal)
            : (JoinOutcome.Pending, proposal);
    }

    /// <summary>Creates the pending speaker, with the audit of her consent, the first time only.</summary>
    public async Task<(JoinOutcome Outcome, JoinProposal? Proposal)> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var (outcome, id) = await CheckAsync(token, cancellationToken);
        if (outcome is not JoinOutcome.Pending)
        {
            return (outcome, null);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var proposal = await LoadAsync(id!, cancellationToken);
            if (proposal?.Input is null)
            {
                return proposal?.SpeakerId is null ? (JoinOutcome.Expired, null) : (JoinOutcome.AlreadyConfirmed, proposal);
            }

            var created = await admin.CreateSpeakerAsync(Actor, null, proposal.Input, SpeakerStatus.Pending, cancellationToken);
            if (!created.Ok)
            {
                Log.JoinConfirmationFailed(logger, id![..8], created.Error!.Field ?? "-");
                return (JoinOutcome.Failed, proposal);
            }

            var speakerId = created.Value!.Id;
            await admin.AuditAsync(Actor, "privacy.consent", "speaker:" + speakerId, null, new { notice = JoinPage.NoticeVersion, language = proposal.Language, emailConfirmed = true }, cancellationToken);
            var confirmed = new JoinProposal { Language = proposal.Language, CreatedAt = proposal.CreatedAt, SpeakerId = speakerId, ConfirmedAt = time.GetUtcNow() };
            await state.SaveAsync(KeyPrefix + id, JsonSerializer.Serialize(confirmed, Json), cancellationToken);
            Log.JoinConfirmed(logger, id![..8], speakerId);
            return (JoinOutcome.Confirmed, confirmed);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(JoinOutcome Outcome, string? Id)> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var claim = await links.ReadAsync(token, cancellationToken);
        if (claim is null || claim.Validity == LinkValidity.Tampered || claim.Action != LinkAction.Join
            || claim.Reference.Length != 32 || !claim.Reference.All(char.IsAsciiHexDigitLower))
        {
            return (JoinOutcome.Invalid, null);
        }

        return claim.Validity == LinkValidity.Expired ? (JoinOutcome.Expired, null) : (JoinOutcome.Pending, claim.Reference);
    }

    private async Task<JoinProposal?> LoadAsync(string id, CancellationToken cancellationToken) =>
        await state.LoadAsync(KeyPrefix + id, cancellationToken) is { } json ? JsonSerializer.Deserialize<JoinProposal>(json, Json) : null;

    private OutboxMessage Mail(string id, SpeakerInput input, string language, string url)
    {
        var en = language == "en";
        var hours = adminOptions.Value.JoinConfirmationHours;
        var body = new StringBuilder()
            .AppendLine(en ? $"Hello {input.FirstName}," : $"Bonjour {input.FirstName},")
            .AppendLine()
            .AppendLine(en
                ? "You proposed your role model speaker profile. To confirm that this e-mail address is yours and send your profile to a coordinator of your region, open this link:"
                : "Vous avez proposé votre profil d'intervenante. Pour confirmer que cette adresse e-mail est bien la vôtre et transmettre votre profil à une coordinatrice de votre région, ouvrez ce lien :")
            .AppendLine(url)
            .AppendLine()
            .AppendLine(en
                ? $"The link is valid for {hours} hours. If you did not propose a profile, ignore this message: nothing is sent to anyone and the proposal is deleted."
                : $"Le lien est valable {hours} heures. Si vous n'avez rien proposé, ignorez ce message : rien n'est transmis et la proposition sera effacée.")
            .ToString();
        return new OutboxMessage
        {
            Key = KeyPrefix + id,
            To = input.Email!,
            ToName = $"{input.FirstName} {input.LastName}",
            Subject = en ? "Confirm your e-mail address to send your profile" : "Confirmez votre adresse e-mail pour transmettre votre profil",
            Body = body,
            Language = language,
        };
    }
}
