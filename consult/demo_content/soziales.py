"""Field of action "Soziales, Gesundheit und Wohnen" as it stands in the first discussion draft."""

FIELD = {
    "key": "soziales",
    "de": (
        "Soziales, Gesundheit und Wohnen",
        """
        Gesundheit, eine gute Wohnung und Hilfe in schwierigen Lebenslagen sind Grundlagen für
        ein gelingendes Leben. Sprachbarrieren, fehlendes Wissen über das Hilfesystem und
        Diskriminierung führen dazu, dass Zugewanderte Hilfen seltener nutzen. Die Angebote der
        Stadt und ihrer Partner sollen alle erreichen.
        """,
    ),
    "en": (
        "Social affairs, health and housing",
        """
        Health, a decent home and help in difficult situations are the foundations of a good
        life. Language barriers, a lack of knowledge about the support system and
        discrimination mean that immigrants use help less often. The services of the city and
        its partners should reach everyone.
        """,
    ),
    "children": [
        {
            "key": "soziales-z1",
            "de": (
                "Gesundheitsversorgung für alle erreichbar machen",
                """
                Wer das deutsche Gesundheitssystem nicht kennt oder sich nicht verständigen
                kann, geht seltener zur Vorsorge und kommt später in Behandlung. Wir wollen
                Wissen vermitteln und Sprachbarrieren abbauen.
                """,
            ),
            "en": (
                "Making health care accessible to everyone",
                """
                People who do not know the German health system or cannot make themselves
                understood go for check-ups less often and start treatment later. We want to
                share knowledge and break down language barriers.
                """,
            ),
            "children": [
                {
                    "key": "soziales-z1-m1",
                    "de": (
                        "Gesundheitslotsinnen und -lotsen",
                        """
                        Menschen mit Migrationsgeschichte werden zu Gesundheitslotsinnen und
                        -lotsen ausgebildet. Sie informieren in ihren Sprachen und in vertrauter
                        Umgebung – etwa in Moscheegemeinden, Kulturvereinen oder Elterncafés –
                        über Vorsorge, Impfungen, Pflege und seelische Gesundheit. Das
                        Gesundheitsamt koordiniert das Projekt.
                        """,
                    ),
                    "en": (
                        "Health guides",
                        """
                        People with a migration background are trained as health guides. They
                        provide information in their own languages and in familiar settings –
                        for example in mosque communities, cultural associations or parents'
                        cafés – on check-ups, vaccinations, care and mental health. The public
                        health department coordinates the project.
                        """,
                    ),
                },
                {
                    "key": "soziales-z1-m2",
                    "de": (
                        "Dolmetschen im Gesundheitswesen",
                        """
                        Die Stadt richtet einen Pool geschulter Sprachmittlerinnen und
                        Sprachmittler ein, den Beratungsstellen, Praxen und Kliniken buchen
                        können, auch per Video. Für städtische Stellen und für Beratungen ohne
                        andere Finanzierung trägt die Stadt die Kosten. Kinder sollen nicht
                        mehr für ihre Eltern dolmetschen müssen.
                        """,
                    ),
                    "en": (
                        "Interpreting in health care",
                        """
                        The city sets up a pool of trained community interpreters that
                        counselling services, medical practices and hospitals can book, also by
                        video. The city pays for municipal services and for counselling that
                        has no other funding. Children should no longer have to interpret for
                        their parents.
                        """,
                    ),
                },
                {
                    "key": "soziales-z1-m3",
                    "de": (
                        "Psychosoziale Beratung für Geflüchtete",
                        """
                        Viele Geflüchtete haben Gewalt und Verlust erlebt. Das Psychosoziale
                        Zentrum wird so ausgebaut, dass niemand länger als einen Monat auf ein
                        Erstgespräch wartet. Fachkräfte in Unterkünften und Beratungsstellen
                        werden geschult, seelische Belastungen früh zu erkennen.
                        """,
                    ),
                    "en": (
                        "Psychosocial counselling for refugees",
                        """
                        Many refugees have experienced violence and loss. The psychosocial
                        centre is expanded so that nobody waits longer than one month for a
                        first appointment. Staff in accommodation centres and counselling
                        services are trained to recognise psychological strain early.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "soziales-z2",
            "de": (
                "Fairer Zugang zu Wohnraum",
                """
                Auf dem angespannten Wohnungsmarkt haben es Menschen mit ausländisch klingendem
                Namen besonders schwer. Geflüchtete leben oft lange in Gemeinschaftsunterkünften,
                obwohl sie ausziehen dürften. Wir wollen den Zugang zu Wohnungen öffnen und
                Diskriminierung entgegentreten.
                """,
            ),
            "en": (
                "Fair access to housing",
                """
                On a tight housing market, people with foreign-sounding names face particular
                difficulties. Refugees often live in shared accommodation for a long time,
                although they would be allowed to move out. We want to open up access to
                housing and stand up to discrimination.
                """,
            ),
            "children": [
                {
                    "key": "soziales-z2-m1",
                    "de": (
                        "Beratung bei Diskriminierung auf dem Wohnungsmarkt",
                        """
                        Eine unabhängige Beratungsstelle unterstützt Menschen, die bei der
                        Wohnungssuche benachteiligt werden, und kann mit Testanfragen prüfen,
                        ob Vermieter diskriminieren. Die städtische Wohnungsgesellschaft
                        verpflichtet sich zu nachvollziehbaren Vergaberegeln und schult ihre
                        Beschäftigten.
                        """,
                    ),
                    "en": (
                        "Advice on discrimination in the housing market",
                        """
                        An independent advice centre supports people who are disadvantaged when
                        looking for a flat and can use test enquiries to check whether
                        landlords discriminate. The municipal housing company commits itself to
                        transparent allocation rules and trains its staff.
                        """,
                    ),
                },
                {
                    "key": "soziales-z2-m2",
                    "de": (
                        "Auszug aus Gemeinschaftsunterkünften",
                        """
                        Ein Auszugsmanagement hilft Geflüchteten bei der Suche nach einer
                        eigenen Wohnung: mit Wohnungsangeboten, Begleitung zu Besichtigungen und
                        einem Kurs, der Rechte und Pflichten als Mieterin oder Mieter erklärt.
                        Vermieterinnen und Vermieter erhalten eine feste Ansprechperson für
                        Fragen und Probleme.
                        """,
                    ),
                    "en": (
                        "Moving out of shared accommodation",
                        """
                        A move-out service helps refugees find a flat of their own: with
                        housing offers, someone to go with them to viewings and a course that
                        explains tenants' rights and duties. Landlords get a named contact person for questions
                        and problems.
                        """,
                    ),
                },
            ],
        },
        {
            "key": "soziales-z3",
            "de": (
                "Älter werden in der Einwanderungsstadt",
                """
                Die erste Generation der Arbeitsmigrantinnen und Arbeitsmigranten ist heute im
                Rentenalter. Angebote für Seniorinnen und Senioren und Pflegedienste erreichen
                sie bisher kaum. Alle Menschen sollen im Alter gut versorgt sein und am Leben
                im Stadtteil teilhaben.
                """,
            ),
            "en": (
                "Growing older in a city of immigration",
                """
                The first generation of labour migrants has now reached retirement age.
                Services for older people and care services have so far hardly reached them.
                Everyone should be well looked after in old age and take part in the life of
                their neighbourhood.
                """,
            ),
            "children": [
                {
                    "key": "soziales-z3-m1",
                    "de": (
                        "Kultursensible Pflege",
                        """
                        Pflegedienste und Pflegeheime, die mit der Stadt zusammenarbeiten,
                        bilden ihre Beschäftigten in kultursensibler Pflege fort. Dazu gehört
                        Wissen über religiöse Bedürfnisse, Essgewohnheiten und die Rolle der
                        Familie. Die Stadt fördert eine Pflegeberatung in mehreren Sprachen.
                        """,
                    ),
                    "en": (
                        "Culturally sensitive care",
                        """
                        Care services and care homes that work with the city train their staff
                        in culturally sensitive care. This includes knowledge of religious
                        needs, eating habits and the role of the family. The city funds care
                        advice in several languages.
                        """,
                    ),
                },
                {
                    "key": "soziales-z3-m2",
                    "de": (
                        "Seniorentreffs für alle",
                        """
                        Die Seniorentreffs öffnen sich für ältere Zugewanderte: mit Angeboten
                        in mehreren Sprachen, gemeinsamen Festen und in Zusammenarbeit mit
                        Migrant*innenorganisationen. Jeder Treff entwickelt dafür mit den
                        Menschen im Stadtteil ein eigenes Programm.
                        """,
                    ),
                    "en": (
                        "Senior citizens' clubs for everyone",
                        """
                        The senior citizens' clubs open up to older immigrants: with activities
                        in several languages, shared celebrations and in cooperation with
                        migrant organisations. Each club develops its own programme together
                        with the people in its neighbourhood.
                        """,
                    ),
                },
            ],
        },
    ],
}
