"""Texts of the benchmark dataset: plan sections, comments, statements, cards and answers.

Short banks of sentences in the languages people in a German city write in, combined at random
(`random.Random`, so a seed gives the same texts every time). The plan is German with English,
Arabic, Turkish and Russian translations; contributions come in German, English, Turkish,
Arabic, Russian, Ukrainian, Polish and Persian. All texts are invented.
"""

from __future__ import annotations

import random

PLAN_LANGUAGES = ("de", "en", "ar", "tr", "ru")

# Fields of action: the plan's top level, by language.
FIELDS = [
    {"de": "Bildung", "en": "Education", "ar": "التعليم", "tr": "Eğitim", "ru": "Образование"},
    {"de": "Sprache", "en": "Language", "ar": "اللغة", "tr": "Dil", "ru": "Язык"},
    {"de": "Arbeit und Wirtschaft", "en": "Work and economy", "ar": "العمل والاقتصاد",
     "tr": "Çalışma ve ekonomi", "ru": "Работа и экономика"},
    {"de": "Wohnen", "en": "Housing", "ar": "السكن", "tr": "Konut", "ru": "Жильё"},
    {"de": "Gesundheit", "en": "Health", "ar": "الصحة", "tr": "Sağlık", "ru": "Здоровье"},
    {"de": "Zusammenleben im Stadtteil", "en": "Living together in the neighbourhood",
     "ar": "العيش المشترك في الحي", "tr": "Mahallede birlikte yaşam",
     "ru": "Совместная жизнь в районе"},
    {"de": "Teilhabe und Demokratie", "en": "Participation and democracy",
     "ar": "المشاركة والديمقراطية", "tr": "Katılım ve demokrasi", "ru": "Участие и демократия"},
    {"de": "Interkulturelle Öffnung der Verwaltung",
     "en": "Intercultural opening of the administration", "ar": "الانفتاح الثقافي للإدارة",
     "tr": "Yönetimin kültürlerarası açılımı", "ru": "Межкультурная открытость администрации"},
]

GOALS = [
    {"de": "Zugänge erleichtern", "en": "Easier access", "ar": "تسهيل الوصول",
     "tr": "Erişimi kolaylaştırmak", "ru": "Облегчить доступ"},
    {"de": "Angebote ausbauen", "en": "More services", "ar": "توسيع الخدمات",
     "tr": "Hizmetleri genişletmek", "ru": "Расширить предложения"},
    {"de": "Beratung verbessern", "en": "Better advice", "ar": "تحسين الاستشارة",
     "tr": "Danışmanlığı iyileştirmek", "ru": "Улучшить консультации"},
    {"de": "Informationen mehrsprachig bereitstellen", "en": "Information in many languages",
     "ar": "معلومات بلغات متعددة", "tr": "Çok dilli bilgi sunmak",
     "ru": "Информация на разных языках"},
    {"de": "Ehrenamt stärken", "en": "Support volunteers", "ar": "دعم العمل التطوعي",
     "tr": "Gönüllülüğü güçlendirmek", "ru": "Поддержать волонтёров"},
    {"de": "Fachkräfte gewinnen", "en": "Recruit skilled staff", "ar": "استقطاب الكفاءات",
     "tr": "Nitelikli personel kazanmak", "ru": "Привлечь специалистов"},
]

