using System.Diagnostics;
using SpeakerBot.Conversation.Dialogs;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Engine;

/// <summary>One turn being handled: the input, the loaded state, the locale and "now", and the replies collected so far.</summary>
internal sealed class Turn
{
    private readonly IUnderstanding _understanding;
    private Understood? _understood;
    private Dictionary<string, string>? _fresh;

    public Turn(TurnInput input, ConversationState state, DialogCatalog catalog, IUnderstanding understanding, DateTimeOffset now)
    {
        Input = input;
        State = state;
        Catalog = catalog;
        _understanding = understanding;
        Now = now;
        var page = DialogCatalog.Normalize(input.Locale ?? state.Locale);
        state.Locale = page;
        if (WrittenLanguage.Of(input.Text) is { } written && (written == page || page == DialogCatalog.French))
        {
            // She writes English on the (default) French page: answered in English for the rest of the conversation,
            // until she writes French again. An English page was chosen: French words there are the programme's terms
            // ("une heure découverte"), not a change of language (decision 100).
            state.Language = written == page ? null : written;
        }

        Locale = state.Language ?? page;
        LocaleTag = Locale == page && input.Locale is not null ? input.Locale : (Locale == DialogCatalog.English ? "en-US" : "fr-FR");
        Text = input.Text?.Trim() ?? string.Empty;
        Normalized = DialogText.Normalize(Text);
    }

    public TurnInput Input { get; }

    public ConversationState State { get; }

    public DialogCatalog Catalog { get; }

    public DateTimeOffset Now { get; }

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public string Locale { get; }

    public string LocaleTag { get; }

    public string Text { get; }

    public string Normalized { get; }

    public List<BotMessage> Replies { get; } = [];

    /// <summary>
    /// The parse of this turn's text, computed once and only when needed: the rules' parse unless the engine
    /// already set the language model's (<see cref="Understand"/>).
    /// </summary>
    public Understood Understood => _understood ??= Text.Length == 0 ? new Understood() : _understanding.Parse(Text, Locale, Now);

    /// <summary>True once the asynchronous understanding ran for this turn (whatever it returned).</summary>
    public bool ModelUnderstandingDone { get; private set; }

    /// <summary>When the turn started (<see cref="Stopwatch"/> ticks): the language model budget counts from here.</summary>
    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>Result cards built this turn whose "why her" line the model may rewrite before the replies leave.</summary>
    public Dictionary<BotCard, CardToExplain> CardsToExplain { get; } = new(ReferenceEqualityComparer.Instance);

    public void Understand(Understood understood)
    {
        _understood = understood;
        _fresh = null;
        ModelUnderstandingDone = true;
    }

    /// <summary>The non-empty fields of <see cref="Understood"/> as facts, plus what the engine's own keywords add.</summary>
    public Dictionary<string, string> Fresh
    {
        get
        {
            if (_fresh is null)
            {
                _fresh = FactNames.From(Understood);
                if (!_fresh.ContainsKey(FactNames.Format) && Is("online"))
                {
                    _fresh[FactNames.Format] = "online";
                }

                // "une ingénieure pour mes 3e à Lille": a job with no field is still what she should be, kept as free text.
                if (!_fresh.ContainsKey(FactNames.Sectors) && !_fresh.ContainsKey(FactNames.Topics) && JobWord() is { } job)
                {
                    _fresh[FactNames.What] = job;
                }

                // "la visio nous irait aussi": video as well as, not instead of, a visit.
                if (_fresh.GetValueOrDefault(FactNames.Format) == "online" && Catalog.Keywords(Locale, "also").Any(k => DialogText.ContainsWords(Normalized, k)))
                {
                    _fresh[FactNames.Format] = ConversationEngine.InPersonOrOnline;
                }
            }

            return _fresh;
        }
    }

    /// <summary>The first word of the message that names a job (keyword list "job"), as the user wrote it.</summary>
    private string? JobWord()
    {
        var jobs = Catalog.Keywords(Locale, "job");
        if (jobs.Count == 0)
        {
            return null;
        }

        foreach (var word in Text.Split([' ', ',', ';', '.', '!', '?', '\'', '’', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (jobs.Contains(DialogText.Normalize(word), StringComparer.Ordinal))
            {
                return word.ToLowerInvariant();
            }
        }

        return null;
    }

    public bool Is(string keywordList) => DialogText.Matches(Normalized, Catalog.Keywords(Locale, keywordList));

    public string Say(string key, IReadOnlyDictionary<string, string>? args = null) => Catalog.Format(Locale, key, args);

    public void Send(string? text, IReadOnlyList<BotButton>? suggested = null, IReadOnlyList<BotCard>? cards = null, bool expectsInput = false) =>
        Replies.Add(new BotMessage
        {
            Text = text,
            SuggestedActions = suggested ?? [],
            Cards = cards ?? [],
            ExpectsInput = expectsInput,
            Locale = LocaleTag,
        });

    public BotButton Button(string labelKey) => new(Say(labelKey), Say(labelKey));
}

/// <summary>A card's speaker and the "why her" line it carries now (its last line), for the model to replace.</summary>
internal sealed record CardToExplain(Speaker Speaker, string Line);
