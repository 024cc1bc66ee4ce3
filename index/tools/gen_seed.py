#!/usr/bin/env python3
"""Generates index/seed/speakers.jsonl: the fictional seed directory loaded when the database is empty.

    python3 index/tools/gen_seed.py            # writes index/seed/speakers.jsonl
    python3 index/tools/gen_seed.py --check    # exits 1 if the committed file differs

Deterministic (fixed seed, no dependency outside the standard library). Every person is invented: names are
random pairs of common French first and last names, e-mails are at example.org, phones are 06 00 xx xx xx.
Coordinates are those of the commune in index/geo/gazetteer.tsv, moved by a few hundred metres so that two
speakers of one town do not sit on one point.

Line format: the fields of shared/bench/corpus/gen_corpus.py (id, firstName, lastName, headline, employer,
sector, region, department, city, lat, lon, topics, formats, audiences, languages, network, bio) followed by
email, phone, photoUrl, monthlyCap, status and availability.
"""

import json
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
GAZETTEER = os.path.join(HERE, "..", "geo", "gazetteer.tsv")
OUT = os.path.join(HERE, "..", "seed", "speakers.jsonl")
SEED = 20261125

# ---------------------------------------------------------------------------------------------------------------
# Places: (commune, department) per region, the first ones weigh more. Resolved against the gazetteer.
# ---------------------------------------------------------------------------------------------------------------
CITIES = {
    "ile-de-france": [("Paris", "75"), ("Paris", "75"), ("Paris", "75"), ("Boulogne-Billancourt", "92"), ("Courbevoie", "92"),
                      ("Nanterre", "92"), ("Issy-les-Moulineaux", "92"), ("Saint-Denis", "93"), ("Montreuil", "93"),
                      ("Bobigny", "93"), ("Créteil", "94"), ("Vitry-sur-Seine", "94"), ("Versailles", "78"), ("Guyancourt", "78"),
                      ("Vélizy-Villacoublay", "78"), ("Palaiseau", "91"), ("Évry-Courcouronnes", "91"), ("Massy", "91"),
                      ("Cergy", "95"), ("Argenteuil", "95"), ("Melun", "77"), ("Meaux", "77"), ("Champs-sur-Marne", "77")],
    "auvergne-rhone-alpes": [("Lyon", "69"), ("Lyon", "69"), ("Villeurbanne", "69"), ("Vénissieux", "69"), ("Saint-Priest", "69"),
                             ("Grenoble", "38"), ("Grenoble", "38"), ("Saint-Étienne", "42"), ("Clermont-Ferrand", "63"),
                             ("Annecy", "74"), ("Chambéry", "73"), ("Valence", "26"), ("Bourg-en-Bresse", "01"),
                             ("Vichy", "03"), ("Aurillac", "15"), ("Le Puy-en-Velay", "43"), ("Annonay", "07")],
    "occitanie": [("Toulouse", "31"), ("Toulouse", "31"), ("Blagnac", "31"), ("Colomiers", "31"), ("Montpellier", "34"),
                  ("Montpellier", "34"), ("Nîmes", "30"), ("Perpignan", "66"), ("Béziers", "34"), ("Albi", "81"),
                  ("Tarbes", "65"), ("Montauban", "82"), ("Rodez", "12"), ("Figeac", "46"), ("Carcassonne", "11"),
                  ("Foix", "09"), ("Auch", "32"), ("Mende", "48")],
    "nouvelle-aquitaine": [("Bordeaux", "33"), ("Bordeaux", "33"), ("Mérignac", "33"), ("Pessac", "33"), ("Le Haillan", "33"),
                           ("Limoges", "87"), ("Poitiers", "86"), ("La Rochelle", "17"), ("Pau", "64"), ("Bayonne", "64"),
                           ("Angoulême", "16"), ("Niort", "79"), ("Périgueux", "24"), ("Agen", "47"), ("Mont-de-Marsan", "40"),
                           ("Brive-la-Gaillarde", "19"), ("Guéret", "23"), ("Rochefort", "17")],
    "provence-alpes-cote-d-azur": [("Marseille", "13"), ("Marseille", "13"), ("Aix-en-Provence", "13"), ("Marignane", "13"),
                                   ("Nice", "06"), ("Valbonne", "06"), ("Cannes", "06"), ("Toulon", "83"), ("Avignon", "84"),
                                   ("Istres", "13"), ("Gap", "05"), ("Digne-les-Bains", "04"), ("Fos-sur-Mer", "13")],
    "hauts-de-france": [("Lille", "59"), ("Lille", "59"), ("Villeneuve-d'Ascq", "59"), ("Roubaix", "59"), ("Dunkerque", "59"),
                        ("Valenciennes", "59"), ("Amiens", "80"), ("Arras", "62"), ("Calais", "62"), ("Lens", "62"),
                        ("Compiègne", "60"), ("Beauvais", "60"), ("Saint-Quentin", "02"), ("Douai", "59")],
    "grand-est": [("Strasbourg", "67"), ("Strasbourg", "67"), ("Metz", "57"), ("Nancy", "54"), ("Reims", "51"),
                  ("Mulhouse", "68"), ("Colmar", "68"), ("Troyes", "10"), ("Charleville-Mézières", "08"), ("Épinal", "88"),
                  ("Thionville", "57"), ("Chaumont", "52"), ("Verdun", "55")],
    "pays-de-la-loire": [("Nantes", "44"), ("Nantes", "44"), ("Saint-Nazaire", "44"), ("Angers", "49"), ("Le Mans", "72"),
                         ("La Roche-sur-Yon", "85"), ("Laval", "53"), ("Cholet", "49"), ("Bouguenais", "44")],
    "bretagne": [("Rennes", "35"), ("Rennes", "35"), ("Brest", "29"), ("Lorient", "56"), ("Vannes", "56"), ("Lannion", "22"),
                 ("Saint-Brieuc", "22"), ("Quimper", "29"), ("Cesson-Sévigné", "35"), ("Bruz", "35"), ("Saint-Malo", "35")],
    "normandie": [("Rouen", "76"), ("Caen", "14"), ("Le Havre", "76"), ("Cherbourg-en-Cotentin", "50"), ("Évreux", "27"),
                  ("Alençon", "61"), ("Saint-Lô", "50"), ("Dieppe", "76"), ("Vernon", "27")],
    "bourgogne-franche-comte": [("Dijon", "21"), ("Besançon", "25"), ("Belfort", "90"), ("Montbéliard", "25"), ("Chalon-sur-Saône", "71"),
                                ("Auxerre", "89"), ("Nevers", "58"), ("Le Creusot", "71"), ("Vesoul", "70"), ("Dole", "39")],
    "centre-val-de-loire": [("Orléans", "45"), ("Tours", "37"), ("Bourges", "18"), ("Chartres", "28"), ("Blois", "41"),
                            ("Châteauroux", "36"), ("Chinon", "37"), ("Vierzon", "18")],
    "corse": [("Ajaccio", "2A"), ("Bastia", "2B"), ("Corte", "2B"), ("Porto-Vecchio", "2A"), ("Calvi", "2B")],
    "guadeloupe": [("Pointe-à-Pitre", "971"), ("Les Abymes", "971"), ("Baie-Mahault", "971"), ("Basse-Terre", "971"), ("Le Gosier", "971")],
    "martinique": [("Fort-de-France", "972"), ("Le Lamentin", "972"), ("Schœlcher", "972"), ("Le Robert", "972")],
    "guyane": [("Cayenne", "973"), ("Kourou", "973"), ("Saint-Laurent-du-Maroni", "973"), ("Matoury", "973"), ("Rémire-Montjoly", "973")],
    "la-reunion": [("Saint-Denis", "974"), ("Saint-Pierre", "974"), ("Saint-Paul", "974"), ("Le Port", "974"), ("Le Tampon", "974")],
    "mayotte": [("Mamoudzou", "976"), ("Dzaoudzi", "976"), ("Koungou", "976"), ("Pamandzi", "976")],
}

# How many speakers per region (sums to the directory size).
REGION_COUNT = {
    "ile-de-france": 56, "auvergne-rhone-alpes": 36, "occitanie": 36, "nouvelle-aquitaine": 24, "provence-alpes-cote-d-azur": 22,
    "hauts-de-france": 20, "grand-est": 19, "pays-de-la-loire": 16, "bretagne": 16, "normandie": 14, "bourgogne-franche-comte": 12,
    "centre-val-de-loire": 12, "corse": 6, "guadeloupe": 7, "martinique": 6, "guyane": 6, "la-reunion": 8, "mayotte": 5,
}

SECTORS = ["aeronautique", "automobile", "btp", "chimie", "agroalimentaire", "energie", "industrie-verte", "numerique",
           "cybersecurite", "sante", "recherche", "finance", "fonction-publique", "securite-interieure", "securite-civile",
           "transport-logistique"]

