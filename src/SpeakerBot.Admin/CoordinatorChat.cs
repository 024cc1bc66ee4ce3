using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using Coordinator = SpeakerBot.Domain.Coordinators.Coordinator;

namespace SpeakerBot.Admin;

/// <summary>
/// Coordinators' commands in chat. A coordinator links her chat identity once by pasting her personal token; the link
/// (her id, never the token) is kept per chat user, and every command re-reads her record so a revoked token stops
/// working at once. Then: pending profiles as cards with Approuver / Refuser, requests waiting in her regions, unfilled
/// demand, this month's figures. Everything goes through <see cref="AdminService"/>: same scoping, same audit log.
/// </summary>
internal sealed partial class CoordinatorChat(AdminService admin, CoordinatorService coordinators, ICoordinatorStore store, IStateStore state) : ITurnHandler
{
    private const string ApproveAction = "coord.approve";
    private const string RejectAction = "coord.reject";
    private const int CardsShown = 5;
    private const int LinesShown = 10;

    public async Task<IReadOnlyList<BotMessage>?> TryHandleAsync(TurnRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Input.Text?.Trim() ?? string.Empty;
        var button = ReadButton(request.Input);
        var token = Token().Match(text);
        string? command = button is not null ? "button"
            : token.Success ? "link"
            : new[] { "coord.pending", "coord.waiting", "coord.unfilled", "coord.figures" }.FirstOrDefault(request.Says);
        if (command is null)
        {
            return await AskedInWordsAsync(request, cancellationToken);
        }

        if (command == "link")
        {
            var who = await coordinators.AuthenticateAsync(token.Value, cancellationToken);
            if (who is null)
            {
                return Say(request, "coord.link.invalid");
            }

            await state.SaveAsync(LinkKey(request.Input.UserKey), who.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
            return Say(request, "coord.link.done", new() { ["email"] = who.Email, ["scope"] = Scope(request, who) });
        }

        var coordinator = await LinkedAsync(request.Input.UserKey, cancellationToken);
        if (coordinator is null)
        {
            return Say(request, "coord.link.needed");
        }

        return command switch
        {
            "button" => await DecideAsync(request, coordinator, button!.Value, cancellationToken),
            "coord.pending" => await PendingAsync(request, coordinator, cancellationToken),
            "coord.waiting" => await WaitingAsync(request, coordinator, cancellationToken),
            "coord.unfilled" => await UnfilledAsync(request, coordinator, cancellationToken),
            _ => await FiguresAsync(request, coordinator, cancellationToken),
        };
    }

    /// <summary>
    /// A linked coordinator's question in her own words ("quelles demandes n'ont pas trouvé d'intervenante ?", "combien
    /// d'heures découvertes ce mois-ci ?"): the same commands. These wider phrases are only read for a linked account,
    /// so a teacher saying "je n'ai pas trouvé d'intervenante" still reaches the dialogs.
    /// </summary>
    private async Task<IReadOnlyList<BotMessage>?> AskedInWordsAsync(TurnRequest request, CancellationToken cancellationToken)
    {
        var command = new[] { "coord.unfilled", "coord.waiting", "coord.pending", "coord.figures" }.FirstOrDefault(c => request.Says(c + ".linked"));
        var decision = command is null ? DecisionWord(request) : null;
        if ((command is null && decision is null) || await LinkedAsync(request.Input.UserKey, cancellationToken) is not { } coordinator)
        {
            return null;
        }

        return command switch
        {
            null => await DecideByNameAsync(request, coordinator, decision!, cancellationToken),
            "coord.unfilled" => await UnfilledAsync(request, coordinator, cancellationToken),
            "coord.waiting" => await WaitingAsync(request, coordinator, cancellationToken),
            "coord.pending" => await PendingAsync(request, coordinator, cancellationToken),
            _ => await FiguresAsync(request, coordinator, cancellationToken),
        };
    }

    /// <summary>"approuve Isabelle Carpentier", "reject Ketty Renaud's profile": the verb's action, else null.</summary>
    private static string? DecisionWord(TurnRequest request)
    {
        var words = DialogText.Normalize(request.Input.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool Has(string list) => words.Any(w => request.Keywords(list).Contains(w, StringComparer.Ordinal));
        return Has("coord.reject.words") ? RejectAction : Has("coord.approve.words") ? ApproveAction : null;
    }

    /// <summary>A pending profile of her regions named in the message, approved or rejected as by its button; null when none is named.</summary>
    private async Task<IReadOnlyList<BotMessage>?> DecideByNameAsync(TurnRequest request, Coordinator who, string action, CancellationToken cancellationToken)
    {
        var said = DialogText.Normalize(request.Input.Text);
        var pending = (await admin.ListSpeakersAsync(who, new SpeakerFilter(Status: "pending", Take: 500), cancellationToken)).Value ?? [];
        var named = pending.Where(s => DialogText.ContainsWords(said, DialogText.Normalize(s.FullName))).ToList();
        if (named.Count == 0)
        {
            named = [.. pending.Where(s => s.LastName.Length >= 3 && DialogText.ContainsWords(said, DialogText.Normalize(s.LastName)))];
        }

        return named.Count == 1 ? await DecideAsync(request, who, (action, named[0].Id), cancellationToken) : null;
    }

    private async Task<Coordinator?> LinkedAsync(string userKey, CancellationToken cancellationToken)
    {
        var stored = await state.LoadAsync(LinkKey(userKey), cancellationToken);
        if (!long.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var credential = await store.GetCredentialAsync(id, cancellationToken);
        return credential?.Coordinator is { IsActive: true } active ? active : null;
    }

    private async Task<IReadOnlyList<BotMessage>> PendingAsync(TurnRequest request, Coordinator who, CancellationToken cancellationToken)
    {
        var result = await admin.ListSpeakersAsync(who, new SpeakerFilter(Status: "pending", Take: 500), cancellationToken);
        var pending = result.Value ?? [];
        if (pending.Count == 0)
        {
            return Say(request, "coord.pending.none");
        }

        var cards = pending.Take(CardsShown).Select(s => new BotCard
        {
            Title = s.FullName,
            Subtitle = string.Join(" · ", new[] { s.Headline, s.Employer, s.City ?? s.Region }.OfType<string>()),
            Text = Excerpt(s.Bio),
            Buttons =
            [
                new BotButton(request.Say("coord.button.approve", null), Encode(ApproveAction, s.Id), ButtonKind.Post),
                new BotButton(request.Say("coord.button.reject", null), Encode(RejectAction, s.Id), ButtonKind.Post),
            ],
        }).ToList();
        return
        [
            new BotMessage
            {
                Text = request.Say("coord.pending.intro", new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["count"] = pending.Count.ToString(CultureInfo.InvariantCulture),
                    ["shown"] = cards.Count.ToString(CultureInfo.InvariantCulture),
                }),
                Cards = cards,
            },
        ];
    }

    private async Task<IReadOnlyList<BotMessage>> DecideAsync(TurnRequest request, Coordinator who, (string Action, string SpeakerId) button, CancellationToken cancellationToken)
    {
        var approve = button.Action == ApproveAction;
        var result = await admin.SetSpeakerStatusAsync(who, button.SpeakerId, approve ? SpeakerStatus.Approved : SpeakerStatus.Rejected, cancellationToken);
        if (!result.Ok)
        {
            // The service's refusal, said in the coordinator's language.
            return Say(request, result.Error!.Status switch
            {
                404 => "coord.decide.unknown",
                403 => "coord.decide.forbidden",
                _ => "coord.decide.conflict",
            });
        }

        var left = (await admin.ListSpeakersAsync(who, new SpeakerFilter(Status: "pending", Take: 500), cancellationToken)).Value?.Count ?? 0;
        return Say(request, approve ? "coord.approved" : "coord.rejected", new()
        {
            ["name"] = result.Value!.FullName,
            ["left"] = left.ToString(CultureInfo.InvariantCulture),
        });
    }

    private async Task<IReadOnlyList<BotMessage>> WaitingAsync(TurnRequest request, Coordinator who, CancellationToken cancellationToken)
    {
        var result = await admin.ListBookingsAsync(who, new BookingFilter(Status: "requested", Take: 500), cancellationToken);
        var waiting = (result.Value ?? []).OrderBy(v => v.Booking.CreatedAt).ToList();
        if (waiting.Count == 0)
        {
            return Say(request, "coord.waiting.none");
        }

        var lines = waiting.Take(LinesShown).Select(v => request.Say("coord.waiting.line", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reference"] = v.Booking.Reference,
            ["speakers"] = string.Join(", ", v.SpeakerNames),
            ["date"] = v.Booking.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["days"] = ((int)Math.Floor((request.Now - v.Booking.CreatedAt).TotalDays)).ToString(CultureInfo.InvariantCulture),
        }) + Elsewhere(request, who, v));
        return Say(request, "coord.waiting.intro", new() { ["count"] = waiting.Count.ToString(CultureInfo.InvariantCulture), ["lines"] = string.Join('\n', lines) });
    }

    private async Task<IReadOnlyList<BotMessage>> UnfilledAsync(TurnRequest request, Coordinator who, CancellationToken cancellationToken)
    {
        var unfilled = await admin.UnfilledAsync(who, cancellationToken);
        if (unfilled.Count == 0)
        {
            return Say(request, "coord.unfilled.none");
        }

        var lines = unfilled.Take(LinesShown).Select(u => request.Say("coord.unfilled.line", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reference"] = u.Request.Booking.Reference,
            ["reason"] = u.Reason,
            ["suggestion"] = u.SuggestedReplacement?.FullName ?? "—",
        }));
        return Say(request, "coord.unfilled.intro", new() { ["count"] = unfilled.Count.ToString(CultureInfo.InvariantCulture), ["lines"] = string.Join('\n', lines) });
    }