MEASURES = [
    {"de": "Mehrsprachige Sprechstunden", "en": "Multilingual consultation hours",
     "ar": "ساعات استشارة بعدة لغات", "tr": "Çok dilli danışma saatleri",
     "ru": "Многоязычные приёмные часы"},
    {"de": "Lotsenprojekt", "en": "Guide project", "ar": "مشروع المرشدين",
     "tr": "Rehber projesi", "ru": "Проект сопровождающих"},
    {"de": "Elternbegleitung", "en": "Parent companions", "ar": "مرافقة الأهل",
     "tr": "Ebeveyn rehberliği", "ru": "Сопровождение родителей"},
    {"de": "Beratungsstellen im Stadtteil", "en": "Advice centres in the districts",
     "ar": "مراكز استشارة في الأحياء", "tr": "Mahallede danışma merkezleri",
     "ru": "Консультационные пункты в районах"},
    {"de": "Sprachcafés", "en": "Language cafés", "ar": "مقاهي اللغة", "tr": "Dil kafeleri",
     "ru": "Языковые кафе"},
    {"de": "Fortbildungen für Beschäftigte", "en": "Training for employees",
     "ar": "تدريب الموظفين", "tr": "Çalışanlar için eğitimler", "ru": "Обучение сотрудников"},
    {"de": "Mentoring-Programm", "en": "Mentoring programme", "ar": "برنامج الإرشاد",
     "tr": "Mentorluk programı", "ru": "Программа наставничества"},
    {"de": "Informationsportal", "en": "Information portal", "ar": "بوابة المعلومات",
     "tr": "Bilgi portalı", "ru": "Информационный портал"},
    {"de": "Aufsuchende Beratung", "en": "Outreach advice", "ar": "استشارة ميدانية",
     "tr": "Yerinde danışmanlık", "ru": "Выездные консультации"},
    {"de": "Patenschaften", "en": "Sponsorships", "ar": "برامج الرعاية", "tr": "Vasilik programı",
     "ru": "Шефство"},
    {"de": "Quartiersfonds", "en": "Neighbourhood fund", "ar": "صندوق الحي",
     "tr": "Mahalle fonu", "ru": "Фонд района"},
]

# Body sentences of plan sections; {topic} is the section's field of action.
PLAN_SENTENCES = {
    "de": [
        "Die Stadt baut im Handlungsfeld {topic} die bestehenden Angebote gemeinsam mit den "
        "Trägern aus.",
        "Alle Informationen werden in einfacher Sprache und in den häufigsten Sprachen der "
        "Stadtgesellschaft veröffentlicht.",
        "Migrant*innenselbstorganisationen werden von Anfang an beteiligt.",
        "Die Umsetzung wird jährlich ausgewertet; die Ergebnisse fließen in die Fortschreibung "
        "des Plans ein.",
        "Dafür stellt die Stadt zusätzliche Stellen und Sachmittel bereit.",
        "Die Angebote sollen wohnortnah und barrierefrei erreichbar sein.",
        "Besonderes Augenmerk gilt Familien, die erst seit Kurzem in der Stadt leben.",
    ],
    "en": [
        "In the field of {topic}, the city expands existing services together with its partners.",
        "All information is published in plain language and in the most common languages of "
        "the city.",
        "Migrant organisations take part from the start.",
        "The implementation is evaluated every year; the results feed into the next update of "
        "the plan.",
        "The city provides additional staff and funds for this.",
        "Services should be close to where people live and accessible to all.",
        "Particular attention is paid to families who have only recently arrived in the city.",
    ],
    "ar": [
        "توسّع المدينة في مجال {topic} الخدمات القائمة بالتعاون مع شركائها.",
        "تُنشر جميع المعلومات بلغة بسيطة وبأكثر اللغات انتشاراً في المدينة.",
        "تشارك منظمات المهاجرين منذ البداية.",
        "يُقيَّم التنفيذ سنوياً وتدخل النتائج في تحديث الخطة.",
        "توفّر المدينة لذلك وظائف وموارد إضافية.",
        "يجب أن تكون الخدمات قريبة من أماكن السكن وفي متناول الجميع.",
        "يُولى اهتمام خاص للعائلات التي وصلت إلى المدينة حديثاً.",
    ],
    "tr": [
        "Şehir, {topic} alanında mevcut hizmetleri ortaklarıyla birlikte genişletiyor.",
        "Tüm bilgiler sade bir dilde ve şehirde en çok konuşulan dillerde yayımlanır.",
        "Göçmen örgütleri en başından itibaren sürece katılır.",
        "Uygulama her yıl değerlendirilir; sonuçlar planın güncellenmesine yansır.",
        "Şehir bunun için ek kadro ve kaynak sağlar.",
        "Hizmetler oturulan yere yakın ve herkes için erişilebilir olmalıdır.",
        "Şehre yeni gelen ailelere özel önem verilir.",
    ],
    "ru": [
        "В сфере «{topic}» город расширяет существующие услуги вместе с партнёрами.",
        "Вся информация публикуется простым языком и на самых распространённых языках города.",
        "Организации мигрантов участвуют с самого начала.",
        "Реализация оценивается ежегодно; результаты учитываются при обновлении плана.",
        "Для этого город выделяет дополнительные ставки и средства.",
        "Услуги должны быть доступны рядом с домом и без барьеров.",
        "Особое внимание уделяется семьям, недавно переехавшим в город.",
    ],
}

