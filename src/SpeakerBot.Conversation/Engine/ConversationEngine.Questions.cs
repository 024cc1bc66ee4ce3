using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// A question followed by context ("les intervenantes sont payées par qui ? on n'a pas de budget", "ça peut se faire
/// en visio ? on est une école rurale du Cantal"): the question sentence decides whether the message asks about the
/// programme or for speakers; what follows it is only context (decision 112).
/// </summary>
public sealed partial class ConversationEngine
{
    /// <summary>The text up to the last question mark when more words follow it, else null.</summary>
    private static string? LeadingQuestion(Turn turn)
    {
        var end = turn.Text.LastIndexOf('?');
        if (end <= 0 || end == turn.Text.Length - 1 || !turn.Text.AsSpan(end + 1).ContainsAnyExcept(" \t\r\n!?.…)"))
        {
            return null;
        }

        return turn.Text[..(end + 1)];
    }

    /// <summary>The facts the question sentence alone carries, or the whole message's when there is no context after it.</summary>
    private IReadOnlyDictionary<string, string> QuestionFacts(Turn turn)
    {
        if (LeadingQuestion(turn) is not { } question)
        {
            return turn.Fresh;
        }

        // A class named in the question ("une intervenante pour mes CE2 en visio ? on est à Besançon") makes the whole
        // message a request for that class, with its place.
        var facts = FactNames.From(_understanding.Parse(question, turn.Locale, turn.Now));
        return facts.ContainsKey(FactNames.ClassLevel) ? turn.Fresh : facts;
    }

    /// <summary>The FAQ entry for the question sentence, else for the whole message.</summary>
    private LanguageModel.FaqAnswer RetrieveQuestion(Turn turn)
    {
        if (LeadingQuestion(turn) is { } question && _faq.Retrieve(question, turn.Locale) is { Found: true } asked)
        {
            return asked;
        }

        return _faq.Retrieve(turn.Text, turn.Locale);
    }
}
