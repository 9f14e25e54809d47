"""Turkish and Arabic translations made of the first discussion draft.

Partial on purpose, as in a real process: the six fields of action and the goals of
"Bildung" and "Soziales". They are carried into later versions by the copy; where the German
text changes there, they show as outdated until someone translates again.

Each entry: key → (title, body, reviewed). The Turkish goals of "Soziales" still wait for a
second reading (reviewed False).
"""

TURKISH = {
    "bildung": (
        "Eğitim",
        """
        Eğitim, yaşam şanslarını belirler. Şehrimizde okul başarısı hâlâ büyük ölçüde ailede
        konuşulan dile ve anne babanın alabildiği eğitime bağlıdır. Bunu kreşten okula ve
        yetişkin eğitimine kadar değiştirmek istiyoruz. Çok dilliliği bir güç, anne babaları
        da ortak olarak görüyoruz.
        """,
        True,
    ),
    "bildung-z1": (
        "Tüm çocuklar iyi bir erken eğitim alır",
        """
        Göç geçmişi olan çocuklar kreşe diğer çocuklara göre daha az ve daha geç gidiyor.
        Oysa okul öncesi yıllar, Almanca öğrenmek ve arkadaşlık kurmak için özellikle onlar
        açısından önemlidir. Her çocuk okula başlamadan önce en az iki yıl kreşe gidebilmelidir.
        """,
        True,
    ),
    "bildung-z2": (
        "Okul başarısı kökene bağlı olmamalı",
        """
        Göç geçmişi olan gençler okulu daha sık diplomasız bırakıyor. Okulların işletmesinden
        sorumlu olan belediye, tam gün eğitimi, okul sosyal hizmetini ve ders dışı öğrenmeyi
        şekillendirebilir. Bu olanakları ihtiyacın en büyük olduğu yerlerde hedefli olarak
        kullanmak istiyoruz.
        """,
        True,
    ),
    "bildung-z3": (
        "Hayat boyu öğrenme – yeni gelenler için de",
        """
        Almanya'ya genç ya da yetişkin olarak gelen biri, yabancı bir eğitim sisteminde yolunu
        bulmak zorundadır. Pek çok kişi burada görünmeyen diplomalar ve deneyimler getiriyor.
        Okul diplomasına, meslek eğitimine, üniversiteye ve mesleki gelişime giden yolları
        anlaşılır ve ulaşılabilir kılmak istiyoruz.
        """,
        True,
    ),
    "wirtschaft": (
        "Çalışma ve Ekonomi",
        """
        Çalışmak geçimi sağlar, insanlarla bağ kurmayı ve takdir görmeyi mümkün kılar. Birçok
        göçmen niteliklerinin altında bir işte çalışıyor ya da meslek eğitimine giden yolu
        bulamıyor. Öte yandan şehrimizdeki işletmeler acilen nitelikli eleman arıyor. Bu ikisini
        bir araya getirmek ve göçmenlerin kurduğu işletmelerin ekonomik gücünü daha görünür
        kılmak istiyoruz.
        """,
        True,
    ),
    "soziales": (
        "Sosyal İşler, Sağlık ve Konut",
        """
        Sağlık, iyi bir konut ve zor durumlarda destek, iyi bir yaşamın temelidir. Dil engelleri,
        yardım sistemi hakkında bilgi eksikliği ve ayrımcılık, göçmenlerin yardımlardan daha az
        yararlanmasına yol açıyor. Belediyenin ve ortaklarının hizmetleri herkese ulaşmalıdır.
        """,
        True,
    ),
    "soziales-z1": (
        "Sağlık hizmetlerini herkes için erişilebilir kılmak",
        """
        Alman sağlık sistemini tanımayan ya da derdini anlatamayan kişiler koruyucu muayenelere
        daha az gidiyor ve tedaviye daha geç başlıyor. Bilgi aktarmak ve dil engellerini
        azaltmak istiyoruz.
        """,
        False,
    ),
    "soziales-z2": (
        "Konuta adil erişim",
        """
        Sıkışık konut piyasasında yabancı isimli kişiler özellikle zorlanıyor. Mülteciler,
        taşınmalarına izin verildiği hâlde çoğu zaman uzun süre toplu konaklama yerlerinde
        kalıyor. Konuta erişimin önünü açmak ve ayrımcılığa karşı durmak istiyoruz.
        """,
        False,
    ),
    "soziales-z3": (
        "Göç alan şehirde yaşlanmak",
        """
        İlk kuşak işçi göçmenler bugün emeklilik yaşında. Yaşlılara yönelik hizmetler ve bakım
        servisleri onlara şimdiye kadar pek ulaşamadı. Herkes yaşlılığında iyi bakım görmeli ve
        mahalle yaşamına katılabilmelidir.
        """,
        False,
    ),
    "stadtleben": (
        "Mahallede Birlikte Yaşam, Kültür ve Spor",
        """
        Uyum yerinde gerçekleşir: komşulukta, spor kulübünde, kütüphanede ve mahalle şenliğinde.
        Farklı kökenlerden insanlar burada karşılaşır; güven ve dostluklar burada doğar, ama
        anlaşmazlıklar da burada yaşanır. Karşılaşma için mekânlar ve vesileler yaratmak ve
        şehrin kültürel çeşitliliğini görünür kılmak istiyoruz.
        """,
        True,
    ),
    "demokratie": (
        "Katılım ve Demokrasi",
        """
        Yıllardır burada yaşayan pek çok kişi, Alman vatandaşı olmadığı ya da Avrupa Birliği
        dışındaki bir ülkeden geldiği için oy kullanamıyor. Bu yüzden söz sahibi olmanın ve
        kararlara katılmanın başka yolları daha da önemlidir. Canlı bir demokrasi, şehirde
        yaşayan herkesin sesine ihtiyaç duyar ve herkesi ırkçılığa ve ayrımcılığa karşı korur.
        """,
        True,
    ),
    "stadtverwaltung": (
        "Belediye Yönetiminin Kültürlerarası Açılımı",
        """
        Belediye yönetimi tüm şehir sakinleri için vardır. Bu nedenle çalışanları şehrin
        çeşitliliğini yansıtmalı, anlaşılır bir dille iletişim kurmalı ve herkese saygılı ve
        yetkin bir şekilde danışmanlık yapmalıdır. Şehrin en büyük işverenlerinden biri olarak
        bu konuda örnek olmak istiyor.
        """,
        True,
    ),
}

