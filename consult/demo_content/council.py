"""The road to adoption: bodies, the advisory council's reading of the administrative draft,
amendments voted point by point, the adopted version, reports and the timeline.

Everything here is invented for the demo: the people, the parties, the motions, the votes and
the meetings. It follows the way the seeds describe the first plan's path through the council:
the administrative draft goes to the migration committee and further specialist committees,
parties file amendments that are voted point by point per committee, and the council adopts
the plan with changes.

Days are relative to the day the demo is loaded, like the phases in `process.py`: the
committees sit in the phase "Beratung in den Ratsausschüssen und Beschluss" (days 76 to 180),
so their meetings lie ahead of the demo's day even though the demo already shows their
outcome. Sections are named by key, bodies by the keys of `BODIES`, accounts by e-mail address.
Amendment texts and justifications are German only (the language of the amendments); the new
section texts come with English, which the loader writes into the adopted version so that
English stays complete and current there.
"""

STAFF = "staff@example.org"
COUNCIL_MEMBER = "integrationsrat@example.org"

# Printed with the other demo accounts (same keys as `consult.demo_content.accounts.ACCOUNTS`).
# A resident: what she may read before the public does comes from her body.
ACCOUNTS = [
    {
        "label": "advisory council",
        "email": COUNCIL_MEMBER,
        "display_name": "Ewa Przykład (Lokaler Integrationsrat)",
        "role": "resident",
        "preferred_language": "de",
    },
]

# --- bodies ----------------------------------------------------------------------------------

# key → name, kind, description, members (e-mail, role)
BODIES = {
    "integrationsrat": {
        "name": "Lokaler Integrationsrat",
        "kind": "advisory_council",
        "description": (
            "Beratungsgremium des Oberbürgermeisters: fachkundige Menschen mit "
            "Migrationsgeschichte, Vertreterinnen und Vertreter der Ratsfraktionen, der Kirchen "
            "und Religionsgemeinschaften, der Wohlfahrtsverbände, der Gewerkschaften und der "
            "Kammern. Er berät die Entwürfe des Plans und gibt Empfehlungen."
        ),
        "members": [(COUNCIL_MEMBER, "member"), (STAFF, "staff")],
    },
    "migration": {
        "name": "Migrationsausschuss",
        "kind": "committee",
        "description": (
            "Federführender Fachausschuss des Rates für Fragen der Migration und Integration. "
            "Hier wird der Verwaltungsentwurf zuerst eingebracht."
        ),
        "members": [],
    },
    "schule": {
        "name": "Schul- und Bildungsausschuss",
        "kind": "committee",
        "description": "Fachausschuss des Rates für Schulen, Kitas und Weiterbildung.",
        "members": [],
    },
    "soziales": {
        "name": "Sozialausschuss",
        "kind": "committee",
        "description": "Fachausschuss des Rates für Soziales, Gesundheit und Wohnen.",
        "members": [],
    },
    "jugendhilfe": {
        "name": "Jugendhilfeausschuss",
        "kind": "committee",
        "description": "Fachausschuss des Rates für Kinder- und Jugendhilfe und Jugendbeteiligung.",
        "members": [],
    },
    "rat": {
        "name": "Ratsversammlung",
        "kind": "council",
        "description": "Der Rat der Stadt. Er beschließt den Plan.",
        "members": [],
    },
}

# --- the advisory council reads the administrative draft internally --------------------------

# The administrative draft (version 3) is shared with these bodies before it is public.
SHARED_WITH = ["integrationsrat"]

# Comments in the advisory council's non-public thread on version 3. ``days_ago``: before the
# demo's day; ``reply_to``: the ref of the comment answered.
BODY_COMMENTS = [
    {
        "ref": "elternbegleitung",
        "section": "bildung-z1-m2",
        "author": COUNCIL_MEMBER,
        "days_ago": 6,
        "body": (
            "Zwölf Stellen reichen nach unserer Erfahrung nicht. Wir empfehlen, mit mindestens "
            "sechzehn Stellen zu beginnen, damit jeder Stadtbezirk wenigstens eine "
            "Elternbegleitung hat."
        ),
    },
    {
        "ref": "grosse-familien",
        "section": "soziales-z2",
        "author": COUNCIL_MEMBER,
        "days_ago": 5,
        "body": (
            "Große Familien finden kaum eine Wohnung und bleiben deshalb besonders lange in den "
            "Gemeinschaftsunterkünften. Dazu sagt der Entwurf bisher nichts. Könnte die "
            "städtische Wohnungsgesellschaft nicht einen Teil ihrer großen Wohnungen für "
            "Familien mit vielen Kindern vorhalten?"
        ),
    },
    {
        "ref": "grosse-familien-antwort",
        "reply_to": "grosse-familien",
        "author": STAFF,
        "days_ago": 4,
        "body": (
            "Danke für den Hinweis. Wir nehmen ihn in die Abwägung auf und sprechen vorher mit "
            "der Wohnungsgesellschaft, wie viele große Wohnungen sie in den nächsten Jahren baut."
        ),
    },
]

