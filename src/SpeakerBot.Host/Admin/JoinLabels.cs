namespace SpeakerBot.Host.Admin;

/// <summary>French and English names of the taxonomy slugs shown in the /join form.</summary>
internal static class JoinLabels
{
    private static readonly Dictionary<string, (string French, string English)> Labels = new(StringComparer.Ordinal)
    {
        ["aeronautique"] = ("Aéronautique et spatial", "Aerospace"),
        ["automobile"] = ("Automobile", "Automotive"),
        ["btp"] = ("Bâtiment et travaux publics", "Construction"),
        ["chimie"] = ("Chimie", "Chemicals"),
        ["agroalimentaire"] = ("Agroalimentaire", "Food industry"),
        ["energie"] = ("Énergie", "Energy"),
        ["industrie-verte"] = ("Industrie verte", "Green industry"),
        ["numerique"] = ("Numérique", "Digital and IT"),
        ["cybersecurite"] = ("Cybersécurité", "Cybersecurity"),
        ["sante"] = ("Santé", "Health"),
        ["recherche"] = ("Recherche", "Research"),
        ["finance"] = ("Banque et finance", "Banking and finance"),
        ["fonction-publique"] = ("Fonction publique", "Civil service"),
        ["securite-interieure"] = ("Sécurité intérieure", "Police and gendarmerie"),
        ["securite-civile"] = ("Sécurité civile", "Fire and rescue"),
        ["transport-logistique"] = ("Transport et logistique", "Transport and logistics"),
        ["auvergne-rhone-alpes"] = ("Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes"),
        ["bourgogne-franche-comte"] = ("Bourgogne-Franche-Comté", "Bourgogne-Franche-Comté"),
        ["bretagne"] = ("Bretagne", "Brittany"),
        ["centre-val-de-loire"] = ("Centre-Val de Loire", "Centre-Val de Loire"),
        ["corse"] = ("Corse", "Corsica"),
        ["grand-est"] = ("Grand Est", "Grand Est"),
        ["hauts-de-france"] = ("Hauts-de-France", "Hauts-de-France"),
        ["ile-de-france"] = ("Île-de-France", "Île-de-France"),
        ["normandie"] = ("Normandie", "Normandy"),
        ["nouvelle-aquitaine"] = ("Nouvelle-Aquitaine", "Nouvelle-Aquitaine"),
        ["occitanie"] = ("Occitanie", "Occitanie"),
        ["pays-de-la-loire"] = ("Pays de la Loire", "Pays de la Loire"),
        ["provence-alpes-cote-d-azur"] = ("Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur"),
        ["guadeloupe"] = ("Guadeloupe", "Guadeloupe"),
        ["martinique"] = ("Martinique", "Martinique"),
        ["guyane"] = ("Guyane", "French Guiana"),
        ["la-reunion"] = ("La Réunion", "Réunion"),
        ["mayotte"] = ("Mayotte", "Mayotte"),
        ["primaire"] = ("École primaire", "Primary school"),
        ["college"] = ("Collège", "Middle school"),
        ["lycee"] = ("Lycée", "High school"),
        ["superieur"] = ("Enseignement supérieur", "Higher education"),
        ["entreprise"] = ("Entreprises", "Companies"),
        ["classroom"] = ("Heure découverte en classe", "Classroom visit"),
        ["panel"] = ("Table ronde, conférence", "Panel, conference"),
        ["mentoring"] = ("Mentorat", "Mentoring"),
        ["online"] = ("En ligne", "Online"),
    };

    public static string Of(string slug, bool english) =>
        Labels.TryGetValue(slug, out var label) ? (english ? label.English : label.French) : slug;
}
