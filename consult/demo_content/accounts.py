"""Demo accounts for every role, and two organisations. All names are invented."""

ACCOUNTS = [
    {
        "label": "admin",
        "email": "admin@example.org",
        "display_name": "Demo-Administration",
        "role": "admin",
        "preferred_language": "de",
    },
    {
        "label": "staff",
        "email": "staff@example.org",
        "display_name": "Jana Beispiel (Sachgebiet Integration)",
        "role": "staff",
        "preferred_language": "de",
    },
    {
        "label": "resident",
        "email": "resident@example.org",
        "display_name": "Rosa Muster",
        "role": "resident",
        "preferred_language": "en",
    },
    {
        "label": "organisation member",
        "email": "member@example.org",
        "display_name": "Deniz Örnek",
        "role": "resident",
        "preferred_language": "tr",
    },
    {
        "label": "youth delegate",
        "email": "jugend@example.org",
        "display_name": "Samira Beispiel (AG Jugend)",
        "role": "resident",
        "preferred_language": "de",
    },
]

# The account that acts for the city when the demo content is written.
AUTHOR = "staff@example.org"
# The account that verified the verified organisation.
VERIFIER = "admin@example.org"

ORGANISATIONS = [
    {
        "slug": "brueckenbau",
        "name": "Brückenbau – Verein für Begegnung e.V.",
        "kind": "association",
        "verified": True,
        "description": (
            "Brückenbau bringt Alteingesessene und Neuzugewanderte im Stadtteil zusammen: "
            "mit Sprachcafés, Nachbarschaftsfesten und einer offenen Fahrradwerkstatt."
        ),
        "website": "https://brueckenbau.example.org",
        "contact_email": "kontakt@brueckenbau.example.org",
        "members": [("member@example.org", "manager")],
    },
    {
        "slug": "elternverein-hannover-nord",
        "name": "Türkisch-Deutscher Elternverein Hannover-Nord",
        "kind": "migrant_organisation",
        "verified": False,
        "description": (
            "Eltern beraten Eltern – auf Türkisch und Deutsch: zu Kita, Schule, Ausbildung "
            "und Elternarbeit."
        ),
        "website": None,
        "contact_email": "vorstand@elternverein-nord.example.org",
        "members": [("member@example.org", "member")],
    },
]
