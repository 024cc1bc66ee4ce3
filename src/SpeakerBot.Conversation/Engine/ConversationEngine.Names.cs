using SpeakerBot.Conversation.Dialogs;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// A speaker named in a message ("une collègue m'a conseillé Clara Couderc", "réserver Valérie Le Goff pour mes
/// secondes"): her card, or her booking when the message asks to book; whatever else it says (class, place) is kept.
/// </summary>
public sealed partial class ConversationEngine
{
    private const int NamedShown = 3;
    private SpeakerNames? _names;

    private SpeakerNames Names => LazyInitializer.EnsureInitialized(ref _names, () => new SpeakerNames(_speakers));

    /// <summary>True when the message named approved speakers and was answered with them. Outside flows (or during a search).</summary>
    private async Task<bool> NamedSpeakerAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.State.Flow is { } flow && flow.Id != "find_speaker")
        {
            return false;
        }

        // "je suis Mme Leroy du collège…" is the teacher introducing herself, not a speaker she names.
        var ids = await Names.FindAsync(SelfIntroduction().Replace(turn.Text, " "), NamedShown, cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return false;
        }

        ForgetEventWhereMet(turn);
        FactNames.Merge(turn.State.Facts, turn.Fresh);
        if (ids.Count == 1 && turn.Catalog.Keywords(turn.Locale, "book.named").Any(k => DialogText.ContainsWords(turn.Normalized, k)))
        {
            await BookAsync(turn, ids[0], cancellationToken).ConfigureAwait(false);
            return true;
        }

        turn.State.Flow = null;
        if (ids.Count > 1)
        {
            turn.Send(turn.Say("named.several"));
        }

        foreach (var id in ids)
        {
            var before = turn.Replies.Count;
            await ShowProfileAsync(turn, id, cancellationToken).ConfigureAwait(false);
            if (ids.Count == 1 && turn.Replies.Count > before && turn.Replies[^1].Cards is [{ } card])
            {
                // Her name on a suggested action too: one tap books her, as typing "réserver …" would.
                var book = new BotButton(
                    turn.Say("button.book.named", new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = card.Title }),
                    ButtonAction.Encode(ButtonAction.Book, id),
                    ButtonKind.Post);
                turn.Replies[^1] = turn.Replies[^1] with { SuggestedActions = [book, .. turn.Replies[^1].SuggestedActions] };
            }
        }

        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:je\s+suis|je\s+m'appelle|je\s+m’appelle|moi\s+c'est|i\s+am|i'm|my\s+name\s+is|this\s+is)\s+(?:(?:mme|madame|mlle|mademoiselle|m\.|monsieur|ms\.?|mrs\.?|miss|mr\.?|dr\.?)\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, 200)]
    private static partial System.Text.RegularExpressions.Regex SelfIntroduction();
}
