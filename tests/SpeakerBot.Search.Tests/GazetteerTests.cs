using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;

namespace SpeakerBot.Search.Tests;

/// <summary>One gazetteer for the whole class: it is immutable and takes a moment to load.</summary>
public sealed class GazetteerFixture
{
    public Gazetteer Gazetteer { get; } = Gazetteer.Load();
}

public sealed class GazetteerTests(GazetteerFixture fixture) : IClassFixture<GazetteerFixture>
{
    private readonly Gazetteer _gazetteer = fixture.Gazetteer;

    // text, hint, expected kind, expected name, expected department, expected region
    public static TheoryData<string, string?, PlaceKind, string, string?, string> Places => new()
    {
        { "Toulouse", null, PlaceKind.City, "Toulouse", "31", "occitanie" },
        { "toulouse", null, PlaceKind.City, "Toulouse", "31", "occitanie" },
        { "TOULOUSE", null, PlaceKind.City, "Toulouse", "31", "occitanie" },
        { "Blagnac", null, PlaceKind.City, "Blagnac", "31", "occitanie" },
        { "saint etienne", null, PlaceKind.City, "Saint-Étienne", "42", "auvergne-rhone-alpes" },
        { "St-Étienne", null, PlaceKind.City, "Saint-Étienne", "42", "auvergne-rhone-alpes" },
        { "ST ETIENNE", null, PlaceKind.City, "Saint-Étienne", "42", "auvergne-rhone-alpes" },
        { "Ste-Foy", null, PlaceKind.City, "Sainte-Foy-lès-Lyon", "69", "auvergne-rhone-alpes" },
        { "Sainte Foy les Lyon", null, PlaceKind.City, "Sainte-Foy-lès-Lyon", "69", "auvergne-rhone-alpes" },
        { "Le Havre", null, PlaceKind.City, "Le Havre", "76", "normandie" },
        { "le havre", null, PlaceKind.City, "Le Havre", "76", "normandie" },
        { "La Rochelle", null, PlaceKind.City, "La Rochelle", "17", "nouvelle-aquitaine" },
        { "Aix-en-Provence", null, PlaceKind.City, "Aix-en-Provence", "13", "provence-alpes-cote-d-azur" },
        { "Clermont-Ferrand", null, PlaceKind.City, "Clermont-Ferrand", "63", "auvergne-rhone-alpes" },
        { "Paris", null, PlaceKind.City, "Paris", "75", "ile-de-france" },
        { "Paris 15e", null, PlaceKind.City, "Paris 15e Arrondissement", "75", "ile-de-france" },
        { "Lyon 3e", null, PlaceKind.City, "Lyon 3e Arrondissement", "69", "auvergne-rhone-alpes" },
        { "Marseille 8", null, PlaceKind.City, "Marseille 8e Arrondissement", "13", "provence-alpes-cote-d-azur" },
        { "31000", null, PlaceKind.PostalCode, "Toulouse", "31", "occitanie" },
        { "75015", null, PlaceKind.PostalCode, "Paris 15e Arrondissement", "75", "ile-de-france" },
        { "69003", null, PlaceKind.PostalCode, "Lyon 3e Arrondissement", "69", "auvergne-rhone-alpes" },
        { "20000", null, PlaceKind.PostalCode, "Ajaccio", "2A", "corse" },
        { "Haute-Garonne", null, PlaceKind.Department, "Haute-Garonne", "31", "occitanie" },
        { "haute garonne", null, PlaceKind.Department, "Haute-Garonne", "31", "occitanie" },
        { "93", null, PlaceKind.Department, "Seine-Saint-Denis", "93", "ile-de-france" },
        { "dans le 93", null, PlaceKind.Department, "Seine-Saint-Denis", "93", "ile-de-france" },
        { "Seine-Saint-Denis", null, PlaceKind.Department, "Seine-Saint-Denis", "93", "ile-de-france" },
        { "2A", null, PlaceKind.Department, "Corse-du-Sud", "2A", "corse" },
        { "2b", null, PlaceKind.Department, "Haute-Corse", "2B", "corse" },
        { "la Corse-du-Sud", null, PlaceKind.Department, "Corse-du-Sud", "2A", "corse" },
        { "Ajaccio", null, PlaceKind.City, "Ajaccio", "2A", "corse" },
        { "Bastia", null, PlaceKind.City, "Bastia", "2B", "corse" },
        { "Corse", null, PlaceKind.Region, "Corse", null, "corse" },
        { "9", null, PlaceKind.Department, "Ariège", "09", "occitanie" },
        { "Vienne", null, PlaceKind.Department, "Vienne", "86", "nouvelle-aquitaine" },
        { "Vienne", "38", PlaceKind.City, "Vienne", "38", "auvergne-rhone-alpes" },
        { "Occitanie", null, PlaceKind.Region, "Occitanie", null, "occitanie" },
        { "Midi-Pyrénées", null, PlaceKind.Region, "Occitanie", null, "occitanie" },
        { "midi pyrenees", null, PlaceKind.Region, "Occitanie", null, "occitanie" },
        { "Franche-Comté", null, PlaceKind.Region, "Bourgogne-Franche-Comté", null, "bourgogne-franche-comte" },
        { "Languedoc-Roussillon", null, PlaceKind.Region, "Occitanie", null, "occitanie" },
        { "Rhône-Alpes", null, PlaceKind.Region, "Auvergne-Rhône-Alpes", null, "auvergne-rhone-alpes" },
        { "Aquitaine", null, PlaceKind.Region, "Nouvelle-Aquitaine", null, "nouvelle-aquitaine" },
        { "Limousin", null, PlaceKind.Region, "Nouvelle-Aquitaine", null, "nouvelle-aquitaine" },
        { "Poitou-Charentes", null, PlaceKind.Region, "Nouvelle-Aquitaine", null, "nouvelle-aquitaine" },
        { "Nord-Pas-de-Calais", null, PlaceKind.Region, "Hauts-de-France", null, "hauts-de-france" },
        { "Picardie", null, PlaceKind.Region, "Hauts-de-France", null, "hauts-de-france" },
        { "Alsace", null, PlaceKind.Region, "Grand Est", null, "grand-est" },
        { "Lorraine", null, PlaceKind.Region, "Grand Est", null, "grand-est" },
        { "Champagne-Ardenne", null, PlaceKind.Region, "Grand Est", null, "grand-est" },
        { "Haute-Normandie", null, PlaceKind.Region, "Normandie", null, "normandie" },
        { "Basse-Normandie", null, PlaceKind.Region, "Normandie", null, "normandie" },
        { "Bourgogne", null, PlaceKind.Region, "Bourgogne-Franche-Comté", null, "bourgogne-franche-comte" },
        { "Auvergne", null, PlaceKind.Region, "Auvergne-Rhône-Alpes", null, "auvergne-rhone-alpes" },
        { "PACA", null, PlaceKind.Region, "Provence-Alpes-Côte d'Azur", null, "provence-alpes-cote-d-azur" },
        { "IDF", null, PlaceKind.Region, "Île-de-France", null, "ile-de-france" },
        { "ile de france", null, PlaceKind.Region, "Île-de-France", null, "ile-de-france" },
        { "Bretagne", null, PlaceKind.Region, "Bretagne", null, "bretagne" },
        { "Réunion", null, PlaceKind.Region, "La Réunion", null, "la-reunion" },
        { "La Réunion", null, PlaceKind.Department, "La Réunion", "974", "la-reunion" },
        { "Guadeloupe", null, PlaceKind.Department, "Guadeloupe", "971", "guadeloupe" },
        { "Fort-de-France", null, PlaceKind.City, "Fort-de-France", "972", "martinique" },
        { "fort de france", null, PlaceKind.City, "Fort-de-France", "972", "martinique" },
        { "Saint-Denis de la Réunion", null, PlaceKind.City, "Saint-Denis", "974", "la-reunion" },
        { "Saint-Denis", "974", PlaceKind.City, "Saint-Denis", "974", "la-reunion" },
        { "Saint-Denis", "93", PlaceKind.City, "Saint-Denis", "93", "ile-de-france" },
        { "Saint-Denis 974", null, PlaceKind.City, "Saint-Denis", "974", "la-reunion" },
        { "Saint-Pierre", "la-reunion", PlaceKind.City, "Saint-Pierre", "974", "la-reunion" },
        { "Cayenne", null, PlaceKind.City, "Cayenne", "973", "guyane" },
        { "Mamoudzou", null, PlaceKind.City, "Mamoudzou", "976", "mayotte" },
        { "Pointe-à-Pitre", null, PlaceKind.City, "Pointe-à-Pitre", "971", "guadeloupe" },
        { "pointe a pitre", null, PlaceKind.City, "Pointe-à-Pitre", "971", "guadeloupe" },
        { "97200", null, PlaceKind.PostalCode, "Fort-de-France", "972", "martinique" },
        { "Toulouze", null, PlaceKind.City, "Toulouse", "31", "occitanie" },
        { "Montpelier", null, PlaceKind.City, "Montpellier", "34", "occitanie" },
        { "à Lyon", null, PlaceKind.City, "Lyon", "69", "auvergne-rhone-alpes" },
        { "Toulouse 31000", null, PlaceKind.City, "Toulouse", "31", "occitanie" },
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void Resolve_known_place_gives_kind_name_department_and_region(string text, string? hint, PlaceKind kind, string name, string? department, string region)
    {
        var place = _gazetteer.Resolve(text, hint);

        Assert.NotNull(place);
        Assert.Equal((kind, name, department, region), (place.Kind, place.Name, place.Department, place.Region));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Atlantis")]
    [InlineData("00000")]
    [InlineData("20")]
    [InlineData("975")]
    [InlineData("\"*:()-")]
    public void Resolve_unknown_or_invalid_returns_null(string text)
    {
        Assert.Null(_gazetteer.Resolve(text));
    }

    [Theory]
    [InlineData("lile", "Lille")]
    [InlineData("Toulose", "Toulouse")]
    [InlineData("nante", "Nantes")]
    public void A_city_one_typo_away_is_the_largest_that_fits(string typed, string expected)
    {
        Assert.Equal(expected, _gazetteer.CityOneTypoAway(typed, 20_000)?.Name);
    }

    [Theory]
    [InlineData("lil")]
    [InlineData("lycee")]
    [InlineData("lile de france")]
    public void No_city_for_short_words_words_far_from_a_city_or_several_words(string typed)
    {
        Assert.Null(_gazetteer.CityOneTypoAway(typed, 20_000));
    }

    [Fact]
    public void Resolve_homonym_without_hint_takes_most_populous()
    {
        var place = _gazetteer.Resolve("Saint-Denis");

        Assert.NotNull(place);
        Assert.Equal("974", place.Department);
        Assert.True(place.Population > 100_000);
    }

    [Fact]
    public void Resolve_city_has_real_coordinates()
    {
        var toulouse = _gazetteer.Resolve("Toulouse")!;
        var blagnac = _gazetteer.Resolve("Blagnac")!;

        Assert.InRange(toulouse.Location.Lat, 43.5, 43.7);
        Assert.InRange(toulouse.Location.Lon, 1.3, 1.6);
        Assert.InRange(GeoDistance.Km(toulouse.Location, blagnac.Location), 3, 12);
    }

    [Fact]
    public void Resolve_old_region_is_centred_on_its_old_capital()
    {
        var midiPyrenees = _gazetteer.Resolve("Midi-Pyrénées")!;
        var languedoc = _gazetteer.Resolve("Languedoc-Roussillon")!;
        var montpellier = _gazetteer.Resolve("Montpellier")!;

        Assert.Equal(_gazetteer.Resolve("Toulouse")!.Location, midiPyrenees.Location);
        Assert.True(GeoDistance.Km(languedoc.Location, montpellier.Location) < 1);
    }

    [Fact]
    public void Gazetteer_covers_every_commune_and_says_how_many_use_a_department_centre()
    {
        Assert.InRange(_gazetteer.CommuneCount, 34_000, 36_000);
        Assert.InRange(_gazetteer.CommunesWithoutOwnCoordinates, 1, _gazetteer.CommuneCount - 8_000);
    }

    [Theory]
    [InlineData("31", "09,11,32,65,81,82")]
    [InlineData("2A", "2B")]
    [InlineData("93", "75,77,92,94,95")]
    [InlineData("974", "")]
    public void NeighbouringDepartments_gives_bordering_departments(string code, string expected)
    {
        Assert.Equal(expected, string.Join(',', _gazetteer.NeighbouringDepartments(code)));
    }

    [Fact]
    public void NeighbouringDepartments_is_symmetric_for_every_department()
    {
        foreach (var region in SpeakerBot.Domain.Taxonomy.Regions)
        {
            foreach (var code in _gazetteer.DepartmentsOfRegion(region))
            {
                foreach (var neighbour in _gazetteer.NeighbouringDepartments(code))
                {
                    Assert.Contains(code, _gazetteer.NeighbouringDepartments(neighbour));
                }
            }
        }
    }

    [Fact]
    public void Department_and_region_lookups_cover_the_taxonomy()
    {
        Assert.Equal(("Haute-Garonne", "occitanie"), _gazetteer.Department("31"));
        Assert.Equal(("Ariège", "occitanie"), _gazetteer.Department("9"));
        Assert.Null(_gazetteer.Department("20"));
        var all = SpeakerBot.Domain.Taxonomy.Regions.SelectMany(_gazetteer.DepartmentsOfRegion).ToList();
        Assert.Equal(101, all.Count);
        Assert.All(all, c => Assert.True(SpeakerBot.Domain.Taxonomy.IsDepartment(c), c));
        Assert.All(SpeakerBot.Domain.Taxonomy.Regions, r => Assert.Equal(SpeakerBot.Domain.Taxonomy.RegionInseeCodes[r], _gazetteer.Region(r)!.InseeCode));
    }

    // sentence, expected mention text, expected place name, expected department (null for a region), expected region
    public static TheoryData<string, string, string, string?, string> Mentions => new()
    {
        { "une ingénieure pour mes 4e à Toulouse en mars", "Toulouse", "Toulouse", "31", "occitanie" },
        { "une ingénieure aéronautique près de Toulouse pour des 4e", "Toulouse", "Toulouse", "31", "occitanie" },
        { "quelqu'un dans le 93 svp", "93", "Seine-Saint-Denis", "93", "ile-de-france" },
        { "intervenante en Occitanie", "Occitanie", "Occitanie", null, "occitanie" },
        { "trois intervenantes de l'industrie verte près de Lyon", "Lyon", "Lyon", "69", "auvergne-rhone-alpes" },
        { "une policière vers Saint-Étienne", "Saint-Étienne", "Saint-Étienne", "42", "auvergne-rhone-alpes" },
        { "une cheffe de chantier au Havre", "Havre", "Le Havre", "76", "normandie" },
        { "a speaker in Bordeaux next week", "Bordeaux", "Bordeaux", "33", "nouvelle-aquitaine" },
        { "ingénieure aéronautique toulouse", "toulouse", "Toulouse", "31", "occitanie" },
        { "une intervenante à saint etienne le 12 juin", "saint etienne", "Saint-Étienne", "42", "auvergne-rhone-alpes" },
        { "un collège de Seine-Saint-Denis", "Seine-Saint-Denis", "Seine-Saint-Denis", "93", "ile-de-france" },
        { "au lycée de Saint-Denis de la Réunion", "Saint-Denis de la Réunion", "Saint-Denis", "974", "la-reunion" },
        { "une classe à Fort-de-France", "Fort-de-France", "Fort-de-France", "972", "martinique" },
        { "dans un collège de Mamoudzou", "Mamoudzou", "Mamoudzou", "976", "mayotte" },
        { "une infirmière à Cayenne", "Cayenne", "Cayenne", "973", "guyane" },
        { "à Pointe-à-Pitre en avril", "Pointe-à-Pitre", "Pointe-à-Pitre", "971", "guadeloupe" },
        { "mon lycée est à Ajaccio", "Ajaccio", "Ajaccio", "2A", "corse" },
        { "un collège en Corse-du-Sud", "Corse-du-Sud", "Corse-du-Sud", "2A", "corse" },
        { "des élèves en 2A", "2A", "Corse-du-Sud", "2A", "corse" },
        { "une gendarme en Midi-Pyrénées", "Midi-Pyrénées", "Occitanie", null, "occitanie" },
        { "une ingénieure en PACA", "PACA", "Provence-Alpes-Côte d'Azur", null, "provence-alpes-cote-d-azur" },
        { "à Paris 15e pour mes élèves", "Paris 15e", "Paris 15e Arrondissement", "75", "ile-de-france" },
        { "collège du 31000", "31000", "Toulouse", "31", "occitanie" },
        { "intervention à Tours le 3 mars", "Tours", "Tours", "37", "centre-val-de-loire" },
        { "une développeuse à Nice", "Nice", "Nice", "06", "provence-alpes-cote-d-azur" },
        { "je suis dans le Nord", "Nord", "Nord", "59", "hauts-de-france" },
        { "une conductrice de train à La Rochelle", "La Rochelle", "La Rochelle", "17", "nouvelle-aquitaine" },
        { "une chercheuse en Haute-Garonne", "Haute-Garonne", "Haute-Garonne", "31", "occitanie" },
        { "une gendarme dans la Vienne", "Vienne", "Vienne", "86", "nouvelle-aquitaine" },
        { "une gendarme à Vienne", "Vienne", "Vienne", "38", "auvergne-rhone-alpes" },
        { "une intervenante au lycée de Tours", "Tours", "Tours", "37", "centre-val-de-loire" },
        { "une pompière en Réunion", "Réunion", "La Réunion", null, "la-reunion" },
        { "Lycée à Blagnac, 3 classes", "Blagnac", "Blagnac", "31", "occitanie" },
        { "les intervenantes du 93", "93", "Seine-Saint-Denis", "93", "ile-de-france" },
        { "Basée au Lamentin, elle est juriste", "Lamentin", "Le Lamentin", "972", "martinique" },
        { "lycée Saint-Exupéry à Marseille 13e", "Marseille 13e", "Marseille 13e Arrondissement", "13", "provence-alpes-cote-d-azur" },
        { "Le collège Victor Hugo de Tours accueille une ingénieure", "Tours", "Tours", "37", "centre-val-de-loire" },
        { "une ingénieure de Thales à Vélizy", "Vélizy", "Vélizy-Villacoublay", "78", "ile-de-france" },
        { "dans le département de la Côte-d'Or", "Côte-d'Or", "Côte-d'Or", "21", "bourgogne-franche-comte" },
        { "un lycée à Dole, en classe de seconde", "Dole", "Dole", "39", "bourgogne-franche-comte" },
    };

    [Theory]
    [MemberData(nameof(Mentions))]
    public void FindInText_finds_the_place_in_a_sentence(string sentence, string text, string name, string? department, string region)
    {
        var mentions = _gazetteer.FindInText(sentence);

        var mention = Assert.Single(mentions);
        Assert.Equal(text, mention.Text);
        Assert.Equal(sentence.Substring(mention.Start, mention.Length), mention.Text);
        Assert.Equal((name, department, region), (mention.Place.Name, mention.Place.Department, mention.Place.Region));
    }

    [Theory]
    [InlineData("une ingénieure pour mes 3e en mars")]
    [InlineData("Mars 2027, pour 25 élèves de 4e")]
    [InlineData("le 12 juin à 10h")]
    [InlineData("du 12 au 15 mars")]
    [InlineData("disponible le 15")]
    [InlineData("mes 25 élèves de 3e")]
    [InlineData("une vue d'ensemble du métier")]
    [InlineData("on fait des tours de table")]
    [InlineData("a nice talk for my pupils")]
    [InlineData("un pont entre l'école et l'entreprise")]
    [InlineData("une ingénieure chez Orange")]
    [InlineData("au nord de la classe")]
    [InlineData("une table ronde sur le sport")]
    [InlineData("j'ai eu une bonne intervention, merci")]
    [InlineData("il y a plus de 30 élèves")]
    [InlineData("un moyen d'aider les filles")]
    [InlineData("en classe entière, dans la salle 12")]
    [InlineData("rendez-vous sur place à 14h")]
    [InlineData("appelez le 06 00 12 34 56")]
    [InlineData("environ 25 000 élèves concernés")]
    [InlineData("dans la montagne")]
    [InlineData("au port de commerce")]
    [InlineData("poivre de Cayenne")]
    [InlineData("le cours de maths en seconde")]
    [InlineData("Merci beaucoup !")]
    [InlineData("la Croix-Rouge recrute")]
    [InlineData("collège Jean de La Fontaine")]
    [InlineData("Nancy Martin, professeure de physique")]
    [InlineData("les métiers de la défense")]
    [InlineData("cheffe de projet éolien en mer")]
    [InlineData("une ingénieure chez Saint-Gobain")]
    [InlineData("pompière à la Croix-Rouge française")]
    [InlineData("a gap year before engineering school")]
    [InlineData("une grasse matinée")]
    public void FindInText_common_words_and_numbers_are_not_places(string sentence)
    {
        Assert.Empty(_gazetteer.FindInText(sentence));
    }

    [Fact]
    public void FindInText_prefers_the_longest_name()
    {
        var mentions = _gazetteer.FindInText("un collège à Saint-Denis en Seine-Saint-Denis");

        Assert.Equal(["Saint-Denis", "Seine-Saint-Denis"], mentions.Select(m => m.Text));
        Assert.Equal(PlaceKind.Department, mentions[1].Place.Kind);
        Assert.Equal("93", mentions[0].Place.Department);
    }

    [Fact]
    public void FindInText_department_number_in_parentheses_is_a_department()
    {
        var mentions = _gazetteer.FindInText("collège Jean Moulin, Toulouse (31)");

        Assert.Equal(["Toulouse", "31"], mentions.Select(m => m.Text));
        Assert.Equal(PlaceKind.Department, mentions[1].Place.Kind);
    }

    [Fact]
    public void FindInText_homonym_takes_the_department_named_in_the_sentence()
    {
        var mentions = _gazetteer.FindInText("à Saint-Pierre en Martinique");

        Assert.Equal("972", mentions[0].Place.Department);
    }

    [Fact]
    public void FindInText_random_input_never_throws()
    {
        var random = new Random(42);
        const string alphabet = "abcdeéèàçAZ 0123456789'-,.()«»\"*:/\n\tŒœ🙂";
        for (var n = 0; n < 2_000; n++)
        {
            var chars = new char[random.Next(0, 60)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            foreach (var m in _gazetteer.FindInText(text))
            {
                Assert.Equal(text.Substring(m.Start, m.Length), m.Text);
            }

            _gazetteer.Resolve(text);
        }
    }

    [Fact]
    public void AddGazetteer_registers_one_shared_instance()
    {
        using var provider = new ServiceCollection().AddGazetteer().BuildServiceProvider();

        var first = provider.GetRequiredService<IGazetteer>();
        Assert.Same(first, provider.GetRequiredService<IGazetteer>());
        Assert.Equal("Lyon", first.Resolve("lyon")?.Name);
    }

    [Fact]
    public void Load_missing_folder_names_the_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gaz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "geo"));
        try
        {
            var ex = Assert.Throws<FileNotFoundException>(() => Gazetteer.Load(dir));
            Assert.Contains("gazetteer.tsv", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