# Sector weight by region (default 1): where each industry really is.
AFFINITY = {
    "aeronautique": {"occitanie": 5, "nouvelle-aquitaine": 2.5, "provence-alpes-cote-d-azur": 2, "ile-de-france": 1.3, "pays-de-la-loire": 1.5, "guyane": 4},
    "automobile": {"grand-est": 2, "hauts-de-france": 2.5, "bourgogne-franche-comte": 3, "normandie": 1.5, "ile-de-france": 1.2},
    "energie": {"auvergne-rhone-alpes": 1.8, "normandie": 2.2, "centre-val-de-loire": 2.5, "grand-est": 1.5, "la-reunion": 1.5},
    "chimie": {"auvergne-rhone-alpes": 2.2, "normandie": 1.8, "hauts-de-france": 1.5, "provence-alpes-cote-d-azur": 1.3},
    "agroalimentaire": {"bretagne": 3, "pays-de-la-loire": 2.5, "normandie": 1.5, "la-reunion": 2, "martinique": 2, "guadeloupe": 2, "ile-de-france": 0.4},
    "numerique": {"ile-de-france": 3, "auvergne-rhone-alpes": 1.4, "occitanie": 1.3, "bretagne": 1.4, "provence-alpes-cote-d-azur": 1.4, "pays-de-la-loire": 1.3},
    "cybersecurite": {"bretagne": 3.5, "ile-de-france": 2, "provence-alpes-cote-d-azur": 1.2},
    "btp": {"corse": 2, "la-reunion": 1.5, "mayotte": 2, "guyane": 1.5},
    "sante": {"corse": 1.5, "guadeloupe": 2, "martinique": 2, "guyane": 2, "la-reunion": 1.5, "mayotte": 2.5},
    "securite-interieure": {"corse": 2, "guyane": 2, "mayotte": 2.5, "ile-de-france": 1.4},
    "securite-civile": {"provence-alpes-cote-d-azur": 2, "corse": 2.5, "occitanie": 1.3, "la-reunion": 1.5},
    "fonction-publique": {"ile-de-france": 1.3, "corse": 1.5, "guadeloupe": 1.5, "martinique": 1.5, "guyane": 1.5, "mayotte": 2},
    "finance": {"ile-de-france": 2.5, "hauts-de-france": 1.2},
    "recherche": {"ile-de-france": 1.8, "auvergne-rhone-alpes": 1.6, "occitanie": 1.6, "provence-alpes-cote-d-azur": 1.3, "guyane": 1.3},
    "industrie-verte": {"hauts-de-france": 1.6, "auvergne-rhone-alpes": 1.6, "grand-est": 1.3, "normandie": 1.2},
    "transport-logistique": {"hauts-de-france": 1.6, "centre-val-de-loire": 1.5, "normandie": 1.5, "ile-de-france": 1.2},
}

# Profiles pinned first so that the demonstrations always find people:
# (sector, commune, department, headline or None, extra topics)
PINNED = [
    ("aeronautique", "Toulouse", "31", "Ingénieure aéronautique", ["aéronautique"]),
    ("aeronautique", "Blagnac", "31", "Ingénieure aéronautique", ["aéronautique", "industrie du futur"]),
    ("aeronautique", "Toulouse", "31", "Ingénieure d'essais en vol", ["aéronautique"]),
    ("aeronautique", "Colomiers", "31", "Ingénieure aéronautique", ["spatial"]),
    ("aeronautique", "Toulouse", "31", "Ingénieure spatiale", ["spatial"]),
    ("aeronautique", "Blagnac", "31", "Technicienne aéronautique", ["aéronautique"]),
    ("aeronautique", "Toulouse", "31", "Mécanicienne aéronautique", ["apprentissage et alternance"]),
    ("aeronautique", "Blagnac", "31", "Pilote de ligne", ["aéronautique"]),
    ("aeronautique", "Bordeaux", "33", "Ingénieure aéronautique", ["aéronautique"]),
    ("aeronautique", "Marignane", "13", "Ingénieure en systèmes embarqués", ["aéronautique"]),
    ("aeronautique", "Kourou", "973", "Ingénieure spatiale", ["spatial"]),
    ("industrie-verte", "Lyon", "69", "Ingénieure en économie circulaire", ["économie circulaire"]),
    ("industrie-verte", "Lyon", "69", "Responsable décarbonation", ["décarbonation"]),
    ("industrie-verte", "Villeurbanne", "69", "Cheffe de projet recyclage", ["recyclage"]),
    ("industrie-verte", "Lyon", "69", "Responsable RSE", ["changement climatique"]),
    ("industrie-verte", "Vénissieux", "69", "Ingénieure environnement", ["économie circulaire"]),
    ("industrie-verte", "Saint-Priest", "69", "Ingénieure écoconception", ["écoconception"]),
    ("industrie-verte", "Grenoble", "38", "Ingénieure méthanisation", ["énergies renouvelables"]),
    ("industrie-verte", "Dunkerque", "59", "Responsable décarbonation", ["décarbonation"]),
    ("numerique", "Paris", "75", "Développeuse web", ["programmation et code"]),
    ("numerique", "Paris", "75", "Data scientist", ["intelligence artificielle"]),
    ("numerique", "Paris", "75", "Ingénieure en intelligence artificielle", ["intelligence artificielle"]),
    ("numerique", "Paris", "75", "Développeuse full-stack", ["programmation et code"]),
    ("numerique", "Paris", "75", "Product manager", ["innovation"]),
    ("numerique", "Paris", "75", "UX designer", ["numérique responsable"]),
    ("numerique", "Issy-les-Moulineaux", "92", "Architecte cloud", ["numérique responsable"]),
    ("numerique", "Paris", "75", "Data analyst", ["data et statistiques"]),
    ("cybersecurite", "Rennes", "35", "Ingénieure cybersécurité", ["cybersécurité"]),
    ("cybersecurite", "Paris", "75", "Analyste SOC", ["cybersécurité"]),
    ("securite-interieure", "Paris", "75", "Commissaire de police", ["métiers de l'ordre public"]),
    ("securite-interieure", "Toulouse", "31", "Commissaire de police", ["métiers de l'ordre public"]),
    ("securite-interieure", "Lyon", "69", "Officière de police judiciaire", ["police scientifique"]),
    ("securite-interieure", "Marseille", "13", "Gardienne de la paix", ["métiers de l'ordre public"]),
    ("securite-interieure", "Lille", "59", "Capitaine de gendarmerie", ["sécurité routière"]),
    ("securite-interieure", "Rennes", "35", "Gendarme", ["cyberharcèlement"]),
    ("securite-interieure", "Bordeaux", "33", "Policière scientifique", ["police scientifique"]),
    ("securite-interieure", "Strasbourg", "67", "Commandante de police", ["métiers de l'ordre public"]),
    ("securite-interieure", "Ajaccio", "2A", "Capitaine de gendarmerie", ["engagement citoyen"]),
    ("securite-interieure", "Mamoudzou", "976", "Gendarme", ["engagement citoyen"]),
    ("securite-interieure", "Nantes", "44", "Enquêtrice en cybercriminalité", ["cyberharcèlement"]),
    ("securite-civile", "Marseille", "13", "Sapeuse-pompière professionnelle", ["sécurité civile"]),
    ("securite-civile", "Toulouse", "31", "Lieutenante de sapeurs-pompiers", ["premiers secours"]),
    ("securite-civile", "Paris", "75", "Sapeuse-pompière professionnelle", ["premiers secours"]),
    ("fonction-publique", "Lyon", "69", "Sous-préfète", ["engagement citoyen"]),
    ("fonction-publique", "Bastia", "2B", "Sous-préfète", ["engagement citoyen"]),
    ("sante", "Toulouse", "31", "Infirmière en bloc opératoire", ["santé publique"]),
    ("sante", "Fort-de-France", "972", "Médecin urgentiste", ["santé publique"]),
    ("recherche", "Toulouse", "31", "Chercheuse en biologie au CNRS", ["recherche scientifique"]),
    ("recherche", "Grenoble", "38", "Chercheuse en physique au CNRS", ["recherche scientifique"]),
    ("transport-logistique", "Lyon", "69", "Conductrice de train", ["sécurité routière"]),
    ("transport-logistique", "Paris", "75", "Conductrice de train", ["mobilité électrique"]),
    ("btp", "Lyon", "69", "Cheffe de chantier", ["prévention des risques"]),
    ("btp", "Saint-Denis", "974", "Cheffe de chantier", ["transition énergétique"]),
]

