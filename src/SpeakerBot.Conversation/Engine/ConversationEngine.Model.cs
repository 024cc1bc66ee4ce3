using System.Diagnostics;
using System.Globalization;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Engine;

/// <summary>
/// Where the optional language model enters a turn (decision 083): the understanding of the message, answers to
/// programme questions and the "why her" line of result cards. One budget per turn bounds all of it; whatever is
/// late gives way to the rules' parse, the FAQ entry as written or the engine's own line. With no model every call
/// below completes at once with exactly what the engine said before the model existed.
/// </summary>
public sealed partial class ConversationEngine
{
    private TimeSpan ModelTimeLeft(Turn turn) =>
        TimeSpan.FromMilliseconds(_modelTurnBudgetMs) - Stopwatch.GetElapsedTime(turn.StartedAt);

    /// <summary>
    /// Understands the message through <see cref="IAsyncUnderstanding"/> once per turn, before the flow or the routing
    /// reads it. Without one registered (no model), <see cref="Turn.Understood"/> stays the rules' parse it computes
    /// lazily, which is what the rules-only async path would return.
    /// </summary>
    private async Task UnderstandAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.ModelUnderstandingDone || turn.Text.Length == 0 || _understanding is not IAsyncUnderstanding understanding)
        {
            return;
        }

        var left = ModelTimeLeft(turn);
        if (left <= TimeSpan.Zero)
        {
            turn.Understand(turn.Understood);
            return;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(left);
        try
        {
            turn.Understand(await understanding.ParseAsync(turn.Text, turn.Locale, turn.Now, budget.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ModelTurnBudgetSpent(_logger, "understanding", _modelTurnBudgetMs);
            turn.Understand(turn.Understood);
        }
    }

    /// <summary>
    /// A question about the programme ("c'est gratuit ?", "do I need the head teacher's permission?") asked in
    /// question form, at any point: answered from the FAQ, then the pending question again. True when it was one.
    /// A question that carries a request ("avez-vous une policière à Lille ?") is left to the flow and the routing,
    /// and so is a question no FAQ entry fits while a flow runs (it may be the answer the flow waits for).
    /// </summary>
    private async Task<bool> ProgrammeQuestionAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (!LooksLikeQuestion(turn))
        {
            return false;
        }

        var retrieved = RetrieveQuestion(turn);
        var asked = QuestionFacts(turn);
        if (CarriesRequest(turn, asked) && !AsksAboutProgramme(turn, retrieved, asked))
        {
            return false;
        }

        // "bonjour, vous intervenez aussi le samedi ?": a question after a greeting is a question, even with no entry for it.
        var greetingQuestion = turn.Understood.Intent == Intents.Greeting && turn.Normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5;
        if (!retrieved.Found && (turn.State.Flow is not null || (turn.Understood.Intent != Intents.Other && !greetingQuestion)))
        {
            return false;
        }

        await AnswerProgrammeQuestionAsync(turn, retrieved, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Outside any flow, a message routed as help or other ("tarifs", "c est gratuit") that a FAQ entry fits.</summary>
    private async Task<bool> FaqEntryAsync(Turn turn, CancellationToken cancellationToken)
    {
        var retrieved = _faq.Retrieve(turn.Text, turn.Locale);
        if (!retrieved.Found)
        {
            return false;
        }

        await AnswerProgrammeQuestionAsync(turn, retrieved, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task AnswerProgrammeQuestionAsync(Turn turn, FaqAnswer retrieved, CancellationToken cancellationToken)
    {
        var answer = retrieved;
        var left = ModelTimeLeft(turn);
        if (retrieved.Found && left > TimeSpan.Zero)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(left);
            try
            {
                var phrased = await _faq.AnswerAsync(turn.Text, turn.Locale, budget.Token).ConfigureAwait(false);
                answer = phrased.Found && phrased.EntryId == retrieved.EntryId ? phrased : retrieved;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ModelTurnBudgetSpent(_logger, "faq", _modelTurnBudgetMs);
            }
        }

        var flow = CurrentFlow(turn);
        if (answer.Found)
        {
            Log.FaqAnswered(_logger, answer.EntryId!, answer.Phrased);
            turn.Send(answer.Text, flow is null ? EntryButtons(turn) : null);
        }
        else
        {
            // No entry fits: say so rather than guess, and give the person who can answer.
            turn.Send(answer.Text + "\n\n" + CoordinatorContact(turn), flow is null ? EntryButtons(turn) : null);
        }

        if (flow is not null)
        {
            await AskPendingAsync(turn, flow, resume: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends with a question mark, or, outside a flow, opens with an interrogative ("est-ce que", "combien", "how"…):
    /// while a flow waits, "quand vous voulez" or "comment vous voulez" are answers, not questions.
    /// </summary>
    private static bool LooksLikeQuestion(Turn turn)
    {
        if (turn.Normalized.EndsWith('?') || LeadingQuestion(turn) is not null)
        {
            return true;
        }

        if (turn.State.Flow is not null)
        {
            return false;
        }

        foreach (var opener in turn.Catalog.Keywords(turn.Locale, "question.openers"))
        {
            if (turn.Normalized.StartsWith(opener, StringComparison.Ordinal)
                && (turn.Normalized.Length == opener.Length || turn.Normalized[opener.Length] is ' ' or '?'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Outside any flow, a question that fits a FAQ entry well ("je suis ingénieure chez Thales, comment devenir
    /// intervenante ?") is about the programme even though it names a job or a place: answered before any search.
    /// One that also names a level or a format ("une ingénieure pour des CP, c'est possible ?") asks for speakers.
    /// </summary>
    private static bool AsksAboutProgramme(Turn turn, FaqAnswer retrieved, IReadOnlyDictionary<string, string> asked) =>
        turn.State.Flow is null && retrieved.Found && retrieved.Score >= FaqIndex.StrongScore
        && !asked.Keys.Any(key => key is FactNames.Format or FactNames.Audience or FactNames.ClassLevel or FactNames.Weekdays or FactNames.PartOfDay);

    /// <summary>
    /// True when the message says something a flow or a search would use. Before any request exists, a format,
    /// audience or level alone ("est-ce possible en visio ?", "pour des CM2 ?") is still a programme question.
    /// </summary>
    private static bool CarriesRequest(Turn turn, IReadOnlyDictionary<string, string> asked)
    {
        var opening = turn.State.Flow is null && turn.State.Results is null;
        return asked.Keys.Any(key => key != FactNames.What && !(opening && key is FactNames.Format or FactNames.Audience or FactNames.ClassLevel));
    }

    /// <summary>
    /// Lets the model rewrite the "why her" line of this turn's cards: every card asked at once, the whole page waited
    /// for no longer than what is left of the turn's budget; a late, missing or rejected sentence keeps the engine's line.
    /// </summary>
    private async Task ExplainCardsAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.CardsToExplain.Count == 0)
        {
            return;
        }

        var left = ModelTimeLeft(turn);
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        var request = RequestOf(turn.State.Facts);
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var jobs = turn.CardsToExplain
            .Select(card => (Card: card.Key, card.Value.Line, Sentence: ExplainOneAsync(card.Value.Speaker, request, turn.Locale, budget.Token)))
            .ToList();
        var all = Task.WhenAll(jobs.Select(job => job.Sentence));
        if (!all.IsCompleted)
        {
            budget.CancelAfter(left);
            var finished = await Task.WhenAny(all, Task.Delay(left, cancellationToken)).ConfigureAwait(false);
            if (finished != all)
            {
                Log.ModelTurnBudgetSpent(_logger, "fit", _modelTurnBudgetMs);
                await budget.CancelAsync().ConfigureAwait(false);
            }
        }

        // The calls still running observe the token; it is released only once they all have.
        _ = all.ContinueWith(_ => budget.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var rewritten = new Dictionary<BotCard, BotCard>(ReferenceEqualityComparer.Instance);
        foreach (var (card, line, sentence) in jobs)
        {
            if (sentence.IsCompletedSuccessfully && await sentence.ConfigureAwait(false) is { } text && card.Text is { } old && old.EndsWith(line, StringComparison.Ordinal))
            {
                var why = turn.Say("card.why.model", new Dictionary<string, string>(StringComparer.Ordinal) { ["sentence"] = Sentence(text) });
                rewritten[card] = card with { Text = string.Concat(old.AsSpan(0, old.Length - line.Length), why) };
            }
        }

        if (rewritten.Count == 0)
        {
            return;
        }

        for (var i = 0; i < turn.Replies.Count; i++)
        {
            var message = turn.Replies[i];
            if (message.Cards.Any(rewritten.ContainsKey))
            {
                turn.Replies[i] = message with { Cards = [.. message.Cards.Select(c => rewritten.GetValueOrDefault(c, c))] };
            }
        }
    }

    private async Task<string?> ExplainOneAsync(Speaker speaker, Understood request, string locale, CancellationToken cancellationToken)
    {
        try
        {
            // Contact details never reach the explainer, whatever it does with the profile.
            return await _fit.ExplainByModelAsync(speaker.WithoutContact(), request, locale, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static string Sentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…' ? trimmed : trimmed + ".";
    }

    /// <summary>The request the conversation has built, in the parse fields the explainer and its checker read.</summary>
    private static Understood RequestOf(IReadOnlyDictionary<string, string> facts) => new()
    {
        Intent = Intents.FindSpeaker,
        Sectors = FactNames.List(facts, FactNames.Sectors),
        Topics = FactNames.List(facts, FactNames.Topics),
        Region = facts.GetValueOrDefault(FactNames.Region),
        Department = facts.GetValueOrDefault(FactNames.Department),
        City = facts.GetValueOrDefault(FactNames.City),
        Audience = facts.GetValueOrDefault(FactNames.Audience),
        ClassLevel = facts.GetValueOrDefault(FactNames.ClassLevel),
        Format = facts.GetValueOrDefault(FactNames.Format),
        Pupils = int.TryParse(facts.GetValueOrDefault(FactNames.Pupils), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pupils) ? pupils : null,
    };
}