# The advisory council's recommendations on the administrative draft, as its office sent them:
# one list, entered by staff in one go and split into one suggestion per item, to which staff
# then give a short summary (and tags, as in the triage). In an item, ``{key}`` is replaced by
# the section's number in version 3.
RECOMMENDATIONS = {
    "days_ago": 3,
    "language": "de",
    # ``{date}``: the day of the meeting, the day before they were received.
    "intro": "Empfehlungen des Lokalen Integrationsrates zum Verwaltungsentwurf aus der Sitzung "
    "am {date}:",
    # item, summary, tags
    "items": [
        (
            "{bildung-z1-m2} Elternbegleitung in Kitas: Mit mindestens sechzehn Stellen "
            "beginnen, damit jeder Stadtbezirk eine Elternbegleitung hat.",
            "Elternbegleitung mit sechzehn Stellen beginnen, eine in jedem Stadtbezirk",
            ["Kosten"],
        ),
        (
            "{soziales-z2} Bezahlbar wohnen ohne Diskriminierung: Eine Maßnahme für große "
            "Familien ergänzen, die kaum eine passende Wohnung finden.",
            "Neue Maßnahme: Wohnungen für große Familien",
            [],
        ),
        (
            "{demokratie-z1-m3} Junge Stimmen beteiligen: Den Delegierten der AG Jugend in den "
            "Ausschüssen des Rates ein Rederecht geben, wenn es um Themen junger Menschen geht.",
            "Rederecht für die Delegierten der AG Jugend in den Ausschüssen des Rates",
            ["Jugend"],
        ),
        (
            "{stadtverwaltung-z3-m1} Fortbildung für alle Beschäftigten mit Publikumsverkehr: "
            "Die Fortbildungen in zwei statt in drei Jahren abschließen.",
            "Fortbildungen der Beschäftigten in zwei statt drei Jahren abschließen",
            [],
        ),
    ],
}

# --- the administrative draft goes public, to the committees ---------------------------------

# Day the administrative draft is published and sent to the committees (end of the phase
# "Abwägung und Verwaltungsentwurf").
PUBLISHED_DAY = 75

# The first paragraph of version 3's change note, once it is public (the list of changes after
# it stays). Turkish and Arabic had only this paragraph.
PUBLISHED_NOTE = {
    "de": (
        "Der Verwaltungsentwurf: der Plan nach der Abwägung aller Anregungen aus dem "
        "Integrationsforum, den Kommentaren und den schriftlichen Stellungnahmen. Die Verwaltung "
        "hat ihn zusammen mit der Abwägungstabelle veröffentlicht und dem Rat vorgelegt "
        "(Drucks. {paper}). Der Migrationsausschuss und weitere Fachausschüsse beraten ihn; die "
        "Änderungsanträge der Fraktionen stehen bei den Abschnitten."
    ),
    "en": (
        "The administrative draft: the plan after every suggestion from the Integration Forum, "
        "the comments and the written statements was weighed. The administration published it "
        "together with the table of responses and submitted it to the council (council paper "
        "{paper}). The migration committee and other specialist committees discuss it; the "
        "amendments of the political groups are shown with the sections."
    ),
    "tr": (
        "Yönetim taslağı: Uyum Forumu'ndan, yorumlardan ve yazılı görüşlerden gelen tüm "
        "öneriler değerlendirildikten sonraki plan. Belediye yönetimi taslağı değerlendirme "
        "tablosuyla birlikte yayımladı ve meclise sundu ({paper}). Göç komisyonu ve diğer "
        "uzmanlık komisyonları taslağı görüşüyor."
    ),
    "ar": (
        "مسودة الإدارة: الخطة بعد دراسة جميع المقترحات الواردة من منتدى الاندماج والتعليقات "
        "والآراء المكتوبة. نشرتها الإدارة مع جدول الردود وقدّمتها إلى المجلس البلدي "
        "({paper}). وتناقشها لجنة الهجرة ولجان متخصصة أخرى."
    ),
}