# Sentences added to a section's German text from one version to the next.
REVISIONS = [
    "Nach der Beteiligung wurde ergänzt: Die Angebote gelten ausdrücklich auch für Geflüchtete "
    "mit Duldung.",
    "Neu aufgenommen: Eine Ansprechperson im Stadtteil koordiniert die Angebote.",
    "Die Zahl der geplanten Stellen wurde nach den Rückmeldungen erhöht.",
    "Ergänzt wurde eine Beratung am Abend und am Wochenende.",
    "Die Auswertung erfolgt nun gemeinsam mit dem Integrationsbeirat.",
]

TOPICS = {
    "de": ["Sprachkurse", "Kita-Plätze", "die Ausländerbehörde", "Wohnungen", "Ausbildung",
           "Sportvereine", "die Anerkennung von Abschlüssen", "Beratung", "Schulen", "Ärzte"],
    "en": ["language classes", "childcare places", "the immigration office", "housing",
           "apprenticeships", "sports clubs", "recognition of degrees", "advice", "schools",
           "doctors"],
    "tr": ["dil kursları", "kreş yerleri", "yabancılar dairesi", "konutlar", "meslek eğitimi",
           "spor kulüpleri", "diploma denkliği", "danışmanlık", "okullar", "doktorlar"],
    "ar": ["دورات اللغة", "أماكن الحضانة", "دائرة الأجانب", "السكن", "التدريب المهني",
           "النوادي الرياضية", "معادلة الشهادات", "الاستشارة", "المدارس", "الأطباء"],
    "ru": ["языковые курсы", "места в детском саду", "ведомство по делам иностранцев",
           "жильё", "профессиональное обучение", "спортивные клубы", "признание дипломов",
           "консультации", "школы", "врачи"],
    "uk": ["мовні курси", "місця в дитсадку", "відомство у справах іноземців", "житло",
           "професійне навчання", "визнання дипломів", "консультації", "школи"],
    "pl": ["kursy językowe", "miejsca w przedszkolu", "urząd do spraw cudzoziemców",
           "mieszkania", "nauka zawodu", "uznawanie dyplomów", "doradztwo", "szkoły"],
    "fa": ["کلاس‌های زبان", "جای مهدکودک", "اداره اتباع خارجی", "مسکن", "آموزش حرفه‌ای",
           "شناسایی مدارک تحصیلی", "مشاوره", "مدارس"],
}

