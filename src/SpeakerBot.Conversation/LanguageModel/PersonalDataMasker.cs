using System.Text.RegularExpressions;

namespace SpeakerBot.Conversation.LanguageModel;

/// <summary>
/// Masks what identifies a person before text leaves the service: e-mail addresses, phone numbers, and names
/// introduced the way people write them ("je m'appelle…", "Mme…", "my name is…", a sign-off). Errs on the side of
/// masking: a masked word costs the model a little context; a leaked one cannot be taken back.
/// </summary>
public static partial class PersonalDataMasker
{
    public const string EmailMask = "[email]";
    public const string PhoneMask = "[phone]";
    public const string NameMask = "[name]";

    public static string Mask(string text, IEnumerable<string>? knownNames = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = EmailPattern().Replace(text, EmailMask);
        masked = PhonePattern().Replace(masked, PhoneMask);
        masked = IntroducedName().Replace(masked, m => ReplaceGroup(m, "name"));
        masked = TitledName().Replace(masked, m => ReplaceGroup(m, "name"));
        masked = SignOffName().Replace(masked, m => ReplaceGroup(m, "name"));
        if (knownNames is not null)
        {
            foreach (var name in knownNames)
            {
                if (!string.IsNullOrWhiteSpace(name) && name.Trim().Length >= 2)
                {
                    masked = Regex.Replace(masked, $@"\b{Regex.Escape(name.Trim())}\b", NameMask, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
                }
            }
        }

        return masked;
    }

    /// <summary>
    /// E-mail addresses and phone numbers written inside free text (a bio, a self-proposed profile) replaced by their
    /// masks, so none reaches a chat through a field that is not the private contact.
    /// </summary>
    public static string MaskContact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PhonePattern().Replace(EmailPattern().Replace(text, EmailMask), PhoneMask);
    }

    /// <summary>True when the text holds an e-mail address or a phone number.</summary>
    public static bool ContainsContact(string text) =>
        text is not null && (EmailPattern().IsMatch(text) || PhonePattern().IsMatch(text));

    private static string ReplaceGroup(Match m, string group)
    {
        var g = m.Groups[group];
        return string.Concat(m.Value.AsSpan(0, g.Index - m.Index), NameMask, m.Value.AsSpan(g.Index - m.Index + g.Length));
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // French numbers (0X XX XX XX XX, +33 X…, 0033…) and other international numbers (+ and 8 to 14 digits).
    [GeneratedRegex(@"(?<![\w+])(?:(?:\+|00)33\s?\(?0?\)?[\s.\-]?[1-9](?:[\s.\-]?\d{2}){4}|0[1-9](?:[\s.\-]?\d{2}){4}|\+(?:\d[\s.\-]?){8,14}\d)(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    private const string Capitalised = @"\p{Lu}[\p{L}'\-]+";

    // Only the trigger is case-insensitive: the name itself must be capitalised.
    [GeneratedRegex(@"\b(?i:je\s+m['’]\s*appelle|mon\s+nom\s+est|moi\s+c['’]\s*est|my\s+name\s+is|i\s+am|i['’]m|this\s+is|je\s+suis)\s+(?<name>" + Capitalised + @"(?:\s+" + Capitalised + @"){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex IntroducedName();

    [GeneratedRegex(@"\b(?:Mme|Mmes|Mlle|Madame|Mademoiselle|Monsieur|M\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Docteure?|Pr\.?)\s+(?<name>" + Capitalised + @"(?:\s+" + Capitalised + @"){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex TitledName();

    [GeneratedRegex(@"(?i:cordialement|bien\s+à\s+vous|merci(?:\s+d['’]avance)?|regards|thanks|thank\s+you|sincerely)\s*(?:[,.!]\s*|\r?\n\s*)(?:\r?\n\s*)?(?<name>" + Capitalised + @"(?:\s+" + Capitalised + @"){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex SignOffName();
}
