"""The three versions of the plan: labels, change notes, and what changes in each.

Version 1 holds the tree of `plan.FIELDS`. Version 2 is a copy of version 1 with the changes the
Local Integration Council asked for; version 3 is a copy of version 2 with the changes after the
Integration Forum and the written statements received so far.

A version's changes, applied in this order:

- ``texts``: key → language → the new ``title`` and/or ``body`` (what is left out stays).
  German is the original; every German change comes with the English one, so English stays
  current. Turkish and Arabic are left alone: they become outdated.
- ``remove``: keys of sections taken out of this version (they stay in earlier versions).
- ``add``: new sections, appended under ``parent`` (or at ``position``).
- ``move``: sections moved under another ``parent`` (appended, or at ``position``).
"""

from consult.demo_content import leichte_sprache

VERSION_1 = {
    "label": {
        "de": "Diskussionsentwurf 1",
        "de-x-ls": "Entwurf 1 zum Besprechen",
        "en": "Discussion draft 1",
        "tr": "Tartışma taslağı 1",
        "ar": "مسودة النقاش 1",
    },
    "changelog": {
        "de": """
            Der erste Entwurf der sechs Expert*innengruppen, von der Lenkungsgruppe
            freigegeben. Er ist die Grundlage für die Beratung im Lokalen Integrationsrat.
            """,
        "en": """
            The first draft by the six expert groups, approved by the steering group. It is
            the basis for the discussion in the Local Integration Council.
            """,
        "tr": """
            Altı uzman grubunun ilk taslağı; yönlendirme grubu tarafından onaylandı. Yerel
            Uyum Konseyi'ndeki görüşmelerin temelini oluşturur.
            """,
        "ar": """
            المسودة الأولى التي أعدتها مجموعات الخبراء الست ووافقت عليها مجموعة التوجيه. وهي
            الأساس للنقاش في المجلس المحلي للاندماج.
            """,
    },
    "status": "published",
}