HEADLINES = {
    "aeronautique": ["Ingénieure aéronautique", "Ingénieure en systèmes embarqués", "Pilote de ligne", "Technicienne aéronautique",
                     "Mécanicienne aéronautique", "Ingénieure propulsion", "Ingénieure d'essais en vol", "Ingénieure spatiale",
                     "Contrôleuse aérienne", "Ingénieure avionique", "Cheffe de programme satellite", "Ajusteuse-monteuse aéronautique"],
    "automobile": ["Ingénieure véhicule électrique", "Ingénieure batteries", "Cheffe d'atelier", "Mécanicienne automobile",
                   "Designer automobile", "Directrice d'usine", "Technicienne méthodes", "Ingénieure véhicule autonome", "Carrossière-peintre"],
    "btp": ["Cheffe de chantier", "Conductrice de travaux", "Ingénieure génie civil", "Architecte", "Géomètre-topographe",
            "Cheffe de projet BIM", "Grutière", "Charpentière", "Urbaniste", "Électricienne du bâtiment"],
    "chimie": ["Ingénieure procédés", "Chimiste", "Pharmacienne industrielle", "Technicienne de laboratoire", "Ingénieure matériaux",
               "Formulatrice en cosmétique", "Responsable HSE", "Ingénieure polymères"],
    "agroalimentaire": ["Ingénieure agroalimentaire", "Responsable qualité", "Cheffe de ligne de production", "Ingénieure agronome",
                        "Œnologue", "Responsable sécurité des aliments", "Technicienne R&D produits", "Directrice de site de production"],
    "energie": ["Ingénieure nucléaire", "Cheffe de quart en centrale nucléaire", "Technicienne de maintenance éolienne",
                "Ingénieure réseaux électriques", "Cheffe de projet photovoltaïque", "Ingénieure hydrogène", "Électricienne",
                "Ingénieure sûreté nucléaire", "Technicienne d'exploitation hydraulique"],
    "industrie-verte": ["Ingénieure en économie circulaire", "Responsable RSE", "Cheffe de projet recyclage", "Ingénieure environnement",
                        "Responsable décarbonation", "Technicienne traitement des eaux", "Ingénieure écoconception", "Consultante bilan carbone",
                        "Directrice d'usine de recyclage"],
    "numerique": ["Développeuse web", "Data scientist", "Développeuse full-stack", "Ingénieure logiciel", "Architecte cloud",
                  "Cheffe de projet digital", "Product manager", "Ingénieure DevOps", "UX designer", "Ingénieure en intelligence artificielle",
                  "Data analyst", "Développeuse mobile", "Administratrice systèmes et réseaux", "Directrice des systèmes d'information"],
    "cybersecurite": ["Ingénieure cybersécurité", "Analyste SOC", "Pentesteuse", "Consultante en cybersécurité", "Architecte sécurité",
                      "Responsable de la sécurité des systèmes d'information", "Experte en réponse à incident", "Cryptographe"],
    "sante": ["Infirmière", "Infirmière en bloc opératoire", "Médecin urgentiste", "Chirurgienne", "Sage-femme", "Ingénieure biomédicale",
              "Pharmacienne", "Directrice d'hôpital", "Manipulatrice en radiologie", "Cadre de santé", "Kinésithérapeute"],
    "recherche": ["Chercheuse en biologie au CNRS", "Chercheuse en physique au CNRS", "Enseignante-chercheuse", "Astrophysicienne",
                  "Mathématicienne", "Ingénieure de recherche", "Climatologue", "Océanographe", "Roboticienne", "Chercheuse en informatique",
                  "Doctorante en chimie", "Directrice de laboratoire"],
    "finance": ["Analyste financière", "Actuaire", "Conseillère bancaire", "Directrice financière", "Contrôleuse de gestion",
                "Gestionnaire de portefeuille", "Auditrice financière", "Experte-comptable", "Risk manager", "Directrice d'agence bancaire"],
    "fonction-publique": ["Sous-préfète", "Préfète", "Attachée d'administration", "Directrice de cabinet du préfet",
                          "Inspectrice des finances publiques", "Inspectrice du travail", "Secrétaire générale de préfecture",
                          "Directrice générale des services", "Magistrate", "Greffière", "Inspectrice des douanes"],
    "securite-interieure": ["Commissaire de police", "Officière de police judiciaire", "Gardienne de la paix", "Capitaine de gendarmerie",
                            "Gendarme", "Lieutenante-colonelle de gendarmerie", "Policière scientifique", "Enquêtrice en cybercriminalité",
                            "Commandante de police", "Adjudante de gendarmerie", "Analyste criminelle"],
    "securite-civile": ["Sapeuse-pompière professionnelle", "Sapeuse-pompière volontaire", "Lieutenante de sapeurs-pompiers",
                        "Capitaine de sapeurs-pompiers", "Infirmière de sapeurs-pompiers", "Opératrice de traitement de l'alerte",
                        "Cheffe de groupe feux de forêts", "Pilote d'hélicoptère de la sécurité civile"],
    "transport-logistique": ["Conductrice de train", "Responsable logistique", "Supply chain manager", "Conductrice de poids lourd",
                             "Ingénieure ferroviaire", "Officière de la marine marchande", "Responsable d'entrepôt", "Cheffe d'escale",
                             "Aiguilleuse du rail", "Conductrice de bus"],
}

INRIA_REGIONS = ["ile-de-france", "auvergne-rhone-alpes", "bretagne", "occitanie", "hauts-de-france", "grand-est", "nouvelle-aquitaine",
                 "provence-alpes-cote-d-azur", "pays-de-la-loire"]

