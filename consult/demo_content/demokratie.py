"""Field of action "Teilhabe und Demokratie" as it stands in the first discussion draft."""

FIELD = {
    "key": "demokratie",
    "de": (
        "Teilhabe und Demokratie",
        """
        Viele Menschen, die seit Jahren hier leben, dürfen nicht wählen, weil sie keinen
        deutschen Pass haben oder aus einem Land außerhalb der Europäischen Union kommen. Umso
        wichtiger sind andere Wege, mitzureden und mitzuentscheiden. Eine lebendige Demokratie
        braucht die Stimmen aller, die in der Stadt leben, und schützt alle vor Rassismus und
        Diskriminierung.
        """,
    ),
    "en": (
        "Participation and democracy",
        """
        Many people who have lived here for years are not allowed to vote because they do not
        hold a German passport or come from a country outside the European Union. This makes
        other ways of having a say and sharing decisions all the more important. A lively
        democracy needs the voices of everyone who lives in the city and protects everyone
        from racism and discrimination.
        """,
    ),
    "children": [
        {
            "key": "demokratie-z1",
            "de": (
                "Politische Mitsprache stärken",
                """
                Menschen mit Migrationsgeschichte sollen in Gremien, Beiräten und Parteien
                vertreten sein. Und mehr Menschen, die die Voraussetzungen erfüllen, sollen
                sich einbürgern lassen.
                """,
            ),
            "en": (
                "Strengthening political participation",
                """
                People with a migration background should be represented on committees,
                advisory boards and in parties. And more people who meet the requirements
                should become German citizens.
                """,
            ),
            "children": [
                {
                    "key": "demokratie-z1-m1",
                    "de": (
                        "Einbürgerung erleichtern",
                        """
                        Die Einbürgerungsbehörde erhält mehr Personal, damit Anträge schneller
                        bearbeitet werden, und bietet offene Informationsabende an. Eine
                        jährliche Feier im Rathaus würdigt alle neuen Staatsbürgerinnen und
                        Staatsbürger. Eine mehrsprachige Kampagne wirbt für die Einbürgerung.
                        """,
                    ),
                    "en": (
                        "Making naturalisation easier",
                        """
                        The naturalisation office receives more staff so that applications are
                        processed faster, and it holds open information evenings. An annual
                        ceremony at the town hall honours all new citizens. A multilingual
                        campaign promotes naturalisation.
                        """,
                    ),
                },
                {
                    "key": "demokratie-z1-m2",
                    "de": (
                        "Wahlinformationen in vielen Sprachen",
                        """
                        Vor Kommunal- und Europawahlen informiert die Stadt Bürgerinnen und
                        Bürger anderer EU-Staaten in ihren Sprachen darüber, dass und wie sie
                        wählen können. Gemeinsam mit Vereinen finden Veranstaltungen statt, bei
                        denen Kandidierende Fragen beantworten.
                        """,
                    ),
                    "en": (
                        "Election information in many languages",
                        """
                        Before local and European elections, the city informs citizens of other
                        EU countries in their own languages that they may vote and how. Together
                        with associations, it holds events where candidates answer questions.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "demokratie-z2",
            "de": (
                "Migrant*innenselbstorganisationen stärken",
                """
                Migrant*innenselbstorganisationen leisten viel für das Zusammenleben, meist
                ehrenamtlich. Damit sie auf Augenhöhe mit anderen Trägern arbeiten können,
                brauchen sie Beratung, Räume und eine verlässliche Förderung.
                """,
            ),
            "en": (
                "Strengthening migrant self-organisations",
                """
                Migrant self-organisations do a great deal for community life, mostly as
                volunteers. To work on an equal footing with other providers, they need advice,
                rooms and reliable funding.
                """,
            ),
            "children": [
                {
                    "key": "demokratie-z2-m1",
                    "de": (
                        "Beratung und Fortbildung für Vereine",
                        """
                        Eine Servicestelle berät Vereine zu Vereinsrecht, Finanzen,
                        Förderanträgen und Öffentlichkeitsarbeit. Das jährliche
                        Fortbildungsprogramm findet abends und am Wochenende statt, damit auch
                        Ehrenamtliche teilnehmen können.
                        """,
                    ),
                    "en": (
                        "Advice and training for associations",
                        """
                        A service office advises associations on association law, finances,
                        funding applications and public relations. The annual training
                        programme takes place in the evenings and at weekends so that
                        volunteers can take part too.
                        """,
                    ),
                },
                {
                    "key": "demokratie-z2-m2",
                    "de": (
                        "Verlässliche Grundförderung",
                        """
                        Neben der Förderung einzelner Projekte führt die Stadt eine
                        Grundförderung ein. Damit können Vereine Miete, Verwaltung und eine
                        Teilzeitstelle bezahlen. Die Kriterien werden gemeinsam mit den Vereinen
                        entwickelt und veröffentlicht.
                        """,
                    ),
                    "en": (
                        "Reliable core funding",
                        """
                        In addition to funding individual projects, the city introduces core
                        funding. With it, associations can pay rent, administration and a
                        part-time post. The criteria are developed together with the
                        associations and published.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "demokratie-z3",
            "de": (
                "Schutz vor Rassismus und Diskriminierung",
                """
                Rassismus und Diskriminierung verletzen Menschen und schwächen den
                Zusammenhalt. Die Stadt bezieht klar Stellung, unterstützt Betroffene und prüft
                auch ihr eigenes Handeln.
                """,
            ),
            "en": (
                "Protection against racism and discrimination",
                """
                Racism and discrimination hurt people and weaken social cohesion. The city
                takes a clear stand, supports those affected and also examines its own
                actions.
                """,
            ),
            "children": [
                {
                    "key": "demokratie-z3-m1",
                    "de": (
                        "Antidiskriminierungsberatung",
                        """
                        Eine unabhängige Beratungsstelle unterstützt Menschen, die
                        Diskriminierung erleben – im Beruf, bei Behörden, bei der Wohnungssuche
                        oder im Alltag. Sie berät kostenlos, vertraulich und in mehreren
                        Sprachen und begleitet auf Wunsch auch in einem Gerichtsverfahren.
                        """,
                    ),
                    "en": (
                        "Anti-discrimination advice",
                        """
                        An independent advice centre supports people who experience
                        discrimination – at work, with public authorities, when looking for a
                        flat or in everyday life. It advises free of charge, confidentially and
                        in several languages, and on request also supports people in court
                        proceedings.
                        """,
                    ),
                },
                {
                    "key": "demokratie-z3-m2",
                    "de": (
                        "Jährlicher Bericht über rassistische Vorfälle",
                        """
                        Die Beratungsstelle berichtet jedes Jahr, welche rassistischen Vorfälle
                        ihr bekannt geworden sind, und ergänzt die Zahlen der Polizei. Der
                        Bericht wird im Rat und im Lokalen Integrationsrat besprochen und ist
                        Grundlage für weitere Maßnahmen.
                        """,
                    ),
                    "en": (
                        "Annual report on racist incidents",
                        """
                        Every year, the advice centre reports which racist incidents have come
                        to its attention and adds to the police figures. The report is
                        discussed in the city council and in the Local Integration Council and
                        forms the basis for further measures.
                        """,
                    ),
                },
            ],
        },
    ],
}