# The council paper of the administrative draft: number / year of its publication.
COUNCIL_PAPER = "0211"

# --- amendments ------------------------------------------------------------------------------
#
# ``number``: the year the amendment is filed is appended ("0597/2027"). Points in order:
# ``kind`` replace (new wording; ``de`` = (new title or None, new body)), delete, or add_after
# (a new section after ``section``; ``key`` is the new section's key in the adopted version).
# ``en``: the English of the new text, for the points that are adopted: the loader writes it
# into the adopted version.

AMENDMENTS = [
    {
        "ref": "fraktion",
        "number": "0597",
        "title": "Änderungs- und Ergänzungsantrag zum Lokalen Integrationsplan 2.0",
        "filed_by": "Fraktion Gemeinsam für die Stadt",
        "filed_day": 80,
        "points": [
            {
                "section": "bildung-z1-m2",
                "kind": "replace",
                "de": (
                    None,
                    """
                    In Kitas in Stadtteilen mit vielen neu zugewanderten Familien arbeiten
                    Elternbegleiterinnen und Elternbegleiter, die selbst eine
                    Migrationsgeschichte haben und mehrere Sprachen sprechen. Sie wenden sich an
                    Mütter und Väter gleichermaßen. Sie:

                    - erklären, wie Kitas in Deutschland arbeiten,
                    - helfen bei der Anmeldung und beim Antrag auf Kostenübernahme,
                    - laden zu Elterncafés und Vätertreffs ein.

                    Die Stadt finanziert zunächst sechzehn Stellen, mindestens eine in jedem
                    Stadtbezirk, und wertet das Angebot nach zwei
                    Jahren gemeinsam mit den Eltern aus.
                    """,
                ),
                "en": (
                    None,
                    """
                    Day-care centres in neighbourhoods with many newly arrived families employ
                    parent companions who have a migration background themselves and speak
                    several languages. They address mothers and fathers alike. They:

                    - explain how day care works in Germany,
                    - help with registration and with applying for help with the fees,
                    - invite parents to parents' cafés and fathers' meetings.

                    The city initially funds sixteen posts, at least one in every
                    district, and evaluates the service together
                    with the parents after two years.
                    """,
                ),
                "justification": (
                    "Zwölf Stellen reichen nicht, um alle Stadtbezirke zu erreichen. Der Lokale "
                    "Integrationsrat hat sechzehn Stellen empfohlen, ebenso mehrere "
                    "Stellungnahmen. Die Mehrkosten trägt das Integrationsbudget."
                ),
            },
            {
                "section": "wirtschaft-z3-m2",
                "kind": "delete",
                "justification": (
                    "Ausbildungsbetriebe zu gewinnen ist Aufgabe der Kammern. Der Plan soll "
                    "keine Ziele festlegen, die die Stadt nicht selbst erreichen kann."
                ),
            },
            {
                "section": "soziales-z2-m2",
                "kind": "add_after",
                "key": "soziales-z2-m3",
                "de": (
                    "Wohnungen für große Familien",
                    """
                    Familien mit vier und mehr Kindern finden auf dem Wohnungsmarkt kaum eine
                    passende Wohnung. Die städtische Wohnungsgesellschaft hält bei Neubauten
                    einen Teil der großen Wohnungen für diese Familien vor und wirbt bei den
                    Wohnungsgenossenschaften dafür, es ebenso zu tun. Die Stadt berichtet jedes
                    Jahr, wie viele große Familien so eine Wohnung gefunden haben.
                    """,
                ),
                "en": (
                    "Flats for large families",
                    """
                    Families with four or more children hardly find a suitable flat on the
                    housing market. The municipal housing company reserves part of the large
                    flats in its new buildings for these families and encourages the housing
                    cooperatives to do the same. Every year, the city reports how many large
                    families have found a flat this way.
                    """,
                ),
                "justification": (
                    "Große Familien, oft Geflüchtete, leben besonders lange in "
                    "Gemeinschaftsunterkünften, weil es kaum große Wohnungen gibt. Die Anregung "
                    "kommt aus dem Lokalen Integrationsrat."
                ),
            },
            {
                "section": "stadtverwaltung-z3-m1",
                "kind": "replace",
                "de": (
                    None,
                    """
                    Alle Beschäftigten, die mit Bürgerinnen und Bürgern zu tun haben,
                    nehmen innerhalb von zwei Jahren an einer Fortbildung zu interkultureller
                    Kommunikation und Antidiskriminierung teil. Die Führungskräfte beginnen.
                    Die Fortbildungen werden gemeinsam mit Migrant*innenorganisationen
                    gestaltet.
                    """,
                ),
                "justification": "Drei Jahre sind zu lang; zwei Jahre sind machbar.",
            },
        ],
    },
    {
        "ref": "gruppe",
        "number": "0612",
        "title": "Ergänzungsantrag: Junge Menschen beteiligen, Lernzeit in den Ferien",
        "filed_by": "Gruppe Junge Liste",
        "filed_day": 86,
        "points": [
            {
                "section": "demokratie-z1-m3",
                "kind": "replace",
                "de": (
                    None,
                    """
                    Die AG Jugend, in der junge Menschen mit und ohne Migrationsgeschichte an
                    diesem Plan mitgearbeitet haben, wird als dauerhaftes Gremium fortgeführt. Sie
                    kann zu allen Vorlagen, die junge Menschen betreffen, Stellung nehmen, und ihre
                    Delegierten erhalten Rederecht in den Ausschüssen des Rates, wenn diese
                    Vorlagen beraten werden. Einmal im
                    Jahr berichten ihre Delegierten im Migrationsausschuss. Die Stadt stellt dafür
                    ein eigenes Budget und eine hauptamtliche Begleitung bereit.
                    """,
                ),
                "en": (
                    None,
                    """
                    The youth working group, in which young people with and without a migration
                    background have helped to write this plan, continues as a permanent body. It
                    may comment on every council paper that affects young people, and its
                    delegates may speak in the council committees when these papers are
                    discussed. Once a year, its
                    delegates report to the migration committee. The city provides a budget of its
                    own and a full-time staff member to support the group.
                    """,
                ),
                "justification": (
                    "Die AG Jugend hat sich in der Beteiligung ein Rederecht in den Ausschüssen "
                    "gewünscht. Die Verwaltung konnte das nicht zusagen, weil der Rat darüber "
                    "entscheidet. Mit diesem Antrag tut er es."
                ),
            },
            {
                "section": "bildung-z2-m1",
                "kind": "replace",
                "de": (
                    None,
                    """
                    In den Sommerferien bietet die Stadt gemeinsam mit freien Trägern eine
                    dreiwöchige Sommerschule für Kinder und Jugendliche der Klassen 3 bis 9 an.
                    Vormittags wird gelernt, nachmittags gibt es Ausflüge, Sport und Theater. In
                    den Oster- und in den
                    Herbstferien kommt je eine Lernwoche für die Abschlussklassen hinzu. Die
                    Teilnahme ist kostenlos. Wer erst seit Kurzem in Deutschland lebt, wird
                    bevorzugt aufgenommen.
                    """,
                ),
                "justification": (
                    "Ein Wunsch vom Integrationsforum: Eine Lernwoche schon in den Herbstferien "
                    "hilft den Abschlussklassen früh im Schuljahr."
                ),
            },
        ],
    },
]

