"""The demo process: settings, texts in every language, and the phases."""

from consult.demo_content import leichte_sprache

SLUG = "lip"
ORIGINAL_LANGUAGE = "de"
LANGUAGES = ["de", "de-x-ls", "en", "tr", "ar"]

# language → (title, summary, body in Markdown)
TEXTS = {
    "de": (
        "Lokaler Integrationsplan 2.0",
        "Die Stadt überarbeitet ihren Lokalen Integrationsplan – gemeinsam mit allen, die "
        "hier leben. Lesen Sie den Entwurf, kommentieren Sie einzelne Abschnitte und schicken "
        "Sie uns Ihre Stellungnahme.",
        """
        Der Lokale Integrationsplan (LIP) beschreibt, wie unsere Stadt das Zusammenleben in
        einer Einwanderungsgesellschaft gestalten will. Der erste Plan wurde 2008 vom Rat
        beschlossen. Seitdem ist viel geschehen: Viele Ziele von damals sind erreicht, neue
        Aufgaben sind hinzugekommen – nicht zuletzt, weil seit 2015 viele Menschen neu zu uns
        gekommen sind. Der Rat hat die Verwaltung deshalb beauftragt, den Plan zu überarbeiten
        und die Stadtgesellschaft daran zu beteiligen.

        **Sechs Handlungsfelder**

        Der Plan gliedert sich in sechs Handlungsfelder: Bildung; Arbeit und Wirtschaft;
        Soziales, Gesundheit und Wohnen; Zusammenleben im Stadtteil, Kultur und Sport; Teilhabe
        und Demokratie; Interkulturelle Öffnung der Verwaltung. Jedes Handlungsfeld nennt
        Ziele, und zu jedem Ziel gehören konkrete Maßnahmen.

        **Wer schreibt den Plan?**

        Den Text erarbeiten sechs Expert*innengruppen, eine für jedes Handlungsfeld. Darin
        arbeiten Fachleute aus der Verwaltung mit Menschen aus Migrant*innenselbstorganisationen,
        Verbänden, Vereinen und Initiativen zusammen. In jeder Gruppe sitzen auch Delegierte der
        AG Jugend, damit die Themen junger Menschen auf den Tisch kommen. Eine Lenkungsgruppe
        gibt die Entwürfe frei oder schickt sie zur Überarbeitung zurück. Das Sachgebiet
        Integration organisiert das Verfahren.

        **So läuft die Beteiligung ab**

        1. **Auftrag und Konzept:** Der Rat beschließt die Überarbeitung; die Verwaltung legt
           Grundsätze und Zeitplan vor.
        2. **Expert*innengruppen:** Die Gruppen schreiben den ersten Diskussionsentwurf.
        3. **Lokaler Integrationsrat:** Das Beratungsgremium aus Migrant*innenorganisationen,
           Politik, Kirchen und Religionsgemeinschaften, Verbänden, Gewerkschaften und Kammern
           bespricht den Entwurf und schickt Änderungswünsche. Daraus entsteht der zweite
           Diskussionsentwurf.
        4. **Integrationsforum:** Auf einer öffentlichen Veranstaltung diskutieren alle
           Interessierten den zweiten Entwurf an Thementischen. Was dort gesagt und auf
           Karten geschrieben wird, halten wir hier fest.
        5. **Stellungnahmen und Kommentare:** Kommentieren Sie einzelne Abschnitte oder
           schicken Sie eine Stellungnahme – über diese Seite, per E-Mail, per Brief oder
           persönlich im Sachgebiet Integration.
        6. **Abwägung und Verwaltungsentwurf:** Wir prüfen jede Anregung und übernehmen sie
           oder begründen, warum nicht. Alle Antworten veröffentlichen wir in einer Tabelle.
        7. **Rat und Ausschüsse:** Der Migrationsausschuss und weitere Fachausschüsse beraten
           den Entwurf; die Fraktionen können Änderungsanträge stellen. Am Ende beschließt der
           Rat den Plan.

        **In Ihrer Sprache**

        Der Entwurf ist vollständig auf Deutsch und auf Englisch zu lesen. Teile gibt es auf
        Türkisch und Arabisch, die Handlungsfelder auch in Leichter Sprache. Weitere
        Übersetzungen folgen. Verbindlich ist der deutsche Text.

        *Hinweis: Dies ist ein Beispielverfahren zur Vorführung. Alle Inhalte, Personen und
        Organisationen sind erfunden.*
        """,
    ),
    "en": (
        "Local Integration Plan 2.0",
        "The city is revising its Local Integration Plan – together with everyone who lives "
        "here. Read the draft, comment on individual sections and send us your written "
        "statement.",
        """
        The Local Integration Plan (LIP) describes how our city wants to shape life together
        in a society of immigration. The city council adopted the first plan in 2008. A lot has
        happened since then: many of the goals set at the time have been reached, and new tasks
        have arisen – not least because many people have come to us since 2015. The council
        has therefore asked the administration to revise the plan and to involve the people of
        the city.

        **Six fields of action**

        The plan is divided into six fields of action: education; work and economy; social
        affairs, health and housing; neighbourhood life, culture and sport; participation and
        democracy; intercultural opening of the city administration. Each field of action sets
        goals, and each goal comes with concrete measures.

        **Who writes the plan?**

        Six expert groups write the text, one for each field of action. In them, specialists
        from the administration work together with people from migrant self-organisations,
        welfare and other associations and local initiatives. Delegates of the youth working
        group sit in every group so that young people's concerns are on the table. A steering
        group approves the drafts or sends them back for revision. The city's integration unit
        organises the process.

        **How you can take part**

        1. **Mandate and concept:** The council decides on the revision; the administration
           presents the principles and the timetable.
        2. **Expert groups:** The groups write the first discussion draft.
        3. **Local Integration Council:** The advisory body of migrant organisations,
           politicians, churches and religious communities, associations, unions and chambers
           discusses the draft and sends change requests. The second discussion draft is the
           result.
        4. **Integration Forum:** At a public event, everyone interested discusses the second
           draft at themed tables. We record here what is said there and written on cards.
        5. **Written statements and comments:** Comment on individual sections or send a
           written statement – through this website, by e-mail, by letter or in person at
           the integration unit.
        6. **Weighing the suggestions and administrative draft:** We examine every suggestion
           and either take it up or explain why not. We publish all answers in a table.
        7. **Council and committees:** The migration committee and other specialist committees
           discuss the draft; the political groups may table amendments. Finally, the council
           adopts the plan.

        **In your language**

        The whole draft can be read in German and in English. Parts are available in Turkish
        and Arabic, and the fields of action in Easy German (Leichte Sprache). More
        translations will follow. The German text is authoritative.

        *Please note: this is a sample process for demonstration. All content, people and
        organisations are invented.*
        """,
    ),
    "tr": (
        "Yerel Uyum Planı 2.0",
        "Şehrimiz Yerel Uyum Planı'nı burada yaşayan herkesle birlikte yeniden hazırlıyor. "
        "Taslağı okuyun, bölümler hakkında yorum yapın ve yazılı görüşünüzü bize gönderin.",
        """
        Yerel Uyum Planı (LIP), göç alan bir şehirde birlikte yaşamı nasıl şekillendirmek
        istediğimizi anlatır. İlk plan 2008 yılında belediye meclisi tarafından kabul edildi.
        O zamandan bu yana çok şey değişti. Bu nedenle meclis, planın şehir halkının
        katılımıyla güncellenmesini istedi.

        Plan altı eylem alanından oluşur: eğitim; çalışma ve ekonomi; sosyal işler, sağlık ve
        konut; mahallede birlikte yaşam, kültür ve spor; katılım ve demokrasi; belediye
        yönetiminin kültürlerarası açılımı. Her alanda hedefler ve somut önlemler yer alır.

        Yorumlarınızı ve yazılı görüşlerinizi bu internet sitesi üzerinden, e-postayla,
        mektupla ya da şahsen iletebilirsiniz. Taslağın tamamı Almanca ve İngilizce olarak
        okunabilir; bazı bölümleri Türkçe ve Arapça olarak da mevcuttur. Bağlayıcı olan Almanca
        metindir.

        *Not: Bu, tanıtım amaçlı örnek bir süreçtir. Tüm içerikler, kişiler ve kuruluşlar
        hayal ürünüdür.*
        """,
    ),
    "ar": (
        "خطة الاندماج المحلية 2.0",
        "تعمل مدينتنا على تحديث خطة الاندماج المحلية بالتعاون مع جميع سكانها. اقرؤوا "
        "المسودة، وعلّقوا على أقسامها، وأرسلوا إلينا آراءكم المكتوبة.",
        """
        تصف خطة الاندماج المحلية كيف نريد أن ننظّم العيش المشترك في مدينة يعيش فيها أناس من
        أصول مختلفة. أقرّ المجلس البلدي الخطة الأولى عام 2008. ومنذ ذلك الحين تغيّر الكثير،
        لذلك كلّف المجلس الإدارة بتحديث الخطة بمشاركة سكان المدينة.

        تتكوّن الخطة من ستة مجالات عمل: التعليم؛ العمل والاقتصاد؛ الشؤون الاجتماعية والصحة
        والسكن؛ العيش المشترك في الحي والثقافة والرياضة؛ المشاركة والديمقراطية؛ الانفتاح
        الثقافي للإدارة البلدية. ولكل مجال أهداف وإجراءات ملموسة.

        يمكنكم إرسال تعليقاتكم وآرائكم عبر هذا الموقع أو بالبريد الإلكتروني أو برسالة أو
        شخصيًا. المسودة متاحة كاملة بالألمانية والإنجليزية، وبعض أجزائها بالتركية والعربية.
        والنص الألماني هو النص المعتمد.

        *ملاحظة: هذا إجراء تجريبي للعرض فقط. جميع المحتويات والأشخاص والمنظمات من نسج الخيال.*
        """,
    ),
    "de-x-ls": leichte_sprache.PROCESS,
}

