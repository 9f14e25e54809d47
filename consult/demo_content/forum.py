"""The first Integration Forum: the event, its four themed tables and the cards written there.

Invented for the demo. Cards are short, as people write them on a card at a table; staff type
them in the day after the event. Each card names its table (by number), the section it is
about (by key) and its language.
"""

EVENT = {
    "name": "1. Integrationsforum",
    "place": "Neues Rathaus, Hodlersaal",
    "language": "de",
    # Starts this many days before the day the demo is loaded, at this local time (Berlin).
    "days_ago": 20,  # inside the "Integrationsforum" phase
    "starts": (17, 0),
    "ends": (20, 30),
    "description": (
        "Öffentliche Diskussion des zweiten Diskussionsentwurfs an vier Thementischen. Die "
        "Tische werden vom Sachgebiet Integration gemeinsam mit Delegierten der AG Jugend "
        "moderiert. Rückmeldungen können auf Karten geschrieben werden – in jeder Sprache."
    ),
    "captured_by": "staff@example.org",
}

# Table number, name, the field of action it discusses.
TABLES = [
    (1, "Bildung", "bildung"),
    (2, "Arbeit", "wirtschaft"),
    (3, "Zusammenleben", "stadtleben"),
    (4, "Verwaltung", "stadtverwaltung"),
]

# (table, section key, language, text)
CARDS = [
    # 1 Bildung
    (1, "bildung-z1-m1", "de", "Mehrsprachige Bücher in jeder Kita – und Vorlesepat*innen, die diese Sprachen sprechen!"),
    (1, "bildung-z1-m2", "de", "Elternbegleitung auch für Väter: Vätertreffs abends oder am Samstag."),
    (1, "bildung-z1", "de", "Kita-Plätze transparent vergeben. Warum wartet man zwei Jahre?"),
    (1, "bildung-z2-m1", "de", "Sommerschule super – warum nicht auch in den Herbstferien?"),
    (1, "bildung-z2-m2", "tr", "Türkçe dersleri okulda seçmeli ders olarak tanınmalı."),
    (1, "bildung-z2-m2", "de", "Herkunftssprache als zweite Fremdsprache anerkennen!"),
    (1, "wirtschaft-z2-m2", "ar", "نرجو أن تكون أمسيات التوجيه المهني باللغة العربية أيضاً."),
    (1, "bildung-z3-m1", "en", "The counselling for newcomers should also help with university applications."),
    (1, "bildung-z3-m2", "de", "Kinderbetreuung im Deutschkurs auch für Kinder unter 3 Jahren"),
    (1, "bildung", "de", "Schulsozialarbeit an JEDER Grundschule"),
    # 2 Arbeit
    (2, "wirtschaft-z1-m1", "de", "Anerkennung dauert viel zu lange. Höchstens drei Monate bis zur Entscheidung!"),
    (2, "wirtschaft-z1-m1", "tr", "Denklik için tek bir danışma yeri olsun, her kurum başka bir şey söylüyor."),
    (2, "wirtschaft-z1-m2", "de", "Zuschuss auch für die Übersetzung der Zeugnisse, nicht nur für Gebühren"),
    (2, "wirtschaft-z1", "ar", "أنا مهندس وأعمل سائق توصيل. أحتاج إلى دورة لغة مهنية."),
    (2, "wirtschaft-z2-m1", "de", "Ausbildungspat*innen aus den Communities gewinnen – sie kennen die Sorgen der Eltern."),
    (2, "wirtschaft-z2-m3", "de", "Teilzeitausbildung bekannter machen, viele Betriebe kennen sie gar nicht."),
    (2, "wirtschaft-z2", "de", "Deutschförderung in der Berufsschule parallel zur Ausbildung"),
    (2, "wirtschaft-z3-m1", "tr", "Kuruluş danışmanlığı Türkçe de olsun, vergi konuları çok karışık."),
    (2, "wirtschaft-z3-m2", "de", "Migrantische Betriebe persönlich ansprechen, nicht per Brief."),
    (2, "wirtschaft-z3", "en", "Show the city's business support at community events, not only online."),
    # 3 Zusammenleben
    (3, "stadtleben-z1-m1", "de", "Antrag auch mündlich – sehr gut! Bitte das Formular auch in einfacher Sprache."),
    (3, "stadtleben-z1-m1", "de", "In der Jury für den Stadtteilfonds auch Jugendliche!"),
    (3, "stadtleben-z1-m2", "de", "Schulräume am Wochenende öffnen – das Schlüsselproblem lösen!"),
    (3, "stadtleben-z1-m2", "ar", "نحتاج إلى قاعة مجانية يوم السبت لدروس اللغة العربية للأطفال."),
    (3, "stadtleben-z2-m1", "de", "Mehr Bücher auf Ukrainisch und Farsi in der Stadtbibliothek"),
    (3, "stadtleben-z2-m1", "fa", "کتاب‌های فارسی بیشتری برای کودکان در کتابخانه لازم است."),
    (3, "stadtleben-z2-m2", "de", "Förderanträge für Kultur sind zu kompliziert. Beratung vor Ort, bitte."),
    (3, "stadtleben-z3-m1", "tr", "Kadınlara özel yüzme saatleri hafta sonları da olmalı."),
    (3, "stadtleben-z3-m2", "de", "Übungsleiter-Lizenz: Kurse auch am Wochenende, sonst schaffen es Berufstätige nicht."),
    (3, "stadtleben", "en", "More neighbourhood festivals where everyone cooks together!"),
    # 4 Verwaltung
    (4, "stadtverwaltung-z2-m1", "de", "Briefe vom Amt bitte in einfacher Sprache! Die Bescheide versteht kaum jemand."),
    (4, "stadtverwaltung-z2-m1", "ar", "الرسائل الرسمية صعبة جداً. نريد ملخصاً قصيراً بلغات أخرى."),
    (4, "stadtverwaltung-z2-m2", "de", "Video-Dolmetschen: gut, aber vorher den Datenschutz klären."),
    (4, "stadtverwaltung-z2-m2", "ru", "Видеопереводчик нужен не только в Bürgeramt, но и в Ausländerbehörde."),
    (4, "stadtverwaltung-z1-m1", "de", "Ausbildungskampagne mit echten Azubis, keine Models :)"),
    (4, "stadtverwaltung-z1-m2", "de", "Anonyme Bewerbungen für alle Stellen, nicht nur für die Ausbildung"),
    (4, "stadtverwaltung-z3-m1", "de", "Fortbildung nicht nur einmal, sondern regelmäßig auffrischen."),
    (4, "stadtverwaltung-z3-m2", "tr", "Şikâyet edenlerin adı gizli kalmalı, yoksa insanlar korkar."),
    (4, "stadtverwaltung-z3", "de", "Vier Monate auf einen Termin in der Ausländerbehörde – das muss schneller gehen."),
    (4, "stadtverwaltung", "en", "Online appointment booking in English, please."),
]
