using System.Globalization;

namespace SpeakerBot.Bookings;

/// <summary>A start time offered to the user (local French time).</summary>
public readonly record struct BookingSlot(DateOnly Date, TimeOnly Start)
{
    public string Label(string? language) => BookingText.DateTime(language, Date, Start);

    /// <summary>Machine form used in button values: "2026-03-12T10:00".</summary>
    public string Code => string.Create(CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd}T{Start:HH\\:mm}");

    public static bool TryParseCode(string? code, out BookingSlot slot)
    {
        slot = default;
        if (code is null || code.Length != 16 || code[10] != 'T')
        {
            return false;
        }

        if (DateOnly.TryParseExact(code[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && TimeOnly.TryParseExact(code[11..], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            slot = new BookingSlot(date, start);
            return true;
        }

        return false;
    }
}