VERSION_2 = {
    "label": {
        "de": "Diskussionsentwurf 2",
        "de-x-ls": "Entwurf 2 zum Besprechen",
        "en": "Discussion draft 2",
        "tr": "Tartışma taslağı 2",
        "ar": "مسودة النقاش 2",
    },
    "changelog": {
        "de": """
            Der Lokale Integrationsrat hat den ersten Diskussionsentwurf beraten und
            Änderungen empfohlen. Die Verwaltung hat sie in diesen zweiten Entwurf
            eingearbeitet:

            - **Bildung:** Das Handlungsfeld nennt ausdrücklich Menschen, die erst als
              Jugendliche oder Erwachsene zu uns kommen. Die Maßnahme „Gut ankommen in der
              Grundschule“ ist in der Maßnahme „Sprachbildung im Kita-Alltag“ aufgegangen. Die
              Elternbegleitung wendet sich an Mütter und Väter.
            - **Berufsorientierung gemeinsam mit Eltern** steht jetzt im Handlungsfeld Bildung
              beim Ziel „Schulerfolg darf nicht von der Herkunft abhängen“, weil die Schulen
              sie verantworten.
            - **Arbeit und Wirtschaft:** Die Anerkennungsberatung steht auch Beschäftigten
              offen; das erste Gespräch soll nach spätestens zwei Wochen stattfinden.
            - **Soziales, Gesundheit und Wohnen:** Das Ziel zum Wohnen heißt jetzt „Bezahlbar
              wohnen ohne Diskriminierung“. Menschen ohne Krankenversicherung werden
              ausdrücklich genannt.
            - **Teilhabe und Demokratie:** Neue Maßnahme „Junge Stimmen beteiligen“ auf
              Vorschlag der AG Jugend.
            - **Interkulturelle Öffnung der Verwaltung:** Anonymisierte Bewerbungen werden für
              alle Ausbildungsberufe eingeführt, statt nur erprobt.
            """,
        "en": """
            The Local Integration Council discussed the first discussion draft and recommended
            changes. The administration has worked them into this second draft:

            - **Education:** The field of action now expressly names people who only come to
              us as teenagers or adults. The measure "A good start at primary school" has been
              merged into the measure "Language learning in everyday day-care life". Parent
              companions now address mothers and fathers alike.
            - **Career guidance together with parents** now belongs to the field of action
              Education, under the goal "Success at school must not depend on origin", because
              the schools are responsible for it.
            - **Work and economy:** Advice on recognition is also open to people in work; the
              first appointment should take place within two weeks.
            - **Social affairs, health and housing:** The housing goal is now called
              "Affordable housing without discrimination". People without health insurance are
              named explicitly.
            - **Participation and democracy:** New measure "Involving young voices", proposed
              by the youth working group.
            - **Intercultural opening of the city administration:** Anonymised applications
              are introduced for all training occupations instead of only being tried out.
            """,
        "tr": """
            Yerel Uyum Konseyi ilk tartışma taslağını görüştü ve değişiklikler önerdi. Belediye
            yönetimi bu önerileri ikinci taslağa işledi. Başlıca değişiklikler: eğitim alanı
            artık genç ya da yetişkin olarak gelenleri açıkça kapsıyor; ebeveynlerle birlikte
            meslek yönlendirmesi eğitim alanına taşındı; konut hedefinin adı değişti; AG Jugend
            gençlik grubunun önerisiyle yeni bir önlem eklendi.
            """,
        "ar": """
            ناقش المجلس المحلي للاندماج مسودة النقاش الأولى وأوصى بإجراء تعديلات، وقد أدرجتها
            الإدارة في هذه المسودة الثانية. أهم التغييرات: مجال التعليم يشمل الآن صراحةً من
            يأتون إلينا شبابًا أو بالغين؛ ونُقل التوجيه المهني بمشاركة الأهل إلى مجال التعليم؛
            وتغيّر اسم الهدف الخاص بالسكن؛ وأُضيف إجراء جديد باقتراح من مجموعة الشباب.
            """,
    },
    "texts": {
        "bildung": {
            "de": {
                "body": """
                    Bildung entscheidet über Lebenschancen. In unserer Stadt hängt der
                    Schulerfolg noch immer stark davon ab, welche Sprache in der Familie
                    gesprochen wird und welchen Bildungsweg die Eltern gehen konnten. Das wollen
                    wir ändern: von der Kita über die Schule bis zur Weiterbildung im
                    Erwachsenenalter – ausdrücklich auch für Menschen, die erst als Jugendliche
                    oder Erwachsene zu uns kommen. Dabei verstehen wir Mehrsprachigkeit als
                    Stärke und Eltern als Partner.
                    """,
            },
            "en": {
                "body": """
                    Education shapes life chances. In our city, success at school still depends
                    heavily on the language spoken at home and on the education the parents were
                    able to get. We want to change this – from day care through school to
                    learning in adult life, and expressly also for people who only come to us
                    as teenagers or adults. We see multilingualism as a strength and parents as
                    partners.
                    """,
            },
        },
        "bildung-z1-m1": {
            "de": {
                "body": """
                    Alle städtischen Kitas arbeiten nach einem gemeinsamen Konzept der
                    alltagsintegrierten Sprachbildung: Sprache wird beim Essen, Spielen und
                    Vorlesen gefördert, nicht in gesonderten Kursen. Jede Kita benennt eine
                    Fachkraft, die das Team berät und dafür jedes Jahr fortgebildet wird. Die
                    Familiensprachen der Kinder werden wertgeschätzt, zum Beispiel durch
                    mehrsprachige Bücher und Lieder. Für den Übergang in die Grundschule
                    vereinbaren Kitas und Grundschulen im selben Stadtteil gemeinsame
                    Elternabende und Schnuppertage und tauschen sich – mit Einverständnis der
                    Eltern – über die Sprachentwicklung der Kinder aus.
                    """,
            },
            "en": {
                "body": """
                    All municipal day-care centres follow a shared concept of language learning
                    built into everyday life: language is encouraged during meals, play and
                    story time, not in separate courses. Each centre names one specialist who
                    advises the team and receives training for this every year. The languages
                    the children speak at home are valued, for example through multilingual
                    books and songs. For the move to primary school, day-care centres and
                    primary schools in the same neighbourhood agree on joint parents' evenings
                    and taster days and – with the parents' consent – share what they know
                    about the children's language development.
                    """,
            },
        },
        "bildung-z1-m2": {
            "de": {
                "body": """
                    In Kitas in Stadtteilen mit vielen neu zugewanderten Familien arbeiten
                    Elternbegleiterinnen und Elternbegleiter, die selbst eine
                    Migrationsgeschichte haben und mehrere Sprachen sprechen. Sie wenden sich an
                    Mütter und Väter gleichermaßen. Sie:

                    - erklären, wie Kitas in Deutschland arbeiten,
                    - helfen bei der Anmeldung und beim Antrag auf Kostenübernahme,
                    - laden zu Elterncafés und Vätertreffs ein.

                    Die Stadt finanziert zunächst zwölf Stellen und wertet das Angebot nach zwei
                    Jahren gemeinsam mit den Eltern aus.
                    """,
            },
            "en": {
                "body": """
                    Day-care centres in neighbourhoods with many newly arrived families employ
                    parent companions who have a migration background themselves and speak
                    several languages. They address mothers and fathers alike. They:

                    - explain how day care works in Germany,
                    - help with registration and with applying for help with the fees,
                    - invite parents to parents' cafés and fathers' meetings.

                    The city initially funds twelve posts and evaluates the service together
                    with the parents after two years.
                    """,
            },
        },
        "wirtschaft-z1-m1": {
            "de": {
                "body": """
                    Im Jobcenter und in der Ausländerbehörde beraten feste Ansprechpersonen zur
                    Anerkennung ausländischer Abschlüsse. Sie klären, welche Stelle zuständig
                    ist, helfen beim Zusammenstellen der Unterlagen und begleiten das Verfahren
                    bis zur Entscheidung. Die Beratung steht auch Menschen offen, die bereits
                    arbeiten und sich beruflich verbessern wollen. Niemand soll länger als zwei
                    Wochen auf ein erstes Beratungsgespräch warten.
                    """,
            },
            "en": {
                "body": """
                    At the job centre and the immigration office, named contact persons advise
                    on the recognition of foreign qualifications. They find out which authority
                    is responsible, help to put the documents together and support the
                    procedure until a decision is made. The advice is also open to people who
                    already work and want to move up in their careers. Nobody should wait
                    longer than two weeks for a first advice appointment.
                    """,
            },
        },
        "soziales-z1": {
            "de": {
                "body": """
                    Wer das deutsche Gesundheitssystem nicht kennt oder sich nicht verständigen
                    kann, geht seltener zur Vorsorge und kommt später in Behandlung. Besonders
                    schwer haben es Menschen ohne Krankenversicherung. Wir wollen Wissen
                    vermitteln, Sprachbarrieren abbauen und auch für sie einen Weg zur
                    Behandlung schaffen.
                    """,
            },
            "en": {
                "body": """
                    People who do not know the German health system or cannot make themselves
                    understood go for check-ups less often and start treatment later. People
                    without health insurance face the greatest difficulties. We want to share
                    knowledge, break down language barriers and open a way to treatment for
                    them, too.
                    """,
            },
        },
        "soziales-z2": {
            "de": {"title": "Bezahlbar wohnen ohne Diskriminierung"},
            "en": {"title": "Affordable housing without discrimination"},
        },
        "demokratie": {
            "de": {
                "body": """
                    Viele Menschen, die seit Jahren hier leben, dürfen nicht wählen, weil sie
                    keinen deutschen Pass haben oder aus einem Land außerhalb der Europäischen
                    Union kommen. Umso wichtiger sind andere Wege der Mitsprache. Eine lebendige
                    Demokratie braucht die Stimmen aller, die in der Stadt leben – gerade auch
                    die der jungen Menschen –, und schützt alle vor Rassismus und
                    Diskriminierung.
                    """,
            },
            "en": {
                "body": """
                    Many people who have lived here for years are not allowed to vote because
                    they do not hold a German passport or come from a country outside the
                    European Union. This makes other ways of having a say all the more
                    important. A lively democracy needs the voices of everyone who lives in the
                    city – young people's voices in particular – and protects everyone from
                    racism and discrimination.
                    """,
            },
        },
        "stadtverwaltung-z1-m2": {
            "de": {
                "body": """
                    Mitglieder von Auswahlkommissionen werden zu unbewussten Vorurteilen
                    geschult. Für alle Ausbildungsberufe führt die Stadt anonymisierte
                    Bewerbungen ein und veröffentlicht jedes Jahr, wie sich die Zusammensetzung
                    der neuen Auszubildenden entwickelt.
                    """,
            },
            "en": {
                "body": """
                    Members of selection panels are trained on unconscious bias. The city
                    introduces anonymised applications for all training occupations and
                    publishes every year how the make-up of its new apprentices develops.
                    """,
            },
        },
    },
    "remove": ["bildung-z1-m3"],
    "add": [
        {
            "key": "demokratie-z1-m3",
            "parent": "demokratie-z1",
            "de": (
                "Junge Stimmen beteiligen",
                """
                Die AG Jugend, in der junge Menschen mit und ohne Migrationsgeschichte an
                diesem Plan mitgearbeitet haben, wird als dauerhaftes Gremium fortgeführt. Sie
                kann zu allen Vorlagen, die junge Menschen betreffen, Stellung nehmen. Einmal im
                Jahr berichten ihre Delegierten im Migrationsausschuss. Die Stadt stellt dafür
                ein eigenes Budget und eine hauptamtliche Begleitung bereit.
                """,
            ),
            "en": (
                "Involving young voices",
                """
                The youth working group, in which young people with and without a migration
                background have helped to write this plan, continues as a permanent body. It
                may comment on every council paper that affects young people. Once a year, its
                delegates report to the migration committee. The city provides a budget of its
                own and a full-time staff member to support the group.
                """,
            ),
        },
    ],
    "move": [
        {"key": "wirtschaft-z2-m2", "parent": "bildung-z2"},
    ],
    "translations": {"de-x-ls": leichte_sprache.FIELDS},
    "status": "published",
}