# What people write; {topic} is one of TOPICS in the same language.
VOICES = {
    "de": [
        "Ich finde es gut, dass {topic} im Plan vorkommen, aber es fehlt ein konkreter Zeitplan.",
        "Wir schlagen vor, {topic} auch abends und am Wochenende anzubieten.",
        "Aus eigener Erfahrung: Die Wartezeit für {topic} ist viel zu lang.",
        "Bitte denken Sie bei {topic} auch an ältere Menschen, die kein Internet nutzen.",
        "Unser Verein bietet seit Jahren Hilfe rund um {topic} an und würde gern mitarbeiten.",
        "Die Informationen über {topic} müssen in mehr Sprachen verfügbar sein.",
        "Es braucht mehr Personal für {topic}, sonst bleibt die Maßnahme auf dem Papier.",
        "In unserem Stadtteil gibt es für {topic} kaum Angebote.",
        "Ich wünsche mir, dass Jugendliche bei {topic} mitentscheiden dürfen.",
        "Die Formulierung ist zu allgemein; was genau ist mit {topic} gemeint?",
    ],
    "en": [
        "It is good that {topic} are mentioned, but the plan needs a clear timetable.",
        "Please offer {topic} in the evenings and at weekends as well.",
        "From my own experience, the waiting time for {topic} is far too long.",
        "Information about {topic} should be available in more languages.",
        "There is hardly anything for {topic} in our neighbourhood.",
        "More staff are needed for {topic}, otherwise this measure stays on paper.",
        "Young people should have a say when it comes to {topic}.",
    ],
    "tr": [
        "{topic} konusunda planın somut bir takvimi olmalı.",
        "Lütfen {topic} akşamları ve hafta sonları da sunulsun.",
        "Kendi deneyimime göre {topic} için bekleme süresi çok uzun.",
        "{topic} hakkındaki bilgiler daha fazla dilde olmalı.",
        "Mahallemizde {topic} için neredeyse hiçbir şey yok.",
        "Gençler de {topic} konusunda söz sahibi olmalı.",
    ],
    "ar": [
        "من الجيد أن الخطة تذكر {topic}، لكنها تحتاج إلى جدول زمني واضح.",
        "نرجو توفير {topic} في المساء وفي عطلة نهاية الأسبوع أيضاً.",
        "من تجربتي الشخصية، فترة الانتظار من أجل {topic} طويلة جداً.",
        "يجب أن تتوفر المعلومات عن {topic} بلغات أكثر.",
        "لا يوجد تقريباً أي شيء بخصوص {topic} في حيّنا.",
        "نحتاج إلى موظفين أكثر من أجل {topic}، وإلا بقي هذا الإجراء حبراً على ورق.",
    ],
    "ru": [
        "Хорошо, что в плане упомянуты {topic}, но нужен конкретный график.",
        "Пожалуйста, предлагайте {topic} также вечером и в выходные.",
        "По собственному опыту: ждать приходится слишком долго, когда речь идёт о {topic}.",
        "Информация про {topic} должна быть доступна на большем числе языков.",
        "В нашем районе почти ничего нет, если говорить про {topic}.",
    ],
    "uk": [
        "Добре, що в плані згадано {topic}, але потрібен чіткий графік.",
        "Будь ласка, пропонуйте {topic} також увечері та у вихідні.",
        "Інформація про {topic} має бути доступна українською мовою.",
    ],
    "pl": [
        "Dobrze, że w planie są {topic}, ale brakuje konkretnego harmonogramu.",
        "Proszę oferować {topic} także wieczorami i w weekendy.",
        "Informacje o tym, jak działają {topic}, powinny być dostępne po polsku.",
    ],
    "fa": [
        "خوب است که در این برنامه به {topic} اشاره شده، اما یک جدول زمانی روشن لازم است.",
        "لطفاً {topic} را در عصرها و آخر هفته‌ها هم ارائه دهید.",
        "اطلاعات درباره {topic} باید به زبان‌های بیشتری در دسترس باشد.",
    ],
}

