"""Texts in Leichte Sprache (content language `de-x-ls`).

The rules we follow: short sentences, one statement per line, active verbs, no genitive,
few negations, difficult words explained when they first appear, long words split with a
hyphen (Integrations-Plan), numbers as digits, readers addressed as "Sie". Each line is its own
Markdown paragraph.
"""

PROCESS = (
    "Der Integrations-Plan für unsere Stadt",
    "Hier erklären wir den Integrations-Plan in Leichter Sprache.",
    """
    **Was ist der Integrations-Plan?**

    In unserer Stadt leben viele Menschen aus anderen Ländern.

    Alle Menschen sollen hier gut zusammen-leben.

    Alle Menschen sollen die gleichen Chancen haben.

    Zum Beispiel in der Schule und bei der Arbeit.

    Dafür gibt es einen Plan.

    Der Plan heißt: Integrations-Plan.

    **Was bedeutet Integration?**

    Integration bedeutet: Alle Menschen gehören dazu.

    Alle Menschen können mit-machen.

    Egal, aus welchem Land sie kommen.

    **Die Stadt schreibt den Plan neu.**

    Der Plan ist von 2008.

    Seitdem hat sich viel verändert.

    Darum schreibt die Stadt den Plan neu.

    Viele Menschen helfen dabei.

    Zum Beispiel:

    - Menschen aus Vereinen
    - junge Menschen
    - Menschen aus der Politik

    **Sie können mit-machen.**

    Lesen Sie den Plan.

    Schreiben Sie uns Ihre Meinung.

    Das geht im Internet.

    Das geht auch mit einem Brief.

    Oder Sie kommen zu uns und sagen uns Ihre Meinung.

    Wir lesen alles.

    Und wir antworten Ihnen.

    **Wie geht es weiter?**

    Die Stadt verbessert den Plan.

    Dann bekommt der Rat den Plan.

    Der Rat sind Politikerinnen und Politiker aus unserer Stadt.

    Die Menschen in unserer Stadt haben den Rat gewählt.

    Der Rat entscheidet über den Plan.

    **Wichtig:**

    Diese Seite ist ein Beispiel.

    Wir haben die Texte ausgedacht.
    """,
)

# The six fields of action in Leichte Sprache, translated from the second discussion draft.
FIELDS = {
    "bildung": (
        "Bildung: Gut lernen",
        """
        In diesem Teil geht es um Bildung.

        Bildung heißt: Menschen lernen etwas.

        Zum Beispiel in der Kita.

        Oder in der Schule.

        Oder in einem Kurs für Erwachsene.

        Alle Kinder sollen gut lernen.

        Auch Kinder aus Familien mit einer anderen Sprache.

        Mehrere Sprachen sprechen ist gut.

        Die Stadt arbeitet dafür mit den Eltern zusammen.

        Auch Jugendliche und Erwachsene sollen gut lernen.

        Zum Beispiel Menschen, die neu in unserer Stadt sind.
        """,
    ),
    "wirtschaft": (
        "Arbeit",
        """
        In diesem Teil geht es um Arbeit.

        Mit Arbeit verdienen Menschen Geld.

        Bei der Arbeit lernen Menschen andere Menschen kennen.

        Viele Menschen haben in einem anderen Land einen Beruf gelernt.

        In Deutschland muss ein Amt diesen Beruf prüfen.

        Das dauert oft lange.

        Die Stadt hilft dabei.

        Die Stadt will auch: Mehr junge Menschen machen eine Ausbildung.

        Ausbildung heißt: Man lernt einen Beruf in einer Firma und in einer Schule.

        Die Stadt hilft auch Menschen mit einer eigenen Firma.
        """,
    ),
    "soziales": (
        "Gesundheit und Wohnen",
        """
        In diesem Teil geht es um Gesundheit und Wohnen.

        Alle Menschen sollen gesund leben.

        Alle Menschen sollen eine gute Wohnung haben.

        Manche Menschen verstehen ihre Ärztin oder ihren Arzt schlecht.

        Dann hilft eine Person beim Übersetzen.

        Manche Menschen haben keine Kranken-Versicherung.

        Die Stadt hilft auch diesen Menschen.

        Manche Menschen bekommen nur schwer eine Wohnung.

        Der Grund: Sie haben einen Namen aus einem anderen Land.

        Das nennt man: Diskriminierung.

        Diskriminierung ist ungerecht und verboten.

        Die Stadt hilft Menschen bei der Suche nach einer Wohnung.

        Die Stadt hilft auch alten Menschen.
        """,
    ),
    "stadtleben": (
        "Zusammen-Leben in der Nachbarschaft",
        """
        In diesem Teil geht es um das Zusammen-Leben.

        Nachbarschaft heißt: Menschen wohnen nah beieinander.

        Die Menschen in der Nachbarschaft sollen sich kennen-lernen.

        Dafür braucht es Orte.

        Zum Beispiel:

        - einen Raum für Treffen
        - eine Bücherei
        - einen Sport-Verein

        Die Stadt gibt Geld für Ideen aus der Nachbarschaft.

        Zum Beispiel für ein Straßen-Fest.
        """,
    ),
    "demokratie": (
        "Mit-Reden und Mit-Bestimmen",
        """
        In diesem Teil geht es um Demokratie.

        Demokratie heißt: Die Menschen bestimmen mit.

        Zum Beispiel bei einer Wahl.

        Viele Menschen in unserer Stadt dürfen nicht wählen.

        Der Grund: Sie haben keinen deutschen Pass.

        Diese Menschen sollen trotzdem mit-reden.

        Auch junge Menschen sollen mit-reden.

        Alle Menschen sollen gut behandelt werden.

        Egal, aus welchem Land sie kommen.

        Manche Menschen werden wegen ihrer Herkunft schlecht behandelt.

        Die Stadt hilft diesen Menschen.
        """,
    ),
    "stadtverwaltung": (
        "Eine Stadt-Verwaltung für alle",
        """
        In diesem Teil geht es um die Stadt-Verwaltung.

        Die Stadt-Verwaltung sind die Ämter von der Stadt.

        Zum Beispiel das Bürger-Amt.

        Die Ämter sind für alle Menschen da.

        In den Ämtern sollen Menschen aus vielen Ländern arbeiten.

        Briefe vom Amt sollen leicht zu verstehen sein.

        Wichtige Informationen gibt es in vielen Sprachen.

        Und in Leichter Sprache.

        Im Amt gibt es Hilfe beim Übersetzen.
        """,
    ),
}