# Employers: (name, regions where it is, None = anywhere). "{dep}", "{city}" are filled from the place.
EMPLOYERS = {
    "aeronautique": [("Airbus", ["occitanie", "pays-de-la-loire", "hauts-de-france", "ile-de-france"]), ("Safran", None),
                     ("Thales", None), ("Dassault Aviation", ["ile-de-france", "nouvelle-aquitaine", "provence-alpes-cote-d-azur"]),
                     ("ATR", ["occitanie"]), ("CNES", ["occitanie", "guyane", "ile-de-france"]), ("Airbus Helicopters", ["provence-alpes-cote-d-azur"]),
                     ("Latécoère", ["occitanie"]), ("Liebherr Aerospace", ["occitanie"]), ("ArianeGroup", ["nouvelle-aquitaine", "guyane"]),
                     ("Air France", None), ("Daher", ["occitanie", "pays-de-la-loire", "centre-val-de-loire"]), ("Figeac Aéro", ["occitanie"])],
    "automobile": [("Stellantis", ["grand-est", "hauts-de-france", "bourgogne-franche-comte", "ile-de-france", "normandie"]),
                   ("Renault Group", ["ile-de-france", "normandie", "hauts-de-france", "auvergne-rhone-alpes"]), ("Valeo", None),
                   ("Forvia", None), ("Michelin", ["auvergne-rhone-alpes"]), ("Toyota Motor Manufacturing France", ["hauts-de-france"]),
                   ("Verkor", ["hauts-de-france", "auvergne-rhone-alpes"]), ("un garage indépendant", None)],
    "btp": [("Vinci Construction", None), ("Bouygues Construction", None), ("Eiffage", None), ("NGE", None),
            ("une PME du bâtiment", None), ("Colas", None), ("un cabinet d'architectes", None), ("Spie batignolles", None)],
    "chimie": [("Sanofi", ["ile-de-france", "auvergne-rhone-alpes", "occitanie", "normandie", "centre-val-de-loire"]),
               ("Arkema", None), ("Solvay", ["auvergne-rhone-alpes", "hauts-de-france", "ile-de-france"]), ("L'Oréal", ["ile-de-france", "hauts-de-france"]),
               ("Servier", ["ile-de-france", "centre-val-de-loire"]), ("bioMérieux", ["auvergne-rhone-alpes"]), ("Pierre Fabre", ["occitanie"]),
               ("Air Liquide", None), ("un laboratoire pharmaceutique", None)],
    "agroalimentaire": [("Lactalis", None), ("Danone", None), ("Bonduelle", ["hauts-de-france", "bretagne"]), ("Savencia", None),
                        ("Sodiaal", None), ("une coopérative agricole", None), ("Even", ["bretagne"]), ("Bel", ["pays-de-la-loire", "bourgogne-franche-comte"]),
                        ("une distillerie", ["martinique", "guadeloupe", "la-reunion"]), ("une conserverie", ["bretagne", "pays-de-la-loire"])],
    "energie": [("EDF", None), ("Enedis", None), ("RTE", None), ("Engie", None), ("TotalEnergies", None), ("Orano", ["normandie", "auvergne-rhone-alpes", "provence-alpes-cote-d-azur"]),
                ("Framatome", ["auvergne-rhone-alpes", "bourgogne-franche-comte", "ile-de-france"]), ("CNR", ["auvergne-rhone-alpes"]),
                ("EDF Renouvelables", None), ("Albioma", ["la-reunion", "guadeloupe", "martinique"])],
    "industrie-verte": [("Veolia", None), ("Suez", None), ("Paprec", None), ("Citeo", ["ile-de-france", "auvergne-rhone-alpes"]),
                        ("Ademe", None), ("une start-up du recyclage", None), ("Derichebourg Environnement", None),
                        ("Lyon Métropole", ["auvergne-rhone-alpes"]), ("ArcelorMittal France", ["hauts-de-france", "grand-est", "provence-alpes-cote-d-azur"])],
    "numerique": [("Capgemini", None), ("Sopra Steria", None), ("Orange", None), ("OVHcloud", ["hauts-de-france", "ile-de-france"]),
                  ("Dassault Systèmes", ["ile-de-france", "provence-alpes-cote-d-azur"]), ("Doctolib", ["ile-de-france"]),
                  ("BlaBlaCar", ["ile-de-france"]), ("Criteo", ["ile-de-france", "occitanie"]), ("une ESN régionale", None),
                  ("une start-up de la French Tech", None), ("Amadeus", ["provence-alpes-cote-d-azur"]), ("Inria", INRIA_REGIONS)],
    "cybersecurite": [("ANSSI", ["ile-de-france", "bretagne"]), ("Thales", None), ("Airbus Defence and Space", ["bretagne", "ile-de-france", "occitanie"]),
                      ("Orange Cyberdefense", None), ("Sopra Steria", None), ("Ministère des Armées", ["bretagne", "ile-de-france"]),
                      ("un cabinet de conseil en cybersécurité", None), ("Atos", None)],
    "sante": [("CHU {city}", None), ("Centre hospitalier {city}", None), ("AP-HP", ["ile-de-france"]), ("AP-HM", ["provence-alpes-cote-d-azur"]),
              ("Hospices civils de Lyon", ["auvergne-rhone-alpes"]), ("une clinique privée", None), ("Institut Curie", ["ile-de-france"]),
              ("Medtronic France", None), ("une maison de santé", None)],
    "recherche": [("CNRS", None), ("Inserm", None), ("CEA", ["ile-de-france", "auvergne-rhone-alpes", "occitanie", "provence-alpes-cote-d-azur", "centre-val-de-loire"]),
                  ("INRAE", None), ("Inria", INRIA_REGIONS), ("Université {city}", None), ("Institut Pasteur", ["ile-de-france", "guyane", "guadeloupe"]),
                  ("Ifremer", ["bretagne", "provence-alpes-cote-d-azur", "la-reunion"]), ("IRD", ["guyane", "la-reunion", "occitanie"])],
    "finance": [("BNP Paribas", None), ("Société Générale", None), ("Crédit Agricole", None), ("AXA", None), ("Banque de France", None),
                ("Caisse d'Épargne", None), ("La Banque Postale", None), ("Crédit Mutuel", ["grand-est", "bretagne", "ile-de-france"]),
                ("un cabinet d'expertise comptable", None), ("Bpifrance", None)],
    "fonction-publique": [("Préfecture {dep}", None), ("Ministère de l'Intérieur", None), ("Conseil départemental", None),
                          ("Direction générale des finances publiques", None), ("Mairie {city}", None), ("Tribunal judiciaire {city}", None),
                          ("Douanes françaises", None)],
    "securite-interieure": [("Police nationale", None), ("Gendarmerie nationale", None), ("Préfecture de police", ["ile-de-france"]),
                            ("Police judiciaire", None), ("Groupement de gendarmerie {dep}", None)],
    "securite-civile": [("SDIS {dep}", None), ("SDIS {dep}", None), ("SDIS {dep}", None), ("SDIS {dep}", None), ("Brigade de sapeurs-pompiers de Paris", ["ile-de-france"]),
                        ("Bataillon de marins-pompiers de Marseille", ["provence-alpes-cote-d-azur"]), ("Sécurité civile", None)],  # SDIS weighs four
    "transport-logistique": [("SNCF Voyageurs", None), ("SNCF Réseau", None), ("RATP", ["ile-de-france"]), ("Geodis", None),
                             ("CMA CGM", ["provence-alpes-cote-d-azur", "normandie", "ile-de-france"]), ("Keolis", None), ("Transdev", None),
                             ("STEF", None), ("Aéroports de Paris", ["ile-de-france"]), ("Haropa Port", ["normandie", "ile-de-france"])],
}

HEADLINE_EMPLOYER = {
    "Pilote de ligne": ["Air France", "Transavia", "Air Caraïbes", "Air Austral", "Air Corsica", "Corsair"],
    "Contrôleuse aérienne": ["DGAC"],
    "Conductrice de train": ["SNCF Voyageurs", "RATP"],
    "Aiguilleuse du rail": ["SNCF Réseau"],
    "Sous-préfète": ["Préfecture {dep}"], "Préfète": ["Préfecture {dep}"], "Secrétaire générale de préfecture": ["Préfecture {dep}"],
    "Directrice de cabinet du préfet": ["Préfecture {dep}"],
    "Inspectrice du travail": ["Inspection du travail"], "Inspectrice des douanes": ["Douanes françaises"],
    "Magistrate": ["Tribunal judiciaire {city}"], "Greffière": ["Tribunal judiciaire {city}"],
    "Astrophysicienne": ["CNRS", "CEA", "Observatoire de Paris", "CNES"], "Océanographe": ["Ifremer", "CNRS", "IRD"],
    "Chercheuse en biologie au CNRS": ["CNRS"], "Chercheuse en physique au CNRS": ["CNRS"],
    "Gendarme": ["Gendarmerie nationale", "Groupement de gendarmerie {dep}"],
    "Capitaine de gendarmerie": ["Gendarmerie nationale", "Groupement de gendarmerie {dep}"],
    "Adjudante de gendarmerie": ["Gendarmerie nationale", "Groupement de gendarmerie {dep}"],
    "Lieutenante-colonelle de gendarmerie": ["Gendarmerie nationale"],
    "Commissaire de police": ["Police nationale"], "Commandante de police": ["Police nationale"],
    "Gardienne de la paix": ["Police nationale"], "Officière de police judiciaire": ["Police judiciaire", "Police nationale"],
    "Ingénieure spatiale": ["CNES", "Thales Alenia Space", "ArianeGroup", "Airbus Defence and Space"],
    "Cheffe de programme satellite": ["CNES", "Thales Alenia Space", "Airbus Defence and Space"],
}
HEADLINE_EMPLOYER_REGION = {  # keep regional carriers and agencies where they belong
    "Air Caraïbes": {"guadeloupe", "martinique", "guyane"}, "Air Austral": {"la-reunion", "mayotte"}, "Air Corsica": {"corse"},
    "RATP": {"ile-de-france"}, "Observatoire de Paris": {"ile-de-france"}, "Thales Alenia Space": {"occitanie", "provence-alpes-cote-d-azur"},
}

TOPICS = [
    "mixité des métiers", "intelligence artificielle", "cybersécurité", "transition énergétique", "reconversion professionnelle",
    "management", "entrepreneuriat", "stéréotypes de genre", "robotique", "maintenance industrielle", "santé au travail",
    "sécurité civile", "Europe et international", "égalité professionnelle", "orientation scolaire", "filières scientifiques",
    "numérique responsable", "data et statistiques", "spatial", "aéronautique", "mobilité électrique", "industrie du futur",
    "économie circulaire", "changement climatique", "biodiversité", "apprentissage et alternance", "leadership au féminin",
    "confiance en soi", "équilibre vie professionnelle et vie personnelle", "handicap et inclusion", "cyberharcèlement",
    "prévention des risques", "engagement citoyen", "sécurité routière", "ressources humaines", "innovation",
    "recherche scientifique", "métiers de la défense", "programmation et code", "mathématiques", "santé publique",
    "métiers de l'ordre public",
    # added for the seed directory
    "recyclage", "décarbonation", "écoconception", "énergies renouvelables", "hydrogène", "nucléaire", "police scientifique",
    "premiers secours", "jeux vidéo", "sciences de la vie", "océans", "géologie", "design", "mobilité internationale",
    "vie en outre-mer", "métiers du soin", "ville durable", "logistique", "alimentation durable", "industrie verte",
]

