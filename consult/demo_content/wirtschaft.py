"""Field of action "Arbeit und Wirtschaft" as it stands in the first discussion draft."""

FIELD = {
    "key": "wirtschaft",
    "de": (
        "Arbeit und Wirtschaft",
        """
        Arbeit sichert den Lebensunterhalt, schafft Kontakte und Anerkennung. Viele
        Zugewanderte arbeiten unter ihrer Qualifikation oder finden keinen Weg in eine
        Ausbildung. Gleichzeitig suchen die Betriebe in unserer Stadt dringend Fachkräfte.
        Wir wollen beides zusammenbringen und die Wirtschaftskraft migrantischer Unternehmen
        sichtbarer machen.
        """,
    ),
    "en": (
        "Work and economy",
        """
        Work secures a livelihood and brings contacts and recognition. Many immigrants work
        below their qualifications or find no way into vocational training. At the same time,
        businesses in our city are urgently looking for skilled workers. We want to bring the
        two together and make the economic strength of migrant-owned businesses more visible.
        """,
    ),
    "children": [
        {
            "key": "wirtschaft-z1",
            "de": (
                "Berufliche Abschlüsse schneller anerkennen",
                """
                Ärztinnen, die als Pflegehilfskräfte arbeiten, und Ingenieure, die Taxi fahren:
                Das ist ein Verlust für alle. Anerkennungsverfahren dauern oft lange und sind
                schwer zu durchschauen. Die Stadt kann beraten, durch das Verfahren begleiten
                und die Kosten abfedern.
                """,
            ),
            "en": (
                "Faster recognition of professional qualifications",
                """
                Doctors working as care assistants and engineers driving taxis: this is a loss
                for everyone. Recognition procedures often take a long time and are hard to
                understand. The city can advise, guide people through the procedure and help
                with the costs.
                """,
            ),
            "children": [
                {
                    "key": "wirtschaft-z1-m1",
                    "de": (
                        "Feste Ansprechpersonen für die Anerkennung",
                        """
                        Im Jobcenter und in der Ausländerbehörde beraten feste
                        Ansprechpersonen zur Anerkennung ausländischer Abschlüsse. Sie klären,
                        welche Stelle zuständig ist, helfen beim Zusammenstellen der Unterlagen
                        und begleiten das Verfahren bis zur Entscheidung. Niemand soll länger
                        als vier Wochen auf ein erstes Beratungsgespräch warten.
                        """,
                    ),
                    "en": (
                        "Named contacts for recognition",
                        """
                        At the job centre and the immigration office, named contact persons
                        advise on the recognition of foreign qualifications. They find out
                        which authority is responsible, help to put the documents together and
                        support the procedure until a decision is made. Nobody should wait
                        longer than four weeks for a first advice appointment.
                        """,
                    ),
                },
                {
                    "key": "wirtschaft-z1-m2",
                    "de": (
                        "Zuschuss zu den Kosten der Anerkennung",
                        """
                        Gebühren, Übersetzungen und Beglaubigungen kosten schnell mehrere
                        hundert Euro. Wer diese Kosten nicht selbst tragen kann und keine
                        andere Förderung erhält, bekommt einen Zuschuss aus einem städtischen
                        Fonds. Der Antrag ist kurz und kann in mehreren Sprachen gestellt
                        werden.
                        """,
                    ),
                    "en": (
                        "Grants towards the cost of recognition",
                        """
                        Fees, translations and certified copies quickly add up to several
                        hundred euros. People who cannot pay these costs themselves and receive
                        no other support get a grant from a municipal fund. The application is
                        short and can be made in several languages.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "wirtschaft-z2",
            "de": (
                "Mehr junge Zugewanderte in Ausbildung",
                """
                Die duale Ausbildung ist in vielen Herkunftsländern unbekannt. Junge Menschen
                und ihre Familien entscheiden sich deshalb oft gegen diesen Weg, obwohl er gute
                Chancen bietet. Wir wollen junge Menschen und ihre Familien informieren, sie
                während der Ausbildung begleiten und Betriebe ermutigen, Zugewanderte
                auszubilden.
                """,
            ),
            "en": (
                "More young immigrants in vocational training",
                """
                Dual vocational training is unknown in many countries of origin. Young people
                and their families therefore often decide against this path, although it
                offers good prospects. We want to inform young people and their families,
                support them during their training and encourage businesses to take on young
                immigrants as apprentices.
                """,
            ),
            "children": [
                {
                    "key": "wirtschaft-z2-m1",
                    "de": (
                        "Ausbildungspatenschaften",
                        """
                        Ehrenamtliche Patinnen und Paten begleiten Auszubildende mit
                        Migrationsgeschichte durch die Ausbildung: bei Fragen zur Berufsschule,
                        bei Konflikten im Betrieb und bei der Vorbereitung auf die Prüfung. Die
                        Stadt gewinnt die Patinnen und Paten gemeinsam mit Kammern und
                        Gewerkschaften, bildet sie fort und bringt sie mit den Auszubildenden
                        zusammen.
                        """,
                    ),
                    "en": (
                        "Training mentors",
                        """
                        Volunteer mentors support apprentices with a migration background
                        throughout their training: with questions about vocational school,
                        conflicts at work and preparing for the exam. The city recruits the
                        mentors together with the chambers and unions, trains them and matches
                        them with apprentices.
                        """,
                    ),
                },
                {
                    "key": "wirtschaft-z2-m2",
                    "de": (
                        "Berufsorientierung gemeinsam mit Eltern",
                        """
                        Eltern haben großen Einfluss auf die Berufswahl ihrer Kinder. An den
                        weiterführenden Schulen finden ab Klasse 8 Informationsabende zur
                        Berufswahl in mehreren Sprachen statt, auf denen Auszubildende und
                        Betriebe von ihren Erfahrungen berichten. Migrant*innenorganisationen
                        laden gemeinsam mit den Schulen dazu ein.
                        """,
                    ),
                    "en": (
                        "Career guidance together with parents",
                        """
                        Parents have a strong influence on their children's choice of career.
                        From year 8, secondary schools hold information evenings on career
                        choice in several languages, where apprentices and businesses talk
                        about their experience. Migrant organisations invite parents together
                        with the schools.
                        """,
                    ),
                },
                {
                    "key": "wirtschaft-z2-m3",
                    "de": (
                        "Ausbildung in Teilzeit",
                        """
                        Junge Mütter und Väter – auch Geflüchtete mit Familie – können eine
                        Ausbildung in Vollzeit oft nicht mit der Betreuung ihrer Kinder
                        verbinden. Die Stadt wirbt bei Betrieben für die Ausbildung in Teilzeit,
                        bietet sie in ihren eigenen Ausbildungsberufen an und berücksichtigt
                        Auszubildende bei der Vergabe von Kita-Plätzen.
                        """,
                    ),
                    "en": (
                        "Part-time vocational training",
                        """
                        Young mothers and fathers – including refugees with families – often
                        cannot combine full-time training with looking after their children.
                        The city encourages businesses to offer part-time training, offers it
                        in its own training occupations and takes apprentices into account when
                        allocating day-care places.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "wirtschaft-z3",
            "de": (
                "Migrantische Unternehmen stärken",
                """
                Unternehmerinnen und Unternehmer mit Migrationsgeschichte schaffen Arbeits- und
                Ausbildungsplätze und beleben die Stadtteile. Die Angebote der
                Wirtschaftsförderung nutzen sie bisher aber selten. Das wollen wir ändern.
                """,
            ),
            "en": (
                "Strengthening migrant-owned businesses",
                """
                Entrepreneurs with a migration background create jobs and training places and
                bring life to the neighbourhoods. So far, however, they rarely use the services
                of the city's economic development agency. We want to change that.
                """,
            ),
            "children": [
                {
                    "key": "wirtschaft-z3-m1",
                    "de": (
                        "Gründungsberatung in mehreren Sprachen",
                        """
                        Die Wirtschaftsförderung bietet ihre Gründungsberatung regelmäßig auch
                        auf Türkisch, Arabisch, Russisch und Englisch an. Erfahrene
                        Unternehmerinnen und Unternehmer stehen als Mentorinnen und Mentoren zur
                        Seite. Themen sind unter anderem:

                        - Geschäftsplan und Finanzierung,
                        - Steuern und Buchführung,
                        - Genehmigungen und Gewerbeanmeldung.
                        """,
                    ),
                    "en": (
                        "Start-up advice in several languages",
                        """
                        The economic development agency regularly offers its start-up advice in
                        Turkish, Arabic, Russian and English as well. Experienced entrepreneurs
                        act as mentors. Topics include:

                        - business plan and financing,
                        - taxes and bookkeeping,
                        - permits and business registration.
                        """,
                    ),
                },
                {
                    "key": "wirtschaft-z3-m2",
                    "de": (
                        "Mehr Ausbildungsbetriebe gewinnen",
                        """
                        Viele migrantische Betriebe bilden nicht aus, obwohl sie es könnten.
                        Eine Ausbildungsberaterin der Kammern besucht Betriebe gezielt, erklärt
                        die Voraussetzungen und hilft beim Erwerb der Ausbildereignung. Ziel
                        sind 50 zusätzliche Ausbildungsplätze in drei Jahren.
                        """,
                    ),
                    "en": (
                        "Winning more training companies",
                        """
                        Many migrant-owned businesses do not train apprentices, although they
                        could. A training adviser from the chambers visits businesses, explains
                        the requirements and helps them qualify as trainers. The aim is 50
                        additional training places in three years.
                        """,
                    ),
                },
            ],
        },
    ],
}
