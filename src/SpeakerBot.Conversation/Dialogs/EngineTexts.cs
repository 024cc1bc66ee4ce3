namespace SpeakerBot.Conversation.Dialogs;

/// <summary>
/// Locale keys and keyword lists the engine itself uses; the catalog refuses to start when a locale lacks one,
/// so a missing translation is caught at start-up, not by a user.
/// </summary>
internal static class EngineTexts
{
    public static readonly IReadOnlyList<string> Required =
    [
        "welcome.title", "welcome.text", "welcome.hint", "resume",
        "entry.find_speaker", "entry.book_visit", "entry.book_panel", "entry.booking_status",
        "feature.unavailable", "feature.book_visit", "feature.book_panel", "feature.booking_status", "feature.cancel_booking",
        "help.general", "help.results", "help.always",
        "cancel.done", "cancel.nothing", "restart.done", "human.contact", "human.national", "fallback",
        "giveup", "giveup.skipped", "digression.noted", "label.generic",
        "retry.text", "retry.choice", "retry.confirm", "retry.date", "retry.number", "retry.email",
        "invalid.range", "invalid.future", "invalid.past", "invalid.weekday",
        "results.intro", "results.page", "results.refined", "results.relaxed", "results.widened", "results.nomore", "widen.max",
        "zero.intro", "zero.nothing", "zero.blocked.other", "relax.other",
        "criteria.any", "criteria.near", "criteria.around", "criteria.department", "criteria.region", "criteria.france", "criteria.on", "criteria.between",
        "card.distance", "card.topics", "card.formats", "card.audiences", "card.place", "card.why", "card.why.model",
        "why.sector", "why.topics", "why.distance", "why.format", "why.terms", "why.default",
        "profile.unknown", "profile.private",
        "button.yes", "button.no", "button.skip", "button.more", "button.widen", "button.online", "button.restart", "button.back",
        "button.book", "button.profile", "button.edit", "edit.which", "button.human", "button.leave_request",
        "label.sectors", "label.topics", "label.region", "label.department", "label.city", "label.audience", "label.classLevel",
        "label.format", "label.dateFrom", "label.dateTo",
    ];

    public static readonly IReadOnlyList<string> RequiredKeywords =
    [
        "help", "cancel", "restart", "human", "yes", "no", "skip", "more", "widen", "back", "online", "digression", "edit", "leave_request",
        "entry.find_speaker", "entry.book_visit", "entry.book_panel", "entry.booking_status",
        "question.openers",
    ];
}