    private async Task<IReadOnlyList<BotMessage>> FiguresAsync(TurnRequest request, Coordinator who, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(request.Now.Date);
        var (first, region) = AskedScope(request, who, new DateOnly(today.Year, today.Month, 1));
        var views = (await admin.AllBookingsAsync(null, cancellationToken))
            .Where(v => who.Covers(v.Region) && (region is null || v.Region == region) && v.Booking.Date >= first && v.Booking.Date <= first.AddMonths(1).AddDays(-1))
            .Select(v => v.Booking)
            .ToList();
        int Count(params BookingStatus[] statuses) => views.Count(b => statuses.Contains(b.Status));
        return Say(request, "coord.figures", new()
        {
            ["month"] = first.ToString(request.Locale == "en" ? "MMMM yyyy" : "MMMM yyyy", CultureInfo.GetCultureInfo(request.Locale == "en" ? "en-GB" : "fr-FR")),
            ["scope"] = region is null ? Scope(request, who) : request.Say("region." + region, null),
            ["requested"] = Count(BookingStatus.Requested).ToString(CultureInfo.InvariantCulture),
            ["accepted"] = Count(BookingStatus.Accepted).ToString(CultureInfo.InvariantCulture),
            ["held"] = Count(BookingStatus.Held, BookingStatus.FeedbackReceived).ToString(CultureInfo.InvariantCulture),
            ["unanswered"] = Count(BookingStatus.Declined, BookingStatus.Expired).ToString(CultureInfo.InvariantCulture),
            ["pupils"] = views.Sum(b => b.Feedback?.PupilsReached ?? 0).ToString(CultureInfo.InvariantCulture),
            ["girls"] = views.Sum(b => b.Feedback?.Girls ?? 0).ToString(CultureInfo.InvariantCulture),
        });
    }