SECTOR_TOPICS = {
    "aeronautique": ["aéronautique", "spatial", "industrie du futur", "filières scientifiques", "maintenance industrielle", "Europe et international"],
    "automobile": ["mobilité électrique", "industrie du futur", "robotique", "maintenance industrielle", "design"],
    "btp": ["ville durable", "prévention des risques", "apprentissage et alternance", "transition énergétique", "santé au travail"],
    "chimie": ["sciences de la vie", "recherche scientifique", "prévention des risques", "économie circulaire", "santé publique"],
    "agroalimentaire": ["alimentation durable", "industrie du futur", "biodiversité", "santé publique", "apprentissage et alternance"],
    "energie": ["transition énergétique", "nucléaire", "énergies renouvelables", "hydrogène", "changement climatique"],
    "industrie-verte": ["économie circulaire", "recyclage", "décarbonation", "écoconception", "changement climatique", "biodiversité"],
    "numerique": ["programmation et code", "intelligence artificielle", "data et statistiques", "numérique responsable", "jeux vidéo", "cyberharcèlement"],
    "cybersecurite": ["cybersécurité", "cyberharcèlement", "programmation et code", "métiers de la défense", "intelligence artificielle"],
    "sante": ["santé publique", "métiers du soin", "premiers secours", "sciences de la vie", "handicap et inclusion"],
    "recherche": ["recherche scientifique", "mathématiques", "filières scientifiques", "changement climatique", "océans", "géologie", "robotique", "sciences de la vie"],
    "finance": ["data et statistiques", "mathématiques", "entrepreneuriat", "management", "égalité professionnelle"],
    "fonction-publique": ["engagement citoyen", "Europe et international", "management", "égalité professionnelle", "métiers de l'ordre public"],
    "securite-interieure": ["métiers de l'ordre public", "police scientifique", "cyberharcèlement", "sécurité routière", "engagement citoyen"],
    "securite-civile": ["sécurité civile", "premiers secours", "prévention des risques", "engagement citoyen", "changement climatique"],
    "transport-logistique": ["logistique", "mobilité électrique", "sécurité routière", "Europe et international", "transition énergétique"],
}
GENERIC_TOPICS = ["mixité des métiers", "stéréotypes de genre", "orientation scolaire", "confiance en soi", "reconversion professionnelle",
                  "leadership au féminin", "égalité professionnelle", "apprentissage et alternance", "entrepreneuriat", "innovation",
                  "équilibre vie professionnelle et vie personnelle", "mobilité internationale", "handicap et inclusion"]

NETWORKS_BY_SECTOR = {
    "securite-interieure": ["Femmes de l'Intérieur", "Femmes de l'Intérieur", "Elles bougent", None],
    "securite-civile": ["Femmes de l'Intérieur", "Femmes de l'Intérieur", None],
    "fonction-publique": ["Femmes de l'Intérieur", None, None],
    "numerique": ["Femmes@Numérique", "Femmes@Numérique", "Femmes Ingénieures", "Elles bougent", None],
    "cybersecurite": ["Femmes@Numérique", "Femmes Ingénieures", None],
}
INDUSTRY_NETWORKS = ["IndustriElles", "IndustriElles", "Elles bougent", "Femmes Ingénieures", None]

FIRST_NAMES = """Nathalie Isabelle Sandrine Céline Stéphanie Valérie Sophie Aurélie Émilie Julie Camille Laura Marine Léa Manon
Chloé Sarah Pauline Mathilde Caroline Élodie Hélène Delphine Audrey Mélanie Claire Cécile Anne Laurence Florence Marion
Charlotte Lucie Justine Clémence Anaïs Amandine Elsa Alice Juliette Margaux Inès Océane Agnès Bérénice Estelle Fanny
Gaëlle Magali Myriam Perrine Solène Tiphaine Coralie Noémie Louise Jeanne Zoé Salomé Romane Anne-Sophie Marie-Hélène
Anne-Laure Emmanuelle Ophélie Sabrina Nolwenn Clara Eva Lina Jade Ambre Adèle Capucine Constance Diane Hortense Armelle
Yasmine Nadia Karima Samia Leïla Amina Sonia Kenza Sofia Nour Imane Awa Fatoumata Aminata Mariam Linh Mei Lan Rozenn
Enora Maéva Ketty Josiane Zaïnaba Faïza Letizia Ghjulia""".split()
LAST_NAMES = """Martin Bernard Petit Durand Dubois Moreau Laurent Simon Michel Leroy Roux Morel Fournier Girard Bonnet Lambert
Rousseau Vincent Faure Mercier Blanc Guérin Boyer Garnier Chevalier Legrand Gauthier Perrin Robin Clément Morin Henry
Roussel Masson Marchand Duval Dumont Lemaire Meyer Dufour Meunier Brun Blanchard Giraud Joly Lucas Brunet Gaillard
Barbier Arnaud Roche Renard Schmitt Colin Vidal Caron Picard Fabre Aubert Lemoine Renaud Dumas Lacroix Bourgeois Rey
Leclerc Rolland Lecomte Dupuis Guillot Hubert Berger Carpentier Moulin Deschamps Huet Vasseur Boucher Fleury Royer
Klein Jacquet Poirier Marty Guyot Carré Charpentier Ménard Maillard Baron Bailly Hervé Schneider Collet Léger Bouvier
Prévost Millet Perrot Cousin Germain Breton Besson Langlois Pelletier Leblanc Lebrun Marchal Weber Hamon Boulanger
Monnier Michaud Gillet Tessier Chauvin Bouchet Humbert Le_Goff Le_Gall Nguyen Tran Benali Haddad Mansouri Diallo
Traoré Ndiaye Camara Koné Sylla Rossi Pereira Ferreira Kowalski Yilmaz Cohen Benhamou Brahimi Touré Fofana Coulibaly
Hoang Chen Lopes Moretti Navarro Lagarde Delmas Lacoste Bousquet Couderc Castel Delaunay Texier Foucher Thibault
Payet Hoarau Grondin Técher Santoni Pietri Paoli Mattei Jean-Baptiste Saint-Prix Bellance Madi Ahamada Attoumani
Le_Bihan Morvan Kieffer Zimmermann Delattre Dewaele Cazals Séguy""".split()
REGIONAL_FIRST = {
    "bretagne": ["Nolwenn", "Rozenn", "Enora", "Gaëlle", "Morgane", "Katell"], "corse": ["Letizia", "Ghjulia", "Paule", "Marie-Ange"],
    "guadeloupe": ["Ketty", "Josiane", "Maryse", "Shirley"], "martinique": ["Ketty", "Maryse", "Cynthia", "Stessy"],
    "guyane": ["Maéva", "Yolande", "Christelle"], "la-reunion": ["Maéva", "Marie-Josée", "Anaïs"], "mayotte": ["Zaïnaba", "Faïza", "Roukia", "Nadjma"],
}
REGIONAL_LAST = {
    "bretagne": ["Le_Goff", "Le_Gall", "Le_Bihan", "Morvan", "Kerleau", "Le_Meur"], "corse": ["Santoni", "Pietri", "Paoli", "Mattei", "Casanova"],
    "guadeloupe": ["Jean-Baptiste", "Saint-Prix", "Bellance", "Nestor"], "martinique": ["Marie-Sainte", "Lucien", "Rosine", "Pamphile"],
    "guyane": ["Mathurin", "Horth", "Larcher"], "la-reunion": ["Payet", "Hoarau", "Grondin", "Técher", "Nativel"],
    "mayotte": ["Madi", "Ahamada", "Attoumani", "Soilihi"], "grand-est": ["Kieffer", "Zimmermann", "Schmitt", "Weber"],
    "hauts-de-france": ["Delattre", "Dewaele", "Vasseur", "Lemaire"], "occitanie": ["Cazals", "Séguy", "Couderc", "Bousquet"],
}

TRAINING = {
    "aeronautique": ["un diplôme d'ingénieure de l'ISAE-SUPAERO", "un diplôme de l'ENAC", "un BTS aéronautique", "un bac pro aéronautique", "un master de mécanique à l'université Toulouse III"],
    "automobile": ["un diplôme des Arts et Métiers", "un BTS maintenance des véhicules", "un BUT génie mécanique", "un CAP de mécanique automobile"],
    "btp": ["un diplôme d'ingénieure de l'ESTP", "un BTS bâtiment", "un BUT génie civil", "un diplôme d'architecte d'État", "un CAP de charpentière"],
    "chimie": ["un doctorat en chimie", "un diplôme de CPE Lyon", "un BUT chimie", "un diplôme de pharmacienne"],
    "agroalimentaire": ["un diplôme d'AgroParisTech", "un BTS qualité dans les industries alimentaires", "un diplôme de l'Institut Agro", "un BUT génie biologique"],
    "energie": ["un diplôme de Grenoble INP", "un BTS électrotechnique", "un master en énergétique", "un BUT génie électrique", "un diplôme de l'École des Mines"],
    "industrie-verte": ["un master en sciences de l'environnement", "un diplôme d'ingénieure de l'INSA Lyon", "un BTS métiers de l'eau", "un diplôme d'AgroParisTech"],
    "numerique": ["un master en informatique", "un BUT informatique", "une formation intensive en développement web", "un diplôme d'ingénieure de l'ENSIMAG", "un doctorat en apprentissage automatique"],
    "cybersecurite": ["un master en cybersécurité", "un diplôme de Télécom Paris", "un BUT réseaux et télécommunications", "un diplôme de l'ENSIBS"],
    "sante": ["un diplôme d'État d'infirmière", "un doctorat en médecine", "un diplôme de sage-femme", "un diplôme d'ingénieure biomédicale"],
    "recherche": ["un doctorat en physique", "un doctorat en biologie moléculaire", "une agrégation de mathématiques", "un doctorat en informatique", "un doctorat en océanographie"],
    "finance": ["un master en finance", "un diplôme d'école de commerce", "le diplôme d'actuaire", "un BTS banque", "le diplôme d'expertise comptable"],
    "fonction-publique": ["l'Institut national du service public", "Sciences Po", "un master en droit public", "le concours d'attachée d'administration"],
    "securite-interieure": ["le concours de commissaire de police", "le concours de gardienne de la paix", "l'École des officiers de la gendarmerie", "un master en droit pénal", "une licence de biologie"],
    "securite-civile": ["le concours de sapeuse-pompière professionnelle", "l'École nationale supérieure des officiers de sapeurs-pompiers", "un diplôme d'État d'infirmière", "un BTS gestion des risques"],
    "transport-logistique": ["un BTS transport et logistique", "un master en supply chain", "l'École nationale supérieure maritime", "une formation interne à la SNCF"],
}

