"""Triage in progress: groups, the reply library and suggestions taken from the demo's voices.

The expert groups (one per field of action, each responsible for its field's section) and the
deciding Steuerungsgruppe, with the staff account, the youth delegate of the accounts in
`consult.demo_content.accounts` and two accounts of its own: an external expert and the
steering group's chair. Then a library of standard replies, and suggestions split from the
comments, statements and forum cards of `consult.demo.participation`: some grouped under a
representative, some recommended by their expert group, some decided by the chair (twice against
the recommendation), some published with reasons in Turkish and Arabic, three linked to the text
they changed in the administrative draft; many still open, and some contributions not fully
split, so that the queue and the inbox have work in them.

Everything goes through `consult.triage.services`, as staff, group members and the chair would
have done it by hand. Running it again changes nothing: accounts that exist are kept (their
passwords reset only when asked), and a process that has groups, standard replies or
suggestions is left alone. All texts are invented for the demo.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from sqlalchemy import select

from consult.accounts.models import User
from consult.demo.accounts import ensure_accounts
from consult.demo_content import forum as forum_content
from consult.demo_content import participation as participation_content
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage import services
from consult.triage.models import Group, GroupKind, GroupRole, ReplyTemplate, Suggestion

__all__ = ["ACCOUNTS", "add_triage"]

STAFF = "staff@example.org"
YOUTH = "jugend@example.org"
EXPERT = "expertin@example.org"
CHAIR = "steuerung@example.org"

# Printed with the other demo accounts (same keys as `consult.demo_content.accounts.ACCOUNTS`).
# They are residents: what they may do in triage comes from their groups.
ACCOUNTS = [
    {
        "label": "external expert",
        "email": EXPERT,
        "display_name": "Nadia Mithal (Forum der Migrant*innenvereine)",
        "role": "resident",
        "preferred_language": "de",
    },
    {
        "label": "steering group chair",
        "email": CHAIR,
        "display_name": "Karin Exempel (Vorsitz Steuerungsgruppe)",
        "role": "resident",
        "preferred_language": "de",
    },
]

# --- groups ----------------------------------------------------------------------------------

_EXPERTS = (
    "Expert*innengruppe für das Handlungsfeld „{field}“: Fachleute aus der Verwaltung mit "
    "Menschen aus Migrant*innenselbstorganisationen, Verbänden und Initiativen{youth}. Sie "
    "prüft die Anregungen zu ihrem Handlungsfeld und empfiehlt der Steuerungsgruppe eine "
    "Antwort."
)
_WITH_YOUTH = " und Delegierten der AG Jugend"

# name, the field of action it is responsible for, members (e-mail, role)
EXPERT_GROUPS = [
    ("Bildung", "bildung", [
        (STAFF, GroupRole.STAFF), (EXPERT, GroupRole.EXTERNAL_EXPERT),
        (YOUTH, GroupRole.YOUTH_DELEGATE),
    ]),
    ("Arbeit und Wirtschaft", "wirtschaft", [
        (STAFF, GroupRole.STAFF), (EXPERT, GroupRole.EXTERNAL_EXPERT),
    ]),
    ("Soziales, Gesundheit und Wohnen", "soziales", [(STAFF, GroupRole.STAFF)]),
    ("Zusammenleben im Stadtteil, Kultur und Sport", "stadtleben", [
        (STAFF, GroupRole.STAFF), (YOUTH, GroupRole.YOUTH_DELEGATE),
    ]),
    ("Teilhabe und Demokratie", "demokratie", [
        (STAFF, GroupRole.STAFF), (YOUTH, GroupRole.YOUTH_DELEGATE),
    ]),
    ("Interkulturelle Öffnung der Verwaltung", "stadtverwaltung", [(STAFF, GroupRole.STAFF)]),
]

STEERING_GROUP = {
    "name": "Steuerungsgruppe",
    "description": (
        "Die Lenkungs- und Steuerungsgruppe des Lokalen Integrationsplans gibt die Entwürfe "
        "frei und entscheidet über die Antworten auf alle Anregungen, nach den Empfehlungen "
        "der Expert*innengruppen."
    ),
    "members": [(CHAIR, GroupRole.CHAIR), (STAFF, GroupRole.STAFF)],
}

# --- the reply library: title, outcome, text -------------------------------------------------

REPLIES = [
    (
        "Bereits im Plan enthalten", "already_covered",
        "Vielen Dank für Ihre Anregung. Ihr Anliegen ist im Entwurf bereits enthalten: in der "
        "Maßnahme „…“. Eine Änderung des Textes ist deshalb nicht nötig.",
    ),
    (
        "Zuständigkeit liegt beim Land", "out_of_scope",
        "Vielen Dank für Ihre Anregung. Darüber entscheidet nicht die Stadt, sondern das Land. "
        "Wir haben Ihre Anregung an das zuständige Landesministerium weitergeleitet.",
    ),
    (
        "Wird in der Umsetzung berücksichtigt", "noted",
        "Vielen Dank für Ihre Anregung. Der Plan beschreibt Ziele und Maßnahmen; wie sie im "
        "Einzelnen umgesetzt werden, legen die zuständigen Fachbereiche fest. Wir haben Ihre "
        "Anregung an sie weitergegeben, damit sie bei der Umsetzung berücksichtigt wird.",
    ),
    (
        "In den Entwurf übernommen", "accepted",
        "Vielen Dank für Ihre Anregung. Wir haben sie in den Verwaltungsentwurf übernommen.",
    ),
    (
        "Teilweise übernommen", "partly_accepted",
        "Vielen Dank für Ihre Anregung. Wir haben sie teilweise in den Verwaltungsentwurf "
        "übernommen: … Nicht übernommen haben wir …, weil …",
    ),
    (
        "Finanzierung nicht gesichert", "not_accepted",
        "Vielen Dank für Ihre Anregung. Wir halten sie für nachvollziehbar, können sie aber "
        "nicht übernehmen: Für diese Ausweitung stehen im Haushalt keine Mittel zur Verfügung. "
        "Wir prüfen die Anregung bei der nächsten Fortschreibung des Plans erneut.",
    ),
    (
        "Erfahrungsbericht, danke", "noted",
        "Vielen Dank, dass Sie Ihre Erfahrungen mit uns teilen. Sie helfen den Fachleuten, die "
        "Maßnahme praxisnah umzusetzen. Eine Änderung des Plantextes ergibt sich daraus nicht.",
    ),
]

# --- suggestions -----------------------------------------------------------------------------
#
# Split in this order (so numbered, …). The source is a comment or a statement by its
# ref in `consult.demo_content.participation`, or a forum card by the beginning of its text.
# ``passage``: the sentence(s) taken out, exactly as written; without it the whole card is
# taken and the card is done. ``sections``: keys, when not all of the contribution's.
# ``under``: grouped under that suggestion (its representative). ``recommend``: (member,
# outcome, reasoning), by the member of the suggestion's group. ``decide``: (outcome, public
# reason[, internal note]), by the chair. ``change``: the section it changed in version 3.

SUGGESTIONS: list[dict[str, Any]] = [
    # --- comments ---
    {
        "ref": "elternbegleitung-stellen", "comment": "elternbegleitung",
        "passage": "Zwölf Stellen für die ganze Stadt halten wir allerdings für zu wenig.",
        "summary": "Mehr als zwölf Stellen für die Elternbegleitung",
        "tags": ["Kosten"],
        "recommend": (
            EXPERT, "partly_accepted",
            "Zwölf Stellen als Start beibehalten, aber im Text sagen, dass die Auswertung nach "
            "zwei Jahren über eine Ausweitung entscheidet.",
        ),
    },
    {
        "ref": "elternbegleitung-verteilung", "comment": "elternbegleitung",
        "passage": (
            "Wir schlagen vor, die Stellen nach der Zahl neu zugewanderter Familien in den "
            "Stadtteilen zu verteilen und die Begleiterinnen und Begleiter eng mit den "
            "Familienzentren zu vernetzen."
        ),
        "summary": (
            "Stellen der Elternbegleitung nach der Zahl neu zugewanderter Familien verteilen "
            "und mit den Familienzentren vernetzen"
        ),
        "assignee": STAFF,
    },
    {
        "ref": "online-anmeldung", "comment": "elternbegleitung-anmeldung",
        "passage": (
            "Please make sure the companions also help with the online registration, which "
            "was the hardest part for us."
        ),
        "summary": "Elternbegleitung soll auch bei der Online-Anmeldung für einen Kita-Platz helfen",
        "recommend": (
            EXPERT, "already_covered",
            "Steht so im Entwurf: Hilfe bei der Anmeldung schließt die Online-Anmeldung ein.",
        ),
        "decide": (
            "already_covered",
            "Das steht bereits im Entwurf: Die Elternbegleiterinnen und Elternbegleiter helfen "
            "bei der Anmeldung – dazu gehört auch die Online-Anmeldung für einen Kita-Platz "
            "(Maßnahme „Elternbegleitung in Kitas“).",
        ),
        "publish": True,
    },
    {
        "ref": "portal-sprachen", "comment": "elternbegleitung-portal",
        "passage": (
            "Kayıt portalı yalnızca Almanca olduğu için birçok aile başvurusunu zamanında "
            "yapamıyor."
        ),
        "summary": "Kita-Anmeldeportal auch in anderen Sprachen als Deutsch",
        "tags": ["Mehrsprachigkeit"],
    },
    {
        "ref": "portal-gemeinsam", "comment": "elternbegleitung-portal",
        "passage": (
            "Veli rehberlerinin portalı ailelerle birlikte doldurması gerçekten çok yardımcı "
            "olur."
        ),
        "summary": "Elternbegleitung füllt das Anmeldeportal gemeinsam mit den Familien aus",
        "under": "online-anmeldung",
    },
    {
        "ref": "kursorte", "comment": "kinderbetreuung",
        "passage": (
            "Bitte die Kursorte in die Stadtteile legen, in denen viele junge Familien wohnen, "
            "und auch Kurse am Nachmittag anbieten."
        ),
        "summary": "Deutschkurse mit Kinderbetreuung wohnortnah und auch nachmittags anbieten",
        "tags": ["Erreichbarkeit"],
        "recommend": (
            EXPERT, "accepted",
            "Gut begründet und ohne Mehrkosten: Kursorte nach dem Wohnort junger Familien "
            "wählen, Nachmittagskurse im Text ergänzen.",
        ),
    },
    {
        "ref": "rederecht", "comment": "ag-jugend",
        "passage": (
            "Wir wünschen uns ein Rederecht in den Ausschüssen, wenn es um Themen geht, die "
            "junge Menschen betreffen."
        ),
        "summary": "Rederecht für die AG Jugend in den Ausschüssen bei Themen junger Menschen",
        "tags": ["Jugend"],
        "recommend": (
            STAFF, "partly_accepted",
            "Das Rederecht als Ziel in die Maßnahme aufnehmen; die Umsetzung liegt beim Rat.",
        ),
        "decide": (
            "out_of_scope",
            "Wer in den Ausschüssen des Rates sprechen darf, regelt der Rat in seiner "
            "Geschäftsordnung; der Integrationsplan kann das nicht festlegen. Wir haben die "
            "Anregung an den Migrationsausschuss weitergegeben. Schon jetzt kann die AG Jugend "
            "zu allen Vorlagen Stellung nehmen, die junge Menschen betreffen.",
            "Die Steuerungsgruppe folgt der Empfehlung nicht: Ein Ziel, das der Plan selbst "
            "nicht erreichen kann, soll nicht im Text stehen. Vorsitzende spricht das Thema "
            "im Migrationsausschuss an.",
        ),
    },
    {
        "ref": "sitzungszeiten", "comment": "ag-jugend",
        "passage": "Und bitte Sitzungstermine nach der Schule, nicht um 14 Uhr.",
        "summary": "Sitzungen der AG Jugend nach Schulschluss legen",
        "tags": ["Jugend"],
    },
    {
        "ref": "jugendbudget", "comment": "ag-jugend-budget",
        "passage": (
            "Ein eigenes Budget, über das die AG Jugend selbst entscheidet, wäre ein starkes "
            "Zeichen."
        ),
        "summary": "Eigenes Budget für die AG Jugend, über das sie selbst entscheidet",
        "tags": ["Jugend"],
        "recommend": (
            YOUTH, "already_covered", "Budget und Begleitung stehen schon in der Maßnahme.",
        ),
        "decide": (
            "already_covered",
            "Das ist bereits vorgesehen: Die Stadt stellt der AG Jugend ein eigenes Budget und "
            "eine hauptamtliche Begleitung bereit (Maßnahme „Junge Stimmen beteiligen“).",
        ),
        "publish": True,
    },
    {
        "ref": "dolmetschen-buchen", "comment": "dolmetschen-kinder",
        "passage": (
            "أتمنى أن يكون حجز المترجم سهلاً وسريعاً، حتى في العيادات الصغيرة."
        ),
        "summary": "Dolmetschende einfach und schnell buchen können, auch für kleine Praxen",
        "recommend": (
            STAFF, "noted",
            "Umsetzungsfrage: Buchung über ein Online-Portal mit kurzer Vorlaufzeit, das mit "
            "dem Gesundheitsamt abstimmen.",
        ),
    },
    {
        "ref": "dolmetschen-praxen", "comment": "dolmetschen-kinderarzt",
        "passage": (
            "The interpreter pool should also cover appointments at the paediatrician and the "
            "dentist, not only clinics and counselling centres."
        ),
        "summary": (
            "Dolmetschpool auch für Termine in Kinderarzt- und Zahnarztpraxen"
        ),
        "assignee": STAFF,
    },
    {
        "ref": "dolmetschen-zustimmung", "comment": "dolmetschen-zustimmung",
        "passage": (
            "عيادة طبيب الأطفال هي بالضبط المكان الذي يحتاج فيه الأهل إلى فهم كل كلمة."
        ),
        "summary": "Dolmetschen beim Kinderarzt ist besonders wichtig",
        "under": "dolmetschen-praxen",
    },
    {
        "ref": "video-anbieten", "comment": "video-dolmetschen",
        "passage": (
            "Bu yüzden çalışanların bu hizmeti kendiliğinden önermesi çok önemli."
        ),
        "summary": "Beschäftigte sollen das Video-Dolmetschen von sich aus anbieten",
        "recommend": (STAFF, "already_covered", "Steht wörtlich in der Maßnahme."),
        "decide": (
            "already_covered",
            "Das ist bereits vorgesehen: Die Beschäftigten werden geschult, das "
            "Video-Dolmetschen von sich aus anzubieten (Maßnahme „Dolmetschen im Bürgeramt“).",
        ),
        "publish": True,
    },
    {
        "ref": "video-sprache", "comment": "video-dolmetschen",
        "passage": (
            "Randevu alırken hangi dilde tercüman gerektiğini belirtebilmek de işe yarar."
        ),
        "summary": "Bei der Terminbuchung die benötigte Dolmetschsprache angeben können",
        "tags": ["Mehrsprachigkeit"],
        "recommend": (
            STAFF, "accepted",
            "Leicht umzusetzen: ein Feld im Online-Terminsystem. In den Text aufnehmen.",
        ),
    },
    {
        "ref": "anerkennung-abends", "comment": "anerkennung-abends",
        "passage": (
            "Bitte bieten Sie die Beratung auch abends oder samstags an: Wer arbeitet, kann "
            "nicht vormittags ins Jobcenter kommen."
        ),
        "summary": "Anerkennungsberatung auch abends und samstags",
        "tags": ["Erreichbarkeit"],
        "recommend": (
            EXPERT, "accepted",
            "Kam mehrfach, auch schriftlich. Eine Abendsprechstunde pro Woche im Jobcenter in "
            "die Maßnahme aufnehmen.",
        ),
    },
    {
        "ref": "wohnung-name", "comment": "wohnungssuche",
        "passage": (
            "Ich habe auf mehr als vierzig Wohnungsanzeigen geschrieben und fast nie eine "
            "Antwort bekommen; eine Freundin mit deutschem Nachnamen wurde auf dieselben "
            "Anzeigen zur Besichtigung eingeladen."
        ),
        "summary": (
            "Benachteiligung bei Wohnungsanzeigen wegen des Namens: die Vergabe von Wohnungen "
            "überprüfbar machen"
        ),
        "recommend": (
            STAFF, "partly_accepted",
            "Wohnungsgesellschaft soll ihre Vergaben jährlich anonymisiert auswerten; auf "
            "private Vermieter haben wir keinen Einfluss.",
        ),
        "decide": (
            "partly_accepted",
            "Wir haben die Maßnahme ergänzt: Die städtische Wohnungsgesellschaft veröffentlicht "
            "jedes Jahr eine anonymisierte Auswertung ihrer Wohnungsvergaben. So lässt sich "
            "prüfen, ob alle Bewerberinnen und Bewerber gleich behandelt werden. Auf die "
            "Auswahl privater Vermieterinnen und Vermieter hat die Stadt keinen direkten "
            "Einfluss; hier hilft die unabhängige Beratungsstelle, auch mit Testanfragen.",
        ),
        "publish": True,
        "change": "soziales-z2-m1",
    },
    {
        "ref": "wohnung-begleitung", "comment": "wohnungssuche",
        "passage": (
            "Wichtig wäre, dass die Beratungsstelle auch nach dem ersten Gespräch begleitet, "
            "zum Beispiel bei einer Beschwerde."
        ),
        "summary": "Beratungsstelle begleitet auch nach dem ersten Gespräch, etwa bei einer Beschwerde",
        "recommend": (
            STAFF, "already_covered",
            "Nach dem Konzept der Beratungsstelle gehört die Begleitung bei Beschwerden dazu.",
        ),
    },
    {
        # The comment is hidden (it named an employee); the passage leaves the name out.
        "ref": "wartezeit-kommentar", "comment": "beschwerde-name",
        "passage": "Ich warte seit vier Monaten auf einen Termin für meinen Aufenthaltstitel",
        "summary": "Lange Wartezeit auf einen Termin für den Aufenthaltstitel",
        "sections": ["stadtverwaltung-z3"],
        "under": "wartezeit",
    },
    # --- written statements ---
    {
        "ref": "bildungsberatung-abends", "statement": "rosa-bildung",
        "passage": (
            "Eine Beratung an einem Ort, in mehreren Sprachen und auch abends hätte mir viel "
            "Zeit gespart."
        ),
        "summary": "Bildungsberatung an einem Ort, in mehreren Sprachen und abends",
        "sections": ["bildung-z3-m1"],
        "recommend": (EXPERT, "already_covered", "Genau das beschreibt die Maßnahme."),
        "decide": (
            "already_covered",
            "Das ist bereits vorgesehen: Die zentrale Bildungsberatung der Volkshochschule "
            "berät in mehreren Sprachen, auch abends und in den Stadtteilzentren.",
        ),
    },
    {
        "ref": "ohne-termin", "statement": "rosa-bildung",
        "passage": (
            "Bitte sorgen Sie dafür, dass man dort auch ohne Termin eine erste Auskunft "
            "bekommt."
        ),
        "summary": "Erste Auskunft in der Bildungsberatung auch ohne Termin",
        "sections": ["bildung-z3-m1"],
        "tags": ["Erreichbarkeit"],
        "recommend": (
            EXPERT, "noted",
            "Offene Sprechstunde ist eine Frage der Umsetzung; an die Volkshochschule geben.",
        ),
    },
    {
        "ref": "betreuung-unter-drei", "statement": "rosa-bildung",
        "passage": (
            "Die Betreuung sollte auch für Kinder unter drei Jahren gelten, und "
            "Geschwisterkinder sollten mitkommen dürfen."
        ),
        "summary": (
            "Kinderbetreuung in Deutschkursen auch für Kinder unter drei Jahren und für "
            "Geschwister"
        ),
        "sections": ["bildung-z3-m2"],
    },
    {
        "ref": "fonds-abrechnung", "statement": "brueckenbau",
        "passage": (
            "Wir regen an, dass auch Abrechnung und Verwendungsnachweis so einfach bleiben; an "
            "dieser Stelle scheitern kleine Initiativen heute am häufigsten."
        ),
        "summary": "Einfache Abrechnung und einfacher Verwendungsnachweis beim Stadtteilfonds",
        "sections": ["stadtleben-z1-m1"],
    },
    {
        "ref": "fonds-jury", "statement": "brueckenbau",
        "passage": (
            "Die Jury sollte neben Bewohnerinnen und Bewohnern auch Jugendliche einbeziehen und "
            "ihre Entscheidungen kurz begründen."
        ),
        "summary": "Jugendliche in die Jury des Stadtteilfonds aufnehmen; Entscheidungen kurz begründen",
        "sections": ["stadtleben-z1-m1"],
        "tags": ["Jugend"],
        "recommend": (
            YOUTH, "accepted",
            "Unterstützen wir als AG Jugend ausdrücklich. Kurze Begründungen der Jury helfen "
            "allen, die einen Antrag stellen.",
        ),
    },
    {
        "ref": "raeume-schluessel", "statement": "brueckenbau",
        "passage": (
            "Wir schlagen vor, dafür feste Ansprechpersonen in den Stadtteilzentren zu benennen "
            "und Vereinen nach einer Einweisung eigene Schlüssel zu geben."
        ),
        "summary": "Feste Ansprechpersonen für Schulräume und eigene Schlüssel für Vereine",
        "sections": ["stadtleben-z1-m2"],
        "assignee": STAFF,
    },
    {
        "ref": "formular-persisch", "statement": "parisa-anerkennung",
        "passage": "خواهش می‌کنم فرم درخواست را به زبان فارسی هم منتشر کنید.",
        "summary": "Antragsformular für den Zuschuss zur Anerkennung auch auf Persisch",
        "sections": ["wirtschaft-z1-m2"],
        "tags": ["Mehrsprachigkeit"],
        "recommend": (EXPERT, "noted", "Sprachen des Formulars legt der Fachbereich fest."),
        "decide": (
            "noted",
            "Der Antrag auf den Zuschuss kann schon heute in mehreren Sprachen gestellt werden. "
            "Welche Sprachen das Formular bekommt, legt der Fachbereich bei der Umsetzung fest; "
            "Ihren Wunsch nach einer persischen Fassung haben wir an ihn weitergegeben.",
        ),
        "publish": True,
    },
    {
        "ref": "anerkennung-abends-persisch", "statement": "parisa-anerkennung",
        "passage": (
            "همچنین خوب است که مشاوره دربارهٔ ارزشیابی مدرک در ساعات عصر هم ارائه شود، چون "
            "بسیاری از ما در طول روز کار می‌کنیم و نمی‌توانیم مرخصی بگیریم."
        ),
        "summary": "Anerkennungsberatung auch am Abend",
        "sections": ["wirtschaft-z1-m1"],
        "under": "anerkennung-abends",
    },
    {
        "ref": "essen-seniorentreff", "statement": "brief-seniorentreff",
        "passage": "Es wäre gut, wenn es immer auch ein anderes Essen gibt.",
        "summary": "Beim Mittagessen in Seniorentreffs immer auch ein Gericht ohne Schweinefleisch",
        "sections": ["soziales-z3-m2"],
    },
    {
        "ref": "fahrdienst", "statement": "brief-seniorentreff",
        "passage": "Ein Fahrdienst wäre für viele von uns wichtiger als jedes Fest.",
        "summary": "Fahrdienst für ältere Menschen zu den Seniorentreffs",
        "sections": ["soziales-z3-m2"],
        "tags": ["Kosten", "Erreichbarkeit"],
        "recommend": (
            STAFF, "not_accepted",
            "Nicht aus dem Integrationsplan zu finanzieren; an den Seniorenbeirat verweisen.",
        ),
        "decide": (
            "not_accepted",
            "Ein eigener Fahrdienst zu den Seniorentreffs ist mit den Mitteln des "
            "Integrationsplans nicht zu finanzieren. Wir geben Ihre Anregung an den "
            "Seniorenbeirat weiter, der ein Konzept für Mobilität im Alter erarbeitet.",
        ),
    },
    {
        "ref": "kita-ukrainisch", "statement": "email-kita",
        "passage": (
            "Але зараз у нашому районі черга дуже довга, а інформацію про реєстрацію важко "
            "знайти українською мовою."
        ),
        "summary": "Informationen zur Kita-Anmeldung auch auf Ukrainisch",
        "sections": ["bildung-z1"],
        "tags": ["Mehrsprachigkeit"],
    },
    {
        "ref": "sommerschule-werbung", "statement": "email-kita",
        "passage": (
            "Прошу заздалегідь розповідати про неї в школах кількома мовами, щоб діти, які "
            "нещодавно приїхали до Німеччини, могли там не лише вчитися, а й знайти друзів."
        ),
        "summary": "Sommerschule frühzeitig und in mehreren Sprachen in den Schulen bekannt machen",
        "sections": ["bildung-z2-m1"],
        "recommend": (EXPERT, "noted", "Umsetzung: Elternbriefe der Schulen, mehrsprachig."),
    },
    # --- forum cards (each taken whole) ---
    {
        "ref": "sommerschule-herbst", "card": "Sommerschule super",
        "summary": "Sommerschule auch in den Herbstferien",
        "recommend": (
            EXPERT, "not_accepted",
            "Eine zweite Ferienschule im Herbst ist im Budget nicht abgebildet, und die Träger "
            "haben im Herbst keine Kapazitäten.",
        ),
        "decide": (
            "partly_accepted",
            "Die Sommerschule wird erweitert: Sie steht jetzt Kindern und Jugendlichen der "
            "Klassen 3 bis 9 offen, und in den Osterferien kommt eine Lernwoche für die "
            "Abschlussklassen hinzu. Ein weiteres Angebot in den Herbstferien ist mit den "
            "vorhandenen Mitteln und Lehrkräften nicht möglich.",
            "Abweichend von der Empfehlung: Die Lernwoche zu Ostern kostet etwa ein Drittel "
            "einer Herbstwoche, weil nur die Abschlussklassen teilnehmen. Herbstferien bei der "
            "Fortschreibung erneut prüfen.",
        ),
        "publish": True,
        "change": "bildung-z2-m1",
    },
    {
        "ref": "briefe", "card": "Briefe vom Amt",
        "summary": "Briefe und Bescheide der Stadt in einfacher Sprache",
        "tags": ["Verständlichkeit"],
        "recommend": (
            STAFF, "accepted",
            "Briefe vorher mit Bürgerinnen und Bürgern testen und Erklärfilme ergänzen.",
        ),
        "decide": (
            "accepted",
            "Vielen Dank. Wir haben die Maßnahme ergänzt: Standardbriefe werden nicht nur "
            "verständlicher formuliert, sondern vorher mit Bürgerinnen und Bürgern getestet. "
            "Kurze Erklärfilme zeigen, wie man wichtige Formulare ausfüllt.",
        ),
        "publish": True,
        "change": "stadtverwaltung-z2-m1",
        "translations": {
            "ar": (
                "شكراً لكم. لقد استكملنا هذا الإجراء: لن تُصاغ الرسائل الرسمية المعتادة بلغة "
                "أوضح فحسب، بل ستُختبر أيضاً مع المواطنات والمواطنين قبل اعتمادها. وستشرح "
                "أفلام قصيرة كيفية تعبئة الاستمارات المهمة."
            ),
        },
    },
    {
        "ref": "briefe-arabisch", "card": "الرسائل الرسمية",
        "summary": "Kurze Zusammenfassung amtlicher Briefe in anderen Sprachen",
        "under": "briefe",
    },
    {
        "ref": "bibliothek", "card": "Mehr Bücher auf Ukrainisch",
        "summary": "Mehr Bücher auf Ukrainisch und Persisch in der Stadtbibliothek",
        "tags": ["Mehrsprachigkeit"],
        "recommend": (STAFF, "already_covered", "Bestandserweiterung steht in der Maßnahme."),
        "decide": (
            "already_covered",
            "Das ist bereits vorgesehen: Die Stadtbibliothek erweitert ihren Bestand an "
            "Büchern und Medien in den häufigsten Sprachen der Stadt – dazu gehören auch "
            "Ukrainisch und Persisch, für Erwachsene wie für Kinder.",
        ),
        "publish": True,
    },
    {
        "ref": "bibliothek-persisch", "card": "کتاب‌های فارسی",
        "summary": "Mehr persische Kinderbücher in der Bibliothek",
        "under": "bibliothek",
    },
    {
        "ref": "betreuung-unter-drei-karte", "card": "Kinderbetreuung im Deutschkurs",
        "summary": "Kinderbetreuung im Deutschkurs auch für Kinder unter drei Jahren",
        "under": "betreuung-unter-drei",
    },
    {
        "ref": "fonds-jury-karte", "card": "In der Jury",
        "summary": "Jugendliche in der Jury des Stadtteilfonds",
        "under": "fonds-jury",
    },
    {
        "ref": "schulraeume-karte", "card": "Schulräume am Wochenende",
        "summary": "Schulräume am Wochenende öffnen und die Schlüsselfrage lösen",
        "under": "raeume-schluessel",
    },
    {
        "ref": "wartezeit", "card": "Vier Monate auf einen Termin",
        "summary": "Kürzere Wartezeiten auf Termine in der Ausländerbehörde",
        "recommend": (
            STAFF, "partly_accepted",
            "Wartezeiten regelt der Plan nicht, aber Fortbildung und Beschwerdestelle helfen. "
            "Terminvergabe an den Fachbereich Ausländerangelegenheiten geben.",
        ),
    },
    {
        "ref": "beschwerde-anonym", "card": "Şikâyet edenlerin",
        "summary": "Namen von Menschen, die sich beschweren, vertraulich behandeln",
        "recommend": (STAFF, "already_covered", "„Auch anonym“ steht in der Maßnahme."),
        "decide": (
            "already_covered",
            "Die Beschwerdestelle nimmt Beschwerden auch anonym entgegen; das steht bereits im "
            "Entwurf (Maßnahme „Beschwerdestelle“). Niemand muss seinen Namen nennen, um sich "
            "zu beschweren.",
        ),
        "publish": True,
        "translations": {
            "tr": (
                "Şikâyet birimi şikâyetleri isim belirtilmeden de kabul eder; bu, taslakta "
                "zaten yer alıyor (“Şikâyet birimi” önlemi). Kimse şikâyette bulunmak için "
                "adını vermek zorunda değildir."
            ),
        },
    },
    {
        "ref": "video-datenschutz", "card": "Video-Dolmetschen: gut",
        "summary": "Datenschutz beim Video-Dolmetschen vorher klären",
    },
    {
        "ref": "video-auslaenderbehoerde", "card": "Видеопереводчик",
        "summary": "Video-Dolmetschen auch in der Ausländerbehörde",
        "recommend": (STAFF, "already_covered", "Ausländerbehörde ist genannt."),
        "decide": (
            "already_covered",
            "Das ist bereits vorgesehen: Das Video-Dolmetschen steht neben den Bürgerämtern "
            "auch der Ausländerbehörde und den Sozialdiensten zur Verfügung.",
        ),
    },
    {
        "ref": "anonyme-bewerbungen", "card": "Anonyme Bewerbungen",
        "summary": "Anonymisierte Bewerbungen für alle Stellen der Stadt",
        "recommend": (
            STAFF, "not_accepted",
            "Erst die Auswertung bei den Ausbildungsberufen abwarten, dann ausweiten.",
        ),
    },
    {
        "ref": "anerkennung-frist", "card": "Anerkennung dauert",
        "summary": "Anerkennungsverfahren in höchstens drei Monaten entscheiden",
        "recommend": (EXPERT, "out_of_scope", "Fristen regeln Bund und Land."),
        "decide": (
            "out_of_scope",
            "Über die Anerkennung entscheiden je nach Beruf die Kammern oder Landesbehörden; "
            "die Fristen legen Gesetze des Bundes und des Landes fest. Die Stadt kann sie nicht "
            "verkürzen. Sie sorgt aber dafür, dass niemand länger als zwei Wochen auf ein "
            "erstes Beratungsgespräch wartet, und begleitet das Verfahren bis zur Entscheidung. "
            "Ihre Anregung haben wir an das zuständige Landesministerium weitergeleitet.",
        ),
        "publish": True,
    },
    {
        "ref": "anerkennung-anlaufstelle", "card": "Denklik için",
        "summary": "Eine einzige Anlaufstelle für die Anerkennung",
        "recommend": (
            EXPERT, "already_covered",
            "Die festen Ansprechpersonen sind diese Anlaufstelle; im Text deutlicher sagen?",
        ),
    },
    {
        "ref": "zuschuss-uebersetzung", "card": "Zuschuss auch für",
        "summary": "Zuschuss auch für die Übersetzung von Zeugnissen",
        "tags": ["Kosten"],
        "recommend": (EXPERT, "already_covered", "Übersetzungen sind im Zuschuss enthalten."),
        "decide": (
            "already_covered",
            "Das ist bereits vorgesehen: Der Zuschuss deckt Gebühren, Übersetzungen und "
            "Beglaubigungen.",
        ),
    },
    {
        "ref": "herkunftssprache", "card": "Herkunftssprache als",
        "summary": "Herkunftssprachen als zweite Fremdsprache anerkennen",
        "recommend": (EXPERT, "out_of_scope", "Landessache; die Stadt setzt sich schon ein."),
        "decide": (
            "out_of_scope",
            "Ob eine Herkunftssprache als Fremdsprache anerkannt wird, entscheidet das Land, "
            "nicht die Stadt. Der Plan sieht deshalb vor, dass sich die Stadt beim Land dafür "
            "einsetzt (Maßnahme „Unterricht in den Herkunftssprachen“). Wir haben Ihre "
            "Anregung an das Kultusministerium weitergeleitet.",
        ),
        "publish": True,
        "translations": {
            "tr": (
                "Bir köken dilinin yabancı dil olarak tanınıp tanınmayacağına belediye değil, "
                "eyalet karar verir. Bu nedenle plan, belediyenin bu konuda eyalet nezdinde "
                "girişimde bulunmasını öngörüyor (“Köken dillerinde ders” önlemi). Önerinizi "
                "Eyalet Eğitim Bakanlığı'na ilettik."
            ),
        },
    },
    {
        "ref": "tuerkisch-wahlfach", "card": "Türkçe dersleri",
        "summary": "Türkisch als Wahlfach in der Schule anerkennen",
        "under": "herkunftssprache",
    },
    {
        "ref": "schulsozialarbeit", "card": "Schulsozialarbeit",
        "summary": "Schulsozialarbeit an jeder Grundschule",
    },
    {
        "ref": "kita-vergabe", "card": "Kita-Plätze transparent",
        "summary": "Kita-Plätze nachvollziehbar vergeben; Wartezeiten verkürzen",
        "assignee": STAFF,
    },
    {
        "ref": "berufssprachkurs", "card": "أنا مهندس",
        "summary": "Berufsbezogene Deutschkurse für zugewanderte Fachkräfte",
    },
    {
        "ref": "termine-englisch", "card": "Online appointment",
        "summary": "Online-Terminbuchung auch auf Englisch",
        "tags": ["Mehrsprachigkeit"],
    },
]

# Comments and statements marked as fully split (cards taken whole are done anyway). The
# others are left to do: the first comment, the long statement of Brückenbau (its third part
# is not split yet) and the swimming club's late statement (not split at all).
SPLIT_DONE = {
    "comment": [
        "elternbegleitung-anmeldung", "elternbegleitung-portal", "kinderbetreuung", "ag-jugend",
        "ag-jugend-budget", "dolmetschen-kinder", "dolmetschen-kinderarzt",
        "dolmetschen-zustimmung", "video-dolmetschen", "anerkennung-abends", "wohnungssuche",
        "beschwerde-name",
    ],
    "statement": ["rosa-bildung", "parisa-anerkennung", "brief-seniorentreff", "email-kita"],
}


# --- loading ---------------------------------------------------------------------------------


def add_triage(process: Process, reset_passwords: bool = False) -> list[dict[str, Any]]:
    """Ensure the triage accounts; give the process its triage unless it has some already.

    Returns the accounts as `consult.demo.accounts.ensure_accounts` does, to be printed with
    the other demo accounts.
    """
    accounts = ensure_triage_accounts(reset_passwords)
    if _has_triage(process):
        return accounts
    with force_locale(process.original_language):
        _build(process)
    return accounts


def ensure_triage_accounts(reset_passwords: bool) -> list[dict[str, Any]]:
    return ensure_accounts(reset_passwords, ACCOUNTS)


def _has_triage(process: Process) -> bool:
    return any(
        db.session.scalar(select(model.id).where(model.process_id == process.id).limit(1))
        is not None
        for model in (Group, ReplyTemplate, Suggestion)
    )


def _build(process: Process) -> None:
    emails = {STAFF, YOUTH, EXPERT, CHAIR}
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    staff = users.get(STAFF)
    sections = {
        s.key: s for s in db.session.scalars(select(Section).where(Section.process_id == process.id))
    }
    _add_groups(process, staff, users, sections)
    for title, outcome, text in REPLIES:
        services.save_reply_template(process, actor=staff, title=title, text=text, outcome=outcome)
    contributions = _demo_contributions(process)
    if contributions is not None and emails <= users.keys():
        _add_suggestions(process, staff, users, sections, contributions)


def _add_groups(process, staff, users, sections) -> None:
    for name, field, members in EXPERT_GROUPS:
        if field not in sections:
            continue
        youth = any(role == GroupRole.YOUTH_DELEGATE for _email, role in members)
        group = services.save_group(
            process, actor=staff, name=name, kind=GroupKind.EXPERT_GROUP.value,
            description=_EXPERTS.format(field=name, youth=_WITH_YOUTH if youth else ""),
            sections=[sections[field]],
        )
        _add_members(group, members, staff, users)
    steering = services.save_group(
        process, actor=staff, name=STEERING_GROUP["name"],
        kind=GroupKind.STEERING_GROUP.value, description=STEERING_GROUP["description"],
        decides=True,
    )
    _add_members(steering, STEERING_GROUP["members"], staff, users)


def _add_members(group: Group, members, staff, users) -> None:
    for email, role in members:
        if email in users:
            services.add_member(group, users[email], role=role.value, actor=staff)


def _demo_contributions(process: Process) -> dict[tuple[str, str], Contribution] | None:
    """The contributions the suggestions come from, by (kind, ref or card text); None when
    one of them is missing (the process has no or other participation content)."""
    by_body = {
        (c.kind, c.body): c
        for c in db.session.scalars(select(Contribution).where(Contribution.process_id == process.id))
    }
    wanted = {}
    for spec in participation_content.COMMENTS:
        wanted[("comment", spec["ref"])] = ("comment", spec["body"])
    for spec in participation_content.STATEMENTS:
        wanted[("statement", spec["ref"])] = ("statement", spec["body"])
    for _table, _key, _language, text in forum_content.CARDS:
        wanted[("card", text)] = ("forum_card", text)
    found = {key: by_body.get(body) for key, body in wanted.items()}
    needed = {_source(spec) for spec in SUGGESTIONS}
    if any(found.get(key) is None for key in needed):
        return None
    return found


def _source(spec: dict) -> tuple[str, str]:
    if "card" in spec:
        return "card", _card_text(spec["card"])
    kind = "comment" if "comment" in spec else "statement"
    return kind, spec[kind]


def _card_text(beginning: str) -> str:
    (text,) = [c[3] for c in forum_content.CARDS if c[3].startswith(beginning)]
    return text


def _add_suggestions(process, staff, users, sections, contributions) -> None:
    version_3 = db.session.scalar(
        select(Version).where(Version.process_id == process.id, Version.number == 3)
    )
    chair = users[CHAIR]
    made: dict[str, Suggestion] = {}
    # First every split, in order (the numbers follow the inbox), then the work on them.
    for spec in SUGGESTIONS:
        contribution = contributions[_source(spec)]
        keys = spec.get("sections")
        chosen = [sections[k] for k in keys] if keys else None
        start = end = None
        if "passage" in spec:
            start = contribution.body.index(spec["passage"])
            end = start + len(spec["passage"])
        made[spec["ref"]] = services.split(
            contribution, actor=staff, start=start, end=end, summary=spec["summary"],
            sections=chosen, tags=spec.get("tags", ()),
        )
        if "passage" not in spec:  # a card, taken whole
            services.set_split_done(contribution, True, actor=staff)
    for kind, refs in SPLIT_DONE.items():
        for ref in refs:
            services.set_split_done(contributions[(kind, ref)], True, actor=staff)

    for spec in SUGGESTIONS:
        suggestion = made[spec["ref"]]
        if "assignee" in spec:
            services.assign(suggestion, actor=staff, group=suggestion.group,
                            assignee=users[spec["assignee"]])
        if "under" in spec:
            services.group_under(suggestion, made[spec["under"]], actor=staff)
        if "recommend" in spec:
            member, outcome, reasoning = spec["recommend"]
            services.recommend(suggestion, actor=users[member], outcome=outcome,
                               reasoning=reasoning)
        if "decide" in spec:
            outcome, reason, *note = spec["decide"]
            services.decide(suggestion, actor=chair, outcome=outcome, public_reason=reason,
                            internal_note=note[0] if note else "")
        if spec.get("publish"):
            services.publish(suggestion, actor=staff)
        for language, text in spec.get("translations", {}).items():
            services.set_reason_translation(suggestion, language=language, text=text,
                                            actor=staff)
        if "change" in spec and version_3 is not None:
            node = db.session.scalar(
                select(SectionVersion).where(
                    SectionVersion.version_id == version_3.id,
                    SectionVersion.section_id == sections[spec["change"]].id,
                )
            )
            services.link_change(suggestion, node, actor=staff)
