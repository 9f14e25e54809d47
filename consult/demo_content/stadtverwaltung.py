"""Field of action "Interkulturelle Öffnung der Verwaltung" (first discussion draft)."""

FIELD = {
    "key": "stadtverwaltung",
    "de": (
        "Interkulturelle Öffnung der Verwaltung",
        """
        Die Stadtverwaltung ist für alle Einwohnerinnen und Einwohner da. Ihre Belegschaft soll
        deshalb die Vielfalt der Stadt widerspiegeln, sie soll verständlich kommunizieren und
        alle Menschen respektvoll und kompetent beraten. Als eine der größten Arbeitgeberinnen
        der Stadt geht sie dabei mit gutem Beispiel voran.
        """,
    ),
    "en": (
        "Intercultural opening of the city administration",
        """
        The city administration is there for all residents. Its workforce should therefore
        reflect the diversity of the city; it should communicate clearly and advise everyone
        with respect and competence. As one of the largest employers in the city, it wants to
        lead by example.
        """,
    ),
    "children": [
        {
            "key": "stadtverwaltung-z1",
            "de": (
                "Vielfalt in der Belegschaft",
                """
                Unter den Beschäftigten der Stadt haben deutlich weniger Menschen eine
                Migrationsgeschichte als unter den Einwohnerinnen und Einwohnern. Bei den
                Auszubildenden wollen wir diesen Abstand innerhalb von fünf Jahren schließen.
                """,
            ),
            "en": (
                "Diversity in the workforce",
                """
                Far fewer of the city's employees have a migration background than its
                residents. Among apprentices, we want to close this gap within five years.
                """,
            ),
            "children": [
                {
                    "key": "stadtverwaltung-z1-m1",
                    "de": (
                        "Ausbildungskampagne der Stadt",
                        """
                        Die Stadt wirbt mit einer Kampagne für ihre Ausbildungsberufe, in der
                        Auszubildende mit Migrationsgeschichte selbst zu Wort kommen. Sie ist
                        auf Ausbildungsmessen, in Schulen und in Vereinen präsent. In
                        Stellenausschreibungen werden Sprachkenntnisse ausdrücklich als Vorteil
                        genannt.
                        """,
                    ),
                    "en": (
                        "The city's training campaign",
                        """
                        The city promotes its training occupations with a campaign in which
                        apprentices with a migration background speak for themselves. It is
                        present at training fairs, in schools and in associations. Job
                        advertisements explicitly name language skills as an advantage.
                        """,
                    ),
                },
                {
                    "key": "stadtverwaltung-z1-m2",
                    "de": (
                        "Faire Auswahlverfahren",
                        """
                        Mitglieder von Auswahlkommissionen werden zu unbewussten Vorurteilen
                        geschult. In zwei Bereichen erprobt die Stadt anonymisierte Bewerbungen
                        und veröffentlicht die Ergebnisse der Auswertung.
                        """,
                    ),
                    "en": (
                        "Fair selection procedures",
                        """
                        Members of selection panels are trained on unconscious bias. In two
                        departments, the city tries out anonymised applications and publishes
                        the results of the evaluation.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "stadtverwaltung-z2",
            "de": (
                "Verständlich und mehrsprachig informieren",
                """
                Behördenbriefe und Formulare sind für viele Menschen schwer zu verstehen, ob
                mit oder ohne Migrationsgeschichte. Gute Verständigung spart Zeit, vermeidet
                Fehler und schafft Vertrauen.
                """,
            ),
            "en": (
                "Clear and multilingual information",
                """
                Official letters and forms are hard to understand for many people, with or
                without a migration background. Good communication saves time, avoids mistakes
                and builds trust.
                """,
            ),
            "children": [
                {
                    "key": "stadtverwaltung-z2-m1",
                    "de": (
                        "Wichtige Informationen in vielen Sprachen und in Leichter Sprache",
                        """
                        Die wichtigsten Informationen der Stadt – etwa zu Anmeldung, Kita,
                        Schule, Aufenthalt und Wohngeld – erscheinen in den häufigsten Sprachen
                        der Stadt und in Leichter Sprache. Standardbriefe werden verständlicher
                        formuliert.
                        """,
                    ),
                    "en": (
                        "Key information in many languages and in Easy German",
                        """
                        The city's most important information – for example on registering an
                        address, day care, school, residence and housing benefit – is published
                        in the most common languages of the city and in Easy German. Standard
                        letters are rewritten to be easier to understand.
                        """,
                    ),
                },
                {
                    "key": "stadtverwaltung-z2-m2",
                    "de": (
                        "Dolmetschen im Bürgeramt",
                        """
                        Bürgerämter, Ausländerbehörde und Sozialdienste können bei Bedarf eine
                        Dolmetscherin oder einen Dolmetscher per Video hinzuziehen, in mehr als
                        30 Sprachen. Die Beschäftigten werden geschult, dieses Angebot von sich
                        aus zu machen.
                        """,
                    ),
                    "en": (
                        "Interpreting at the citizens' office",
                        """
                        The citizens' offices, the immigration office and the social services
                        can call in an interpreter by video when needed, in more than 30
                        languages. Staff are trained to offer this service on their own
                        initiative.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "stadtverwaltung-z3",
            "de": (
                "Kompetent und respektvoll beraten",
                """
                Wer zur Behörde kommt, soll sich willkommen und ernst genommen fühlen. Dazu
                brauchen die Beschäftigten Wissen, Zeit und Unterstützung – und die Menschen
                einen Weg, sich zu beschweren, wenn etwas schiefläuft.
                """,
            ),
            "en": (
                "Competent and respectful advice",
                """
                Anyone who comes to a public office should feel welcome and taken seriously.
                For this, staff need knowledge, time and support – and people need a way to
                complain when something goes wrong.
                """,
            ),
            "children": [
                {
                    "key": "stadtverwaltung-z3-m1",
                    "de": (
                        "Fortbildung für alle Beschäftigten mit Publikumsverkehr",
                        """
                        Alle Beschäftigten, die mit Bürgerinnen und Bürgern zu tun haben,
                        nehmen innerhalb von drei Jahren an einer Fortbildung zu interkultureller
                        Kommunikation und Antidiskriminierung teil. Die Führungskräfte beginnen.
                        Die Fortbildungen werden gemeinsam mit Migrant*innenorganisationen
                        gestaltet.
                        """,
                    ),
                    "en": (
                        "Training for all staff who deal with the public",
                        """
                        All staff who deal with members of the public take part in training on
                        intercultural communication and anti-discrimination within three years.
                        Managers go first. The training is designed together with migrant
                        organisations.
                        """,
                    ),
                },
                {
                    "key": "stadtverwaltung-z3-m2",
                    "de": (
                        "Beschwerdestelle",
                        """
                        Eine zentrale Stelle nimmt Beschwerden über Diskriminierung durch
                        städtische Dienststellen entgegen, auch anonym und in mehreren Sprachen.
                        Sie klärt jeden Fall mit der Dienststelle auf und berichtet einmal im
                        Jahr dem Rat.
                        """,
                    ),
                    "en": (
                        "Complaints office",
                        """
                        A central office receives complaints about discrimination by municipal
                        departments, also anonymously and in several languages. It clarifies
                        each case with the department concerned and reports to the council once
                        a year.
                        """,
                    ),
                },
            ],
        },
    ],
}