# --- Bio sentence families (each speaker gets an opening, one or two middles, sometimes a closing) -----------------
OPENINGS = [
    "{first} est {job} {at_emp} {city_at}.",
    "{job_cap} {at_emp}, {first} vit et travaille {city_at}.",
    "Depuis {years} ans, {first} exerce comme {job} {at_emp}.",
    "{first} a rejoint {emp} en {join_year} ; elle y est aujourd'hui {job}.",
    "Basée {city_at}, {first} est {job} et encadre une équipe de {team} personnes.",
    "{job_cap} {city_at}, {first} partage son temps entre le terrain et la formation des plus jeunes.",
    "Au quotidien, {first} est {job} {at_emp} : {daily}.",
    "Quand on demande à {first} de décrire son métier {de_job}, elle répond : « {quote} »",
]
DAILY = {
    "aeronautique": "elle suit les essais et valide la conception de pièces qui voleront des dizaines d'années",
    "automobile": "elle transforme des prototypes en véhicules fabriqués en série",
    "btp": "elle coordonne les équipes et veille à la sécurité sur le chantier",
    "chimie": "elle met au point des procédés plus sûrs et plus sobres",
    "agroalimentaire": "elle garantit la qualité de ce qui arrive dans nos assiettes",
    "energie": "elle fait en sorte que l'électricité arrive, jour et nuit",
    "industrie-verte": "dans l'industrie verte, elle aide les usines à réduire leurs déchets et leurs émissions",
    "numerique": "elle conçoit des outils utilisés par des milliers de personnes",
    "cybersecurite": "elle traque les failles avant que d'autres ne les trouvent",
    "sante": "elle soigne, rassure et travaille en équipe à toute heure",
    "recherche": "elle pose des questions auxquelles personne n'a encore répondu",
    "finance": "elle aide entreprises et particuliers à financer leurs projets",
    "fonction-publique": "elle met en œuvre les politiques publiques au plus près des habitants",
    "securite-interieure": "elle protège la population et mène des enquêtes",
    "securite-civile": "elle intervient sur les secours, les incendies et les accidents",
    "transport-logistique": "elle fait circuler les personnes et les marchandises en toute sécurité",
}
QUOTES = [
    "chaque journée est différente, et c'est ce qui me plaît.",
    "un métier concret, où l'on voit le résultat de son travail.",
    "un travail d'équipe avant tout.",
    "on apprend tous les jours, même après quinze ans.",
    "j'ai trouvé ma place dans un univers où l'on ne m'attendait pas.",
]
PATHS = [
    "Après {training}, elle a débuté comme {earlier} avant d'évoluer vers son poste actuel.",
    "Titulaire d'{training_de}, elle a enchaîné plusieurs postes en France et à l'étranger.",
    "Elle s'est reconvertie à {age} ans, après {prev_years} ans dans {prev_field}, en reprenant ses études par {training}.",
    "Passée par l'alternance, elle a obtenu {training} tout en travaillant.",
    "Peu attirée par les sciences au collège, elle a découvert son métier lors d'un stage de 3e.",
    "Seule fille de sa promotion, elle a obtenu {training} en {grad_year}.",
    "Elle a été la première femme à occuper ce poste dans son service.",
    "Son parcours n'a rien de linéaire : un bac {bac}, une année de fac, puis {training}.",
    "Après {training}, elle a passé {abroad} ans {abroad_place} avant de revenir {region_back}.",
]
EARLIER = ["stagiaire", "technicienne", "assistante", "apprentie", "consultante junior", "opératrice", "chargée d'études", "adjointe"]
PREV_FIELDS = ["la communication", "l'enseignement", "le commerce", "la restauration", "l'hôtellerie", "la grande distribution",
               "la comptabilité", "l'armée", "le sport de haut niveau", "l'animation"]
BACS = ["général", "STI2D", "STL", "professionnel", "STMG"]
ABROAD = ["au Canada", "en Allemagne", "au Royaume-Uni", "en Espagne", "au Japon", "aux États-Unis", "au Sénégal", "au Brésil"]
TOPIC_SENTENCES = [
    "En classe, elle parle volontiers {de_t1} et {de_t2}.",
    "Ses thèmes d'intervention : {tlist}.",
    "Elle aime aborder {a1} avec les élèves, sans oublier {a2}.",
    "Ce qui la motive dans ses interventions : montrer que {a1} concerne tout le monde.",
    "Elle témoigne sur {alist}.",
    "Avec les jeunes, elle insiste sur {a1} et répond à toutes les questions sur {a2}.",
]
CLOSINGS = [
    "Membre du réseau {network}, elle veut montrer aux {aud} que tous les métiers sont mixtes.",
    "Marraine au sein de {network}, elle accompagne chaque année plusieurs jeunes femmes dans leur orientation.",
    "Son conseil aux {aud} : « Ne laissez personne décider à votre place de ce qui est fait pour vous. »",
    "Elle propose aussi bien des heures découverte en classe que des échanges en visio.",
    "Mère de {kids} enfants, elle défend un meilleur équilibre entre vie professionnelle et vie personnelle.",
    "Elle participe régulièrement à des tables rondes sur l'égalité entre les femmes et les hommes.",
    "Elle va à la rencontre des {aud} depuis {since}.",
    "Elle intervient aussi en anglais, notamment dans les sections européennes et internationales.",
]
AUD_LABEL = {"primaire": "écolières et écoliers", "college": "collégiennes et collégiens", "lycee": "lycéennes et lycéens",
             "superieur": "étudiantes et étudiants", "entreprise": "salariées et salariés"}
KIDS = ["deux", "trois", "deux", "quatre"]

