"""Comments and written statements on the second discussion draft, as people write them.

Everything here is invented for the demo: the people, the clubs, the stories. Texts are plain
text (not Markdown): paragraphs are separated by a blank line and shown with their line breaks.

Times are relative to the day the demo is loaded: `hours_ago` for comments (replies come after
what they answer) and `days_ago` for statements; all fall in the phase for comments and
statements, which began 14 days before that day.

Accounts are named by e-mail address, organisations by slug, sections by key.
"""


def _text(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


RESIDENT = "resident@example.org"
MEMBER = "member@example.org"
YOUTH = "jugend@example.org"
STAFF = "staff@example.org"

# --- comments on sections of version 2 -------------------------------------------------------

COMMENTS = [
    {
        "ref": "elternbegleitung",
        "section": "bildung-z1-m2",
        "author": MEMBER,
        "organisation": "brueckenbau",
        "language": "de",
        "hours_ago": 290,
        "body": (
            "Wir begrüßen die Elternbegleitung sehr. In unserem Sprachcafé erleben wir jede "
            "Woche, wie viel Unsicherheit es rund um die Kita-Anmeldung gibt – vor allem bei "
            "Familien, die erst seit Kurzem hier sind. Zwölf Stellen für die ganze Stadt halten "
            "wir allerdings für zu wenig. Wir schlagen vor, die Stellen nach der Zahl neu "
            "zugewanderter Familien in den Stadtteilen zu verteilen und die Begleiterinnen und "
            "Begleiter eng mit den Familienzentren zu vernetzen. Gern bringen wir unsere "
            "Erfahrungen in die Auswertung nach zwei Jahren ein."
        ),
    },
    {
        "ref": "elternbegleitung-anmeldung",
        "reply_to": "elternbegleitung",
        "author": RESIDENT,
        "language": "en",
        "hours_ago": 251,
        "body": (
            "When we arrived two years ago, nobody told us that you have to register for a Kita "
            "place long before you need it. A parent companion who speaks English – or any "
            "language we share – would have saved us months of waiting. Please make sure the "
            "companions also help with the online registration, which was the hardest part "
            "for us."
        ),
    },
    {
        "ref": "elternbegleitung-portal",
        "reply_to": "elternbegleitung-anmeldung",
        "author": MEMBER,
        "language": "tr",
        "hours_ago": 232,
        "body": (
            "Aynı şeyi biz de yaşadık. Kayıt portalı yalnızca Almanca olduğu için birçok aile "
            "başvurusunu zamanında yapamıyor. Veli rehberlerinin portalı ailelerle birlikte "
            "doldurması gerçekten çok yardımcı olur."
        ),
    },
    {
        "ref": "kinderbetreuung",
        "section": "bildung-z3-m2",
        "author": RESIDENT,
        "language": "de",
        "hours_ago": 205,
        "body": (
            "Fünf Kursorte mit Kinderbetreuung klingen gut, aber entscheidend ist, wo sie "
            "liegen. Wer mit zwei kleinen Kindern eine halbe Stunde Bus fahren muss, gibt den "
            "Kurs schnell wieder auf. Bitte die Kursorte in die Stadtteile legen, in denen viele "
            "junge Familien wohnen, und auch Kurse am Nachmittag anbieten."
        ),
    },
    {
        "ref": "ag-jugend",
        "section": "demokratie-z1-m3",
        "author": YOUTH,
        "language": "de",
        "hours_ago": 163,
        "body": (
            "Als Delegierte der AG Jugend freuen wir uns, dass die AG als dauerhaftes Gremium "
            "weitergeführt werden soll. Einmal im Jahr im Migrationsausschuss zu berichten, ist "
            "uns aber zu wenig: Wir wünschen uns ein Rederecht in den Ausschüssen, wenn es um "
            "Themen geht, die junge Menschen betreffen. Und bitte Sitzungstermine nach der "
            "Schule, nicht um 14 Uhr."
        ),
    },
    {
        "ref": "ag-jugend-budget",
        "reply_to": "ag-jugend",
        "author": MEMBER,
        "organisation": "brueckenbau",
        "language": "de",
        "hours_ago": 150,
        "body": (
            "Das unterstützen wir. Bei unseren Nachbarschaftsfesten helfen jedes Jahr "
            "Jugendliche mit, die sich sonst nirgends gefragt fühlen. Ein eigenes Budget, über "
            "das die AG Jugend selbst entscheidet, wäre ein starkes Zeichen."
        ),
    },
    {
        "ref": "dolmetschen-kinder",
        "section": "soziales-z1-m2",
        "author": YOUTH,
        "language": "ar",
        "hours_ago": 122,
        "body": (
            "منذ أن كنت في العاشرة من عمري كنت أترجم لأمي عند الطبيب. لم أكن أفهم كل "
            "المصطلحات الطبية، وكنت أشعر بالحرج من بعض الأسئلة. يسعدني كثيراً أن الخطة تنص "
            "على ألا يضطر الأطفال بعد الآن إلى الترجمة لآبائهم. أتمنى أن يكون حجز المترجم "
            "سهلاً وسريعاً، حتى في العيادات الصغيرة."
        ),
    },
    {
        "ref": "dolmetschen-kinderarzt",
        "reply_to": "dolmetschen-kinder",
        "author": RESIDENT,
        "language": "en",
        "hours_ago": 101,
        "body": (
            "Thank you for sharing this – my neighbour's children do the same for her. The "
            "interpreter pool should also cover appointments at the paediatrician and the "
            "dentist, not only clinics and counselling centres."
        ),
    },
    {
        "ref": "dolmetschen-zustimmung",
        "reply_to": "dolmetschen-kinderarzt",
        "author": YOUTH,
        "language": "ar",
        "hours_ago": 97,
        "body": (
            "شكراً لك، أوافقك تماماً. عيادة طبيب الأطفال هي بالضبط المكان الذي يحتاج فيه "
            "الأهل إلى فهم كل كلمة."
        ),
    },
    {
        "ref": "video-dolmetschen",
        "section": "stadtverwaltung-z2-m2",
        "author": MEMBER,
        "language": "tr",
        "hours_ago": 88,
        "body": (
            "Görüntülü tercüman fikri çok iyi. Ama özellikle yaşlılar bu imkânı bilmiyor ya da "
            "istemeye çekiniyor. Bu yüzden çalışanların bu hizmeti kendiliğinden önermesi çok "
            "önemli. Randevu alırken hangi dilde tercüman gerektiğini belirtebilmek de işe "
            "yarar."
        ),
    },
    {
        "ref": "anerkennung-abends",
        "section": "wirtschaft-z1-m1",
        "author": MEMBER,
        "organisation": "elternverein-hannover-nord",
        "language": "de",
        "hours_ago": 64,
        "body": (
            "Viele Mütter und Väter in unserem Verein haben einen Beruf gelernt oder studiert – "
            "als Lehrerin, Ingenieur, Krankenpfleger. Zwei Wochen bis zum ersten "
            "Beratungsgespräch wären ein großer Fortschritt. Bitte bieten Sie die Beratung auch "
            "abends oder samstags an: Wer arbeitet, kann nicht vormittags ins Jobcenter kommen."
        ),
    },
    {
        "ref": "wohnungssuche",
        "section": "soziales-z2-m1",
        "author": RESIDENT,
        "language": "de",
        "hours_ago": 40,
        "body": (
            "Gut, dass Testanfragen ausdrücklich genannt werden. Ich habe auf mehr als vierzig "
            "Wohnungsanzeigen geschrieben und fast nie eine Antwort bekommen; eine Freundin mit "
            "deutschem Nachnamen wurde auf dieselben Anzeigen zur Besichtigung eingeladen. "
            "Wichtig wäre, dass die Beratungsstelle auch nach dem ersten Gespräch begleitet, "
            "zum Beispiel bei einer Beschwerde."
        ),
    },
    {
        "ref": "beschwerde-name",
        "section": "stadtverwaltung-z3-m2",
        "author": RESIDENT,
        "language": "de",
        "hours_ago": 20,
        "body": (
            "Eine Beschwerdestelle ist überfällig. Ich warte seit vier Monaten auf einen Termin "
            "für meinen Aufenthaltstitel, und Frau Sabine Beispielmann, Zimmer 214, hat mir am "
            "Telefon gesagt, das sei eben so. So geht man nicht mit Menschen um!"
        ),
    },
]

# Reported by a resident and hidden by staff: the reason shows in the comment's place.
MODERATION = {
    "comment": "beschwerde-name",
    "reporter": YOUTH,
    "report_reason": (
        "In diesem Kommentar wird eine Mitarbeiterin der Verwaltung mit vollem Namen und "
        "Zimmernummer genannt."
    ),
    "moderator": STAFF,
    "hide_reason": (
        "Der Kommentar nannte eine Mitarbeiterin der Verwaltung mit Namen. Angaben über "
        "Dritte veröffentlichen wir nicht. Die Kritik an den langen Wartezeiten haben wir als "
        "Anregung aufgenommen."
    ),
}

# --- written statements ----------------------------------------------------------------------

# "online": sent through the form with an account (optionally for an organisation).
# "unregistered": sent through the form without an account; the address is then confirmed.
# "recorded": arrived by e-mail, letter or in person and was entered by staff.
STATEMENTS = [
    {
        "ref": "rosa-bildung",
        "way": "online",
        "author": RESIDENT,
        "days_ago": 9,
        "language": "de",
        "sections": ["bildung-z3-m1", "bildung-z3-m2"],
        "publish_text": True,
        "publish_name": False,
        "title": "Bildungsberatung und Deutschkurse: Erfahrungen einer neu zugewanderten Mutter",
        "body": _text(
            "Sehr geehrte Damen und Herren,",
            "ich bin vor zwei Jahren mit meiner Familie hierhergezogen und lerne seitdem "
            "Deutsch. Zu zwei Maßnahmen möchte ich etwas sagen.",
            "Bildungsberatung für Neuzugewanderte: In meinem Herkunftsland war ich "
            "Grundschullehrerin. Es hat über ein Jahr gedauert, bis mir jemand erklärt hat, "
            "welche Stelle meine Zeugnisse prüft. Eine Beratung an einem Ort, in mehreren "
            "Sprachen und auch abends hätte mir viel Zeit gespart. Bitte sorgen Sie dafür, dass "
            "man dort auch ohne Termin eine erste Auskunft bekommt.",
            "Deutschkurse mit Kinderbetreuung: Meinen ersten Kurs musste ich abbrechen, weil "
            "unsere Tochter noch keinen Kita-Platz hatte. Die Betreuung sollte auch für Kinder "
            "unter drei Jahren gelten, und Geschwisterkinder sollten mitkommen dürfen.",
            "Mit freundlichen Grüßen\nRosa Muster",
        ),
    },
    {
        "ref": "brueckenbau",
        "way": "online",
        "author": MEMBER,
        "organisation": "brueckenbau",
        "days_ago": 6,
        "language": "de",
        "sections": ["stadtleben-z1-m1", "stadtleben-z1-m2", "demokratie-z2-m1"],
        "publish_text": True,
        "publish_name": True,
        "title": (
            "Stellungnahme von Brückenbau – Verein für Begegnung e.V. zum zweiten "
            "Diskussionsentwurf"
        ),
        "body": _text(
            "Brückenbau – Verein für Begegnung e.V. bringt seit vielen Jahren Alteingesessene "
            "und Neuzugewanderte im Stadtteil zusammen: in unserem wöchentlichen Sprachcafé, bei "
            "Nachbarschaftsfesten und in der offenen Fahrradwerkstatt. Rund vierzig "
            "Ehrenamtliche tragen diese Arbeit. Wir danken für die Gelegenheit zur Stellungnahme "
            "und äußern uns zu drei Maßnahmen, zu denen wir Erfahrungen aus unserer Arbeit "
            "beitragen können.",
            "1. Stadtteilfonds für Nachbarschaftsideen (4.1.1)\n"
            "Wir begrüßen den Fonds ausdrücklich. Kleine Beträge bewirken im Stadtteil viel: "
            "Für unser letztes Straßenfest brauchten wir vor allem Geld für Bänke, eine "
            "Kinderecke und Einladungen in fünf Sprachen. Dass der Antrag auf eine Seite passt "
            "und auch mündlich gestellt werden kann, senkt die Hürde für Gruppen ohne "
            "Vereinsstruktur erheblich. Wir regen an, dass auch Abrechnung und "
            "Verwendungsnachweis so einfach bleiben; an dieser Stelle scheitern kleine "
            "Initiativen heute am häufigsten. Die Jury sollte neben Bewohnerinnen und Bewohnern "
            "auch Jugendliche einbeziehen und ihre Entscheidungen kurz begründen.",
            "2. Offene Räume im Stadtteil (4.1.2)\n"
            "Der Mangel an Räumen ist für uns das größte praktische Problem. Unser Sprachcafé "
            "musste in drei Jahren viermal umziehen. Die geplante Übersicht über freie Räume "
            "hilft sehr, wenn sie aktuell gehalten wird und man Räume direkt buchen kann. In "
            "Schulen scheitert die Öffnung am Abend oft an der Frage, wer auf- und zuschließt. "
            "Wir schlagen vor, dafür feste Ansprechpersonen in den Stadtteilzentren zu benennen "
            "und Vereinen nach einer Einweisung eigene Schlüssel zu geben.",
            "3. Beratung und Fortbildung für Vereine (5.2.1)\n"
            "Eine Servicestelle für Vereine ist überfällig. Gerade bei Förderanträgen und "
            "Verwendungsnachweisen verlieren Ehrenamtliche viel Zeit. Wir bitten darum, die "
            "Fortbildungen nicht nur abends und am Wochenende, sondern auch online anzubieten "
            "und die Unterlagen in einfacher Sprache bereitzustellen. Hilfreich wäre außerdem "
            "ein Tandemprogramm, in dem erfahrene Vereine neu gegründete Gruppen begleiten; "
            "Brückenbau ist gern bereit, sich daran zu beteiligen.",
            "Für Rückfragen stehen wir gern zur Verfügung. Wir freuen uns, wenn die Anregungen "
            "aus unserer praktischen Arbeit in den Verwaltungsentwurf einfließen.",
            "Für den Vorstand\nDeniz Örnek",
        ),
    },
    {
        "ref": "parisa-anerkennung",
        "way": "unregistered",
        "name": "Parisa Nemune",
        "email": "parisa.nemune@example.net",
        "notify_language": "fa",
        "days_ago": 4,
        "language": "fa",
        "sections": ["wirtschaft-z1-m1", "wirtschaft-z1-m2"],
        "publish_text": True,
        "publish_name": False,
        "title": "ارزشیابی مدرک پرستاری",
        "body": _text(
            "با سلام و احترام،",
            "من پرستار هستم و هفت سال در یک بیمارستان کار کرده‌ام. یک سال و نیم است که در این "
            "شهر زندگی می‌کنم، اما مدرک من هنوز به رسمیت شناخته نشده است و اکنون به عنوان "
            "کمک‌پرستار کار می‌کنم.",
            "هزینهٔ ترجمه و تأیید مدارک برای خانوادهٔ ما بسیار سنگین بود. به همین دلیل از "
            "کمک‌هزینهٔ شهر برای هزینه‌های ارزشیابی مدرک صمیمانه استقبال می‌کنم. خواهش می‌کنم "
            "فرم درخواست را به زبان فارسی هم منتشر کنید.",
            "همچنین خوب است که مشاوره دربارهٔ ارزشیابی مدرک در ساعات عصر هم ارائه شود، چون "
            "بسیاری از ما در طول روز کار می‌کنیم و نمی‌توانیم مرخصی بگیریم.",
            "با تشکر،\nپریسا",
        ),
    },
    {
        "ref": "brief-seniorentreff",
        "way": "recorded",
        "channel": "letter",
        "received_days_ago": 4,
        "name": "Helga Musterfrau",
        "address": "Am Beispielpark 7\n30000 Musterstadt",
        "language": "de",
        "sections": ["soziales-z3", "soziales-z3-m2"],
        "publish_text": False,
        "publish_name": False,
        "scan": "Brief_Musterfrau_Scan.pdf",
        "title": "Brief zu den Seniorentreffs",
        "body": _text(
            "Sehr geehrte Damen und Herren,",
            "meine Enkelin hat mir den Entwurf für den Integrationsplan ausgedruckt. Ich habe "
            "keinen Computer, deshalb schreibe ich Ihnen einen Brief.",
            "Ich bin 79 Jahre alt und gehe seit vielen Jahren in den Seniorentreff in unserem "
            "Stadtteil. Seit einiger Zeit kommen auch zwei türkische Nachbarinnen mit, und es ist "
            "schön, dass wir jetzt zusammen Karten spielen und im Sommer Ausflüge machen. Beim "
            "Mittagessen gibt es aber oft nur ein Gericht mit Schweinefleisch, und dann bleiben "
            "die beiden weg. Es wäre gut, wenn es immer auch ein anderes Essen gibt.",
            "Dass die Treffs mit den Vereinen ein eigenes Programm machen sollen, finde ich "
            "richtig. Bitte vergessen Sie dabei nicht die Älteren, die nicht mehr gut zu Fuß "
            "sind. Ein Fahrdienst wäre für viele von uns wichtiger als jedes Fest.",
            "Mit freundlichen Grüßen\nHelga Musterfrau",
        ),
    },
    {
        "ref": "email-kita",
        "way": "recorded",
        "channel": "email",
        "received_days_ago": 2,
        "name": "Олена Приклад",
        "email": "olena.pryklad@example.net",
        "language": "uk",
        "sections": ["bildung-z1", "bildung-z2-m1"],
        "publish_text": True,
        "publish_name": False,
        "title": "Дитячий садок і літня школа",
        "body": _text(
            "Добрий день!",
            "Я приїхала з двома дітьми півтора року тому. Мій син ходить до третього класу, а "
            "донька досі не має місця в дитячому садку. Я дуже рада, що в плані написано: кожна "
            "дитина повинна відвідувати дитячий садок щонайменше два роки перед школою. Але "
            "зараз у нашому районі черга дуже довга, а інформацію про реєстрацію важко знайти "
            "українською мовою.",
            "Літня школа — чудова ідея. Прошу заздалегідь розповідати про неї в школах кількома "
            "мовами, щоб діти, які нещодавно приїхали до Німеччини, могли там не лише вчитися, а "
            "й знайти друзів.",
            "З повагою\nОлена Приклад",
        ),
    },
    {
        "ref": "schwimmverein-nachtrag",
        "way": "recorded",
        "channel": "in_person",
        "received_days_ago": 0,
        "mark_late": True,
        # About the first discussion draft, whose round of discussion is over.
        "version": 1,
        "submitter_type": "organisation",
        "name": "Schwimmverein Beispiel-Nord e.V., Vorsitz der Schwimmabteilung",
        "address": "Beispielweg 5\n30000 Musterstadt",
        "language": "de",
        "sections": ["stadtleben-z3-m1", "stadtleben-z3-m2"],
        "publish_text": True,
        "publish_name": True,
        "title": "Schwimmkurse und Wasserzeiten (Niederschrift)",
        "body": _text(
            "Niederschrift einer mündlichen Stellungnahme, aufgenommen im Sachgebiet "
            "Integration.",
            "Der Vorsitzende der Schwimmabteilung trägt vor, der Verein habe den ersten "
            "Diskussionsentwurf erst jetzt über die Vereinszeitung kennengelernt und möchte sich "
            "nach Ende der Beratungsrunde noch äußern:",
            "- Das Ziel, dass jedes Kind am Ende der Grundschulzeit sicher schwimmen kann, "
            "unterstützt der Verein. Die Wartelisten für Anfängerkurse sind aber lang; es fehlen "
            "Wasserzeiten und ausgebildete Kräfte.\n"
            "- Der Verein bietet an, zusätzliche Ferienkurse zu übernehmen, wenn die Stadt "
            "Wasserzeiten in den Bädern bereitstellt und die Ausbildung von Übungsleitungen "
            "fördert.\n"
            "- Für Schwimmzeiten von Frauen und Mädchen braucht es Rettungsschwimmerinnen; der "
            "Verein kann dafür Ausbildungsplätze anbieten.",
            "Der Vortragende bittet um eine Rückmeldung an die Vereinsadresse.",
        ),
    },
]