    private static readonly string[][] MonthNames =
    [
        ["janvier", "january"], ["fevrier", "february"], ["mars", "march"], ["avril", "april"], ["mai"], ["juin", "june"],
        ["juillet", "july"], ["aout", "august"], ["septembre", "september"], ["octobre", "october"], ["novembre", "november"], ["decembre", "december"],
    ];

    /// <summary>
    /// "les chiffres de janvier pour l'Occitanie": the month named (its nearest occurrence) and a region of hers named in
    /// the question; this month and all her regions otherwise.
    /// </summary>
    private static (DateOnly First, string? Region) AskedScope(TurnRequest request, Coordinator who, DateOnly thisMonth)
    {
        var said = DialogText.Normalize(request.Input.Text);
        var first = thisMonth;
        for (var m = 0; m < MonthNames.Length; m++)
        {
            if (MonthNames[m].Any(name => DialogText.ContainsWords(said, name)))
            {
                var same = new DateOnly(thisMonth.Year, m + 1, 1);
                first = new[] { same.AddYears(-1), same, same.AddYears(1) }
                    .MinBy(d => Math.Abs(((d.Year - thisMonth.Year) * 12) + d.Month - thisMonth.Month));
                break;
            }
        }

        var region = Taxonomy.Regions.FirstOrDefault(r => who.Covers(r) && DialogText.ContainsWords(said, DialogText.Normalize(request.Say("region." + r, null))));
        return (first, region);
    }