DAYS = ["mon", "tue", "wed", "thu", "fri"]
WINDOWS = [("08:30", "12:00"), ("09:00", "12:00"), ("13:30", "17:00"), ("14:00", "17:30"), ("10:00", "12:00"), ("14:00", "16:00")]


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def load_communes():
    communes = {}
    regions = {}
    with open(GAZETTEER, encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            if r[0] == "D":
                regions[r[1]] = r[3]
            elif r[0] == "C":
                key = (r[2], r[3])
                if key not in communes or int(r[5]) > communes[key][1]:
                    communes[key] = (r[1], int(r[5]), float(r[6]), float(r[7]))
    return communes, regions


def article_at(city):
    if city.startswith("Le "):
        return "au " + city[3:]
    if city.startswith("Les "):
        return "aux " + city[4:]
    return "à " + city


def de_city(city):
    if city.startswith("Le "):
        return "du " + city[3:]
    if city.startswith("Les "):
        return "des " + city[4:]
    return ("d'" if fold(city[0]) in "AEIOU" else "de ") + city


def de_dept(name):
    if name.startswith(("La ", "Le ")):
        return {"La ": "de La ", "Le ": "du "}[name[:3]] + name[3:]
    feminine = {"Corse-du-Sud", "Haute-Corse", "Guadeloupe", "Martinique", "Guyane", "Haute-Garonne", "Gironde", "Seine-Saint-Denis",
                "Loire", "Haute-Loire", "Loire-Atlantique", "Marne", "Haute-Marne", "Moselle", "Meuse", "Savoie", "Haute-Savoie",
                "Charente", "Charente-Maritime", "Vienne", "Haute-Vienne", "Manche", "Sarthe", "Mayenne", "Vendée", "Drôme",
                "Corrèze", "Creuse", "Dordogne", "Somme", "Seine-Maritime", "Côte-d'Or", "Nièvre", "Haute-Saône", "Meurthe-et-Moselle"}
    plural = {"Hauts-de-Seine", "Yvelines", "Bouches-du-Rhône", "Alpes-Maritimes", "Hautes-Alpes", "Alpes-de-Haute-Provence",
              "Landes", "Pyrénées-Atlantiques", "Hautes-Pyrénées", "Pyrénées-Orientales", "Vosges", "Ardennes", "Côtes-d'Armor", "Deux-Sèvres"}
    if name in plural:
        return "des " + name
    if fold(name[0]) in "AEIOUY":
        return "de l'" + name
    if name in feminine:
        return "de la " + name
    if name in {"Paris", "Mayotte"}:
        return "de " + name
    return "du " + name


def at_employer(emp):
    lowered = emp[0].islower()
    if lowered:
        return "dans " + emp
    for prefix, prep in (("Préfecture", "à la "), ("SDIS", "au "), ("CHU", "au "), ("Centre hospitalier", "au "), ("Université", "à l'"),
                         ("Ministère", "au "), ("Conseil", "au "), ("Mairie", "à la "), ("Gendarmerie", "dans la "), ("Police", "dans la "),
                         ("Groupement", "au "), ("Brigade", "à la "), ("Bataillon", "au "), ("Direction", "à la "), ("Tribunal", "au "),
                         ("Institut", "à l'"), ("Observatoire", "à l'"), ("Inspection", "à l'"), ("Douanes", "aux "), ("Sécurité civile", "à la "), ("CNRS", "au "),
                         ("CNES", "au "), ("CEA", "au "), ("Inserm", "à l'"), ("INRAE", "à l'"), ("IRD", "à l'"), ("Ifremer", "à l'"),
                         ("ANSSI", "à l'"), ("Ademe", "à l'"), ("AP-HP", "à l'"), ("AP-HM", "à l'"), ("Hospices", "aux "), ("Banque de France", "à la "),
                         ("DGAC", "à la "), ("Lyon Métropole", "à la "), ("RATP", "à la "), ("SNCF", "à la "), ("Caisse", "à la "), ("La Banque Postale", "à "),
                         ("Aéroports", "chez "), ("Haropa", "chez "), ("Sécurité", "à la ")):
        if emp.startswith(prefix):
            return prep + emp
    return "chez " + emp


def employer_obj(emp):
    at = at_employer(emp)
    for a, b in (("à la ", "la "), ("à l'", "l'"), ("au ", "le "), ("aux ", "les "), ("dans la ", "la "), ("dans ", "")):
        if at.startswith(a):
            return b + at[len(a):]
    return emp


TOPIC_ARTICLE = {
    "Europe et international": "l'Europe et l'international", "handicap et inclusion": "le handicap et l'inclusion",
    "data et statistiques": "la data et les statistiques", "apprentissage et alternance": "l'apprentissage et l'alternance",
    "programmation et code": "la programmation et le code",
    "équilibre vie professionnelle et vie personnelle": "l'équilibre entre vie professionnelle et vie personnelle",
}
CHU_CITIES = {"Toulouse", "Bordeaux", "Lille", "Nantes", "Rennes", "Brest", "Strasbourg", "Nancy", "Reims", "Amiens", "Rouen", "Caen",
              "Tours", "Orléans", "Poitiers", "Limoges", "Clermont-Ferrand", "Saint-Étienne", "Grenoble", "Dijon", "Besançon",
              "Montpellier", "Nîmes", "Nice", "Angers", "Pointe-à-Pitre", "Fort-de-France", "Cayenne", "Saint-Denis", "Saint-Pierre",
              "Marseille", "Lyon", "Paris", "Metz"}
UNIVERSITY_CITIES = CHU_CITIES | {"Villeneuve-d'Ascq", "Pessac", "Villeurbanne", "Aix-en-Provence", "Le Mans", "La Rochelle", "Pau",
                                  "Perpignan", "Avignon", "Mulhouse", "Valenciennes", "Corte", "Cergy", "Créteil", "Nanterre", "Palaiseau"}
HOSPITAL_OVERRIDE = {"976": "Centre hospitalier de Mayotte", "2A": "Centre hospitalier d'Ajaccio", "2B": "Centre hospitalier de Bastia"}


def topic_article(t):
    if t in TOPIC_ARTICLE:
        return TOPIC_ARTICLE[t]
    plural = t.startswith(("stéréotypes", "métiers", "énergies", "jeux", "sciences", "mathématiques", "océans", "premiers", "ressources", "filières"))
    masc = t.split()[0] in {"management", "entrepreneuriat", "numérique", "spatial", "changement", "handicap", "cyberharcèlement", "recyclage",
                            "nucléaire", "design", "leadership", "équilibre", "apprentissage", "hydrogène"}
    if plural:
        return "les " + t
    if fold(t[0]).lower() in "aeiouyh" and t.split()[0] not in {"handicap"}:
        return "l'" + t
    return ("le " if masc else "la ") + t


def de_topic(t):
    a = topic_article(t)
    if a.startswith("le "):
        return "du " + a[3:]
    if a.startswith("les "):
        return "des " + a[4:]
    return "de " + a


def join_fr(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


class Seed:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.communes, self.dept_region = load_communes()
        self.used_names = set()
        self.n = 0

    def place(self, city, dept):
        key = (city, dept)
        if key not in self.communes:
            sys.exit(f"gen_seed: {city} ({dept}) is not in the gazetteer")
        insee, pop, lat, lon = self.communes[key]
        # A few hundred metres of deterministic jitter, so that people in one town are not on one point.
        lat += self.rng.uniform(-0.008, 0.008)
        lon += self.rng.uniform(-0.01, 0.01)
        return round(lat, 5), round(lon, 5)

    def name(self, region):
        rng = self.rng
        for _ in range(100):
            first = rng.choice(REGIONAL_FIRST[region]) if region in REGIONAL_FIRST and rng.random() < 0.5 else rng.choice(FIRST_NAMES)
            last = rng.choice(REGIONAL_LAST[region]) if region in REGIONAL_LAST and rng.random() < 0.5 else rng.choice(LAST_NAMES)
            last = last.replace("_", " ")
            if (first, last) not in self.used_names:
                self.used_names.add((first, last))
                return first, last
        raise RuntimeError("name space exhausted")

    def employer(self, sector, region, headline, city, dept):
        rng = self.rng
        dept_name = DEPT_NAMES[dept]
        options = HEADLINE_EMPLOYER.get(headline)
        if options:
            options = [e for e in options if region in HEADLINE_EMPLOYER_REGION.get(e, {region})]
        if not options:
            options = [e for e, regs in EMPLOYERS[sector] if regs is None or region in regs]
        if "{city}" in "".join(options):
            options = [e for e in options if not (e.startswith("CHU") and city not in CHU_CITIES)
                       and not (e.startswith("Université") and city not in UNIVERSITY_CITIES)] or options
        emp = rng.choice(options)
        if emp.startswith(("CHU", "Centre hospitalier")) and dept in HOSPITAL_OVERRIDE:
            return HOSPITAL_OVERRIDE[dept]
        # Paris and its inner suburbs are covered by the BSPP, Marseille by its marins-pompiers, not by an SDIS.
        if emp.startswith("SDIS") and dept in ("75", "92", "93", "94"):
            return "Brigade de sapeurs-pompiers de Paris"
        if emp.startswith("SDIS") and city == "Marseille":
            return "Bataillon de marins-pompiers de Marseille"
        if emp == "Conseil départemental":
            emp = "Conseil départemental " + de_dept(dept_name)
        return emp.replace("{city}", de_city(city)).replace("{dep}", de_dept(dept_name))

    def topics(self, sector, extra):
        rng = self.rng
        # Green-industry people name their field: a teacher types "industrie verte", not the sector slug.
        out = (["industrie verte"] if sector == "industrie-verte" else []) + [t for t in extra if t != "industrie verte"]
        for t in rng.sample(SECTOR_TOPICS[sector], rng.choice((1, 2, 2))):
            if t not in out:
                out.append(t)
        while len(out) < rng.choice((3, 3, 4, 5)):
            t = rng.choice(GENERIC_TOPICS) if rng.random() < 0.8 else rng.choice(TOPICS)
            if t not in out:
                out.append(t)
        assert all(t in TOPICS for t in out), out
        return out

    def formats(self, pinned):
        rng = self.rng
        out = [f for f, p in (("classroom", 0.85 if pinned else 0.75), ("panel", 0.55 if pinned else 0.45), ("mentoring", 0.35), ("online", 0.45)) if rng.random() < p]
        return out or ["classroom"]

    def audiences(self, pinned):
        rng = self.rng
        out = [a for a, p in (("primaire", 0.2), ("college", 0.8 if pinned else 0.6), ("lycee", 0.65), ("superieur", 0.45), ("entreprise", 0.45 if pinned else 0.3)) if rng.random() < p]
        return out or ["college"]

    def languages(self, region):
        rng = self.rng
        out = ["fr"]
        if rng.random() < 0.3:
            out.append("en")
        if region in ("occitanie", "nouvelle-aquitaine") and rng.random() < 0.15:
            out.append("es")
        if region == "grand-est" and rng.random() < 0.25:
            out.append("de")
        if rng.random() < 0.04:
            out.append("ar")
        return out

    def network(self, sector, headline):
        if "ngénieure" in headline and self.rng.random() < 0.3:
            return "Femmes Ingénieures"
        pool = NETWORKS_BY_SECTOR.get(sector)
        if pool is None:
            pool = INDUSTRY_NETWORKS if sector in ("aeronautique", "automobile", "btp", "chimie", "agroalimentaire", "energie", "industrie-verte", "transport-logistique") else ["Elles bougent", "Elles bougent", None, None]
        return self.rng.choice(pool)

    def bio(self, first, headline, employer, sector, city, region, topics, audiences, network, languages):
        rng = self.rng
        job = headline[0].lower() + headline[1:] if not headline[:2].isupper() else headline
        ctx = {
            "first": first, "job": job, "job_cap": headline, "de_job": ("d'" if fold(job[0]).lower() in "aeiouyh" else "de ") + job, "at_emp": at_employer(employer),
            "emp": employer_obj(employer), "city_at": article_at(city), "years": rng.randint(3, 24),
            "join_year": rng.randint(2004, 2022), "team": rng.choice((4, 6, 8, 12, 15, 25)), "daily": DAILY[sector],
            "quote": rng.choice(QUOTES),
        }
        sentences = []
        opening = rng.choice(OPENINGS)
        if opening.startswith("{job_cap} {city_at}") and " " in city and city.startswith(("Le ", "Les ")):
            opening = OPENINGS[0]
        sentences.append(opening.format(**ctx))
        training = rng.choice(TRAINING[sector])
        path_ctx = {
            "training": training, "training_de": training[3:] if training.startswith("un ") else training,
            "earlier": rng.choice(EARLIER), "age": rng.randint(27, 41), "prev_years": rng.randint(3, 12),
            "prev_field": rng.choice(PREV_FIELDS), "grad_year": rng.randint(1995, 2021), "bac": rng.choice(BACS),
            "abroad": rng.randint(2, 7), "abroad_place": rng.choice(ABROAD),
            "region_back": "dans sa région natale" if rng.random() < 0.5 else article_at(city),
        }
        path = rng.choice(PATHS)
        if "{training_de}" in path and not training.startswith("un "):
            path = PATHS[0]
        kinds = rng.choice((["path", "topics"], ["topics"], ["path", "topics", "closing"], ["topics", "closing"], ["path", "closing"]))
        for kind in kinds:
            if kind == "path":
                sentences.append(path.format(**path_ctx))
            elif kind == "topics":
                tl = topics[:]
                rng.shuffle(tl)
                t = rng.choice(TOPIC_SENTENCES)
                sentences.append(t.format(de_t1=de_topic(tl[0]), de_t2=de_topic(tl[1]), a1=topic_article(tl[0]), a2=topic_article(tl[1]),
                                          tlist=", ".join(tl), alist=join_fr([topic_article(x) for x in tl])))
            else:
                choices = [c for c in CLOSINGS if ("{network}" not in c or network) and ("anglais" not in c or "en" in languages)]
                c = rng.choice(choices)
                sentences.append(c.format(network=network or "", aud=AUD_LABEL[rng.choice(audiences)], kids=rng.choice(KIDS), since=rng.randint(2012, 2024)))
        if "en" in languages and not any("anglais" in s for s in sentences) and rng.random() < 0.4:
            sentences.append("Elle peut aussi intervenir en anglais.")
        return " ".join(sentences)

    def availability(self):
        rng = self.rng
        weekly = []
        for day in sorted(rng.sample(DAYS, rng.choice((1, 2, 2, 3, 3, 4))), key=DAYS.index):
            for start, end in sorted(rng.sample(WINDOWS[:4], rng.choice((1, 1, 2)))):
                if not any(w["day"] == day and not (end <= w["start"] or start >= w["end"]) for w in weekly):
                    weekly.append({"day": day, "start": start, "end": end})
        exceptions = []
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            month = rng.choice((1, 2, 3, 4, 5, 6))
            date = f"2027-{month:02d}-{rng.randint(1, 28):02d}"
            if any(e["date"] == date for e in exceptions):
                continue
            r = rng.random()
            if r < 0.6:
                exceptions.append({"date": date, "available": False, "start": None, "end": None})
            elif r < 0.8:
                exceptions.append({"date": date, "available": False, "start": "09:00", "end": "12:00"})
            else:
                exceptions.append({"date": date, "available": True, "start": "14:00", "end": "17:00"})
        exceptions.sort(key=lambda e: e["date"])
        return {"weekly": weekly, "exceptions": exceptions}

    def record(self, sector, city, dept, headline=None, extra_topics=(), pinned=False, status="approved"):
        rng = self.rng
        self.n += 1
        region = self.dept_region[dept]
        first, last = self.name(region)
        headline = headline or rng.choice(HEADLINES[sector])
        employer = self.employer(sector, region, headline, city, dept)
        lat, lon = self.place(city, dept)
        topics = self.topics(sector, extra_topics)
        formats = self.formats(pinned)
        audiences = self.audiences(pinned)
        languages = self.languages(region)
        network = self.network(sector, headline)
        bio = self.bio(first, headline, employer, sector, city, region, topics, audiences, network, languages)
        slug = "".join(c for c in fold(f"{first}.{last}").lower().replace(" ", "-") if c.isalnum() or c in ".-")
        return {
            "id": f"seed-{self.n:04d}", "firstName": first, "lastName": last, "headline": headline, "employer": employer,
            "sector": sector, "region": region, "department": dept, "city": city, "lat": lat, "lon": lon, "topics": topics,
            "formats": formats, "audiences": audiences, "languages": languages, "network": network, "bio": bio,
            "email": f"{slug}@example.org",
            "phone": "06 00 {:02d} {:02d} {:02d}".format(self.n // 100 % 100, self.n % 100, rng.randint(0, 99)),
            "photoUrl": None,
            "monthlyCap": rng.choice((2, 3, 4, 4, 4, 5, 6, 8)),
            "status": status,
            "availability": self.availability(),
        }


DEPT_NAMES = {}


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def generate():
    seed = Seed()
    with open(GAZETTEER, encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            if r[0] == "D":
                DEPT_NAMES[r[1]] = r[2]
    rng = seed.rng
    records = []
    per_region = {r: 0 for r in REGION_COUNT}
    for sector, city, dept, headline, extra in PINNED:
        rec = seed.record(sector, city, dept, headline, extra, pinned=True)
        records.append(rec)
        per_region[rec["region"]] += 1

    # Fill each region up to its count; every sector appears at least 8 times overall.
    sector_count = {s: sum(1 for r in records if r["sector"] == s) for s in SECTORS}
    plan = []
    for region, target in REGION_COUNT.items():
        plan += [region] * max(0, target - per_region[region])
    rng.shuffle(plan)
    for region in plan:
        short = [s for s in SECTORS if sector_count[s] < 8]
        if short and rng.random() < 0.5:
            sector = rng.choice(short)
        else:
            sector = weighted(rng, [(s, AFFINITY.get(s, {}).get(region, 1.0)) for s in SECTORS])
        city, dept = rng.choice(CITIES[region])
        rec = seed.record(sector, city, dept)
        records.append(rec)
        sector_count[sector] += 1

    # Keep the directory's order stable but not grouped by the pinned block: ids follow a shuffled order.
    rng.shuffle(records)
    for i, rec in enumerate(records, 1):
        rec["id"] = f"seed-{i:04d}"
    pinned_ids = set()  # none of the demonstration profiles may be pending or archived
    for rec in records:
        if any(rec["city"] == c and rec["headline"] == h for _, c, _, h, _ in PINNED):
            pinned_ids.add(rec["id"])
    candidates = [r for r in records if r["id"] not in pinned_ids]
    for r in rng.sample(candidates, 14):
        r["status"] = "pending" if len([x for x in records if x["status"] == "pending"]) < 10 else "archived"
    return records


def main():
    records = generate()
    out = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == out
        print("seed file is up to date" if same else "seed file differs from the generator: run index/tools/gen_seed.py")
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(out)
    by = lambda k: {v: sum(1 for r in records if r[k] == v) for v in sorted({r[k] for r in records})}
    print(f"speakers={len(records)} pending={by('status').get('pending', 0)} archived={by('status').get('archived', 0)}")
    print("regions:", by("region"))
    print("sectors:", by("sector"))


if __name__ == "__main__":
    main()