# The phases, in order. Dates are days relative to the day the demo is loaded, so that the
# phase for written statements and comments is running whenever the demo is fresh. The
# phases follow each other without gaps or overlaps: exactly one is current on any day
# between the first start and the last end.
PHASES = [
    {
        "name": {
            "de": "Auftrag und Konzept",
            "en": "Mandate and concept",
            "tr": "Görev ve konsept",
            "ar": "التكليف والمفهوم",
        },
        "description": {
            "de": "Der Rat beauftragt die Verwaltung mit der Überarbeitung. Das Sachgebiet "
            "Integration legt Grundsätze und Zeitplan vor.",
            "en": "The council asks the administration to revise the plan. The integration "
            "unit presents the principles and the timetable.",
            "tr": "Meclis, planın güncellenmesi için belediye yönetimini görevlendirir. Uyum "
            "birimi ilkeleri ve zaman planını sunar.",
            "ar": "يكلّف المجلس البلدي الإدارة بتحديث الخطة، وتقدّم وحدة الاندماج المبادئ "
            "والجدول الزمني.",
        },
        "days": (-240, -181),
        "opens": (),
    },
    {
        "name": {
            "de": "Erarbeitung in den Expert*innengruppen",
            "en": "Drafting in the expert groups",
            "tr": "Uzman gruplarında taslak hazırlığı",
            "ar": "الصياغة في مجموعات الخبراء",
        },
        "description": {
            "de": "Sechs Expert*innengruppen mit Delegierten der AG Jugend schreiben den "
            "ersten Diskussionsentwurf. Die Lenkungsgruppe gibt ihn frei.",
            "en": "Six expert groups, with delegates of the youth working group, write the "
            "first discussion draft. The steering group approves it.",
            "tr": "Gençlik grubundan delegelerin de yer aldığı altı uzman grubu ilk tartışma "
            "taslağını yazar. Yönlendirme grubu taslağı onaylar.",
            "ar": "تكتب ست مجموعات خبراء، بمشاركة مندوبين عن مجموعة الشباب، مسودة النقاش "
            "الأولى، وتوافق عليها مجموعة التوجيه.",
        },
        "days": (-180, -91),
        "opens": (),
    },
    {
        "name": {
            "de": "Beratung im Lokalen Integrationsrat",
            "en": "Discussion in the Local Integration Council",
            "tr": "Yerel Uyum Konseyi'nde görüşme",
            "ar": "المناقشة في المجلس المحلي للاندماج",
        },
        "description": {
            "de": "Der Lokale Integrationsrat berät den ersten Entwurf und empfiehlt "
            "Änderungen. Daraus entsteht der zweite Diskussionsentwurf.",
            "en": "The Local Integration Council discusses the first draft and recommends "
            "changes. They lead to the second discussion draft.",
            "tr": "Yerel Uyum Konseyi ilk taslağı görüşür ve değişiklikler önerir. Bunlardan "
            "ikinci tartışma taslağı ortaya çıkar.",
            "ar": "يناقش المجلس المحلي للاندماج المسودة الأولى ويوصي بتعديلات تنتج عنها "
            "مسودة النقاش الثانية.",
        },
        "days": (-90, -43),
        "opens": (),
    },
    {
        "name": {
            "de": "Integrationsforum",
            "en": "Integration Forum",
            "tr": "Uyum Forumu",
            "ar": "منتدى الاندماج",
        },
        "description": {
            "de": "Öffentliche Diskussion des zweiten Diskussionsentwurfs an Thementischen. "
            "Rückmeldungen vom Forum werden erfasst und veröffentlicht.",
            "en": "Public discussion of the second discussion draft at themed tables. "
            "Feedback from the forum is recorded and published.",
            "tr": "İkinci tartışma taslağının tema masalarında halkla birlikte tartışılması. "
            "Forumdaki geri bildirimler kaydedilir ve yayımlanır.",
            "ar": "نقاش علني لمسودة النقاش الثانية على طاولات موضوعية. تُسجَّل الملاحظات "
            "الواردة في المنتدى وتُنشر.",
        },
        "days": (-42, -15),
        "opens": ("forum",),
    },
    {
        "name": {
            "de": "Stellungnahmen und Kommentare",
            "en": "Written statements and comments",
            "tr": "Yazılı görüşler ve yorumlar",
            "ar": "الآراء المكتوبة والتعليقات",
        },
        "description": {
            "de": "Alle können den zweiten Diskussionsentwurf kommentieren und schriftliche "
            "Stellungnahmen einreichen – online, per E-Mail, per Brief oder persönlich.",
            "en": "Everyone can comment on the second discussion draft and send written "
            "statements – online, by e-mail, by letter or in person.",
            "tr": "Herkes ikinci tartışma taslağı hakkında yorum yapabilir ve yazılı görüş "
            "gönderebilir: çevrim içi, e-postayla, mektupla ya da şahsen.",
            "ar": "يمكن للجميع التعليق على مسودة النقاش الثانية وتقديم آراء مكتوبة: عبر "
            "الإنترنت أو البريد الإلكتروني أو برسالة أو شخصيًا.",
        },
        "days": (-14, 30),
        "opens": ("comments", "statements"),
    },
    {
        "name": {
            "de": "Abwägung und Verwaltungsentwurf",
            "en": "Weighing the suggestions and administrative draft",
            "tr": "Önerilerin değerlendirilmesi ve yönetim taslağı",
            "ar": "دراسة المقترحات ومسودة الإدارة",
        },
        "description": {
            "de": "Jede Anregung wird geprüft und beantwortet. Die Verwaltung legt ihren "
            "Entwurf und die Abwägungstabelle vor.",
            "en": "Every suggestion is examined and answered. The administration presents its "
            "draft and the table of responses.",
            "tr": "Her öneri incelenir ve yanıtlanır. Belediye yönetimi taslağını ve "
            "değerlendirme tablosunu sunar.",
            "ar": "يُدرس كل اقتراح ويُرَدّ عليه. وتقدّم الإدارة مسودتها وجدول الردود.",
        },
        "days": (31, 75),
        "opens": (),
    },
    {
        "name": {
            "de": "Beratung in den Ratsausschüssen und Beschluss",
            "en": "Council committees and adoption",
            "tr": "Meclis komisyonlarında görüşme ve karar",
            "ar": "المناقشة في لجان المجلس البلدي والإقرار",
        },
        "description": {
            "de": "Der Migrationsausschuss und weitere Fachausschüsse beraten den Entwurf. Die "
            "Fraktionen können Änderungsanträge stellen. Am Ende beschließt der Rat.",
            "en": "The migration committee and other specialist committees discuss the draft. "
            "Political groups may table amendments. Finally, the council decides.",
            "tr": "Göç komisyonu ve diğer uzmanlık komisyonları taslağı görüşür. Meclis "
            "grupları değişiklik önergesi verebilir. Son kararı meclis verir.",
            "ar": "تناقش لجنة الهجرة ولجان متخصصة أخرى المسودة، ويمكن للكتل السياسية تقديم "
            "طلبات تعديل. وفي النهاية يتخذ المجلس البلدي القرار.",
        },
        "days": (76, 180),
        "opens": ("amendments",),
    },
]
