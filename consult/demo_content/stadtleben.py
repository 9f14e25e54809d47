"""Field of action "Zusammenleben im Stadtteil, Kultur und Sport" (first discussion draft)."""

FIELD = {
    "key": "stadtleben",
    "de": (
        "Zusammenleben im Stadtteil, Kultur und Sport",
        """
        Integration geschieht vor Ort: in der Nachbarschaft, im Sportverein, in der Bibliothek
        und auf dem Stadtteilfest. Hier begegnen sich Menschen unterschiedlicher Herkunft,
        hier entstehen Vertrauen und Freundschaften, hier werden aber auch Konflikte
        ausgetragen. Wir wollen Orte und Anlässe für Begegnung schaffen und die kulturelle
        Vielfalt der Stadt sichtbar machen.
        """,
    ),
    "en": (
        "Neighbourhood life, culture and sport",
        """
        Integration happens locally: in the neighbourhood, in the sports club, in the library
        and at the street festival. This is where people of different origins meet, where
        trust and friendships grow – and where conflicts are settled, too. We want to create
        places and occasions for people to meet and make the cultural diversity of the city
        visible.
        """,
    ),
    "children": [
        {
            "key": "stadtleben-z1",
            "de": (
                "Begegnung in der Nachbarschaft fördern",
                """
                Wer sich kennt, geht offener miteinander um. Dafür braucht es Orte, an denen man
                ohne Eintritt und ohne besonderen Anlass zusammenkommen kann, und kleine Budgets
                für Ideen aus der Nachbarschaft.
                """,
            ),
            "en": (
                "Encouraging encounters in the neighbourhood",
                """
                People who know each other are more open with one another. This needs places
                where people can get together without paying and without a special occasion,
                and small budgets for ideas from the neighbourhood.
                """,
            ),
            "children": [
                {
                    "key": "stadtleben-z1-m1",
                    "de": (
                        "Stadtteilfonds für Nachbarschaftsideen",
                        """
                        In jedem Stadtbezirk gibt es einen Fonds, aus dem Nachbarschaftsprojekte
                        bis 1.500 Euro unbürokratisch gefördert werden: ein Straßenfest, ein
                        Kochabend, ein Gemeinschaftsgarten. Über die Vergabe entscheidet eine
                        Jury aus Bewohnerinnen und Bewohnern. Der Antrag passt auf eine Seite
                        und kann auch mündlich gestellt werden.
                        """,
                    ),
                    "en": (
                        "Neighbourhood funds for local ideas",
                        """
                        Every district has a fund that supports neighbourhood projects of up to
                        1,500 euros without red tape: a street party, a cooking evening, a
                        community garden. A jury of residents decides who receives money. The
                        application fits on one page and can also be made orally.
                        """,
                    ),
                },
                {
                    "key": "stadtleben-z1-m2",
                    "de": (
                        "Offene Räume im Stadtteil",
                        """
                        Stadtteilzentren, Schulen und Kirchengemeinden öffnen ihre Räume abends
                        und am Wochenende für Gruppen und Vereine. Eine Übersicht im Internet
                        zeigt, welche Räume frei sind und was sie kosten. Für gemeinnützige
                        Gruppen sind die städtischen Räume kostenlos.
                        """,
                    ),
                    "en": (
                        "Open rooms in the neighbourhood",
                        """
                        Neighbourhood centres, schools and parishes open their rooms to groups
                        and associations in the evenings and at weekends. An online overview
                        shows which rooms are free and what they cost. Municipal rooms are free
                        of charge for non-profit groups.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "stadtleben-z2",
            "de": (
                "Kulturelle Vielfalt sichtbar machen",
                """
                Die städtischen Kulturangebote erreichen bisher vor allem ein Publikum ohne
                Migrationsgeschichte, obwohl es in der Stadt eine lebendige migrantische
                Kulturszene gibt. Wir wollen die städtischen Einrichtungen öffnen und
                Kulturschaffende mit Migrationsgeschichte fördern.
                """,
            ),
            "en": (
                "Making cultural diversity visible",
                """
                So far, the city's cultural programme mainly reaches an audience without a
                migration background, although the city has a lively migrant cultural scene.
                We want to open up municipal institutions and support artists with a migration
                background.
                """,
            ),
            "children": [
                {
                    "key": "stadtleben-z2-m1",
                    "de": (
                        "Bibliotheken als Orte für alle",
                        """
                        Die Stadtbibliothek erweitert ihren Bestand an Büchern und Medien in den
                        häufigsten Sprachen der Stadt. Sie bietet Sprachcafés, Vorlesestunden in
                        mehreren Sprachen und Hilfe bei Behördengängen im Internet an. Die
                        Stadtteilbibliotheken arbeiten dafür mit Vereinen vor Ort zusammen.
                        """,
                    ),
                    "en": (
                        "Libraries as places for everyone",
                        """
                        The city library extends its stock of books and media in the most
                        common languages of the city. It offers language cafés, story times in
                        several languages and help with online applications to public
                        authorities. The branch libraries work with local associations to do
                        this.
                        """,
                    ),
                },
                {
                    "key": "stadtleben-z2-m2",
                    "de": (
                        "Migrantische Kulturarbeit fördern",
                        """
                        Die Kulturförderung der Stadt berät migrantische Kulturvereine und
                        Kulturschaffende gezielt und erklärt, wie Förderanträge gestellt werden.
                        In den Jurys, die über Fördermittel entscheiden, sind Menschen mit
                        Migrationsgeschichte vertreten.
                        """,
                    ),
                    "en": (
                        "Supporting migrant cultural work",
                        """
                        The city's cultural funding office gives targeted advice to migrant
                        cultural associations and artists and explains how to apply for
                        funding. People with a migration background sit on the juries that
                        decide on funding.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "stadtleben-z3",
            "de": (
                "Sport verbindet",
                """
                Im Sportverein spielt die Herkunft kaum eine Rolle. Trotzdem sind Mädchen und
                Frauen mit Migrationsgeschichte in Vereinen selten, und viele Kinder lernen
                nicht schwimmen. Wir wollen den Zugang zum Sport erleichtern.
                """,
            ),
            "en": (
                "Sport brings people together",
                """
                In a sports club, origin hardly matters. Even so, girls and women with a
                migration background are rarely members of clubs, and many children do not
                learn to swim. We want to make it easier to take up sport.
                """,
            ),
            "children": [
                {
                    "key": "stadtleben-z3-m1",
                    "de": (
                        "Schwimmen lernen",
                        """
                        Jedes Kind soll am Ende der Grundschulzeit sicher schwimmen können. Die
                        Stadt bietet in den Ferien kostenlose Schwimmkurse an. In zwei Bädern
                        gibt es feste Zeiten, in denen Frauen und Mädchen unter sich schwimmen
                        können, mit weiblichem Aufsichtspersonal.
                        """,
                    ),
                    "en": (
                        "Learning to swim",
                        """
                        Every child should be able to swim safely by the end of primary school.
                        The city offers free swimming courses in the holidays. Two swimming
                        pools have fixed times when women and girls can swim among themselves,
                        with female lifeguards.
                        """,
                    ),
                },
                {
                    "key": "stadtleben-z3-m2",
                    "de": (
                        "Übungsleiterinnen und Übungsleiter mit Migrationsgeschichte",
                        """
                        Der Stadtsportbund und die Stadt gewinnen Menschen mit
                        Migrationsgeschichte für die Ausbildung zur Übungsleitung und übernehmen
                        die Kosten. Vereine, die neue Gruppen gründen – etwa für Mädchen –,
                        erhalten in den ersten zwei Jahren einen Zuschuss.
                        """,
                    ),
                    "en": (
                        "Coaches with a migration background",
                        """
                        The city sports federation and the city recruit people with a migration
                        background to train as coaches and cover the costs. Clubs that start new
                        groups – for girls, for example – receive a grant for the first two
                        years.
                        """,
                    ),
                },
            ],
        },
    ],
}
