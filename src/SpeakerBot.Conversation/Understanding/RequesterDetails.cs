using System.Globalization;
using System.Text.RegularExpressions;

namespace SpeakerBot.Conversation.Understanding;

/// <summary>
/// The requester's own details written anywhere in a message, typically a pasted e-mail and its signature: her name
/// ("je suis Mme Leroy", "Cordialement, Sophie Durand"), her school ("collège Pierre de Fermat à Toulouse", a UAI
/// code) and phone. Only cues a person writes on purpose are read: a capitalised name after "je suis" or a closing
/// formula, a school name after its kind (Collège, Lycée, École…). Nothing read here is ever logged.
/// </summary>
public static partial class RequesterDetails
{
    /// <summary>Fact names, the ones the booking flows ask for (dialogs/flows/*.json).</summary>
    public const string School = "school";

    public const string Name = "teacherName";

    public const string Phone = "phone";

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Collège", "College", "Lycée", "Lycee", "École", "Ecole", "Professeure", "Professeur", "Prof", "Enseignante", "Enseignant",
        "Directrice", "Directeur", "Teacher", "Bonjour", "Hello", "Madame", "Monsieur", "CPE", "Documentaliste", "Principale", "Principal",
    };

    /// <summary>The details found, as facts: <see cref="School"/>, <see cref="Name"/>, <see cref="Phone"/>.</summary>
    /// <param name="text">The message as typed (capitals matter: names and school names start with one).</param>
    /// <param name="city">The city the message names, if understood: the school's city when none follows its name.</param>
    /// <param name="uai">The UAI code the message holds, if understood.</param>
    public static Dictionary<string, string> Extract(string text, string? city, string? uai)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return facts;
        }

        if (SchoolOf(text, city) is { } school)
        {
            facts[School] = school;
        }
        else if (!string.IsNullOrWhiteSpace(uai))
        {
            facts[School] = uai.ToUpperInvariant();
        }

        if (NameOf(text) is { } name)
        {
            facts[Name] = name;
        }

        var phone = PhoneNumber().Match(text);
        if (phone.Success)
        {
            var digits = new string(phone.Value.Where(char.IsDigit).ToArray());
            facts[Phone] = digits.StartsWith("33", StringComparison.Ordinal) ? "0" + digits[2..] : digits;
        }

        return facts;
    }

    private static string? SchoolOf(string text, string? city)
    {
        foreach (Match match in SchoolKind().Matches(text))
        {
            var rest = text[(match.Index + match.Length)..];
            var end = SchoolEnd().Match(rest);
            var segment = (end.Success ? rest[..end.Index] : rest).Trim();
            var words = segment.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

            // Lower-case qualifiers first ("lycée professionnel Jean Moulin"), then a capitalised name or a UAI code.
            var qualifiers = words.TakeWhile(w => w.Length > 0 && char.IsLower(w[0]) && Qualifier().IsMatch(w)).ToList();
            var name = words.Skip(qualifiers.Count).ToList();
            if (name.Count == 0 || !(char.IsUpper(name[0][0]) || char.IsDigit(name[0][0])) || NotNames.Contains(name[0]))
            {
                continue;
            }

            while (name.Count > 1 && char.IsLower(name[^1][0]))
            {
                name.RemoveAt(name.Count - 1);
            }

            var joined = string.Join(' ', name).TrimEnd('.', ',');
            if (UaiCode().IsMatch(joined))
            {
                return joined.ToUpperInvariant();
            }

            var kind = match.Value.Trim();
            kind = char.ToUpper(kind[0], CultureInfo.InvariantCulture) + kind[1..];
            var school = string.Join(' ', [kind, .. qualifiers, joined]);
            var place = end.Success ? CityAfter().Match(rest[end.Index..]) : Match.Empty;
            // A capitalised word after the name is its town unless the message names another (a signature's next line).
            var town = place.Success && (string.IsNullOrWhiteSpace(city) || string.Equals(place.Groups["city"].Value, city, StringComparison.OrdinalIgnoreCase))
                ? place.Groups["city"].Value
                : city;
            return string.IsNullOrWhiteSpace(town) ? school : school + ", " + town;
        }

        return null;
    }

    private static string? NameOf(string text)
    {
        // A signature's own line ("Sophie Durand" above her e-mail address) counts only in a message that has one.
        var cues = text.Contains('@', StringComparison.Ordinal) && text.Contains('\n', StringComparison.Ordinal)
            ? new[] { IntroducedName(), SignedName(), NameLine(), GreetedName(), ThankedName() }
            : new[] { IntroducedName(), SignedName(), GreetedName(), ThankedName() };
        foreach (var cue in cues)
        {
            foreach (Match match in cue.Matches(text))
            {
                var title = match.Groups["title"].Value.Trim();
                var words = match.Groups["name"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => !NotNames.Contains(w)).ToList();
                if (words.Count >= (title.Length > 0 ? 1 : 2))
                {
                    return string.Join(' ', title.Length > 0 ? [title, .. words] : words);
                }
            }
        }

        return null;
    }

    // The kind of school; the name that follows must start with a capital or be a UAI code.
    [GeneratedRegex(@"(?<![\p{L}])(?:[Gg]roupe [Ss]colaire|[Cc]it[ée] [Ss]colaire|[Cc]oll[èe]ge|[Ll]yc[ée]e|[ÉéEe]cole|[Ii]nstitution|LEGT|LGT|LP|EREA)(?![\p{L}])")]
    private static partial Regex SchoolKind();

    [GeneratedRegex(@"^(?:priv[ée]e?|publi(?:c|que)|professionnel(?:le)?|polyvalent|[ée]l[ée]mentaire|primaire|maternelle|agricole|g[ée]n[ée]ral|technologique|et|d'enseignement)$")]
    private static partial Regex Qualifier();

    // Where a school's name stops: punctuation, a line break, or a word that starts the rest of the sentence.
    [GeneratedRegex(@"[,;.:!?()\n—–]| - | (?:à|a|au|in|at|pour|avec|c'est|qui|où|and|for|with|where|je|j'|nous|mes|my|to|en|dans|sur|near|organise\w*|organize\w*|accueille\w*|recherche\w*|cherche\w*|souhaite\w*|voudrait|aimerait|hosts|hosting|would)\b|\s+\S+@", RegexOptions.IgnoreCase)]
    private static partial Regex SchoolEnd();

    [GeneratedRegex(@"^\s*(?:,|à|a|in|at)?\s*(?<city>\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+)?)(?![\p{L}'’@-])")]
    private static partial Regex CityAfter();

    private const string Title = @"(?<title>(?:Mme|Mlle|M\.|Madame|Monsieur|Mademoiselle|Mrs\.?|Ms\.?|Mr\.?|Miss|Dr\.?)\s+)?";

    private const string NameWords = @"(?<name>\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){0,2})";

    [GeneratedRegex(@"(?<![\p{L}])(?:[Jj]e suis|[Jj]e m'appelle|[Jj]e m’appelle|[Mm]oi c'est|I am|I'm|I’m|[Mm]y name is|[Tt]his is)\s+" + Title + NameWords)]
    private static partial Regex IntroducedName();

    [GeneratedRegex(@"(?<![\p{L}])(?:[Bb]ien cordialement|[Cc]ordialement|[Bb]ien à vous|[Ss]alutations(?: distinguées)?|[Bb]est regards|[Kk]ind regards|[Rr]egards|[Bb]est wishes|[Ss]incerely|[Mm]erci(?: d'avance| beaucoup)?[,.!]?[ \t]*\n)[,.!]?\s*" + Title + NameWords)]
    private static partial Regex SignedName();

    // "Bonjour, Sophie Martin, professeure de physique au collège…": a greeting, then her name and what she is.
    [GeneratedRegex(@"^\s*(?:[Bb]onjour|[Bb]onsoir|[Hh]ello|[Hh]i|[Dd]ear [Aa]ll)\s*[,!.]?\s+" + Title + NameWords + @"\s*(?:,|\(| - | — | – )")]
    private static partial Regex GreetedName();

    // "… Merci ! Anne Roux" or "Bonne journée, Anne Roux, prof de SVT": a name closing a one-line message.
    [GeneratedRegex(@"(?<![\p{L}])(?:[Mm]erci(?: d'avance| beaucoup| par avance| bcp)?|[Bb]onne (?:journée|soirée|fin de journée)|[Tt]hanks?(?: you)?(?: in advance)?|[Mm]any thanks)\s*[,.!]+\s*" + Title + NameWords + @"\s*(?:[.!]?\s*$|,)")]
    private static partial Regex ThankedName();

    [GeneratedRegex(@"^[ \t]*" + Title + NameWords + @"[ \t]*,?[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex NameLine();

    [GeneratedRegex(@"(?<!\d)(?:\+33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^\d{7}[A-Za-z]$")]
    private static partial Regex UaiCode();
}
