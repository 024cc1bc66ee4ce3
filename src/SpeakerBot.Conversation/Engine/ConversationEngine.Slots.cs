using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

// Every answer can fill any slot (decision 101): what a message says besides the answer to the pending question
// (the class and pupils next to the school, a pasted signature) fills the flow's other open questions, and is said.
public sealed partial class ConversationEngine
{
    private static readonly string[] AcknowledgedContact = [RequesterDetails.School, RequesterDetails.Name, FactNames.Email];

    /// <summary>This turn's understood fields plus the requester's own details (school, name, phone) read from the text.</summary>
    private static Dictionary<string, string> FreshWithContact(Turn turn)
    {
        var fresh = new Dictionary<string, string>(turn.Fresh, StringComparer.Ordinal);
        foreach (var (key, value) in RequesterDetails.Extract(turn.Text, turn.Understood.City, turn.Understood.Uai))
        {
            fresh.TryAdd(key, value);
        }

        return fresh;
    }

    /// <summary>
    /// Outside a flow (the first message, a pasted e-mail): the requester's school, name and e-mail are kept for the
    /// booking that may follow, and said once ("C'est noté — établissement : …, nom : …").
    /// </summary>
    private static void RememberContact(Turn turn)
    {
        var contact = RequesterDetails.Extract(turn.Text, turn.Understood.City, turn.Understood.Uai);
        if (contact.Count == 0)
        {
            return;
        }

        if (turn.Understood.Email is { } email)
        {
            contact[FactNames.Email] = email;
        }

        var noted = new List<(string Label, string Value)>();
        foreach (var (key, value) in contact)
        {
            if (turn.State.Facts.GetValueOrDefault(key) != value && AcknowledgedContact.Contains(key))
            {
                noted.Add((turn.Say("label." + key), value));
            }

            turn.State.Facts[key] = value;
        }

        if (noted.Count > 0)
        {
            turn.Send(Acknowledge(turn, noted));
        }
    }

    /// <summary>
    /// The flow's questions not answered yet (other than the pending one) that this message answers: filled now, so
    /// they are not asked; returns what was taken, to be said.
    /// </summary>
    private async Task<List<(string Label, string Value)>> FillOpenSlotsAsync(Turn turn, FlowDefinition flow, StepDefinition pending, Dictionary<string, string> fresh, CancellationToken cancellationToken)
    {
        var filled = new List<(string Label, string Value)>();
        var state = turn.State.Flow!;
        foreach (var step in flow.Steps)
        {
            if (step == pending || step.Fact is null || step.Type == StepType.Confirm || state.Slots.ContainsKey(step.Slot)
                || !fresh.TryGetValue(step.Fact, out var value) || value.Length == 0)
            {
                continue;
            }

            if (step.Type == StepType.Choice || !await AcceptsAsync(turn, flow, step, value, cancellationToken).ConfigureAwait(false))
            {
                // Choices (a speaker, a format) keep their own reading: the facts merged by the digressions reach them.
                continue;
            }

            state.Slots[step.Slot] = value;
            turn.State.Facts[step.Fact] = value;
            state.Written.Add(step.Fact);
            filled.Add((turn.Say(step.Label ?? "label.generic"), Display(turn, step, value)));
        }

        return filled;
    }

    /// <summary>
    /// "oui c'est parfait", "non finalement je vais attendre": a confirmation answered by its first word, when the
    /// message carries no new value (those are changes: "non, 25 élèves") and asks for no correction.
    /// </summary>
    private static Answer LeadingYesNo(Turn turn, Dictionary<string, string> fresh)
    {
        if (fresh.Count > 0 || turn.Is("edit"))
        {
            return Answer.None;
        }

        var words = turn.Normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Any(w => turn.Catalog.Keywords(turn.Locale, "edit").Contains(w, StringComparer.Ordinal)))
        {
            return Answer.None;
        }

        // "c'est parfait, envoyez", "alors oui": the first word that is not a filler leads; "envoyez" / "send it" says yes.
        var fillers = turn.Catalog.Keywords(turn.Locale, "confirm.fillers");
        var first = words.FirstOrDefault(w => !fillers.Contains(w, StringComparer.Ordinal)) ?? words[0];
        bool Leads(string list) => turn.Catalog.Keywords(turn.Locale, list).Any(k => !k.Contains(' ', StringComparison.Ordinal) && k == first);
        bool Sends() => !words.Any(w => turn.Catalog.Keywords(turn.Locale, "no").Contains(w, StringComparer.Ordinal))
            && turn.Catalog.Keywords(turn.Locale, "confirm.send").Any(k => DialogText.ContainsWords(turn.Normalized, k));
        return (Leads("yes") && !Leads("no")) || (!Leads("no") && Sends()) ? Answer.Of("yes") : Leads("no") ? Answer.Of("no") : Answer.None;
    }

    private static readonly Dictionary<string, int> OrdinalWords = new(StringComparer.Ordinal)
    {
        ["premier"] = 1, ["premiere"] = 1, ["1er"] = 1, ["1ere"] = 1, ["1re"] = 1, ["first"] = 1,
        ["deuxieme"] = 2, ["2eme"] = 2, ["second"] = 2,
        ["troisieme"] = 3, ["3eme"] = 3, ["third"] = 3,
        ["quatrieme"] = 4, ["4eme"] = 4, ["fourth"] = 4,
        ["cinquieme"] = 5, ["5eme"] = 5, ["fifth"] = 5,
        ["dernier"] = -1, ["derniere"] = -1, ["last"] = -1,
    };

    /// <summary>
    /// A typed answer that names a button without its exact words: "le premier créneau proposé", "the last one",
    /// or one word of a single button's title ("présentiel" for "En présentiel").
    /// </summary>
    private static string? TypedChoice(Turn turn, List<StoredChoice> choices, Dictionary<string, string> fresh)
    {
        var words = turn.Normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (choices.Count == 0 || words.Length == 0)
        {
            return null;
        }

        var ordinals = words.Where(OrdinalWords.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        if (words.Length <= 6 && ordinals.Count == 1 && !fresh.ContainsKey(FactNames.DateFrom))
        {
            var rank = OrdinalWords[ordinals[0]];
            var index = rank < 0 ? choices.Count - 1 : rank - 1;
            return index < choices.Count ? choices[index].Value : null;
        }

        if (turn.Normalized.Length >= 4 && words.Length <= 3)
        {
            var inTitle = choices.Where(c => DialogText.ContainsWords(DialogText.Normalize(c.Title), turn.Normalized)).ToList();
            if (inTitle.Count == 1)
            {
                return inTitle[0].Value;
            }
        }

        return null;
    }
}