# The meetings, in order: body, day, and per point (amendment ref, point number) the vote:
# (yes, no, abstain, result[, note]).
MEETINGS = [
    {
        "body": "migration",
        "day": 92,
        "votes": {
            ("fraktion", 1): (9, 4, 1, "adopted"),
            ("fraktion", 2): (5, 8, 1, "rejected"),
            ("fraktion", 3): (
                0, 0, 0, "referred", "Zur Beratung in den Sozialausschuss überwiesen.",
            ),
            ("fraktion", 4): (
                0, 0, 0, "withdrawn",
                "Von der Fraktion zurückgezogen, nachdem die Verwaltung zugesagt hat, nach zwei "
                "Jahren über den Stand der Fortbildungen zu berichten.",
            ),
            ("gruppe", 1): (10, 3, 1, "adopted"),
        },
    },
    {
        "body": "schule",
        "day": 99,
        "votes": {
            ("fraktion", 1): (8, 3, 0, "adopted"),
            ("gruppe", 2): (4, 7, 0, "rejected"),
        },
    },
    {
        "body": "soziales",
        "day": 106,
        "votes": {("fraktion", 3): (10, 2, 1, "adopted")},
    },
    {
        "body": "jugendhilfe",
        "day": 113,
        "votes": {("gruppe", 1): (11, 0, 2, "adopted")},
    },
    {
        "body": "rat",
        "day": 141,
        "votes": {
            ("fraktion", 1): (38, 21, 4, "adopted"),
            ("fraktion", 2): (22, 40, 1, "rejected"),
            ("fraktion", 3): (45, 15, 3, "adopted"),
            ("gruppe", 1): (40, 20, 3, "adopted"),
            ("gruppe", 2): (
                25, 36, 2, "rejected", "Die Verwaltung prüft eine Herbstwoche im Ganztag.",
            ),
        },
    },
]

