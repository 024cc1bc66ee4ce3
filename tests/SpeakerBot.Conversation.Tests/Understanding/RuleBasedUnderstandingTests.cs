using SpeakerBot.Conversation.Understanding;

namespace SpeakerBot.Conversation.Tests.Understanding;

[Collection(UnderstandingCollection.Name)]
public sealed class RuleBasedUnderstandingTests(UnderstandingFixture fixture)
{
    // Reference date: Sunday 22 November 2026.
    [Theory]
    [InlineData("le 12 juin", "2027-06-12", "2027-06-12")]
    [InlineData("mardi 9 février", "2027-02-09", "2027-02-09")]
    [InlineData("jeudi prochain", "2026-11-26", "2026-11-26")]
    [InlineData("la semaine prochaine", "2026-11-23", "2026-11-29")]
    [InlineData("en mars", "2027-03-01", "2027-03-31")]
    [InlineData("entre le 10 et le 20 mars", "2027-03-10", "2027-03-20")]
    [InlineData("du 3 au 7 avril", "2027-04-03", "2027-04-07")]
    [InlineData("du 28 février au 3 mars", "2027-02-28", "2027-03-03")]
    [InlineData("du 20 décembre au 5 janvier", "2026-12-20", "2027-01-05")]
    [InlineData("le 25 novembre", "2026-11-25", "2026-11-25")]
    [InlineData("le 2 novembre", "2027-11-02", "2027-11-02")]
    [InlineData("demain", "2026-11-23", "2026-11-23")]
    [InlineData("après-demain", "2026-11-24", "2026-11-24")]
    [InlineData("le 1er décembre", "2026-12-01", "2026-12-01")]
    [InlineData("12/01", "2027-01-12", "2027-01-12")]
    [InlineData("le 15/03/2027", "2027-03-15", "2027-03-15")]
    [InlineData("fin janvier", "2027-01-21", "2027-01-31")]
    [InlineData("début mars", "2027-03-01", "2027-03-10")]
    [InlineData("le mois prochain", "2026-12-01", "2026-12-31")]
    [InlineData("10-12 février", "2027-02-10", "2027-02-12")]
    [InlineData("en juin 2027", "2027-06-01", "2027-06-30")]
    [InlineData("mercredi", "2026-11-25", "2026-11-25")]
    public void Parse_french_dates_resolve_against_the_reference_day(string text, string from, string to)
    {
        var u = fixture.Parse(text);

        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), u.DateFrom);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), u.DateTo);
    }

    [Theory]
    [InlineData("March 3rd", "2027-03-03", "2027-03-03")]
    [InlineData("next Tuesday", "2026-11-24", "2026-11-24")]
    [InlineData("on the 4th of December", "2026-12-04", "2026-12-04")]
    [InlineData("between March 10 and March 20", "2027-03-10", "2027-03-20")]
    [InlineData("in May", "2027-05-01", "2027-05-31")]
    [InlineData("next week", "2026-11-23", "2026-11-29")]
    [InlineData("tomorrow", "2026-11-23", "2026-11-23")]
    [InlineData("from April 3 to April 7", "2027-04-03", "2027-04-07")]
    public void Parse_english_dates_resolve_against_the_reference_day(string text, string from, string to)
    {
        var u = fixture.Parse(text, "en");

        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), u.DateFrom);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), u.DateTo);
    }

    [Theory]
    [InlineData("I may need someone", "en")]
    [InlineData("une intervention de 2h pour mes élèves", "fr")]
    [InlineData("une classe de 28", "fr")]
    public void Parse_without_a_date_leaves_dates_empty(string text, string locale)
    {
        var u = fixture.Parse(text, locale);

        Assert.Null(u.DateFrom);
        Assert.Null(u.DateTo);
    }

    [Theory]
    [InlineData("pour mes 4e", "college", "4e")]
    [InlineData("des élèves de quatrième", "college", "4e")]
    [InlineData("en seconde", "lycee", "seconde")]
    [InlineData("ma classe de première STI2D", "lycee", "première STI2D")]
    [InlineData("des terminales STMG", "lycee", "terminale STMG")]
    [InlineData("mes CM2", "primaire", "CM2")]
    [InlineData("étudiants de BTS", "superieur", "BTS")]
    [InlineData("des collégiennes", "college", null)]
    [InlineData("au lycée pro", "lycee", null)]
    [InlineData("à l'IUT", "superieur", null)]
    [InlineData("pour nos salariés", "entreprise", null)]
    [InlineData("my 9th grade students", "college", "3e")]
    public void Parse_class_levels_give_audience_and_level(string text, string audience, string? level)
    {
        var u = fixture.Parse(text);

        Assert.Equal(audience, u.Audience);
        Assert.Equal(level, u.ClassLevel);
    }

    [Theory]
    [InlineData("pour la première fois")]
    [InlineData("une seconde chance")]
    public void Parse_ordinal_words_are_not_class_levels(string text)
    {
        Assert.Null(fixture.Parse(text).ClassLevel);
    }

    [Theory]
    [InlineData("une policière", "securite-interieure")]
    [InlineData("une chercheuse du CNRS", "recherche")]
    [InlineData("une cheffe de chantier", "btp")]
    [InlineData("une pompière", "securite-civile")]
    [InlineData("une développeuse", "numerique")]
    [InlineData("une ingénieure aéronautique", "aeronautique")]
    [InlineData("une data scientist", "numerique")]
    [InlineData("a police officer", "securite-interieure")]
    [InlineData("a firefighter", "securite-civile")]
    [InlineData("an engineer in aerospace", "aeronautique")]
    [InlineData("une sous-préfète", "fonction-publique")]
    [InlineData("ingenieure aeronotique", "aeronautique")]
    [InlineData("une comissaire de police", "securite-interieure")]
    [InlineData("cybersecurite", "cybersecurite")]
    [InlineData("des sapeurs-pompiers", "securite-civile")]
    [InlineData("une infirmière", "sante")]
    [InlineData("conductrice de train", "transport-logistique")]
    public void Parse_job_titles_map_to_sector_slugs(string text, string sector)
    {
        Assert.Equal([sector], fixture.Parse(text).Sectors);
    }

    [Fact]
    public void Parse_engineer_alone_is_not_a_sector()
    {
        Assert.Empty(fixture.Parse("je cherche une ingénieure").Sectors);
    }

    [Theory]
    [InlineData("25 élèves", 25, null)]
    [InlineData("une classe de 28", 28, null)]
    [InlineData("30 pupils", 30, null)]
    [InlineData("vingt-cinq élèves", 25, null)]
    [InlineData("une trentaine d'élèves", 30, null)]
    [InlineData("trois intervenantes", null, 3)]
    [InlineData("3 women", null, 3)]
    [InlineData("deux speakers", null, 2)]
    [InlineData("une intervenante", null, null)]
    public void Parse_counts_pupils_and_speakers(string text, int? pupils, int? speakers)
    {
        var u = fixture.Parse(text);

        Assert.Equal(pupils, u.Pupils);
        Assert.Equal(speakers, u.Speakers);
    }

    [Theory]
    [InlineData("à 14h", "14:00")]
    [InlineData("14h30", "14:30")]
    [InlineData("at 10:00", "10:00")]
    [InlineData("2pm", "14:00")]
    [InlineData("à midi", "12:00")]
    public void Parse_times_of_day(string text, string time)
    {
        Assert.Equal(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), fixture.Parse(text).Time);
    }

    [Theory]
    [InlineData("où en est hd 2026 42?", null)]
    [InlineData("où en est HD-2026-0042 ?", "HD-2026-0042")]
    [InlineData("annuler pn-2026-0013", "PN-2026-0013")]
    [InlineData("ref hd 2026 0042", "HD-2026-0042")]
    public void Parse_booking_references_are_normalised(string text, string? reference)
    {
        Assert.Equal(reference, fixture.Parse(text).BookingRef);
    }

    [Fact]
    public void Parse_email_and_uai_are_extracted()
    {
        var u = fixture.Parse("mon mail: claire.martin@ac-toulouse.fr, collège 0310123A");

        Assert.Equal("claire.martin@ac-toulouse.fr", u.Email);
        Assert.Equal("0310123A", u.Uai);
    }

    [Theory]
    [InlineData("Une policière pour mes élèves de 3e à Toulouse entre le 10 et le 20 mars", Intents.FindSpeaker)]
    [InlineData("Je voudrais réserver une heure découverte avec une ingénieure", Intents.BookVisit)]
    [InlineData("table ronde sur l'industrie verte à Lyon le 12 juin, 3 intervenantes", Intents.BookPanel)]
    [InlineData("où en est HD-2026-0042 ?", Intents.BookingStatus)]
    [InlineData("je dois annuler ma réservation", Intents.CancelBooking)]
    [InlineData("aide", Intents.Help)]
    [InlineData("Bonjour !", Intents.Greeting)]
    [InlineData("quel temps fait-il ?", Intents.Other)]
    [InlineData("what can you do?", Intents.Help)]
    public void Parse_intent_follows_the_request(string text, string intent)
    {
        Assert.Equal(intent, fixture.Parse(text).Intent);
    }

    [Fact]
    public void Parse_place_from_a_city_gives_department_and_region()
    {
        var u = fixture.Parse("une policière à Toulouse");

        Assert.Equal("Toulouse", u.City);
        Assert.Equal("31", u.Department);
        Assert.Equal("occitanie", u.Region);
        Assert.NotNull(u.Location);
    }

    [Fact]
    public void Parse_region_alone_gives_only_the_region()
    {
        var u = fixture.Parse("une chercheuse en Bretagne");

        Assert.Null(u.City);
        Assert.Null(u.Department);
        Assert.Equal("bretagne", u.Region);
    }

    [Fact]
    public void Parse_never_throws_on_random_input()
    {
        var random = new Random(42);
        const string alphabet = "abcdeéèàçôœ0123456789 -/:'.,@!?()HDPN";
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var u = fixture.Parse(new string(chars));
            Assert.NotNull(u.Intent);
        }
    }

    [Fact]
    public void Parse_a_count_of_classes_before_a_place_is_pupils_not_a_date_range()
    {
        var u = fixture.Parse("chimiste pour 2 classes de 25 en 1ere à Lyon");

        Assert.Null(u.DateFrom);
        Assert.Null(u.DateTo);
        Assert.Equal(50, u.Pupils);
        Assert.Equal("Lyon", u.City);
    }

    [Fact]
    public void Parse_several_mentors_is_a_search_for_mentoring_not_a_panel()
    {
        var u = fixture.Parse("Nous cherchons 2 marraines du secteur bancaire pour un programme de mentorat avec nos lycéennes de Marseille");

        Assert.Equal("find_speaker", u.Intent);
        Assert.Equal("mentoring", u.Format);
        Assert.Equal(2, u.Speakers);
    }
}
