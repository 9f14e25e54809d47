"""Field of action "Bildung" as it stands in the first discussion draft."""

FIELD = {
    "key": "bildung",
    "de": (
        "Bildung",
        """
        Bildung entscheidet über Lebenschancen. In unserer Stadt hängt der Schulerfolg noch
        immer stark davon ab, welche Sprache in der Familie gesprochen wird und welchen
        Bildungsweg die Eltern gehen konnten. Das wollen wir ändern: von der Kita über die
        Schule bis zur Weiterbildung im Erwachsenenalter. Dabei verstehen wir Mehrsprachigkeit
        als Stärke und Eltern als Partner.
        """,
    ),
    "en": (
        "Education",
        """
        Education shapes life chances. In our city, success at school still depends heavily
        on the language spoken at home and on the education the parents were able to get. We
        want to change this – from day care through school to learning in adult life. We see
        multilingualism as a strength and parents as partners.
        """,
    ),
    "children": [
        {
            "key": "bildung-z1",
            "de": (
                "Alle Kinder erhalten gute frühe Bildung",
                """
                Kinder mit Migrationsgeschichte besuchen seltener und später eine Kita als
                andere Kinder. Gerade für sie sind die Jahre vor der Schule wichtig, um Deutsch
                zu lernen und Freundschaften zu schließen. Jedes Kind soll vor der Einschulung
                mindestens zwei Jahre lang eine Kita besuchen können.
                """,
            ),
            "en": (
                "Every child receives good early education",
                """
                Children with a migration background attend day care less often and start
                later than other children. Yet the years before school matter especially for
                them: to learn German and to make friends. Every child should be able to
                attend day care for at least two years before starting school.
                """,
            ),
            "children": [
                {
                    "key": "bildung-z1-m1",
                    "de": (
                        "Sprachbildung im Kita-Alltag",
                        """
                        Alle städtischen Kitas arbeiten nach einem gemeinsamen Konzept der
                        alltagsintegrierten Sprachbildung: Sprache wird beim Essen, Spielen und
                        Vorlesen gefördert, nicht in gesonderten Kursen. Jede Kita benennt eine
                        Fachkraft, die das Team berät und dafür jedes Jahr fortgebildet wird.
                        Die Familiensprachen der Kinder werden wertgeschätzt, zum Beispiel durch
                        mehrsprachige Bücher und Lieder.
                        """,
                    ),
                    "en": (
                        "Language learning in everyday day-care life",
                        """
                        All municipal day-care centres follow a shared concept of language
                        learning built into everyday life: language is encouraged during meals,
                        play and story time, not in separate courses. Each centre names one
                        specialist who advises the team and receives training for this every
                        year. The languages the children speak at home are valued, for
                        example through multilingual books and songs.
                        """,
                    ),
                },
                {
                    "key": "bildung-z1-m2",
                    "de": (
                        "Elternbegleitung in Kitas",
                        """
                        In Kitas in Stadtteilen mit vielen neu zugewanderten Familien arbeiten
                        Elternbegleiterinnen, die selbst eine Migrationsgeschichte haben und
                        mehrere Sprachen sprechen. Sie:

                        - erklären, wie Kitas in Deutschland arbeiten,
                        - helfen bei der Anmeldung und beim Antrag auf Kostenübernahme,
                        - laden zu Elterncafés ein.

                        Die Stadt finanziert zunächst zehn Stellen und wertet das Angebot nach
                        zwei Jahren aus.
                        """,
                    ),
                    "en": (
                        "Parent companions in day-care centres",
                        """
                        Day-care centres in neighbourhoods with many newly arrived families
                        employ parent companions who have a migration background themselves and
                        speak several languages. They:

                        - explain how day care works in Germany,
                        - help with registration and with applying for help with the fees,
                        - invite parents to parents' cafés.

                        The city initially funds ten posts and evaluates the service after two
                        years.
                        """,
                    ),
                },
                {
                    "key": "bildung-z1-m3",
                    "de": (
                        "Gut ankommen in der Grundschule",
                        """
                        Kitas und Grundschulen im selben Stadtteil vereinbaren eine feste
                        Zusammenarbeit für den Übergang. Dazu gehören gemeinsame Elternabende,
                        Schnuppertage für die Kinder und – mit Einverständnis der Eltern – ein
                        Austausch über die Sprachentwicklung jedes Kindes.
                        """,
                    ),
                    "en": (
                        "A good start at primary school",
                        """
                        Day-care centres and primary schools in the same neighbourhood agree on
                        fixed cooperation for the transition. This includes joint parents'
                        evenings, taster days for the children and – with the parents' consent
                        – an exchange about each child's language development.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "bildung-z2",
            "de": (
                "Schulerfolg darf nicht von der Herkunft abhängen",
                """
                Jugendliche mit Migrationsgeschichte verlassen die Schule häufiger ohne
                Abschluss. Als Schulträgerin kann die Stadt Ganztagsangebote, Schulsozialarbeit
                und das Lernen außerhalb des Unterrichts gestalten. Diese Möglichkeiten wollen
                wir gezielt dort einsetzen, wo der Bedarf am größten ist.
                """,
            ),
            "en": (
                "Success at school must not depend on origin",
                """
                Young people with a migration background leave school without qualifications
                more often. As the body responsible for school buildings and services, the city
                can shape all-day provision, school social work and learning outside lessons.
                We want to use these means where the need is greatest.
                """,
            ),
            "children": [
                {
                    "key": "bildung-z2-m1",
                    "de": (
                        "Sommerschule in den Ferien",
                        """
                        In den Sommerferien bietet die Stadt gemeinsam mit freien Trägern eine
                        dreiwöchige Sommerschule für Kinder der Klassen 3 bis 7 an. Vormittags
                        wird gelernt, nachmittags gibt es Ausflüge, Sport und Theater. Die
                        Teilnahme ist kostenlos. Kinder, die erst seit Kurzem in Deutschland
                        leben, werden bevorzugt aufgenommen.
                        """,
                    ),
                    "en": (
                        "Summer school in the holidays",
                        """
                        During the summer holidays, the city and independent providers offer a
                        three-week summer school for children in years 3 to 7. Mornings are for
                        learning; afternoons bring outings, sport and theatre. Taking part is
                        free of charge. Children who have only recently come to Germany are
                        given priority.
                        """,
                    ),
                },
                {
                    "key": "bildung-z2-m2",
                    "de": (
                        "Unterricht in den Herkunftssprachen",
                        """
                        Mehrsprachigkeit ist ein Gewinn. Die Stadt setzt sich beim Land dafür
                        ein, dass Unterricht in den Herkunftssprachen an mehr Schulen angeboten
                        und als Fremdsprache anerkannt wird. Bis dahin stellt sie Vereinen, die
                        Sprachunterricht anbieten, Räume in Schulen kostenlos zur Verfügung.
                        """,
                    ),
                    "en": (
                        "Heritage-language lessons",
                        """
                        Multilingualism is an asset. The city urges the state government to
                        offer lessons in heritage languages at more schools and to recognise
                        them as a foreign language. Until then, it provides school rooms free of
                        charge to associations that teach these languages.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "bildung-z3",
            "de": (
                "Lernen ein Leben lang – auch für Neuzugewanderte",
                """
                Wer als junger Mensch oder als Erwachsener nach Deutschland kommt, muss sich in
                einem fremden Bildungssystem zurechtfinden. Viele bringen Abschlüsse und Erfahrungen
                mit, die hier nicht sichtbar werden. Wir wollen die Wege zu Schulabschluss,
                Ausbildung, Studium und Weiterbildung verständlich und erreichbar machen.
                """,
            ),
            "en": (
                "Lifelong learning – for newcomers too",
                """
                Anyone who comes to Germany as a teenager or an adult has to find their way
                in an unfamiliar education system. Many bring qualifications and experience
                that remain invisible here. We want to make the paths to school
                qualifications, vocational training, university and further education clear
                and within reach.
                """,
            ),
            "children": [
                {
                    "key": "bildung-z3-m1",
                    "de": (
                        "Bildungsberatung für Neuzugewanderte",
                        """
                        Die Volkshochschule richtet eine zentrale Bildungsberatung ein, die in
                        mehreren Sprachen zu Deutschkursen, Schulabschlüssen, der Anerkennung
                        von Zeugnissen und zum Studium berät. Die Beratung ist kostenlos und
                        findet auch abends und in den Stadtteilzentren statt.
                        """,
                    ),
                    "en": (
                        "Education advice for newcomers",
                        """
                        The adult education centre sets up a central advice service that
                        advises in several languages on German courses, school qualifications,
                        the recognition of certificates and university studies. The advice is
                        free and is also offered in the evenings and in neighbourhood centres.
                        """,
                    ),
                },
                {
                    "key": "bildung-z3-m2",
                    "de": (
                        "Deutschkurse mit Kinderbetreuung",
                        """
                        Vor allem Mütter kleiner Kinder können Sprachkurse oft nicht besuchen,
                        weil niemand die Kinder betreut. Die Stadt sorgt dafür, dass es an
                        mindestens fünf Kursorten eine Kinderbetreuung während des Unterrichts
                        gibt. Kurse am Vormittag werden mit den Zeiten von Kita und Schule
                        abgestimmt.
                        """,
                    ),
                    "en": (
                        "German courses with childcare",
                        """
                        Mothers of small children in particular often cannot attend language
                        courses because nobody looks after the children. The city makes sure
                        that childcare is available during lessons in at least five course
                        locations. Morning courses are timed to fit day-care and school hours.
                        """,
                    ),
                },
            ],
        },
    ],
}