ARABIC = {
    "bildung": (
        "التعليم",
        """
        التعليم يحدد فرص الحياة. ففي مدينتنا لا يزال النجاح المدرسي يعتمد إلى حد كبير على اللغة
        التي تتحدث بها الأسرة وعلى التعليم الذي أتيح للوالدين. نريد أن نغيّر ذلك: من الحضانة إلى
        المدرسة وصولًا إلى التعلم في سن الرشد. ونرى في تعدد اللغات مصدر قوة، وفي الآباء والأمهات
        شركاء.
        """,
        True,
    ),
    "bildung-z1": (
        "جميع الأطفال يحصلون على تعليم مبكر جيد",
        """
        يلتحق الأطفال من أصول مهاجرة بالحضانة بنسبة أقل وفي سن متأخرة مقارنة بغيرهم. غير أن
        السنوات التي تسبق المدرسة مهمة لهم بشكل خاص لتعلّم الألمانية وتكوين الصداقات. يجب أن يتمكن
        كل طفل من الالتحاق بالحضانة لمدة عامين على الأقل قبل دخول المدرسة.
        """,
        True,
    ),
    "bildung-z2": (
        "النجاح المدرسي يجب ألا يتوقف على الأصل",
        """
        يترك الشباب من أصول مهاجرة المدرسة دون شهادة بنسبة أعلى من غيرهم. وبصفتها الجهة المسؤولة
        عن المدارس، تستطيع المدينة أن تشكّل برامج اليوم الدراسي الكامل والعمل الاجتماعي المدرسي
        والتعلم خارج الحصص. نريد أن نوجّه هذه الإمكانات إلى حيث تكون الحاجة أكبر.
        """,
        True,
    ),
    "bildung-z3": (
        "التعلم مدى الحياة – للقادمين الجدد أيضًا",
        """
        من يأتي إلى ألمانيا شابًا أو بالغًا عليه أن يجد طريقه في نظام تعليمي غريب عنه. كثيرون
        يحملون شهادات وخبرات لا تظهر هنا. نريد أن نجعل الطرق إلى الشهادة المدرسية والتدريب المهني
        والدراسة الجامعية والتعليم المستمر واضحة وفي المتناول.
        """,
        True,
    ),
    "wirtschaft": (
        "العمل والاقتصاد",
        """
        العمل يؤمّن لقمة العيش ويتيح بناء العلاقات ونيل التقدير. كثير من المهاجرين يعملون في وظائف
        أدنى من مؤهلاتهم أو لا يجدون طريقًا إلى التدريب المهني. وفي الوقت نفسه تبحث الشركات في
        مدينتنا بشدة عن عمالة ماهرة. نريد أن نجمع بين الأمرين وأن نُبرز القوة الاقتصادية للمشاريع
        التي أسسها مهاجرون.
        """,
        True,
    ),
    "soziales": (
        "الشؤون الاجتماعية والصحة والسكن",
        """
        الصحة والمسكن اللائق والمساعدة في الظروف الصعبة هي أسس الحياة الكريمة. وتؤدي الحواجز
        اللغوية وقلة المعرفة بنظام المساعدة والتمييز إلى أن المهاجرين يستفيدون من المساعدات بشكل
        أقل. يجب أن تصل خدمات المدينة وشركائها إلى الجميع.
        """,
        True,
    ),
    "soziales-z1": (
        "جعل الرعاية الصحية في متناول الجميع",
        """
        من لا يعرف النظام الصحي الألماني أو لا يستطيع التفاهم، يذهب إلى الفحوص الوقائية بشكل أقل
        ويبدأ العلاج في وقت متأخر. نريد أن ننشر المعرفة وأن نزيل الحواجز اللغوية.
        """,
        True,
    ),
    "soziales-z2": (
        "وصول عادل إلى السكن",
        """
        في سوق السكن الضيق يواجه أصحاب الأسماء الأجنبية صعوبات خاصة. وكثيرًا ما يبقى اللاجئون
        فترة طويلة في مراكز الإيواء الجماعية رغم أنه يحق لهم الانتقال منها. نريد أن نفتح الطريق
        إلى المساكن وأن نتصدى للتمييز.
        """,
        True,
    ),
    "soziales-z3": (
        "التقدم في السن في مدينة الهجرة",
        """
        بلغ الجيل الأول من العمال المهاجرين اليوم سن التقاعد. ولم تصل إليهم حتى الآن خدمات كبار
        السن وخدمات الرعاية إلا نادرًا. يجب أن يحظى الجميع برعاية جيدة في الشيخوخة وأن يشاركوا
        في حياة الحي.
        """,
        True,
    ),
    "stadtleben": (
        "العيش المشترك في الحي والثقافة والرياضة",
        """
        يحدث الاندماج على أرض الواقع: في الجيرة، وفي النادي الرياضي، وفي المكتبة، وفي احتفالات
        الحي. هنا يلتقي أناس من أصول مختلفة، وهنا تنشأ الثقة والصداقات، وهنا أيضًا تُحلّ الخلافات.
        نريد أن نوفّر أماكن ومناسبات للقاء وأن نُظهر التنوع الثقافي في المدينة.
        """,
        True,
    ),
    "demokratie": (
        "المشاركة والديمقراطية",
        """
        كثير من الناس الذين يعيشون هنا منذ سنوات لا يحق لهم التصويت، لأنهم لا يحملون الجنسية
        الألمانية أو لأنهم قادمون من بلد خارج الاتحاد الأوروبي. لذلك تزداد أهمية الطرق الأخرى
        للمشاركة في النقاش وفي صنع القرار. الديمقراطية الحية تحتاج إلى أصوات جميع من يعيشون في
        المدينة، وتحمي الجميع من العنصرية والتمييز.
        """,
        True,
    ),
    "stadtverwaltung": (
        "الانفتاح الثقافي للإدارة البلدية",
        """
        الإدارة البلدية في خدمة جميع سكان المدينة. لذلك ينبغي أن يعكس موظفوها تنوع المدينة، وأن
        تتواصل بلغة مفهومة، وأن تقدم المشورة لكل الناس باحترام وكفاءة. وبصفتها من أكبر أصحاب
        العمل في المدينة، تريد أن تكون قدوة في ذلك.
        """,
        True,
    ),
}

# Language → translations of the first discussion draft.
VERSION_1 = {"tr": TURKISH, "ar": ARABIC}
