namespace SpeakerBot.Admin;

/// <summary>Why an admin action did not happen: an HTTP-like status, a short title and one sentence a person understands.</summary>
public sealed record AdminError(int Status, string Title, string Detail, string? Field = null)
{
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