    /// <summary>A panel held outside her regions, listed for her speakers' seats: says which seats are hers to answer for.</summary>
    private static string Elsewhere(TurnRequest request, Coordinator who, BookingView view)
    {
        if (view.IsOrganisedBy(who))
        {
            return string.Empty;
        }

        // SpeakerNames follows the order of the seats (standbys excluded).
        var mine = view.Booking.Seats.Where(s => s.Role == SeatRole.Seat)
            .Zip(view.SpeakerNames)
            .Where(p => view.IsSeatManagedBy(who, p.First.SpeakerId))
            .Select(p => p.Second);
        return request.Say("coord.waiting.elsewhere", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["region"] = view.Region is null ? "—" : request.Say("region." + view.Region, null),
            ["speakers"] = string.Join(", ", mine),
        });
    }

    private static string Scope(TurnRequest request, Coordinator who) =>
        who.Role == CoordinatorRole.National
            ? request.Say("coord.scope.national", null)
            : string.Join(", ", who.Regions.Select(r => request.Say("region." + r, null)));

    private static List<BotMessage> Say(TurnRequest request, string key, Dictionary<string, string>? args = null) =>
        [new BotMessage { Text = request.Say(key, args) }];

    private static string? Excerpt(string? bio)
    {
        var text = bio is null ? null : SpeakerBot.Conversation.LanguageModel.PersonalDataMasker.MaskContact(bio);
        return text is null || text.Length <= 280 ? text : text[..280].TrimEnd() + "…";
    }

    private static string LinkKey(string userKey) => "coordinator-link/" + userKey;

    private static string Encode(string action, string speakerId) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(StringComparer.Ordinal) { ["action"] = action, ["speakerId"] = speakerId });

    /// <summary>An Approuver / Refuser click: from the activity's value, or its text when the channel sent the value as text.</summary>
    private static (string Action, string SpeakerId)? ReadButton(TurnInput input)
    {
        var raw = input.Value is { ValueKind: JsonValueKind.Object } value ? value.GetRawText()
            : input.Value is { ValueKind: JsonValueKind.String } text ? text.GetString()
            : input.Text;
        if (raw is null || !raw.Contains("\"coord.", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("action", out var action) && action.GetString() is ApproveAction or RejectAction
                && root.TryGetProperty("speakerId", out var id) && id.GetString() is { Length: > 0 } speakerId
                ? (action.GetString()!, speakerId)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\bsbc_\d+_[A-Za-z0-9_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