# Answers: outcome -> public reasons by language (index i is the same reason in each language).
REASONS = {
    "accepted": {
        "de": ["Vielen Dank für Ihre Anregung. Wir haben sie in den Entwurf übernommen.",
               "Die Anregung ist berechtigt; der Text wurde entsprechend ergänzt."],
        "en": ["Thank you for your suggestion. We have added it to the draft.",
               "The suggestion is justified; the text was amended accordingly."],
        "ar": ["شكراً لاقتراحكم. لقد أدرجناه في المسودة.",
               "الاقتراح في محله، وقد عُدّل النص وفقاً له."],
        "tr": ["Öneriniz için teşekkürler. Taslağa ekledik.",
               "Öneri yerinde; metin buna göre tamamlandı."],
        "ru": ["Спасибо за ваше предложение. Мы включили его в проект.",
               "Предложение обосновано; текст дополнен соответствующим образом."],
    },
    "partly_accepted": {
        "de": ["Wir haben die Anregung teilweise übernommen: Der Zeitplan wird ergänzt, die "
               "Finanzierung zusätzlicher Stellen ist jedoch nicht gesichert.",
               "Ein Teil der Anregung ist bereits umgesetzt; den anderen Teil nehmen wir auf."],
        "en": ["We partly adopted the suggestion: the timetable will be added, but funding for "
               "additional posts is not secured.",
               "Part of the suggestion is already in place; we are adding the other part."],
        "ar": ["أخذنا بالاقتراح جزئياً: سيُضاف الجدول الزمني، لكن تمويل وظائف إضافية غير مضمون.",
               "جزء من الاقتراح مطبّق بالفعل، ونضيف الجزء الآخر."],
        "tr": ["Öneriyi kısmen kabul ettik: takvim eklenecek, ancak ek kadroların finansmanı "
               "güvence altında değil.",
               "Önerinin bir kısmı zaten uygulanıyor; diğer kısmını ekliyoruz."],
        "ru": ["Мы частично приняли предложение: график будет добавлен, но финансирование "
               "дополнительных ставок не обеспечено.",
               "Часть предложения уже реализована; другую часть мы добавляем."],
    },
    "not_accepted": {
        "de": ["Für diese Ausweitung stehen im Haushalt keine Mittel zur Verfügung. Wir prüfen "
               "die Anregung bei der nächsten Fortschreibung erneut.",
               "Die Anregung widerspricht den Zielen des Handlungsfelds und wird nicht "
               "übernommen."],
        "en": ["There are no funds in the budget for this expansion. We will look at the "
               "suggestion again when the plan is next updated.",
               "The suggestion conflicts with the goals of this field of action and is not "
               "adopted."],
        "ar": ["لا تتوفر في الميزانية أموال لهذا التوسع. سندرس الاقتراح مجدداً عند تحديث الخطة.",
               "يتعارض الاقتراح مع أهداف هذا المجال ولذلك لم يُعتمد."],
        "tr": ["Bu genişleme için bütçede kaynak yok. Öneriyi planın bir sonraki "
               "güncellemesinde yeniden değerlendireceğiz.",
               "Öneri bu alanın hedefleriyle çelişiyor ve kabul edilmedi."],
        "ru": ["В бюджете нет средств на такое расширение. Мы рассмотрим предложение снова "
               "при следующем обновлении плана.",
               "Предложение противоречит целям этой сферы и не принято."],
    },
    "noted": {
        "de": ["Vielen Dank. Die Fachbereiche berücksichtigen Ihre Anregung bei der Umsetzung.",
               "Vielen Dank für Ihren Erfahrungsbericht; eine Änderung des Textes ergibt sich "
               "daraus nicht."],
        "en": ["Thank you. The departments will take your suggestion into account when "
               "implementing the plan.",
               "Thank you for sharing your experience; it does not lead to a change of the text."],
        "ar": ["شكراً لكم. ستأخذ الأقسام المختصة اقتراحكم بعين الاعتبار عند التنفيذ.",
               "شكراً لمشاركتنا تجربتكم؛ لا يترتب عليها تغيير في النص."],
        "tr": ["Teşekkürler. İlgili birimler önerinizi uygulamada dikkate alacak.",
               "Deneyiminizi paylaştığınız için teşekkürler; metinde bir değişiklik gerekmiyor."],
        "ru": ["Спасибо. Профильные отделы учтут ваше предложение при реализации.",
               "Спасибо, что поделились опытом; изменения текста это не требует."],
    },
    "already_covered": {
        "de": ["Ihr Anliegen ist im Entwurf bereits enthalten. Eine Änderung ist nicht nötig.",
               "Das steht bereits in einer anderen Maßnahme dieses Handlungsfelds."],
        "en": ["Your concern is already covered by the draft. No change is needed.",
               "This is already part of another measure in this field of action."],
        "ar": ["مطلبكم مذكور في المسودة بالفعل، ولا حاجة إلى تغيير.",
               "هذا وارد بالفعل في إجراء آخر ضمن هذا المجال."],
        "tr": ["Talebiniz taslakta zaten yer alıyor. Değişiklik gerekmiyor.",
               "Bu, bu alandaki başka bir tedbirde zaten var."],
        "ru": ["Ваше пожелание уже учтено в проекте. Изменения не нужны.",
               "Это уже входит в другую меру этой сферы."],
    },
    "out_of_scope": {
        "de": ["Darüber entscheidet nicht die Stadt, sondern das Land. Wir haben Ihre Anregung "
               "weitergeleitet.",
               "Die Anregung betrifft den Bund; wir haben sie an die zuständige Stelle "
               "weitergegeben."],
        "en": ["This is decided by the state, not the city. We have forwarded your suggestion.",
               "The suggestion concerns the federal government; we have passed it on."],
        "ar": ["هذا من اختصاص الولاية وليس المدينة. لقد أحلنا اقتراحكم إلى الجهة المختصة.",
               "يتعلق الاقتراح بالحكومة الاتحادية، وقد أحلناه إلى الجهة المسؤولة."],
        "tr": ["Buna şehir değil eyalet karar veriyor. Önerinizi ilgili yere ilettik.",
               "Öneri federal hükümeti ilgilendiriyor; yetkili makama ilettik."],
        "ru": ["Это решает не город, а федеральная земля. Мы передали ваше предложение.",
               "Предложение касается федерального уровня; мы передали его в компетентный орган."],
    },
}

