namespace SpeakerBot.Search.Analysis;

/// <summary>
/// A light French stemmer on folded words, tuned so feminine, masculine and plural job titles meet
/// (ingénieure/ingénieur/ingénieures, directrice/directeur, policière/policier, technicienne/technicien,
/// chercheuse/chercheur, cheffe/chef) while keeping unrelated words apart. English plurals fold too.
/// Works in place on a buffer and returns the new length: the index build stems millions of words.
/// </summary>
public static class FrenchStemmer
{
    public static string Stem(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        var buffer = folded.ToCharArray();
        return new string(buffer, 0, Stem(buffer, buffer.Length));
    }

    public static int Stem(Span<char> w, int length)
    {
        if (length <= 3 || HasDigit(w[..length]))
        {
            return length;
        }

        // Plurals: "aux" -> "al" (nationaux), otherwise a final s or x.
        if (EndsWith(w, length, "aux") && length > 4)
        {
            w[length - 2] = 'l';
            length--;
        }
        else if ((w[length - 1] == 's' && w[length - 2] != 's') || w[length - 1] == 'x')
        {
            length--;
        }

        // Feminine forms back to the masculine.
        if (length > 5 && EndsWith(w, length, "trice"))
        {
            length = Replace(w, length, 5, "teur");
        }
        else if (length > 5 && EndsWith(w, length, "euse"))
        {
            length = Replace(w, length, 4, "eur");
        }
        else if (length > 5 && EndsWith(w, length, "ienne"))
        {
            length -= 2;
        }
        else if (length > 4 && EndsWith(w, length, "effe"))
        {
            length -= 2;
        }
        else if (length > 5 && (EndsWith(w, length, "elle") || EndsWith(w, length, "onne") || EndsWith(w, length, "ette")))
        {
            length -= 2;
        }
        else if (length > 5 && EndsWith(w, length, "ive"))
        {
            length = Replace(w, length, 3, "if");
        }
        else if (length > 4 && w[length - 1] == 'e')
        {
            length--;
            if (length > 4 && w[length - 1] == 'e')
            {
                length--;
            }
        }

        // "ingenieur"/"ingenieure" meet above; "diplome"/"diplomee" lose the final e the same way.
        if (length > 4 && w[length - 1] == 'e')
        {
            length--;
        }

        return length;
    }

    private static bool HasDigit(ReadOnlySpan<char> w)
    {
        foreach (var c in w)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWith(Span<char> w, int length, string suffix) =>
        length >= suffix.Length && w[(length - suffix.Length)..length].SequenceEqual(suffix);

    private static int Replace(Span<char> w, int length, int remove, string with)
    {
        var start = length - remove;
        with.AsSpan().CopyTo(w[start..]);
        return start + with.Length;
    }
}
