namespace SpeakerBot.Admin;

/// <summary>Why an admin action did not happen: an HTTP-like status, a short title and one sentence a person understands.</summary>
/// <remarks>
/// <see cref="Title"/> and <see cref="Detail"/> stay French (the JSON API documents them); <see cref="Code"/> and
/// <see cref="Args"/> let the back-office say the same thing in the coordinator's language (decision 120:
/// key "error.{code}" in dialogs/locales/backoffice.{fr,en}.json, see <see cref="AdminCodes"/>).
/// </remarks>
public sealed record AdminError(int Status, string Title, string Detail, string? Field = null)
{
    /// <summary>A stable name for the sentence (one of <see cref="AdminCodes"/>), or null when only the French detail exists.</summary>
    public string? Code { get; init; }

    /// <summary>The values the sentence names, in the order of its {0}, {1}…</summary>
    public IReadOnlyList<object?> Args { get; init; } = [];

    /// <summary>The same error with a code for the back-office.</summary>
    public AdminError Coded(string code, params object?[] args) => this with { Code = code, Args = args };

    public static AdminError NotFound(string detail) => new(404, "Introuvable", detail);

    public static AdminError Forbidden(string detail) => new(403, "Hors de votre périmètre", detail);

    public static AdminError Invalid(string field, string detail) => new(400, "Donnée invalide", detail, field);

    public static AdminError Conflict(string detail) => new(409, "Action impossible dans cet état", detail);
}

/// <summary>Either a value or an <see cref="AdminError"/>.</summary>
public sealed record AdminResult<T>(T? Value, AdminError? Error)
{
    public bool Ok => Error is null;

    public static implicit operator AdminResult<T>(AdminError error) => new(default, error);

    public static AdminResult<T> Success(T value) => new(value, null);
}