INTERNAL_NOTES = [
    "Mit dem Fachbereich abgestimmt.",
    "Kosten grob geschätzt, Rücksprache mit der Kämmerei nötig.",
    "Ähnliche Anregungen aus dem Integrationsforum beachten.",
    "Rechtslage vom Rechtsamt prüfen lassen.",
]

FIRST_NAMES = [
    "Ayşe", "Mehmet", "Fatima", "Ahmad", "Olena", "Dmytro", "Anna", "Jonas", "Leyla", "Omar",
    "Katarzyna", "Piotr", "Zahra", "Reza", "Svetlana", "Igor", "Maria", "Lukas", "Amina", "Yusuf",
    "Sophie", "Elias", "Nour", "Hassan", "Irina", "Emre", "Zeynep", "Paul", "Mina", "Karim",
]
LAST_NAMES = [
    "Yılmaz", "Kaya", "Haddad", "Rahimi", "Kovalenko", "Schmidt", "Nowak", "Ivanova", "Müller",
    "Demir", "Al-Sayed", "Hosseini", "Petrenko", "Wagner", "Öztürk", "Mansour", "Kowalski",
    "Becker", "Karimi", "Popova",
]
ORGANISATIONS = [
    ("Brückenbau e.V.", "association"),
    ("Türkischer Elternverein", "migrant_organisation"),
    ("Arabisches Kulturzentrum", "migrant_organisation"),
    ("Ukrainische Gemeinde", "migrant_organisation"),
    ("Gewerkschaftsjugend", "union"),
    ("Moscheegemeinde Linden", "religious_community"),
    ("Handwerkskammer", "chamber"),
    ("Polnischer Kulturverein", "migrant_organisation"),
]
DISTRICTS = [
    "Linden", "Vahrenwald", "Sahlkamp", "Mühlenberg", "Stöcken", "Hainholz", "Mittelfeld",
    "Roderbruch", "Kronsberg", "List", "Südstadt", "Nordstadt", "Döhren", "Bothfeld", "Ricklingen",
]


def section_title(kind: str, index: int, field: int, language: str, n: int) -> str:
    """The title of a field of action, goal or measure in one language."""
    topic = FIELDS[field % len(FIELDS)][language]
    if field >= len(FIELDS):
        topic = f"{topic} {field // len(FIELDS) + 1}"
    if kind == "field_of_action":
        return topic
    if kind == "goal":
        goal = GOALS[index % len(GOALS)][language]
        return {
            "de": f"Ziel {n}: {goal} – {topic}", "en": f"Goal {n}: {goal} – {topic}",
            "ar": f"الهدف {n}: {goal} – {topic}", "tr": f"Hedef {n}: {goal} – {topic}",
            "ru": f"Цель {n}: {goal} – {topic}",
        }[language]
    measure = MEASURES[index % len(MEASURES)][language]
    return f"{measure} ({n})"


def section_body(rng: random.Random, field: int, sentences: int = 3) -> dict[str, str]:
    """A section's body in every plan language (the same sentences, translated)."""
    picks = rng.sample(range(len(PLAN_SENTENCES["de"])), sentences)
    bodies = {}
    for language, bank in PLAN_SENTENCES.items():
        topic = FIELDS[field % len(FIELDS)][language]
        first = " ".join(bank[i].format(topic=topic) for i in picks[:2])
        rest = " ".join(bank[i].format(topic=topic) for i in picks[2:])
        bodies[language] = f"{first}\n\n{rest}" if rest else first
    return bodies


def voice(rng: random.Random, language: str, sentences: int) -> str:
    """What a person writes: `sentences` sentences in `language`."""
    bank, topics = VOICES[language], TOPICS[language]
    return " ".join(
        rng.choice(bank).format(topic=rng.choice(topics)) for _ in range(max(1, sentences))
    )


def reason(rng: random.Random, outcome: str) -> tuple[int, str]:
    """(index, German public reason) for an outcome; the index finds its translations."""
    index = rng.randrange(len(REASONS[outcome]["de"]))
    return index, REASONS[outcome]["de"][index]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