# --- the adopted version ---------------------------------------------------------------------

ADOPTED_DAY = 141

ADOPTED_LABEL = {
    "de": "Beschlossene Fassung",
    "de-x-ls": "Der beschlossene Plan",
    "en": "Adopted version",
    "tr": "Kabul edilen metin",
    "ar": "النسخة المعتمدة",
}

ADOPTED_CHANGELOG = {
    "de": """
        Der Lokale Integrationsplan 2.0, wie ihn die Ratsversammlung am {date} beschlossen hat:
        der Verwaltungsentwurf mit den angenommenen Punkten der Änderungsanträge.

        - **Elternbegleitung:** sechzehn statt zwölf Stellen, mindestens eine in jedem
          Stadtbezirk (Antrag {fraktion}, Punkt 1).
        - **Neu:** Maßnahme „Wohnungen für große Familien“ (Antrag {fraktion}, Punkt 3).
        - **AG Jugend:** Rederecht in den Ausschüssen des Rates (Antrag {gruppe}, Punkt 1).
        """,
    "en": """
        The Local Integration Plan 2.0 as adopted by the city council on {date}: the
        administrative draft with the adopted points of the amendments.

        - **Parent companions:** sixteen posts instead of twelve, at least one in every
          district (amendment {fraktion}, point 1).
        - **New:** measure "Flats for large families" (amendment {fraktion}, point 3).
        - **Youth working group:** the right to speak in the council committees (amendment
          {gruppe}, point 1).
        """,
}

# --- milestones of the timeline --------------------------------------------------------------
#
# ``phase``: the index of the phase in `process.PHASES` whose dates (and, without ``name``,
# name and description) the milestone takes; ``days``: own dates instead; ``event``: the day of
# the forum event instead. ``version``: a
# version number; ``body``: a key of BODIES or the name of an expert group; ``event``: the
# forum event. ``reference``: ``{year}`` is the year the milestone starts.

MILESTONES = [
    {"kind": "mandate", "phase": 0, "reference": "Drucks. 0466/{year}"},
    {"kind": "drafting", "phase": 1, "version": 1, "body": "Steuerungsgruppe"},
    {"kind": "advisory_council", "phase": 2, "version": 2, "body": "integrationsrat"},
    {"kind": "forum", "phase": 3, "event": True, "version": 2},
    {"kind": "statements", "phase": 4, "version": 2},
    {"kind": "other", "phase": 5, "version": 3},
    {
        "kind": "committees",
        "days": (76, 140),
        "version": 3,
        "body": "migration",
        "reference": "Drucks. " + COUNCIL_PAPER + "/{year}",
        "name": {
            "de": "Beratung in den Ratsausschüssen",
            "en": "Discussion in the council committees",
            "tr": "Meclis komisyonlarında görüşme",
            "ar": "المناقشة في لجان المجلس البلدي",
        },
        "description": {
            "de": "Der Migrationsausschuss berät den Verwaltungsentwurf zuerst, dann der Schul- "
            "und Bildungsausschuss, der Sozialausschuss und der Jugendhilfeausschuss. Die "
            "Fraktionen stellen Änderungsanträge, über die Punkt für Punkt abgestimmt wird.",
            "en": "The migration committee discusses the administrative draft first, then the "
            "committees for schools and education, social affairs and youth services. The "
            "political groups table amendments, which are voted on point by point.",
        },
    },
    {
        "kind": "adoption",
        "days": (ADOPTED_DAY, None),
        "version": "adopted",
        "body": "rat",
        "reference": "Drucks. " + COUNCIL_PAPER + "/{year}",
        "name": {
            "de": "Beschluss der Ratsversammlung",
            "en": "Adoption by the city council",
            "tr": "Meclis genel kurulunun kararı",
            "ar": "إقرار المجلس البلدي",
        },
        "description": {
            "de": "Die Ratsversammlung beschließt den Plan mit den angenommenen Änderungen.",
            "en": "The city council adopts the plan with the amendments it accepted.",
        },
    },
]