VERSION_3 = {
    "label": {
        "de": "Verwaltungsentwurf",
        "de-x-ls": "Entwurf von der Stadt-Verwaltung",
        "en": "Administrative draft",
        "tr": "Belediye yönetiminin taslağı",
        "ar": "مسودة الإدارة",
    },
    "changelog": {
        "de": """
            Arbeitsstand der Verwaltung nach dem Integrationsforum und den bisher
            eingegangenen schriftlichen Stellungnahmen. Dieser Entwurf ist noch nicht
            öffentlich: Er wird nach dem Ende der Frist für Stellungnahmen abgeschlossen und
            zusammen mit der Abwägungstabelle veröffentlicht.

            - **Neu:** Maßnahme „Sprachmittlung in der Nachbarschaft“, ein Wunsch von mehreren
              Thementischen des Integrationsforums.
            - **Sommerschule:** jetzt bis Klasse 9 und mit einer Lernwoche in den Osterferien.
            - **Bibliotheken:** Zwei Stadtteilbibliotheken öffnen probeweise auch sonntags.
            - **Wohnen:** Die städtische Wohnungsgesellschaft veröffentlicht eine
              anonymisierte Auswertung ihrer Wohnungsvergaben.
            - **Verständliche Verwaltung:** Standardbriefe werden vorher mit Bürgerinnen und
              Bürgern getestet; kurze Erklärfilme kommen hinzu.
            - **Beschwerdestelle:** Sie arbeitet eng mit der unabhängigen
              Antidiskriminierungsberatung zusammen.
            """,
        "en": """
            The administration's working draft after the Integration Forum and the written
            statements received so far. This draft is not yet public: it will be finalised
            after the deadline for statements and published together with the table of
            responses.

            - **New:** measure "Neighbourhood language helpers", requested at several tables
              of the Integration Forum.
            - **Summer school:** now up to year 9, with a study week in the Easter holidays.
            - **Libraries:** two branch libraries open on Sundays as a trial.
            - **Housing:** the municipal housing company publishes an anonymised evaluation of
              how it allocates flats.
            - **Clear administration:** standard letters are tested with residents first;
              short explanatory videos are added.
            - **Complaints office:** works closely with the independent anti-discrimination
              advice centre.
            """,
        "tr": """
            Uyum Forumu'ndan ve şimdiye kadar gelen yazılı görüşlerden sonra belediye
            yönetiminin çalışma taslağı. Bu taslak henüz kamuya açık değildir; görüş bildirme
            süresi bittikten sonra tamamlanacak ve değerlendirme tablosuyla birlikte
            yayımlanacaktır.
            """,
        "ar": """
            مسودة عمل الإدارة بعد منتدى الاندماج والآراء المكتوبة التي وصلت حتى الآن. هذه المسودة
            ليست علنية بعد، وستُستكمل بعد انتهاء مهلة تقديم الآراء وتُنشر مع جدول الردود.
            """,
    },
    "texts": {
        "bildung-z2-m1": {
            "de": {
                "body": """
                    In den Sommerferien bietet die Stadt gemeinsam mit freien Trägern eine
                    dreiwöchige Sommerschule für Kinder und Jugendliche der Klassen 3 bis 9 an.
                    Vormittags wird gelernt, nachmittags gibt es Ausflüge, Sport und Theater. In
                    den Osterferien kommt eine Lernwoche für die Abschlussklassen hinzu. Die
                    Teilnahme ist kostenlos. Wer erst seit Kurzem in Deutschland lebt, wird
                    bevorzugt aufgenommen.
                    """,
            },
            "en": {
                "body": """
                    During the summer holidays, the city and independent providers offer a
                    three-week summer school for children and young people in years 3 to 9.
                    Mornings are for learning; afternoons bring outings, sport and theatre. In
                    the Easter holidays, a study week for final-year pupils is added. Taking
                    part is free of charge. Those who have only recently come to Germany are
                    given priority.
                    """,
            },
        },
        "soziales-z2-m1": {
            "de": {
                "body": """
                    Eine unabhängige Beratungsstelle unterstützt Menschen, die bei der
                    Wohnungssuche benachteiligt werden, und kann mit Testanfragen prüfen, ob
                    Vermieter diskriminieren. Die städtische Wohnungsgesellschaft verpflichtet
                    sich zu nachvollziehbaren Vergaberegeln, schult ihre Beschäftigten und
                    veröffentlicht jedes Jahr eine anonymisierte Auswertung ihrer
                    Wohnungsvergaben.
                    """,
            },
            "en": {
                "body": """
                    An independent advice centre supports people who are disadvantaged when
                    looking for a flat and can use test enquiries to check whether landlords
                    discriminate. The municipal housing company commits itself to transparent
                    allocation rules, trains its staff and publishes an anonymised evaluation
                    of how it allocated its flats every year.
                    """,
            },
        },
        "stadtleben-z2-m1": {
            "de": {
                "body": """
                    Die Stadtbibliothek erweitert ihren Bestand an Büchern und Medien in den
                    häufigsten Sprachen der Stadt. Sie bietet Sprachcafés, Vorlesestunden in
                    mehreren Sprachen und Hilfe bei Behördengängen im Internet an. Die
                    Stadtteilbibliotheken arbeiten dafür mit Vereinen vor Ort zusammen. Zwei
                    Stadtteilbibliotheken öffnen probeweise auch am Sonntag.
                    """,
            },
            "en": {
                "body": """
                    The city library extends its stock of books and media in the most common
                    languages of the city. It offers language cafés, story times in several
                    languages and help with online applications to public authorities. The
                    branch libraries work with local associations to do this. Two branch
                    libraries also open on Sundays as a trial.
                    """,
            },
        },
        "stadtverwaltung-z2-m1": {
            "de": {
                "body": """
                    Die wichtigsten Informationen der Stadt – etwa zu Anmeldung, Kita, Schule,
                    Aufenthalt und Wohngeld – erscheinen in den häufigsten Sprachen der Stadt
                    und in Leichter Sprache. Standardbriefe werden verständlicher formuliert und
                    vorher mit Bürgerinnen und Bürgern getestet. Kurze Erklärfilme zeigen, wie
                    man wichtige Formulare ausfüllt.
                    """,
            },
            "en": {
                "body": """
                    The city's most important information – for example on registering an
                    address, day care, school, residence and housing benefit – is published in
                    the most common languages of the city and in Easy German. Standard letters
                    are rewritten to be easier to understand and tested with residents first.
                    Short explanatory videos show how to fill in important forms.
                    """,
            },
        },
        "stadtverwaltung-z3-m2": {
            "de": {
                "body": """
                    Eine zentrale Stelle nimmt Beschwerden über Diskriminierung durch städtische
                    Dienststellen entgegen, auch anonym und in mehreren Sprachen. Sie arbeitet
                    eng mit der unabhängigen Antidiskriminierungsberatung zusammen, klärt jeden
                    Fall mit der Dienststelle auf und berichtet einmal im Jahr dem Rat.
                    """,
            },
            "en": {
                "body": """
                    A central office receives complaints about discrimination by municipal
                    departments, also anonymously and in several languages. It works closely
                    with the independent anti-discrimination advice centre, clarifies each case
                    with the department concerned and reports to the council once a year.
                    """,
            },
        },
    },
    "add": [
        {
            "key": "stadtleben-z1-m3",
            "parent": "stadtleben-z1",
            "de": (
                "Sprachmittlung in der Nachbarschaft",
                """
                Ehrenamtliche, die mehrere Sprachen sprechen, helfen Nachbarinnen und Nachbarn
                bei Gesprächen im Alltag – beim Elternabend, mit der Hausverwaltung oder im
                Verein. Die Stadtteilzentren vermitteln die Einsätze; die Volkshochschule
                bereitet die Ehrenamtlichen in einem kurzen Kurs darauf vor. Bei Ärztinnen und
                Ärzten und bei Behörden bleibt die professionelle Sprachmittlung zuständig.
                """,
            ),
            "en": (
                "Neighbourhood language helpers",
                """
                Volunteers who speak several languages help their neighbours with everyday
                conversations – at a parents' evening, with the property management or in a
                club. The neighbourhood centres arrange the assignments; the adult education
                centre prepares the volunteers in a short course. For appointments with
                doctors and public authorities, professional interpreters are still used.
                """,
            ),
        },
    ],
    "status": "internal",
}

VERSIONS = [VERSION_1, VERSION_2, VERSION_3]
