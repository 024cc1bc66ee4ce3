namespace SpeakerBot.Storage.Import;

/// <summary>
/// Why a record was refused: the English sentence (CLI, import report files, API) plus a stable code and its values, so
/// the back-office can say it in the coordinator's language (key "error.{code}", see <see cref="ImportRuleCodes"/>).
/// </summary>
public sealed record ImportReason(string Code, string Text, IReadOnlyList<object?> Args)
{
    public static readonly ImportReason None = new(string.Empty, string.Empty, []);

    public static implicit operator string(ImportReason reason) => reason?.Text ?? string.Empty;

    public override string ToString() => Text;
}

/// <summary>One code per import rule; each has "error.{code}" in both back-office locales (checked by a test).</summary>
public static class ImportRuleCodes
{
    public const string Missing = "import.missing";
    public const string IdTooLong = "import.id_invalid";
    public const string TooLong = "import.too_long";
    public const string NameMarkup = "import.name_markup";
    public const string BioTooLong = "import.bio_too_long";
    public const string Unknown = "import.unknown";
    public const string UnknownSuggest = "import.unknown_suggest";
    public const string Department = "import.department";
    public const string Latitude = "import.lat";
    public const string Longitude = "import.lon";
    public const string LatLon = "import.lat_lon";
    public const string Language = "import.language";
    public const string MonthlyCap = "import.monthly_cap";
    public const string MonthlyCapNumber = "import.monthly_cap_number";
    public const string Email = "import.email";
    public const string Slot = "import.slot";
    public const string ExceptionDate = "import.exception_date";
    public const string ExceptionWindow = "import.exception_window";
    public const string DuplicateId = "import.duplicate_id";
}
