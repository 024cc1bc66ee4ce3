namespace SpeakerBot.Admin;

/// <summary>
/// The codes an <see cref="AdminError"/> may carry; each has "error.{code}" in both back-office locales (checked by a test).
/// Import rules carry theirs from <see cref="SpeakerBot.Storage.Import.ImportRuleCodes"/>.
/// </summary>
public static class AdminCodes
{
    public const string OutsideRegion = "admin.outside_region";
    public const string OutsideNoRegion = "admin.outside_no_region";
    public const string SpeakerNotFound = "admin.speaker_not_found";
    public const string UnknownRegion = "admin.region_unknown";
    public const string UnknownRegionSuggest = "admin.region_unknown_suggest";
    public const string UnknownSector = "admin.sector_unknown";
    public const string UnknownSectorSuggest = "admin.sector_unknown_suggest";
    public const string UnknownFormat = "admin.format_unknown";
    public const string UnknownAudience = "admin.audience_unknown";
    public const string UnknownDepartment = "admin.department_unknown";
    public const string BadEmail = "admin.email_invalid";
    public const string BadMonthlyCap = "admin.monthly_cap_range";
    public const string MissingField = "admin.field_missing";
    public const string BadName = "admin.name_markup";
    public const string RejectReasonMissing = "admin.reject_reason_missing";
}