# --- reports ---------------------------------------------------------------------------------
#
# ``meeting``: the day of the meeting reported on (``{date}`` in the texts), or "forum" for the
# day of the forum event; ``published_after``: days from the meeting to the publication.
# ``body``: a key of BODIES or the name of an expert group; ``milestone``: its kind. Texts:
# language → (title, Markdown body); in a body, ``{slug}`` is the process's, ``{draft}`` the
# number of the administrative draft and ``{adopted}`` that of the adopted version. A report
# dated after the demo's day is published but appears on the public pages only from that day
# on.

REPORTS = [
    {
        "body": "Bildung",
        "milestone": "drafting",
        "meeting": -152,
        "published_after": 4,
        "texts": {
            "de": (
                "Was die Expert*innengruppe Bildung am {date} besprochen hat",
                """
                Die Expert*innengruppe Bildung hat sich zum dritten Mal getroffen. Am Tisch
                saßen Fachleute aus dem Fachbereich Schule und dem Fachbereich Jugend und
                Familie, Vertreterinnen und Vertreter von zwei Elternvereinen und einem
                Migrant*innenverein sowie zwei Delegierte der AG Jugend.

                Besprochen wurden vor allem drei Themen:

                - **Frühe Bildung:** Wie erfahren neu zugewanderte Familien von der Kita? Die
                  Gruppe schlägt Elternbegleiterinnen und Elternbegleiter vor, die selbst eine
                  Migrationsgeschichte haben.
                - **Sommerschule:** Die Delegierten der AG Jugend wünschen sich Nachmittage mit
                  Sport und Theater, nicht nur Unterricht.
                - **Herkunftssprachen:** Die Stadt kann den Unterricht nicht selbst einführen,
                  sich aber beim Land dafür einsetzen.

                Die Ergebnisse fließen in den ersten Diskussionsentwurf ein, den die
                Lenkungsgruppe im Herbst freigeben soll.
                """,
            ),
            "en": (
                "What the expert group on education discussed on {date}",
                """
                The expert group on education met for the third time. Around the table were
                specialists from the city's school and youth departments, representatives of
                two parents' associations and a migrant association, and two delegates of the
                youth working group.

                Three topics took most of the time:

                - **Early education:** How do newly arrived families learn about day care? The
                  group proposes parent companions who have a migration background themselves.
                - **Summer school:** The youth delegates want afternoons with sport and theatre,
                  not only lessons.
                - **Heritage languages:** The city cannot introduce the lessons itself, but it
                  can press the state government to do so.

                The results go into the first discussion draft, which the steering group is to
                approve in the autumn.
                """,
            ),
        },
    },
    {
        "body": "integrationsrat",
        "milestone": "advisory_council",
        "meeting": -75,
        "published_after": 3,
        "texts": {
            "de": (
                "Der Lokale Integrationsrat hat am {date} den ersten Entwurf beraten",
                """
                In einer langen Sitzung hat der Lokale Integrationsrat den ersten
                Diskussionsentwurf Abschnitt für Abschnitt beraten. Seine Mitglieder haben
                rund dreißig Änderungswünsche und Empfehlungen formuliert.

                Die meisten betreffen das Handlungsfeld Teilhabe und Demokratie: Der Rat
                wünscht sich, dass die AG Jugend als dauerhaftes Gremium weiterarbeitet, und
                dass die Stadt Migrant*innenselbstorganisationen verlässlich fördert. Beim
                Wohnen bittet er um klare Regeln gegen Diskriminierung bei der Vergabe von
                Wohnungen.

                Die Verwaltung arbeitet die Empfehlungen in den zweiten Diskussionsentwurf ein.
                Er wird auf dem 1. Integrationsforum öffentlich diskutiert.
                """,
            ),
            "en": (
                "The Local Integration Council discussed the first draft on {date}",
                """
                In a long meeting, the Local Integration Council went through the first
                discussion draft section by section. Its members put forward about thirty
                change requests and recommendations.

                Most concern participation and democracy: the council wants the youth working
                group to continue as a permanent body and the city to fund migrant
                self-organisations reliably. On housing, it asks for clear rules against
                discrimination when flats are allocated.

                The administration works the recommendations into the second discussion
                draft, which will be discussed in public at the 1st Integration Forum.
                """,
            ),
        },
    },
    {
        "milestone": "forum",
        "meeting": "forum",
        "published_after": 2,
        "texts": {
            "de": (
                "So war das 1. Integrationsforum am {date}",
                """
                Rund 120 Menschen sind ins Neue Rathaus gekommen, um den zweiten
                Diskussionsentwurf zu diskutieren – an vier Thementischen zu Bildung, Arbeit,
                Zusammenleben und Verwaltung. Delegierte der AG Jugend haben die Tische mit
                moderiert.

                Auf Karten wurden 40 Rückmeldungen geschrieben, auf Deutsch, Türkisch,
                Arabisch, Russisch, Ukrainisch, Persisch und Englisch. Wir haben jede Karte
                erfasst; sie wird geprüft und beantwortet wie jede schriftliche Stellungnahme.
                Die Antworten erscheinen in der Abwägungstabelle.

                Bis zum Ende der Frist können Sie den Entwurf weiter kommentieren und
                Stellungnahmen schicken.
                """,
            ),
            "en": (
                "The 1st Integration Forum on {date}",
                """
                About 120 people came to the New Town Hall to discuss the second discussion
                draft at four themed tables: education, work, neighbourhood life and the city
                administration. Delegates of the youth working group helped to run the tables.

                People wrote 40 cards, in German, Turkish, Arabic, Russian, Ukrainian, Persian
                and English. We have recorded every card; each is examined and answered like
                any written statement. The answers appear in the table of responses.

                Until the deadline, you can still comment on the draft and send written
                statements.
                """,
            ),
        },
    },
    {
        "body": "rat",
        "milestone": "adoption",
        "meeting": ADOPTED_DAY,
        "published_after": 1,
        "texts": {
            "de": (
                "Der Rat hat den Lokalen Integrationsplan 2.0 am {date} beschlossen",
                """
                Die Ratsversammlung hat den Lokalen Integrationsplan 2.0 beschlossen – mit drei
                Änderungen, die Fraktionen in den Ausschüssen beantragt hatten:

                - Die Elternbegleitung in Kitas beginnt mit sechzehn statt zwölf Stellen.
                - Eine neue Maßnahme sorgt für Wohnungen für große Familien.
                - Die Delegierten der AG Jugend erhalten Rederecht in den Ausschüssen des Rates.

                Abgelehnt wurden die Streichung der Maßnahme „Mehr Ausbildungsbetriebe gewinnen“
                und eine zusätzliche Lernwoche in den Herbstferien. Ein Antrag, die Fortbildungen
                der Beschäftigten schneller abzuschließen, wurde zurückgezogen.

                Bei jedem Abschnitt des Plans können Sie nachlesen, woher eine Änderung kommt:
                aus einer Anregung der Beteiligung, aus einem Änderungsantrag oder aus der
                Arbeit der Verwaltung.

                - [Die beschlossene Fassung lesen](/p/{slug}/v/{adopted})
                - [Alle Änderungsanträge und Abstimmungen](/p/{slug}/v/{draft}/amendments)
                """,
            ),
            "en": (
                "The council adopted the Local Integration Plan 2.0 on {date}",
                """
                The city council has adopted the Local Integration Plan 2.0 – with three
                changes that political groups had proposed in the committees:

                - Parent companions in day-care centres start with sixteen posts instead of
                  twelve.
                - A new measure provides flats for large families.
                - The delegates of the youth working group may speak in the council committees.

                The council rejected deleting the measure "Winning more training companies"
                and an additional study week in the autumn holidays. A motion to finish staff
                training sooner was withdrawn.

                For every section of the plan, you can see where a change came from: a
                suggestion from the consultation, an amendment, or the administration's own
                editing.

                - [Read the adopted version](/p/{slug}/v/{adopted})
                - [All amendments and votes](/p/{slug}/v/{draft}/amendments)
                """,
            ),
        },
    },
]
