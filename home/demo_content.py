"""The demo site's texts: plain data, no logic (home/demo.py builds pages from it).

Every translatable value is a dict ``{"vi": …, "en": …, "uk": …}``: Vietnamese is the source, English
and Ukrainian are its translations. Rich text values are lists of paragraphs (inner HTML, inline
``<b>``/``<i>`` only); a nested list inside them is a bulleted list. Stream bodies are lists of block
dicts whose ``type`` is a block name of articles/blocks.py. Written for this project from the
facts of the source documents (numbers, dates, names); no sentence is copied from them.

Two items are deliberately unfinished, so translation queues have work to show:
- the fourth article (``an-ninh-mang-cong-tac-dang``) has no Ukrainian translation;
- the second infographic's Vietnamese long description is edited and republished after it was
  translated (``revised_after_translation``).
"""

import datetime

LANGUAGES = ("vi", "en", "uk")
TRANSLATION_LANGUAGES = ("en", "uk")

# --- Themes (Theme snippets, plus a ThemePage each under the home page) ---------------------------

THEMES = [
    {
        "slug": "chuyen-doi-so",
        "colour": "#b3261e",
        "name": {"vi": "Chuyển đổi số", "en": "Digital transformation", "uk": "Цифрова трансформація"},
        "description": {
            "vi": (
                "Đưa dữ liệu và nền tảng số vào cách các cơ quan Đảng, Nhà nước và doanh nghiệp làm việc, "
                "ra quyết định và phục vụ người dân."
            ),
            "en": (
                "Bringing data and digital platforms into the way Party bodies, state agencies and enterprises "
                "work, take decisions and serve the public."
            ),
            "uk": (
                "Дані та цифрові платформи в тому, як партійні органи, державні установи й підприємства "
                "працюють, ухвалюють рішення та обслуговують людей."
            ),
        },
        "page_slug": {"vi": "chuyen-doi-so", "en": "digital-transformation", "uk": "tsyfrova-transformatsiia"},
    },
    {
        "slug": "sap-xep-bo-may",
        "colour": "#1d3557",
        "name": {"vi": "Sắp xếp tổ chức bộ máy", "en": "Apparatus restructuring", "uk": "Реорганізація апарату"},
        "description": {
            "vi": (
                "Tinh gọn tổ chức bộ máy của hệ thống chính trị, và phần việc mà chuyển đổi số liên thông "
                "gánh vác trong quá trình đó."
            ),
            "en": (
                "Streamlining the organisation of the political system's apparatus, and the share of that work "
                "carried by interconnected digital transformation."
            ),
            "uk": (
                "Оптимізація структури апарату політичної системи та частка цієї роботи, яку бере на себе "
                "взаємопов'язана цифрова трансформація."
            ),
        },
        "page_slug": {"vi": "sap-xep-bo-may", "en": "apparatus-restructuring", "uk": "reorhanizatsiia-aparatu"},
    },
    {
        "slug": "dich-vu-cong-truc-tuyen",
        "colour": "#2a9d8f",
        "name": {"vi": "Dịch vụ công trực tuyến", "en": "Online public services", "uk": "Публічні послуги онлайн"},
        "description": {
            "vi": (
                "Thủ tục hành chính được giải quyết trọn vẹn trên mạng và kết nối giữa các cơ quan, để người dân "
                "và doanh nghiệp ít phải đến trụ sở hơn."
            ),
            "en": (
                "Administrative procedures completed entirely online and connected across agencies, so that "
                "citizens and businesses need fewer visits to an office."
            ),
            "uk": (
                "Адміністративні процедури, які повністю виконуються онлайн і пов'язані між установами, щоб "
                "громадянам і бізнесу рідше доводилося приходити до установ."
            ),
        },
        "page_slug": {
            "vi": "dich-vu-cong-truc-tuyen",
            "en": "online-public-services",
            "uk": "publichni-posluhy-onlain",
        },
    },
    {
        "slug": "khoa-hoc-cong-nghe-doi-moi-sang-tao",
        "colour": "#e9c46a",
        "name": {
            "vi": "Khoa học, công nghệ và đổi mới sáng tạo",
            "en": "Science, technology and innovation",
            "uk": "Наука, технології та інновації",
        },
        "description": {
            "vi": "Những đột phá mà Nghị quyết 57-NQ/TW đặt ra cho nghiên cứu, ứng dụng công nghệ và đổi mới sáng tạo.",
            "en": (
                "The breakthroughs that Resolution 57-NQ/TW sets out for research, the use of technology and "
                "innovation."
            ),
            "uk": "Прориви, які Резолюція 57-NQ/TW визначає для досліджень, застосування технологій та інновацій.",
        },
        "page_slug": {
            "vi": "khoa-hoc-cong-nghe-doi-moi-sang-tao",
            "en": "science-technology-innovation",
            "uk": "nauka-tekhnolohii-innovatsii",
        },
    },
    {
        "slug": "an-ninh-mang",
        "colour": "#264653",
        "name": {"vi": "An ninh mạng", "en": "Cybersecurity", "uk": "Кібербезпека"},
        "description": {
            "vi": "Bảo vệ dữ liệu, hệ thống thông tin và người dùng khi công việc chuyển lên môi trường số.",
            "en": "Protecting data, information systems and their users as work moves into the digital environment.",
            "uk": "Захист даних, інформаційних систем і користувачів, коли робота переходить у цифрове середовище.",
        },
        "page_slug": {"vi": "an-ninh-mang", "en": "cybersecurity", "uk": "kiberbezpeka"},
    },
    {
        "slug": "ky-nang-so",
        "colour": "#6a4c93",
        "name": {"vi": "Kỹ năng số", "en": "Digital skills", "uk": "Цифрові навички"},
        "description": {
            "vi": (
                "Kiến thức và thói quen giúp cán bộ, đảng viên, người lao động làm việc, học tập và sinh hoạt "
                "Đảng trên nền tảng số."
            ),
            "en": (
                "The knowledge and habits that let officials, Party members and employees work, study and take "
                "part in Party life on digital platforms."
            ),
            "uk": (
                "Знання та звички, що допомагають посадовцям, членам партії й працівникам працювати, навчатися "
                "та брати участь у партійному житті на цифрових платформах."
            ),
        },
        "page_slug": {"vi": "ky-nang-so", "en": "digital-skills", "uk": "tsyfrovi-navychky"},
    },
]

# --- Issuing bodies ---------------------------------------------------------------------------------
# "parent" names another body of this list by key, or a generic body of the reference data
# (articles/migrations/0002_reference_data.py) by its abbreviation prefixed with "generic:".

ISSUING_BODIES = [
    {
        "key": "politburo",
        "abbreviation": "TW",
        "parent": "generic:TW",
        "name": {"vi": "Bộ Chính trị", "en": "Politburo", "uk": "Політбюро"},
    },
    {
        "key": "steering-committee",
        "abbreviation": "BCĐTW",
        "parent": "politburo",
        "name": {
            "vi": "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "en": "Central Steering Committee on Science, Technology, Innovation and Digital Transformation",
            "uk": "Центральний керівний комітет з розвитку науки, технологій, інновацій і цифрової трансформації",
        },
    },
    {
        "key": "government-party-committee",
        "abbreviation": "ĐU",
        "parent": "generic:TW",
        "name": {"vi": "Đảng ủy Chính phủ", "en": "Government Party Committee", "uk": "Урядовий партійний комітет"},
    },
    {
        "key": "enterprises-bloc",
        "abbreviation": "ĐUK",
        "parent": "generic:TW",
        "name": {
            "vi": "Đảng ủy Khối Doanh nghiệp Trung ương",
            "en": "Party Committee of the Central Enterprises Bloc",
            "uk": "Партійний комітет блоку центральних підприємств",
        },
    },
    {
        "key": "petrovietnam",
        "abbreviation": "ĐU",
        "parent": "government-party-committee",
        "name": {
            "vi": "Đảng ủy Tập đoàn Dầu khí Quốc gia Việt Nam",
            "en": "Party Committee of the Vietnam Oil and Gas Group (Petrovietnam)",
            "uk": "Партійний комітет Національної нафтогазової групи В'єтнаму (Petrovietnam)",
        },
    },
    {
        "key": "pvep",
        "abbreviation": "ĐU",
        "parent": "petrovietnam",
        "name": {
            "vi": "Đảng ủy Tổng công ty Thăm dò Khai thác Dầu khí (PVEP)",
            "en": "Party Committee of PetroVietnam Exploration Production Corporation (PVEP)",
            "uk": "Партійний комітет Корпорації з розвідки та видобутку нафти й газу (PVEP)",
        },
    },
]

# --- Section pages under each home page ---------------------------------------------------------------

HANOI = {"vi": "Hà Nội", "en": "Hanoi", "uk": "Ханой"}

DIRECTIVE_INDEX = {
    "title": {"vi": "Văn bản chỉ đạo", "en": "Directives", "uk": "Директиви"},
    "slug": {"vi": "van-ban", "en": "directives", "uk": "dyrektyvy"},
    "intro": {
        "vi": (
            "Nghị quyết, kế hoạch, công văn và quyết định về chuyển đổi số, mỗi văn bản kèm cơ quan ban hành, "
            "ngày ban hành và các văn bản mà nó thực hiện hoặc triển khai."
        ),
        "en": (
            "Resolutions, plans, dispatches and decisions on digital transformation, each with its issuing body, "
            "its date and the documents it implements or deploys."
        ),
        "uk": (
            "Резолюції, плани, листи та рішення щодо цифрової трансформації — кожен документ з органом, що його "
            "видав, датою та документами, які він виконує чи розгортає."
        ),
    },
}

INFOGRAPHIC_INDEX = {
    "title": {"vi": "Infographic", "en": "Infographics", "uk": "Інфографіка"},
    "slug": {"vi": "infographic", "en": "infographics", "uk": "infohrafika"},
    "intro": {
        "vi": "Các văn bản và con số chính, vẽ thành hình; mỗi hình kèm bản mô tả đầy đủ bằng chữ.",
        "en": "The key documents and figures, drawn as pictures; every picture comes with a full text description.",
        "uk": "Ключові документи й цифри у вигляді зображень; кожне має повний текстовий опис.",
    },
}

VIDEO_INDEX = {
    "title": {"vi": "Video clip", "en": "Video clips", "uk": "Відеоролики"},
    "slug": {"vi": "video", "en": "videos", "uk": "video"},
    "intro": {
        "vi": "Những đoạn phim ngắn giải thích văn bản và hướng dẫn kỹ năng số, có phụ đề ba thứ tiếng và lời thoại.",
        "en": (
            "Short clips that explain directives and teach digital skills, with captions in three languages and "
            "transcripts."
        ),
        "uk": (
            "Короткі ролики, що пояснюють директиви й навчають цифрових навичок, із субтитрами трьома мовами та "
            "стенограмами."
        ),
    },
}

ARTICLE_INDEX = {
    "title": {"vi": "Bài viết", "en": "Articles", "uk": "Статті"},
    "slug": {"vi": "bai-viet", "en": "articles", "uk": "statti"},
    "intro": {
        "vi": "Tin tức và bài phản ánh về cách các đảng bộ, doanh nghiệp đưa văn bản chỉ đạo vào thực tế.",
        "en": "News and reports on how Party organisations and enterprises put the directives into practice.",
        "uk": "Новини та репортажі про те, як партійні організації й підприємства втілюють директиви на практиці.",
    },
}

# --- Directives, in chain order (a relation's target comes before the directive that names it) ----

DISPATCH_380_KEY = "380"

DIRECTIVES = [
    {
        "key": "57",
        "number": "57-NQ/TW",
        "document_type": "NQ",
        "issuing_body": "politburo",
        "issue_date": datetime.date(2024, 12, 22),
        "themes": ["khoa-hoc-cong-nghe-doi-moi-sang-tao", "chuyen-doi-so"],
        "relations": [],
        "title": {
            "vi": (
                "Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc "
                "gia"
            ),
            "en": (
                "Resolution 57-NQ/TW on breakthroughs in science, technology, innovation and national digital "
                "transformation"
            ),
            "uk": (
                "Резолюція 57-NQ/TW про прорив у розвитку науки, технологій, інновацій і національної цифрової "
                "трансформації"
            ),
        },
        "slug": {"vi": "nghi-quyet-57-nq-tw", "en": "resolution-57-nq-tw", "uk": "rezoliutsiia-57-nq-tw"},
        "place": HANOI,
        "subject": {
            "vi": "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
            "en": "On breakthroughs in science, technology, innovation and national digital transformation",
            "uk": "Про прорив у розвитку науки, технологій, інновацій і національної цифрової трансформації",
        },
        "summary": {
            "vi": (
                "Bộ Chính trị coi khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia là động lực đột "
                "phá của đất nước. Các kế hoạch và công văn năm 2025 về chuyển đổi số liên thông đều lấy nghị quyết "
                "này làm điểm xuất phát."
            ),
            "en": (
                "The Politburo treats science, technology, innovation and national digital transformation as the "
                "country's driver of breakthroughs. The 2025 plans and dispatches on interconnected digital "
                "transformation all start from this resolution."
            ),
            "uk": (
                "Політбюро розглядає науку, технології, інновації та національну цифрову трансформацію як рушій "
                "проривного розвитку країни. Усі плани й листи 2025 року щодо взаємопов'язаної цифрової "
                "трансформації виходять із цієї резолюції."
            ),
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Nghị quyết được Bộ Chính trị ban hành ngày 22/12/2024. Nghị quyết đặt khoa học, công nghệ, "
                        "đổi mới sáng tạo và chuyển đổi số vào vị trí động lực chính để đất nước phát triển nhanh và "
                        "bền vững."
                    ],
                    "en": [
                        "The Politburo issued the resolution on 22 December 2024. It puts science, technology, "
                        "innovation and digital transformation at the centre of the country's fast and sustainable "
                        "development."
                    ],
                    "uk": [
                        "Політбюро ухвалило резолюцію 22 грудня 2024 року. Вона ставить науку, технології, інновації "
                        "та цифрову трансформацію в центр швидкого й сталого розвитку країни."
                    ],
                },
            },
            {
                "type": "section",
                "heading": {
                    "vi": "Vì sao nghị quyết này quan trọng với công tác truyền thông",
                    "en": "Why this resolution matters for communication work",
                    "uk": "Чому ця резолюція важлива для комунікаційної роботи",
                },
                "text": {
                    "vi": [
                        "Kế hoạch 02-KH/BCĐTW, Kế hoạch 03-KH/BCĐTW và Công văn 380-CV/ĐU đều dẫn chiếu nghị quyết "
                        "này. Vì thế mọi infographic, podcast, video và bài viết trên trang đều có thể lần ngược về "
                        "Nghị quyết 57-NQ/TW."
                    ],
                    "en": [
                        "Plan 02-KH/BCĐTW, Plan 03-KH/BCĐTW and Dispatch 380-CV/ĐU all refer to this resolution. "
                        "That is why every infographic, podcast, video and article on this site can be traced back "
                        "to Resolution 57-NQ/TW."
                    ],
                    "uk": [
                        "План 02-KH/BCĐTW, План 03-KH/BCĐTW і лист 380-CV/ĐU посилаються на цю резолюцію. Тому "
                        "кожну інфографіку, подкаст, відео й статтю на сайті можна простежити до Резолюції "
                        "57-NQ/TW."
                    ],
                },
            },
        ],
    },
    {
        "key": "02-kh",
        "number": "02-KH/BCĐTW",
        "document_type": "KH",
        "issuing_body": "steering-committee",
        "issue_date": datetime.date(2025, 6, 19),
        "themes": ["chuyen-doi-so", "sap-xep-bo-may", "dich-vu-cong-truc-tuyen"],
        "relations": [("implements", "57")],
        "title": {
            "vi": "Kế hoạch 02-KH/BCĐTW về chuyển đổi số liên thông, đồng bộ phục vụ sắp xếp bộ máy",
            "en": (
                "Plan 02-KH/BCĐTW on interconnected, synchronised digital transformation for restructuring the "
                "apparatus"
            ),
            "uk": "План 02-KH/BCĐTW щодо взаємопов'язаної, синхронної цифрової трансформації для реорганізації апарату",
        },
        "slug": {"vi": "ke-hoach-02-kh-bcdtw", "en": "plan-02-kh-bcdtw", "uk": "plan-02-kh-bcdtw"},
        "place": HANOI,
        "subject": {
            "vi": (
                "Về thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả đáp ứng yêu cầu sắp xếp tổ chức "
                "bộ máy của hệ thống chính trị"
            ),
            "en": (
                "On promoting interconnected, synchronised, fast and effective digital transformation to meet the "
                "needs of restructuring the political system's apparatus"
            ),
            "uk": (
                "Про сприяння взаємопов'язаній, синхронній, швидкій та ефективній цифровій трансформації відповідно "
                "до потреб реорганізації апарату політичної системи"
            ),
        },
        "summary": {
            "vi": (
                "Kế hoạch của Ban Chỉ đạo Trung ương nhằm thực hiện Nghị quyết 57-NQ/TW: các hệ thống số của cơ quan "
                "Đảng và Nhà nước phải kết nối với nhau, chạy đồng bộ và kịp với tiến độ tinh gọn bộ máy."
            ),
            "en": (
                "The Central Steering Committee's plan for carrying out Resolution 57-NQ/TW: the digital systems of "
                "Party and state bodies must connect, run in step and keep pace with the streamlining of the apparatus."
            ),
            "uk": (
                "План Центрального керівного комітету з виконання Резолюції 57-NQ/TW: цифрові системи партійних і "
                "державних органів мають бути пов'язані, працювати узгоджено й не відставати від оптимізації апарату."
            ),
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Kế hoạch ra đời ngày 19/6/2025, khi nhiều cơ quan đang được sáp nhập và tổ chức lại. Trọng "
                        "tâm là để dữ liệu và quy trình đi theo bộ máy mới mà không bị đứt đoạn."
                    ],
                    "en": [
                        "The plan was issued on 19 June 2025, while many bodies were being merged and reorganised. "
                        "Its focus is to let data and procedures follow the new structure without interruption."
                    ],
                    "uk": [
                        "План ухвалено 19 червня 2025 року, коли багато органів об'єднували й реорганізовували. Його "
                        "мета — щоб дані та процедури переходили до нової структури без перерв."
                    ],
                },
            },
            {
                "type": "section",
                "heading": {
                    "vi": "Văn bản triển khai",
                    "en": "Documents that deploy it",
                    "uk": "Документи, що його розгортають",
                },
                "text": {
                    "vi": [
                        "Ngày 28/7/2025, Ban Chỉ đạo Trung ương ban hành Kế hoạch truyền thông 03-KH/BCĐTW cho kế "
                        "hoạch "
                        "này; Công văn 380-CV/ĐU của Đảng ủy Chính phủ lấy kế hoạch này làm căn cứ."
                    ],
                    "en": [
                        "On 28 July 2025 the Central Steering Committee issued communication plan 03-KH/BCĐTW for this "
                        "plan; Dispatch 380-CV/ĐU of the Government Party Committee is based on it."
                    ],
                    "uk": [
                        "28 липня 2025 року Центральний керівний комітет ухвалив для цього плану Комунікаційний план "
                        "03-KH/BCĐTW; лист 380-CV/ĐU Урядового партійного комітету ґрунтується на ньому."
                    ],
                },
            },
        ],
    },
    {
        "key": "03-kh",
        "number": "03-KH/BCĐTW",
        "document_type": "KH",
        "issuing_body": "steering-committee",
        "issue_date": datetime.date(2025, 7, 28),
        "themes": ["chuyen-doi-so", "sap-xep-bo-may"],
        "relations": [("deploys", "02-kh")],
        "title": {
            "vi": "Kế hoạch truyền thông 03-KH/BCĐTW về chuyển đổi số liên thông, đồng bộ",
            "en": "Communication plan 03-KH/BCĐTW on interconnected, synchronised digital transformation",
            "uk": "Комунікаційний план 03-KH/BCĐTW щодо взаємопов'язаної, синхронної цифрової трансформації",
        },
        "slug": {
            "vi": "ke-hoach-03-kh-bcdtw",
            "en": "communication-plan-03-kh-bcdtw",
            "uk": "komunikatsiinyi-plan-03-kh-bcdtw",
        },
        "place": HANOI,
        "subject": {
            "vi": "Kế hoạch truyền thông về thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả",
            "en": (
                "Communication plan on promoting interconnected, synchronised, fast and effective digital "
                "transformation"
            ),
            "uk": (
                "Комунікаційний план зі сприяння взаємопов'язаній, синхронній, швидкій та ефективній цифровій "
                "трансформації"
            ),
        },
        "summary": {
            "vi": (
                "Kế hoạch cho biết cần nói gì và nói bằng cách nào về Kế hoạch 02-KH/BCĐTW: thông điệp chính, đối "
                "tượng tiếp nhận và các loại sản phẩm truyền thông."
            ),
            "en": (
                "The plan sets out what to say about Plan 02-KH/BCĐTW and how: the key messages, the audiences and "
                "the kinds of media to produce."
            ),
            "uk": (
                "План визначає, що і як говорити про План 02-KH/BCĐTW: ключові меседжі, цільові аудиторії та види "
                "медіапродуктів."
            ),
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Ngày 28/7/2025, Ban Chỉ đạo Trung ương ban hành kế hoạch này để mọi cơ quan nói cùng một "
                        "thông điệp về chuyển đổi số liên thông, theo từng giai đoạn của Kế hoạch 02."
                    ],
                    "en": [
                        "The Central Steering Committee issued this plan on 28 July 2025 so that every body tells the "
                        "same story about interconnected digital transformation, stage by stage of Plan 02."
                    ],
                    "uk": [
                        "Центральний керівний комітет ухвалив цей план 28 липня 2025 року, щоб усі органи говорили "
                        "про взаємопов'язану цифрову трансформацію однаково, відповідно до етапів Плану 02."
                    ],
                },
            },
        ],
    },
    {
        "key": DISPATCH_380_KEY,
        "number": "Số 380 -CV/ĐU",  # typed as printed; DirectivePage.clean normalises it to 380-CV/ĐU
        "document_type": "CV",
        "issuing_body": "government-party-committee",
        "issue_date": datetime.date(2025, 8, 18),
        "themes": ["chuyen-doi-so", "sap-xep-bo-may", "dich-vu-cong-truc-tuyen"],
        "relations": [("implements", "57"), ("based_on", "02-kh"), ("deploys", "03-kh")],
        "title": {
            "vi": "Công văn 380-CV/ĐU về triển khai Kế hoạch truyền thông thúc đẩy chuyển đổi số liên thông",
            "en": "Dispatch 380-CV/ĐU on carrying out the communication plan for interconnected digital transformation",
            "uk": "Лист 380-CV/ĐU про виконання комунікаційного плану щодо взаємопов'язаної цифрової трансформації",
        },
        "slug": {"vi": "cong-van-380-cv-du", "en": "dispatch-380-cv-du", "uk": "lyst-380-cv-du"},
        "place": HANOI,
        "subject": {
            "vi": (
                "V/v triển khai Kế hoạch truyền thông thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả, "
                "đáp ứng yêu cầu sắp xếp tổ chức bộ máy của hệ thống chính trị"
            ),
            "en": (
                "Re: carrying out the communication plan on interconnected, synchronised, fast and effective digital "
                "transformation for restructuring the political system's apparatus"
            ),
            "uk": (
                "Щодо виконання Комунікаційного плану зі сприяння взаємопов'язаній, синхронній, швидкій та ефективній "
                "цифровій трансформації для реорганізації апарату політичної системи"
            ),
        },
        "summary": {
            "vi": (
                "Đảng ủy Chính phủ giao các đảng ủy trực thuộc đưa Kế hoạch truyền thông 03-KH/BCĐTW vào từng cơ "
                "quan, đơn vị, doanh nghiệp: tự lập kế hoạch riêng và làm infographic, video, podcast, talkshow, "
                "chuyên trang, chuyên mục."
            ),
            "en": (
                "The Government Party Committee tells the Party committees under it to bring communication plan "
                "03-KH/BCĐTW into every agency, unit and enterprise: each draws up its own plan and produces "
                "infographics, videos, podcasts, talk shows, special pages and columns."
            ),
            "uk": (
                "Урядовий партійний комітет доручає підпорядкованим партійним комітетам донести Комунікаційний план "
                "03-KH/BCĐTW до кожної установи, підрозділу й підприємства: скласти власний план і створювати "
                "інфографіку, відео, подкасти, ток-шоу, спецсторінки та рубрики."
            ),
        },
        "recipients": {
            "vi": (
                "Các đảng ủy trực thuộc Đảng ủy Chính phủ\n"
                "Văn phòng Trung ương Đảng (để báo cáo)\n"
                "Cơ quan Thường trực Ban Chỉ đạo Trung ương (để báo cáo)\n"
                "Đồng chí Bí thư Đảng ủy Chính phủ (để báo cáo)\n"
                "Các đồng chí Phó Bí thư Đảng ủy Chính phủ\n"
                "Các đồng chí Ủy viên Ban Thường vụ Đảng ủy Chính phủ\n"
                "Lưu: Văn phòng, Ban Tuyên giáo và Dân vận"
            ),
            "en": (
                "Party committees under the Government Party Committee\n"
                "Office of the Party Central Committee (for information)\n"
                "Standing office of the Central Steering Committee (for information)\n"
                "Secretary of the Government Party Committee (for information)\n"
                "Deputy Secretaries of the Government Party Committee\n"
                "Members of the Standing Board of the Government Party Committee\n"
                "Filed: Office; Commission for Communication, Education and Mass Mobilisation"
            ),
            "uk": (
                "Партійні комітети, підпорядковані Урядовому партійному комітету\n"
                "Канцелярія Центрального комітету партії (до відома)\n"
                "Постійний орган Центрального керівного комітету (до відома)\n"
                "Секретар Урядового партійного комітету (до відома)\n"
                "Заступники секретаря Урядового партійного комітету\n"
                "Члени Постійного бюро Урядового партійного комітету\n"
                "До справи: канцелярія; Комісія з пропаганди, освіти та роботи з масами"
            ),
        },
        "signer_name": "Nguyễn Đức Phong",
        "signer_title": {
            "vi": "Phó Bí thư, thay mặt Ban Thường vụ",
            "en": "Deputy Secretary, on behalf of the Standing Board",
            "uk": "Заступник секретаря, від імені Постійного бюро",
        },
        "original_pdf": {
            "title": "Công văn 380-CV/ĐU (bản trình bày lại)",
            "filename": "cong-van-380-cv-du.pdf",
            "header": [
                "ĐẢNG ỦY CHÍNH PHỦ — ĐẢNG CỘNG SẢN VIỆT NAM",
                "Số 380 -CV/ĐU",
                "Hà Nội, ngày 18 tháng 8 năm 2025",
                "Kính gửi: Các đảng ủy trực thuộc",
            ],
            "note": "Bản trình bày lại nội dung chính cho trang trình diễn; không thay thế văn bản gốc.",
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Căn cứ Nghị quyết 57-NQ/TW (22/12/2024) của Bộ Chính trị, Kế hoạch 02-KH/BCĐTW (19/6/2025) "
                        "và Kế hoạch truyền thông 03-KH/BCĐTW (28/7/2025) của Ban Chỉ đạo Trung ương, Ban Thường vụ "
                        "Đảng ủy Chính phủ đề nghị các đảng ủy trực thuộc tập trung vào những việc dưới đây."
                    ],
                    "en": [
                        "On the basis of the Politburo's Resolution 57-NQ/TW (22 December 2024) and the Central "
                        "Steering Committee's Plan 02-KH/BCĐTW (19 June 2025) and communication plan 03-KH/BCĐTW "
                        "(28 July 2025), the Standing Board of the Government Party Committee asks the Party "
                        "committees under it to concentrate on the following."
                    ],
                    "uk": [
                        "На підставі Резолюції Політбюро 57-NQ/TW (22 грудня 2024 року), Плану 02-KH/BCĐTW (19 червня "
                        "2025 року) та Комунікаційного плану 03-KH/BCĐTW (28 липня 2025 року) Центрального керівного "
                        "комітету Постійне бюро Урядового партійного комітету просить підпорядковані партійні комітети "
                        "зосередитися на такому."
                    ],
                },
            },
            {
                "type": "section",
                "heading": {
                    "vi": "1. Quán triệt và chỉ đạo công tác truyền thông",
                    "en": "1. Explaining the plan and steering communication work",
                    "uk": "1. Роз'яснення плану та керівництво комунікаційною роботою",
                },
                "text": {
                    "vi": [
                        "Giúp cấp ủy, người đứng đầu và từng cán bộ, đảng viên, người lao động hiểu vì sao chuyển đổi "
                        "số liên thông gắn chặt với việc sắp xếp lại bộ máy.",
                        "Mỗi cơ quan, đơn vị, doanh nghiệp lập kế hoạch truyền thông của riêng mình, có người phụ "
                        "trách, phương tiện và kinh phí; kết quả được kiểm tra, sơ kết và khen thưởng kịp thời.",
                    ],
                    "en": [
                        "Help Party committees, heads of units and every official, Party member and employee "
                        "understand why interconnected digital transformation is bound up with restructuring the "
                        "apparatus.",
                        "Each agency, unit and enterprise draws up its own communication plan, with people, means and "
                        "a budget assigned to it; results are checked, reviewed and rewarded without delay.",
                    ],
                    "uk": [
                        "Допомогти партійним комітетам, керівникам і кожному посадовцю, члену партії та працівнику "
                        "зрозуміти, чому взаємопов'язана цифрова трансформація нерозривно пов'язана з реорганізацією "
                        "апарату.",
                        "Кожна установа, підрозділ і підприємство складає власний комунікаційний план із "
                        "відповідальними людьми, засобами та бюджетом; результати перевіряють, підсумовують і вчасно "
                        "відзначають.",
                    ],
                },
            },
            {
                "type": "section",
                "heading": {
                    "vi": "2. Nội dung cần truyền thông",
                    "en": "2. What to communicate",
                    "uk": "2. Що саме слід доносити",
                },
                "text": {
                    "vi": [
                        "Lợi ích của chuyển đổi số đồng bộ đối với công tác lãnh đạo, điều hành và việc phục vụ người "
                        "dân, doanh nghiệp; tiến độ các nhóm nhiệm vụ của Kế hoạch 02; kết quả của dịch vụ công trực "
                        "tuyến toàn trình; các mô hình hay và sáng kiến tiêu biểu.",
                        "Chủ động nhận diện và phản bác thông tin sai lệch về quá trình triển khai.",
                    ],
                    "en": [
                        "The benefits of synchronised digital transformation for leadership, administration and "
                        "service to citizens and businesses; progress on the task groups of Plan 02; the results of "
                        "end-to-end online public services; good models and notable initiatives.",
                        "Spot false information about the roll-out early and answer it.",
                    ],
                    "uk": [
                        "Переваги синхронної цифрової трансформації для керівництва, управління та обслуговування "
                        "громадян і бізнесу; поступ груп завдань Плану 02; результати наскрізних публічних послуг "
                        "онлайн; вдалі моделі та помітні ініціативи.",
                        "Завчасно виявляти неправдиву інформацію про впровадження та спростовувати її.",
                    ],
                },
            },
            {
                "type": "paragraph",
                "text": {
                    "vi": ["Công văn đề nghị sản xuất và phát hành các loại sản phẩm sau:"],
                    "en": ["The dispatch asks for the following kinds of media to be produced and published:"],
                    "uk": ["Лист передбачає створення й поширення таких видів медіапродуктів:"],
                },
            },
            {
                "type": "numbered_list",
                "items": {
                    "vi": [
                        "<b>Infographic</b> tóm tắt mục tiêu và số liệu",
                        "<b>Video clip</b> ngắn cho mạng xã hội",
                        "<b>Phóng sự</b> về cách các đơn vị triển khai",
                        "<b>Phim ngắn</b> và phim tài liệu",
                        "<b>Bản tin nội bộ</b> và bản tin định kỳ",
                        "<b>Podcast</b> để nghe mọi lúc, mọi nơi",
                        "<b>Talkshow</b>, tọa đàm và giao lưu trực tuyến với lãnh đạo",
                        "<b>Chuyên trang, chuyên mục</b> trên báo, website và mạng xã hội",
                    ],
                    "en": [
                        "<b>Infographics</b> summing up goals and figures",
                        "short <b>video clips</b> for social networks",
                        "<b>reports</b> on how units carry the plan out",
                        "<b>short films</b> and documentaries",
                        "<b>internal newsletters</b> and periodic bulletins",
                        "<b>podcasts</b> to listen to anywhere",
                        "<b>talk shows</b>, panel discussions and online exchanges with leaders",
                        "<b>special pages and columns</b> in newspapers, on websites and on social networks",
                    ],
                    "uk": [
                        "<b>інфографіка</b>, що підсумовує цілі та цифри",
                        "короткі <b>відеоролики</b> для соціальних мереж",
                        "<b>репортажі</b> про те, як підрозділи виконують план",
                        "<b>короткі фільми</b> та документальне кіно",
                        "<b>внутрішні бюлетені</b> та періодичні випуски новин",
                        "<b>подкасти</b>, які можна слухати будь-де",
                        "<b>ток-шоу</b>, круглі столи та онлайн-зустрічі з керівниками",
                        "<b>спецсторінки й рубрики</b> в газетах, на вебсайтах і в соціальних мережах",
                    ],
                },
            },
            {
                "type": "section",
                "heading": {
                    "vi": "3. Đối với các cơ quan báo chí chủ lực",
                    "en": "3. For the main news organisations",
                    "uk": "3. Для провідних засобів масової інформації",
                },
                "text": {
                    "vi": [
                        "Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam và Thông tấn xã Việt Nam xây dựng kế hoạch "
                        "truyền thông chuyên biệt về Kế hoạch 02 trên mọi loại hình báo chí và nền tảng số, tổ chức "
                        "các chương trình chuyên đề với lãnh đạo Ban Chỉ đạo Trung ương, các bộ, ngành và doanh nghiệp."
                    ],
                    "en": [
                        "Vietnam Television, the Voice of Vietnam and the Vietnam News Agency prepare dedicated "
                        "communication plans on Plan 02 across every type of media and digital platform, and hold "
                        "special programmes with leaders of the Central Steering Committee, ministries, sectors and "
                        "enterprises."
                    ],
                    "uk": [
                        "Телебачення В'єтнаму, Голос В'єтнаму та В'єтнамське інформаційне агентство готують окремі "
                        "комунікаційні плани щодо Плану 02 для всіх видів медіа й цифрових платформ і проводять "
                        "спеціальні програми з керівниками Центрального керівного комітету, міністерств, галузей та "
                        "підприємств."
                    ],
                },
            },
            {
                "type": "section",
                "heading": {"vi": "4. Thời gian thực hiện", "en": "4. Timing", "uk": "4. Терміни виконання"},
                "text": {
                    "vi": [
                        "Bắt đầu ngay khi nhận công văn, bám theo tiến độ của Kế hoạch 02 và Kế hoạch 03, truyền thông "
                        "đều đặn suốt quá trình và tổng kết vào cuối giai đoạn. Kết quả báo cáo về Đảng ủy Chính phủ "
                        "qua Ban Tuyên giáo và Dân vận."
                    ],
                    "en": [
                        "Start as soon as the dispatch arrives, follow the schedule of Plans 02 and 03, keep "
                        "communicating steadily throughout and review the results at the end of the period. Results "
                        "are reported to the Government Party Committee through its Commission for Communication, "
                        "Education and Mass Mobilisation."
                    ],
                    "uk": [
                        "Розпочати одразу після отримання листа, дотримуватися графіка Планів 02 і 03, вести "
                        "комунікацію постійно й підбити підсумки наприкінці етапу. Про результати звітувати "
                        "Урядовому партійному комітету через Комісію з пропаганди, освіти та роботи з масами."
                    ],
                },
            },
            {
                "type": "quote",
                "quote": {
                    "vi": "Sản phẩm truyền thông cần ngắn, đúng, cuốn hút, dễ hiểu, dễ nhớ và hợp với người nhận.",
                    "en": (
                        "Media products should be short, accurate, engaging, easy to understand, easy to remember "
                        "and suited to their audience."
                    ),
                    "uk": (
                        "Медіапродукти мають бути короткими, точними, цікавими, зрозумілими, такими, що "
                        "запам'ятовуються, і відповідати своїй аудиторії."
                    ),
                },
                "attribution": {
                    "vi": "Tóm lược từ Công văn 380-CV/ĐU",
                    "en": "Summarised from Dispatch 380-CV/ĐU",
                    "uk": "Стислий виклад листа 380-CV/ĐU",
                },
            },
        ],
    },
    {
        "key": "02-nq-duk",
        "number": "02-NQ/ĐUK",
        "document_type": "NQ",
        "issuing_body": "enterprises-bloc",
        "issue_date": datetime.date(2021, 6, 7),
        "themes": ["chuyen-doi-so"],
        "relations": [],
        "title": {
            "vi": "Nghị quyết 02-NQ/ĐUK về chuyển đổi số tại các doanh nghiệp Khối Doanh nghiệp Trung ương",
            "en": "Resolution 02-NQ/ĐUK on digital transformation in the Central Enterprises Bloc",
            "uk": "Резолюція 02-NQ/ĐUK про цифрову трансформацію в блоці центральних підприємств",
        },
        "slug": {"vi": "nghi-quyet-02-nq-duk", "en": "resolution-02-nq-duk", "uk": "rezoliutsiia-02-nq-duk"},
        "place": HANOI,
        "subject": {
            "vi": "Về chuyển đổi số tại các doanh nghiệp, đơn vị trong Khối đến năm 2025, định hướng đến năm 2030",
            "en": "On digital transformation in the Bloc's enterprises and units to 2025, with a vision to 2030",
            "uk": "Про цифрову трансформацію підприємств і підрозділів блоку до 2025 року з перспективою до 2030 року",
        },
        "summary": {
            "vi": (
                "Nghị quyết ngày 7/6/2021 của Đảng ủy Khối Doanh nghiệp Trung ương đặt lộ trình chuyển đổi số cho "
                "các tập đoàn, tổng công ty trong Khối; Petrovietnam cụ thể hóa bằng Nghị quyết 184-NQ/ĐU."
            ),
            "en": (
                "The resolution of 7 June 2021 by the Party Committee of the Central Enterprises Bloc sets a digital "
                "transformation roadmap for the Bloc's groups and corporations; Petrovietnam turned it into "
                "Resolution 184-NQ/ĐU."
            ),
            "uk": (
                "Резолюція Партійного комітету блоку центральних підприємств від 7 червня 2021 року визначає дорожню "
                "карту цифрової трансформації для груп і корпорацій блоку; Petrovietnam конкретизувала її "
                "Резолюцією 184-NQ/ĐU."
            ),
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Nghị quyết đặt mốc năm 2025 cho các mục tiêu trước mắt và nhìn xa tới năm 2030. Mỗi doanh "
                        "nghiệp trong Khối phải tự xây dựng chương trình hành động của mình."
                    ],
                    "en": [
                        "The resolution sets 2025 as the deadline for its near-term goals and looks ahead to 2030. "
                        "Every enterprise in the Bloc has to work out its own programme of action."
                    ],
                    "uk": [
                        "Резолюція встановлює 2025 рік як строк для найближчих цілей і дивиться вперед до 2030 року. "
                        "Кожне підприємство блоку має розробити власну програму дій."
                    ],
                },
            },
        ],
    },
    {
        "key": "184",
        "number": "184-NQ/ĐU",
        "document_type": "NQ",
        "issuing_body": "petrovietnam",
        "issue_date": datetime.date(2022, 2, 15),
        "themes": ["chuyen-doi-so"],
        "relations": [("implements", "02-nq-duk")],
        "title": {
            "vi": "Nghị quyết 184-NQ/ĐU về chuyển đổi số tại Tập đoàn Dầu khí Quốc gia Việt Nam",
            "en": "Resolution 184-NQ/ĐU on digital transformation at Petrovietnam",
            "uk": "Резолюція 184-NQ/ĐU про цифрову трансформацію в Petrovietnam",
        },
        "slug": {"vi": "nghi-quyet-184-nq-du", "en": "resolution-184-nq-du", "uk": "rezoliutsiia-184-nq-du"},
        "place": HANOI,
        "subject": {
            "vi": "Về thực hiện chuyển đổi số trong Tập đoàn",
            "en": "On carrying out digital transformation across the Group",
            "uk": "Про здійснення цифрової трансформації в групі",
        },
        "summary": {
            "vi": (
                "Đảng ủy Petrovietnam đưa Nghị quyết 02-NQ/ĐUK vào Tập đoàn; các đơn vị thành viên như PVEP tiếp "
                "tục cụ thể hóa bằng chương trình hành động."
            ),
            "en": (
                "Petrovietnam's Party Committee brings Resolution 02-NQ/ĐUK into the Group; member companies such as "
                "PVEP follow up with programmes of action."
            ),
            "uk": (
                "Партійний комітет Petrovietnam впроваджує Резолюцію 02-NQ/ĐUK у групі; дочірні компанії, як-от "
                "PVEP, доповнюють її програмами дій."
            ),
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Ban hành ngày 15/2/2022, nghị quyết là cầu nối giữa định hướng của Khối và kế hoạch của "
                        "từng tổng công ty trong ngành dầu khí."
                    ],
                    "en": [
                        "Issued on 15 February 2022, the resolution links the Bloc's direction with the plans of each "
                        "corporation in the oil and gas sector."
                    ],
                    "uk": [
                        "Ухвалена 15 лютого 2022 року, резолюція поєднує орієнтири блоку з планами кожної корпорації "
                        "нафтогазової галузі."
                    ],
                },
            },
        ],
    },
    {
        "key": "03-ctr",
        "number": "03/CTr-ĐU",
        "document_type": "CTr",
        "issuing_body": "pvep",
        "issue_date": datetime.date(2022, 4, 12),
        "themes": ["chuyen-doi-so", "ky-nang-so"],
        "relations": [("implements", "184")],
        "title": {
            "vi": "Chương trình hành động 03/CTr-ĐU của Đảng ủy PVEP về chuyển đổi số",
            "en": "Action programme 03/CTr-ĐU of the PVEP Party Committee on digital transformation",
            "uk": "Програма дій 03/CTr-ĐU партійного комітету PVEP щодо цифрової трансформації",
        },
        "slug": {"vi": "chuong-trinh-03-ctr-du", "en": "programme-03-ctr-du", "uk": "prohrama-03-ctr-du"},
        "place": HANOI,
        "subject": {
            "vi": "Chương trình hành động thực hiện Nghị quyết 184-NQ/ĐU về chuyển đổi số",
            "en": "Action programme for carrying out Resolution 184-NQ/ĐU on digital transformation",
            "uk": "Програма дій з виконання Резолюції 184-NQ/ĐU щодо цифрової трансформації",
        },
        "summary": {
            "vi": (
                "Chương trình nêu mục tiêu, nhiệm vụ và giải pháp chuyển đổi số của PVEP, kể cả việc lập Ban Chỉ đạo "
                "và Tổ giúp việc. Số hiệu viết theo kiểu văn bản nhà nước: dấu gạch chéo đứng trước."
            ),
            "en": (
                "The programme sets PVEP's digital transformation goals, tasks and measures, including a steering "
                "committee and a support team. Its number is written in the state style, with the slash first."
            ),
            "uk": (
                "Програма визначає цілі, завдання та заходи цифрової трансформації PVEP, зокрема створення "
                "керівного комітету й робочої групи. Її номер записано в державному стилі, з косою рискою попереду."
            ),
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Đảng ủy PVEP ban hành chương trình ngày 12/4/2022, chưa đầy hai tháng sau Nghị quyết "
                        "184-NQ/ĐU "
                        "của Tập đoàn."
                    ],
                    "en": [
                        "The PVEP Party Committee issued the programme on 12 April 2022, less than two months after "
                        "the Group's Resolution 184-NQ/ĐU."
                    ],
                    "uk": [
                        "Партійний комітет PVEP ухвалив програму 12 квітня 2022 року, менш ніж за два місяці після "
                        "Резолюції групи 184-NQ/ĐU."
                    ],
                },
            },
        ],
    },
    {
        "key": "208",
        "number": "208-QĐ/ĐU",
        "document_type": "QĐ",
        "issuing_body": "pvep",
        "issue_date": datetime.date(2024, 9, 10),
        "themes": ["chuyen-doi-so"],
        "relations": [("implements", "03-ctr")],
        "title": {
            "vi": "Quyết định 208-QĐ/ĐU kiện toàn Ban Chỉ đạo chuyển đổi số của PVEP",
            "en": "Decision 208-QĐ/ĐU completing PVEP's digital transformation steering committee",
            "uk": "Рішення 208-QĐ/ĐU про оновлення складу керівного комітету PVEP з цифрової трансформації",
        },
        "slug": {"vi": "quyet-dinh-208-qd-du", "en": "decision-208-qd-du", "uk": "rishennia-208-qd-du"},
        "place": HANOI,
        "subject": {
            "vi": "V/v kiện toàn Ban Chỉ đạo chuyển đổi số của Tổng công ty",
            "en": "Re: completing the Corporation's digital transformation steering committee",
            "uk": "Щодо оновлення складу керівного комітету корпорації з цифрової трансформації",
        },
        "summary": {
            "vi": (
                "Ban Chấp hành Đảng ủy PVEP bổ sung, hoàn thiện Ban Chỉ đạo chuyển đổi số lập theo Chương trình "
                "03/CTr-ĐU; Bí thư Đảng ủy trực tiếp làm Trưởng ban."
            ),
            "en": (
                "The PVEP Party Executive Committee completes the digital transformation steering committee set up "
                "under Programme 03/CTr-ĐU; the Party Secretary chairs it in person."
            ),
            "uk": (
                "Виконавчий комітет партійної організації PVEP оновлює склад керівного комітету з цифрової "
                "трансформації, створеного за Програмою 03/CTr-ĐU; його особисто очолює секретар парткому."
            ),
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Theo quyết định ngày 10/9/2024, đồng chí Nguyễn Thiện Bảo, Bí thư Đảng ủy kiêm Chủ tịch Hội "
                        "đồng thành viên, là Trưởng Ban Chỉ đạo. Người đứng đầu trực tiếp nhận trách nhiệm là tín "
                        "hiệu rõ về mức độ ưu tiên của chuyển đổi số."
                    ],
                    "en": [
                        "Under the decision of 10 September 2024, Nguyễn Thiện Bảo, Party Secretary and Chairman of "
                        "the Members' Council, heads the steering committee. The top leader taking charge in person "
                        "signals how high digital transformation ranks."
                    ],
                    "uk": [
                        "Згідно з рішенням від 10 вересня 2024 року керівний комітет очолює Нгуєн Тхієн Бао, секретар "
                        "парткому та голова Ради учасників. Те, що перша особа бере відповідальність на себе, чітко "
                        "показує пріоритет цифрової трансформації."
                    ],
                },
            },
        ],
    },
]

# --- Infographics ---------------------------------------------------------------------------------------

INFOGRAPHICS = [
    {
        "key": "chain",
        "date": datetime.date(2025, 8, 28),
        "themes": ["chuyen-doi-so", "sap-xep-bo-may"],
        "directives": ["57", "02-kh", "03-kh", "380"],
        "image": {
            "title": "Từ Nghị quyết 57 đến Công văn 380",
            "subtitle": "22/12/2024 → 18/8/2025",
            "colour": "#b3261e",
            "filename": "infographic-chuoi-van-ban.png",
        },
        # The directives (by key) whose metadata makes up the source-data CSV.
        "source_data": {
            "title": "Chuỗi văn bản từ Nghị quyết 57 đến Công văn 380 (số liệu)",
            "filename": "chuoi-van-ban-57-380.csv",
            "directives": ["57", "02-kh", "03-kh", "380"],
        },
        "title": {
            "vi": "Từ Nghị quyết 57 đến Công văn 380: bốn văn bản trong tám tháng",
            "en": "From Resolution 57 to Dispatch 380: four documents in eight months",
            "uk": "Від Резолюції 57 до листа 380: чотири документи за вісім місяців",
        },
        "slug": {
            "vi": "tu-nghi-quyet-57-den-cong-van-380",
            "en": "resolution-57-to-dispatch-380",
            "uk": "vid-rezoliutsii-57-do-lysta-380",
        },
        "summary": {
            "vi": "Dòng thời gian cho thấy mỗi văn bản dựa vào văn bản nào, từ tháng 12/2024 đến tháng 8/2025.",
            "en": "A timeline of which document builds on which, from December 2024 to August 2025.",
            "uk": "Часова шкала того, який документ спирається на який, з грудня 2024 по серпень 2025 року.",
        },
        "alt_text": {
            "vi": "Dòng thời gian bốn văn bản, mỗi mốc ghi số hiệu, cơ quan ban hành và ngày ban hành.",
            "en": "A timeline of four documents, each marked with its number, issuing body and date.",
            "uk": "Часова шкала чотирьох документів; біля кожного — номер, орган, що його видав, і дата.",
        },
        "long_description": {
            "vi": [
                "Bốn văn bản nối tiếp nhau; văn bản sau dựa trên văn bản trước:",
                [
                    "22/12/2024 — Nghị quyết 57-NQ/TW của Bộ Chính trị: đột phá về khoa học, công nghệ, đổi mới "
                    "sáng tạo và chuyển đổi số quốc gia.",
                    "19/6/2025 — Kế hoạch 02-KH/BCĐTW của Ban Chỉ đạo Trung ương: chuyển đổi số liên thông phục vụ "
                    "sắp xếp bộ máy, thực hiện Nghị quyết 57.",
                    "28/7/2025 — Kế hoạch 03-KH/BCĐTW: kế hoạch truyền thông cho Kế hoạch 02.",
                    "18/8/2025 — Công văn 380-CV/ĐU của Đảng ủy Chính phủ: giao các đảng ủy trực thuộc triển khai "
                    "Kế hoạch 03.",
                ],
                "Một tuần sau, ngày 25/8/2025, Đảng ủy Petrovietnam công bố kế hoạch truyền thông của mình để hưởng "
                "ứng.",
            ],
            "en": [
                "Four documents follow one another; each builds on the one before:",
                [
                    "22 December 2024 — Politburo Resolution 57-NQ/TW: breakthroughs in science, technology, "
                    "innovation and national digital transformation.",
                    "19 June 2025 — Plan 02-KH/BCĐTW of the Central Steering Committee: interconnected digital "
                    "transformation serving the restructuring of the apparatus, implementing Resolution 57.",
                    "28 July 2025 — Plan 03-KH/BCĐTW: the communication plan for Plan 02.",
                    "18 August 2025 — Dispatch 380-CV/ĐU of the Government Party Committee: the Party committees "
                    "under it are to carry out Plan 03.",
                ],
                "A week later, on 25 August 2025, Petrovietnam's Party Committee announced its own communication "
                "plan in response.",
            ],
            "uk": [
                "Чотири документи йдуть один за одним; кожен спирається на попередній:",
                [
                    "22 грудня 2024 року — Резолюція Політбюро 57-NQ/TW: прорив у науці, технологіях, інноваціях і "
                    "національній цифровій трансформації.",
                    "19 червня 2025 року — План 02-KH/BCĐTW Центрального керівного комітету: взаємопов'язана "
                    "цифрова трансформація для реорганізації апарату на виконання Резолюції 57.",
                    "28 липня 2025 року — План 03-KH/BCĐTW: комунікаційний план до Плану 02.",
                    "18 серпня 2025 року — лист 380-CV/ĐU Урядового партійного комітету: підпорядковані партійні "
                    "комітети мають виконати План 03.",
                ],
                "Через тиждень, 25 серпня 2025 року, партійний комітет Petrovietnam оголосив у відповідь власний "
                "комунікаційний план.",
            ],
        },
    },
    {
        "key": "media-forms",
        "date": datetime.date(2025, 9, 3),
        "themes": ["chuyen-doi-so"],
        "directives": ["380", "03-kh"],
        "image": {
            "title": "Công văn 380: tám loại sản phẩm truyền thông",
            "subtitle": "Infographic · video · podcast · talkshow …",
            "colour": "#2a9d8f",
            "filename": "infographic-san-pham-truyen-thong.png",
        },
        "title": {
            "vi": "Công văn 380 đề nghị làm những sản phẩm truyền thông nào?",
            "en": "Which media does Dispatch 380 ask for?",
            "uk": "Які медіапродукти передбачає лист 380?",
        },
        "slug": {
            "vi": "cong-van-380-san-pham-truyen-thong",
            "en": "dispatch-380-media",
            "uk": "lyst-380-mediaprodukty",
        },
        "summary": {
            "vi": "Tám loại sản phẩm mà các đảng ủy trực thuộc được đề nghị sản xuất, trên một hình.",
            "en": "The eight kinds of media the Party committees are asked to produce, in one picture.",
            "uk": "Вісім видів медіапродуктів, які мають створювати партійні комітети, на одному зображенні.",
        },
        "alt_text": {
            "vi": "Tám biểu tượng, mỗi biểu tượng là một loại sản phẩm truyền thông mà Công văn 380-CV/ĐU nêu.",
            "en": "Eight icons, one for each kind of media named in Dispatch 380-CV/ĐU.",
            "uk": "Вісім піктограм — по одній на кожен вид медіапродукту, названий у листі 380-CV/ĐU.",
        },
        "long_description": {
            "vi": [
                "Công văn 380-CV/ĐU liệt kê các loại sản phẩm mà các đảng ủy trực thuộc nên sản xuất và phát hành:",
                [
                    "infographic;",
                    "video clip và phim ngắn;",
                    "phóng sự;",
                    "bản tin nội bộ và bản tin định kỳ;",
                    "podcast;",
                    "talkshow và tọa đàm;",
                    "chuyên trang, chuyên mục trên website và mạng xã hội.",
                ],
                "Yêu cầu chung cho mọi sản phẩm là ngắn gọn, chính xác và dễ nhớ.",
            ],
            "en": [
                "Dispatch 380-CV/ĐU lists the kinds of media that the Party committees under it should produce and "
                "publish:",
                [
                    "infographics;",
                    "video clips and short films;",
                    "reports;",
                    "internal newsletters and periodic bulletins;",
                    "podcasts;",
                    "talk shows and panel discussions;",
                    "special pages and columns on websites and social networks.",
                ],
                "Whatever the format, it should be brief, accurate and easy to remember.",
            ],
            "uk": [
                "Лист 380-CV/ĐU перелічує види медіапродуктів, які мають створювати й поширювати підпорядковані "
                "партійні комітети:",
                [
                    "інфографіка;",
                    "відеоролики та короткі фільми;",
                    "репортажі;",
                    "внутрішні бюлетені та періодичні випуски новин;",
                    "подкасти;",
                    "ток-шоу та круглі столи;",
                    "спецсторінки й рубрики на вебсайтах і в соціальних мережах.",
                ],
                "Хоч би який був формат, він має бути стислим, точним і легким для запам'ятовування.",
            ],
        },
        # After en/uk were made, the Vietnamese text is edited and republished once: the translations
        # then lag behind their source, and the translation queue shows it.
        "revised_after_translation": {
            "long_description": [
                "Công văn 380-CV/ĐU liệt kê các loại sản phẩm mà các đảng ủy trực thuộc nên sản xuất và phát hành:",
                [
                    "infographic;",
                    "video clip và phim ngắn;",
                    "phóng sự;",
                    "bản tin nội bộ và bản tin định kỳ;",
                    "podcast;",
                    "talkshow và tọa đàm;",
                    "chuyên trang, chuyên mục trên website và mạng xã hội.",
                ],
                "Mọi sản phẩm cần ngắn gọn, chính xác, dễ nhớ và hợp với từng nhóm người nhận; mỗi đơn vị tự chọn "
                "những hình thức phù hợp với mình.",
            ],
        },
    },
    {
        "key": "pvep-figures",
        "date": datetime.date(2025, 9, 10),
        "themes": ["chuyen-doi-so", "ky-nang-so", "an-ninh-mang"],
        "directives": ["02-nq-duk", "184", "03-ctr", "208"],
        "image": {
            "title": "PVEP: công tác Đảng trên môi trường số",
            "subtitle": "Trên 90% hồ sơ không mật xử lý trên môi trường số",
            "colour": "#264653",
            "filename": "infographic-pvep.png",
        },
        "title": {
            "vi": "Chuyển đổi số trong công tác Đảng ở PVEP qua các con số",
            "en": "Digital transformation in PVEP's Party work, in figures",
            "uk": "Цифрова трансформація партійної роботи в PVEP у цифрах",
        },
        "slug": {"vi": "pvep-qua-cac-con-so", "en": "pvep-in-figures", "uk": "pvep-u-tsyfrakh"},
        "summary": {
            "vi": "Tỷ lệ hồ sơ xử lý trên môi trường số, văn bản được số hóa và các nền tảng PVEP dùng hằng ngày.",
            "en": (
                "The share of files handled digitally, the documents digitised and the platforms PVEP uses every day."
            ),
            "uk": (
                "Частка справ, що обробляються в цифровому вигляді, оцифровані документи та платформи, якими PVEP "
                "користується щодня."
            ),
        },
        "alt_text": {
            "vi": "Hai con số lớn, trên 90% và 100%, cùng biểu tượng của bốn nền tảng số được PVEP sử dụng.",
            "en": "Two large figures, over 90% and 100%, with the logos of four digital platforms PVEP uses.",
            "uk": (
                "Дві великі цифри — понад 90% і 100% — та логотипи чотирьох цифрових платформ, якими користується PVEP."
            ),
        },
        "long_description": {
            "vi": [
                "Trên 90% hồ sơ công việc không mật của PVEP được xử lý trên môi trường số.",
                "100% văn bản chỉ đạo không mật của Đảng ủy Tổng công ty đã được số hóa và đưa vào cơ sở dữ liệu "
                "dùng chung trên 1Office.",
                "Các nền tảng dùng hằng ngày: MS Teams, OneDrive, 1Office và Power BI; đảng viên dùng ứng dụng Sổ tay "
                "đảng viên điện tử.",
                "Căn cứ: Nghị quyết 02-NQ/ĐUK (7/6/2021), Nghị quyết 184-NQ/ĐU (15/2/2022), Chương trình hành động "
                "03/CTr-ĐU (12/4/2022) và Quyết định 208-QĐ/ĐU (10/9/2024).",
            ],
            "en": [
                "More than 90% of PVEP's non-confidential work files are handled in the digital environment.",
                "100% of the Corporation Party Committee's non-confidential directives have been digitised and added "
                "to the shared database on 1Office.",
                "Platforms in daily use: MS Teams, OneDrive, 1Office and Power BI; Party members use the electronic "
                "Party member handbook app.",
                "Basis: Resolution 02-NQ/ĐUK (7 June 2021), Resolution 184-NQ/ĐU (15 February 2022), action "
                "programme 03/CTr-ĐU (12 April 2022) and Decision 208-QĐ/ĐU (10 September 2024).",
            ],
            "uk": [
                "Понад 90% неконфіденційних робочих справ PVEP опрацьовуються в цифровому середовищі.",
                "100% неконфіденційних директив партійного комітету корпорації оцифровано й додано до спільної бази "
                "даних в 1Office.",
                "Платформи щоденного користування: MS Teams, OneDrive, 1Office і Power BI; члени партії "
                "користуються застосунком «Електронний довідник члена партії».",
                "Підстави: Резолюція 02-NQ/ĐUK (7 червня 2021 року), Резолюція 184-NQ/ĐU (15 лютого 2022 року), "
                "Програма дій 03/CTr-ĐU (12 квітня 2022 року) та Рішення 208-QĐ/ĐU (10 вересня 2024 року).",
            ],
        },
    },
]

# --- Podcast ------------------------------------------------------------------------------------------------

PODCAST_SHOW = {
    "title": {
        "vi": "Podcast Văn bản và hành động",
        "en": "Directives in Action podcast",
        "uk": "Подкаст «Директиви в дії»",
    },
    "slug": {"vi": "podcast", "en": "podcast", "uk": "podkast"},
    "description": {
        "vi": (
            "Mỗi tập dài vài phút, giải thích một văn bản trong chuỗi chỉ đạo về chuyển đổi số và những gì các "
            "đơn vị đang làm để thực hiện nó."
        ),
        "en": (
            "Episodes of a few minutes, each explaining one document in the chain of directives on digital "
            "transformation and what units are doing to carry it out."
        ),
        "uk": (
            "Випуски на кілька хвилин, кожен з яких пояснює один документ із ланцюжка директив про цифрову "
            "трансформацію і те, що підрозділи роблять для його виконання."
        ),
    },
    "author": "Ban biên tập Chuyển đổi số trong công tác Đảng",
    "owner_email": "podcast@example.org",
    "itunes_category": "Government",
    "cover": {
        "title": "Văn bản và hành động",
        "subtitle": "Podcast về chuyển đổi số",
        "colour": "#1d3557",
        "filename": "podcast-cover.png",
        "size": (1400, 1400),
    },
}

PODCAST_EPISODES = [
    {
        "key": "episode-1",
        "episode_number": 1,
        "date": datetime.date(2025, 9, 5),
        "seconds": 30,
        "frequency": 392,
        "themes": ["khoa-hoc-cong-nghe-doi-moi-sang-tao", "chuyen-doi-so"],
        "directives": ["57"],
        "title": {
            "vi": "Tập 1: Nghị quyết 57-NQ/TW nói gì?",
            "en": "Episode 1: What does Resolution 57-NQ/TW say?",
            "uk": "Випуск 1: Про що Резолюція 57-NQ/TW?",
        },
        "slug": {"vi": "tap-1-nghi-quyet-57", "en": "episode-1-resolution-57", "uk": "vypusk-1-rezoliutsiia-57"},
        "summary": {
            "vi": "Vì sao Bộ Chính trị gọi khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá.",
            "en": "Why the Politburo calls science, technology, innovation and digital transformation a breakthrough.",
            "uk": "Чому Політбюро називає науку, технології, інновації та цифрову трансформацію проривом.",
        },
        "show_notes": {
            "vi": [
                "Trong tập này: ai ban hành Nghị quyết 57-NQ/TW, vào ngày nào, và những văn bản nào triển khai nó.",
                "Toàn văn tóm tắt có trong mục <b>Văn bản chỉ đạo</b>.",
            ],
            "en": [
                "In this episode: who issued Resolution 57-NQ/TW, when, and which documents carry it out.",
                "A summary is in the <b>Directives</b> section.",
            ],
            "uk": [
                "У цьому випуску: хто ухвалив Резолюцію 57-NQ/TW, коли і які документи її виконують.",
                "Стислий виклад — у розділі <b>Директиви</b>.",
            ],
        },
        "transcript": {
            "vi": (
                "Xin chào, đây là Văn bản và hành động.\n\n"
                "Ngày 22 tháng 12 năm 2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW. Nghị quyết coi khoa học, "
                "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia là động lực đột phá của đất nước.\n\n"
                "Sang năm 2025, Ban Chỉ đạo Trung ương và Đảng ủy Chính phủ lần lượt ra kế hoạch và công văn để đưa "
                "nghị quyết vào từng cơ quan, doanh nghiệp. Các tập sau sẽ đi qua từng văn bản.\n\n"
                "Cảm ơn bạn đã lắng nghe."
            ),
            "en": (
                "Hello, and welcome to Directives in Action.\n\n"
                "On 22 December 2024 the Politburo issued Resolution 57-NQ/TW. It treats science, technology, "
                "innovation and national digital transformation as the country's driver of breakthroughs.\n\n"
                "In 2025 the Central Steering Committee and the Government Party Committee followed with plans and a "
                "dispatch to bring the resolution into every agency and enterprise. The next episodes take them one "
                "at a time.\n\n"
                "Thank you for listening."
            ),
            "uk": (
                "Вітаємо, це подкаст «Директиви в дії».\n\n"
                "22 грудня 2024 року Політбюро ухвалило Резолюцію 57-NQ/TW. Вона розглядає науку, технології, "
                "інновації та національну цифрову трансформацію як рушій проривного розвитку країни.\n\n"
                "У 2025 році Центральний керівний комітет і Урядовий партійний комітет ухвалили плани та лист, щоб "
                "донести резолюцію до кожної установи й підприємства. Наступні випуски розглянуть їх по черзі.\n\n"
                "Дякуємо, що слухаєте."
            ),
        },
    },
    {
        "key": "episode-2",
        "episode_number": 2,
        "date": datetime.date(2025, 9, 12),
        "seconds": 25,
        "frequency": 440,
        "themes": ["chuyen-doi-so", "sap-xep-bo-may"],
        "directives": ["02-kh", "03-kh"],
        "title": {
            "vi": "Tập 2: Kế hoạch 02 và Kế hoạch 03 của Ban Chỉ đạo Trung ương",
            "en": "Episode 2: Plans 02 and 03 of the Central Steering Committee",
            "uk": "Випуск 2: Плани 02 і 03 Центрального керівного комітету",
        },
        "slug": {"vi": "tap-2-ke-hoach-02-va-03", "en": "episode-2-plans-02-and-03", "uk": "vypusk-2-plany-02-i-03"},
        "summary": {
            "vi": (
                "Chuyển đổi số liên thông giúp gì cho việc sắp xếp bộ máy, và vì sao cần một kế hoạch truyền thông "
                "riêng."
            ),
            "en": (
                "How interconnected digital transformation helps restructure the apparatus, and why it needs its own "
                "communication plan."
            ),
            "uk": (
                "Як взаємопов'язана цифрова трансформація допомагає реорганізації апарату і навіщо їй окремий "
                "комунікаційний план."
            ),
        },
        "show_notes": {
            "vi": [
                "Kế hoạch 02-KH/BCĐTW (19/6/2025) và Kế hoạch truyền thông 03-KH/BCĐTW (28/7/2025).",
                "Xem dòng thời gian trong mục <b>Infographic</b>.",
            ],
            "en": [
                "Plan 02-KH/BCĐTW (19 June 2025) and communication plan 03-KH/BCĐTW (28 July 2025).",
                "See the timeline in the <b>Infographics</b> section.",
            ],
            "uk": [
                "План 02-KH/BCĐTW (19 червня 2025 року) і Комунікаційний план 03-KH/BCĐTW (28 липня 2025 року).",
                "Часову шкалу дивіться в розділі <b>Інфографіка</b>.",
            ],
        },
        "transcript": {
            "vi": (
                "Khi nhiều cơ quan được sáp nhập, dữ liệu và quy trình cũng phải đi theo. Đó là lý do Ban Chỉ đạo "
                "Trung ương ban hành Kế hoạch 02-KH/BCĐTW ngày 19 tháng 6 năm 2025.\n\n"
                "Hơn một tháng sau, Kế hoạch 03-KH/BCĐTW ra đời để mọi nơi nói cùng một thông điệp về kế hoạch đó. "
                "Tập sau: công văn của Đảng ủy Chính phủ."
            ),
            "en": (
                "When agencies merge, their data and procedures have to move with them. That is why the Central "
                "Steering Committee issued Plan 02-KH/BCĐTW on 19 June 2025.\n\n"
                "Just over a month later came Plan 03-KH/BCĐTW, so that everyone tells the same story about it. Next "
                "time: the Government Party Committee's dispatch."
            ),
            "uk": (
                "Коли установи об'єднуються, їхні дані та процедури мають переходити разом із ними. Тому Центральний "
                "керівний комітет 19 червня 2025 року ухвалив План 02-KH/BCĐTW.\n\n"
                "Трохи більше ніж за місяць з'явився План 03-KH/BCĐTW, щоб усі говорили про нього однаково. "
                "Наступного разу — лист Урядового партійного комітету."
            ),
        },
    },
    {
        "key": "episode-3",
        "episode_number": 3,
        "date": datetime.date(2025, 9, 19),
        "seconds": 35,
        "frequency": 349,
        "themes": ["chuyen-doi-so"],
        "directives": ["380"],
        "title": {
            "vi": "Tập 3: Công văn 380-CV/ĐU và cách truyền thông dễ hiểu, dễ nhớ",
            "en": "Episode 3: Dispatch 380-CV/ĐU and communicating so that it sticks",
            "uk": "Випуск 3: Лист 380-CV/ĐU і як говорити так, щоб запам'ятали",
        },
        "slug": {"vi": "tap-3-cong-van-380", "en": "episode-3-dispatch-380", "uk": "vypusk-3-lyst-380"},
        "summary": {
            "vi": "Đảng ủy Chính phủ đề nghị các đảng ủy trực thuộc làm gì, bằng những sản phẩm truyền thông nào.",
            "en": "What the Government Party Committee asks of the Party committees under it, and with which media.",
            "uk": (
                "Чого Урядовий партійний комітет чекає від підпорядкованих партійних комітетів і за допомогою яких "
                "медіа."
            ),
        },
        "show_notes": {
            "vi": [
                "Công văn 380-CV/ĐU ngày 18/8/2025, do đồng chí Nguyễn Đức Phong, Phó Bí thư, ký.",
                "Phản hồi đầu tiên: kế hoạch truyền thông của Petrovietnam ngày 25/8/2025, trong mục <b>Bài viết</b>.",
            ],
            "en": [
                "Dispatch 380-CV/ĐU of 18 August 2025, signed by Deputy Secretary Nguyễn Đức Phong.",
                "One of the first responses: Petrovietnam's communication plan of 25 August 2025, in the "
                "<b>Articles</b> section.",
            ],
            "uk": [
                "Лист 380-CV/ĐU від 18 серпня 2025 року за підписом заступника секретаря Нгуєн Дик Фонга.",
                "Одна з перших відповідей — комунікаційний план Petrovietnam від 25 серпня 2025 року в розділі "
                "<b>Статті</b>.",
            ],
        },
        "transcript": {
            "vi": (
                "Ngày 18 tháng 8 năm 2025, Đảng ủy Chính phủ gửi Công văn 380-CV/ĐU tới các đảng ủy trực thuộc.\n\n"
                "Công văn đề nghị mỗi nơi có kế hoạch truyền thông riêng và làm những sản phẩm dễ tiếp cận: "
                "infographic, video clip, phóng sự, phim ngắn, bản tin nội bộ, podcast như chính chương trình này, "
                "talkshow, chuyên trang và chuyên mục.\n\n"
                "Chỉ một tuần sau, Petrovietnam đã công bố kế hoạch của mình. Hẹn gặp lại bạn ở tập sau."
            ),
            "en": (
                "On 18 August 2025 the Government Party Committee sent Dispatch 380-CV/ĐU to the Party committees "
                "under it.\n\n"
                "It asks each of them for its own communication plan and for accessible media: infographics, video "
                "clips, reports, short films, internal newsletters, podcasts like this one, talk shows, special pages "
                "and columns.\n\n"
                "Only a week later Petrovietnam published its plan. See you in the next episode."
            ),
            "uk": (
                "18 серпня 2025 року Урядовий партійний комітет надіслав лист 380-CV/ĐU підпорядкованим партійним "
                "комітетам.\n\n"
                "Він просить кожен із них скласти власний комунікаційний план і створювати доступні медіа: "
                "інфографіку, відеоролики, репортажі, короткі фільми, внутрішні бюлетені, подкасти на кшталт цього, "
                "ток-шоу, спецсторінки та рубрики.\n\n"
                "Уже за тиждень Petrovietnam оприлюднила свій план. До зустрічі в наступному випуску."
            ),
        },
    },
]

# --- Video clips ---------------------------------------------------------------------------------------
# A clip is either embedded ("embed_url": a YouTube or Vimeo address, a placeholder here, loaded only
# when a visitor asks) or uploaded ("video": a real MP4 encoded at set-up by home.demo_media.make_mp4,
# one title card per scene). Its caption cues follow the clip's timing; "poster" gives each language
# its own title, so every translation shows a poster in its own language (an overridden field).

VIDEO_CLIPS = [
    {
        "key": "chain-in-90-seconds",
        "date": datetime.date(2025, 9, 8),
        "embed_url": "https://www.youtube.com/watch?v=demo380vid1",
        "duration_seconds": 90,
        "themes": ["chuyen-doi-so", "sap-xep-bo-may"],
        "directives": ["57", "02-kh", "03-kh", "380"],
        "poster": {
            "title": {
                "vi": "Chuỗi văn bản trong 90 giây",
                "en": "The chain of directives in 90 seconds",
                "uk": "Ланцюжок директив за 90 секунд",
            },
            "subtitle": "57-NQ/TW · 02-KH/BCĐTW · 03-KH/BCĐTW · 380-CV/ĐU",
            "colour": "#b3261e",
            "filename": "video-chuoi-van-ban.jpg",
        },
        "title": {
            "vi": "Chuỗi văn bản về chuyển đổi số liên thông trong 90 giây",
            "en": "The directives on interconnected digital transformation in 90 seconds",
            "uk": "Директиви щодо взаємопов'язаної цифрової трансформації за 90 секунд",
        },
        "slug": {"vi": "chuoi-van-ban-trong-90-giay", "en": "directives-in-90-seconds", "uk": "dyrektyvy-za-90-sekund"},
        "summary": {
            "vi": (
                "Bốn văn bản, từ nghị quyết của Bộ Chính trị đến công văn của Đảng ủy Chính phủ, trong một đoạn phim "
                "ngắn."
            ),
            "en": (
                "Four documents, from the Politburo's resolution to the Government Party Committee's dispatch, in one "
                "short clip."
            ),
            "uk": (
                "Чотири документи — від резолюції Політбюро до листа Урядового партійного комітету — в одному "
                "короткому ролику."
            ),
        },
        "transcript": {
            "vi": (
                "Tháng 12/2024: Bộ Chính trị ban hành Nghị quyết 57-NQ/TW.\n"
                "Tháng 6/2025: Ban Chỉ đạo Trung ương ra Kế hoạch 02-KH/BCĐTW về chuyển đổi số liên thông.\n"
                "Tháng 7/2025: Kế hoạch truyền thông 03-KH/BCĐTW.\n"
                "Tháng 8/2025: Đảng ủy Chính phủ gửi Công văn 380-CV/ĐU tới các đảng ủy trực thuộc."
            ),
            "en": (
                "December 2024: the Politburo issues Resolution 57-NQ/TW.\n"
                "June 2025: the Central Steering Committee issues Plan 02-KH/BCĐTW on interconnected digital "
                "transformation.\n"
                "July 2025: communication plan 03-KH/BCĐTW.\n"
                "August 2025: the Government Party Committee sends Dispatch 380-CV/ĐU to the Party committees under it."
            ),
            "uk": (
                "Грудень 2024 року: Політбюро ухвалює Резолюцію 57-NQ/TW.\n"
                "Червень 2025 року: Центральний керівний комітет ухвалює План 02-KH/BCĐTW щодо взаємопов'язаної "
                "цифрової трансформації.\n"
                "Липень 2025 року: Комунікаційний план 03-KH/BCĐTW.\n"
                "Серпень 2025 року: Урядовий партійний комітет надсилає лист 380-CV/ĐU підпорядкованим партійним "
                "комітетам."
            ),
        },
        "captions": [
            (
                0,
                20,
                {
                    "vi": "Tháng 12/2024: Nghị quyết 57-NQ/TW của Bộ Chính trị.",
                    "en": "December 2024: Politburo Resolution 57-NQ/TW.",
                    "uk": "Грудень 2024 року: Резолюція Політбюро 57-NQ/TW.",
                },
            ),
            (
                20,
                45,
                {
                    "vi": "Tháng 6/2025: Kế hoạch 02-KH/BCĐTW về chuyển đổi số liên thông.",
                    "en": "June 2025: Plan 02-KH/BCĐTW on interconnected digital transformation.",
                    "uk": "Червень 2025 року: План 02-KH/BCĐTW щодо взаємопов'язаної цифрової трансформації.",
                },
            ),
            (
                45,
                65,
                {
                    "vi": "Tháng 7/2025: Kế hoạch truyền thông 03-KH/BCĐTW.",
                    "en": "July 2025: communication plan 03-KH/BCĐTW.",
                    "uk": "Липень 2025 року: Комунікаційний план 03-KH/BCĐTW.",
                },
            ),
            (
                65,
                90,
                {
                    "vi": "Tháng 8/2025: Công văn 380-CV/ĐU gửi các đảng ủy trực thuộc.",
                    "en": "August 2025: Dispatch 380-CV/ĐU goes to the Party committees.",
                    "uk": "Серпень 2025 року: лист 380-CV/ĐU надіслано партійним комітетам.",
                },
            ),
        ],
    },
    {
        "key": "party-member-handbook",
        "date": datetime.date(2025, 9, 15),
        "embed_url": "",
        "duration_seconds": 15,
        "themes": ["ky-nang-so", "chuyen-doi-so"],
        "directives": ["03-ctr", "184"],
        "video": {
            "title": "Sổ tay đảng viên điện tử: bắt đầu trong hai phút (video)",
            "filename": "so-tay-dang-vien-dien-tu.mp4",
            "size": (640, 360),
            "seconds_per_scene": 5,
            "colour": "#6a4c93",
            "frequency": 392,
            "scenes": [
                ("Bước một: cài ứng dụng Sổ tay đảng viên điện tử", "1/3"),
                ("Bước hai: đăng nhập bằng tài khoản do cấp ủy cấp", "2/3"),
                ("Bước ba: đọc trước tài liệu sinh hoạt chi bộ", "3/3"),
            ],
        },
        "poster": {
            "title": {
                "vi": "Sổ tay đảng viên điện tử",
                "en": "The electronic Party member handbook",
                "uk": "Електронний довідник члена партії",
            },
            "subtitle": {
                "vi": "Bắt đầu trong hai phút",
                "en": "Getting started in two minutes",
                "uk": "Як почати за дві хвилини",
            },
            "colour": "#6a4c93",
            "filename": "video-so-tay-dang-vien.jpg",
        },
        "title": {
            "vi": "Sổ tay đảng viên điện tử: bắt đầu trong hai phút",
            "en": "The electronic Party member handbook: getting started in two minutes",
            "uk": "Електронний довідник члена партії: як почати за дві хвилини",
        },
        "slug": {
            "vi": "so-tay-dang-vien-dien-tu",
            "en": "electronic-party-member-handbook",
            "uk": "elektronnyi-dovidnyk",
        },
        "summary": {
            "vi": "Cài ứng dụng, đăng nhập và tìm tài liệu sinh hoạt chi bộ, như đảng viên PVEP đang làm.",
            "en": "Install the app, sign in and find the documents for Party cell meetings, as PVEP's members do.",
            "uk": (
                "Установіть застосунок, увійдіть і знайдіть матеріали для зборів осередку — так, як це роблять члени "
                "партії в PVEP."
            ),
        },
        "transcript": {
            "vi": (
                "Bước một: cài ứng dụng Sổ tay đảng viên điện tử từ kho ứng dụng của điện thoại.\n"
                "Bước hai: đăng nhập bằng tài khoản do cấp ủy cấp.\n"
                "Bước ba: mở mục tài liệu để đọc trước nội dung buổi sinh hoạt chi bộ.\n"
                "Dùng đều đặn, ứng dụng thay cho nhiều xấp giấy in."
            ),
            "en": (
                "Step one: install the electronic Party member handbook app from your phone's app store.\n"
                "Step two: sign in with the account your Party committee gave you.\n"
                "Step three: open the documents section to read ahead for the Party cell meeting.\n"
                "Used regularly, the app replaces a lot of printed paper."
            ),
            "uk": (
                "Крок перший: установіть застосунок «Електронний довідник члена партії» з магазину застосунків.\n"
                "Крок другий: увійдіть з обліковим записом, який видав партійний комітет.\n"
                "Крок третій: відкрийте розділ документів, щоб заздалегідь ознайомитися з матеріалами зборів "
                "осередку.\n"
                "Якщо користуватися ним регулярно, застосунок замінює багато друкованого паперу."
            ),
        },
        "captions": [
            (
                0,
                5,
                {
                    "vi": "Bước một: cài ứng dụng Sổ tay đảng viên điện tử.",
                    "en": "Step one: install the electronic Party member handbook app.",
                    "uk": "Крок перший: установіть застосунок «Електронний довідник члена партії».",
                },
            ),
            (
                5,
                10,
                {
                    "vi": "Bước hai: đăng nhập bằng tài khoản do cấp ủy cấp.",
                    "en": "Step two: sign in with the account from your Party committee.",
                    "uk": "Крок другий: увійдіть з обліковим записом від партійного комітету.",
                },
            ),
            (
                10,
                15,
                {
                    "vi": "Bước ba: đọc trước tài liệu sinh hoạt chi bộ.",
                    "en": "Step three: read the Party cell meeting documents ahead of time.",
                    "uk": "Крок третій: заздалегідь прочитайте матеріали зборів осередку.",
                },
            ),
        ],
    },
]

# --- Articles ---------------------------------------------------------------------------------------------
# "languages" lists the translations to make; the last article is left without Ukrainian on purpose.

ARTICLES = [
    {
        "key": "petrovietnam-380",
        "languages": ("en", "uk"),
        "date": datetime.date(2025, 8, 25),
        "themes": ["chuyen-doi-so", "sap-xep-bo-may"],
        "directives": ["380", "57", "02-kh"],
        "source_url": "https://www.pvn.vn/",
        "title": {
            "vi": "Đảng ủy Petrovietnam hưởng ứng Công văn 380-CV/ĐU bằng kế hoạch truyền thông về chuyển đổi số",
            "en": (
                "Petrovietnam's Party Committee answers Dispatch 380-CV/ĐU with a digital transformation "
                "communication plan"
            ),
            "uk": (
                "Партійний комітет Petrovietnam відповідає на лист 380-CV/ĐU комунікаційним планом цифрової "
                "трансформації"
            ),
        },
        "slug": {
            "vi": "petrovietnam-huong-ung-cong-van-380",
            "en": "petrovietnam-answers-dispatch-380",
            "uk": "petrovietnam-vidpovidaie-na-lyst-380",
        },
        "summary": {
            "vi": (
                "Một tuần sau Công văn 380-CV/ĐU, Đảng ủy Tập đoàn giao toàn hệ thống lập kế hoạch truyền thông riêng "
                "và coi chuyển đổi số là nhiệm vụ chính trị trọng tâm."
            ),
            "en": (
                "A week after Dispatch 380-CV/ĐU, the Group's Party Committee had every unit draw up its own "
                "communication plan and made digital transformation a core political task."
            ),
            "uk": (
                "Через тиждень після листа 380-CV/ĐU партійний комітет групи доручив кожному підрозділу скласти "
                "власний комунікаційний план і визначив цифрову трансформацію ключовим політичним завданням."
            ),
        },
        "source_name": {"vi": "Petrovietnam", "en": "Petrovietnam", "uk": "Petrovietnam"},
        "image": {
            "title": "Petrovietnam: kế hoạch truyền thông về chuyển đổi số",
            "subtitle": "Hưởng ứng Công văn 380-CV/ĐU · 25/8/2025",
            "colour": "#0b5394",
            "filename": "bai-viet-petrovietnam.png",
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Ngày 25/8/2025, Đảng ủy Tập đoàn Dầu khí Quốc gia Việt Nam (Petrovietnam) cho biết đã giao "
                        "các đơn vị trong toàn hệ thống xây dựng kế hoạch truyền thông riêng về chuyển đổi số. Đây là "
                        "cách Tập đoàn hưởng ứng Công văn 380-CV/ĐU của Đảng ủy Chính phủ và thực hiện Nghị quyết "
                        "57-NQ/TW của Bộ Chính trị.",
                        "Các kế hoạch phải bám sát chức năng của từng doanh nghiệp và lấy Kế hoạch 02-KH/BCĐTW làm "
                        "căn cứ. Nội dung xoay quanh lợi ích của chuyển đổi số liên thông và mối liên hệ của nó với "
                        "việc "
                        "tinh gọn bộ máy.",
                    ],
                    "en": [
                        "On 25 August 2025 the Party Committee of the Vietnam Oil and Gas Group (Petrovietnam) said it "
                        "had asked units across the Group to prepare their own communication plans on digital "
                        "transformation. This is how the Group answers Dispatch 380-CV/ĐU of the Government Party "
                        "Committee and carries out the Politburo's Resolution 57-NQ/TW.",
                        "The plans must fit each enterprise's functions and take Plan 02-KH/BCĐTW as their basis. They "
                        "centre on the benefits of interconnected digital transformation and its link with "
                        "streamlining the apparatus.",
                    ],
                    "uk": [
                        "25 серпня 2025 року партійний комітет Національної нафтогазової групи В'єтнаму (Petrovietnam) "
                        "повідомив, що доручив підрозділам усієї групи підготувати власні комунікаційні плани щодо "
                        "цифрової трансформації. Так група відповідає на лист 380-CV/ĐU Урядового партійного комітету "
                        "й виконує Резолюцію Політбюро 57-NQ/TW.",
                        "Плани мають відповідати функціям кожного підприємства й ґрунтуватися на Плані 02-KH/BCĐTW. "
                        "Їхня тема — переваги взаємопов'язаної цифрової трансформації та її зв'язок з оптимізацією "
                        "апарату.",
                    ],
                },
            },
            {
                "type": "image",
                "alt_text": {
                    "vi": "Hình minh họa: tiêu đề kế hoạch truyền thông của Petrovietnam bên cạnh biểu đồ cột.",
                    "en": "Illustration: the title of Petrovietnam's communication plan beside a bar chart.",
                    "uk": "Ілюстрація: назва комунікаційного плану Petrovietnam поруч зі стовпчиковою діаграмою.",
                },
                "caption": {
                    "vi": (
                        "Chuyển đổi số được đưa vào sinh hoạt chi bộ và hoạt động đoàn thể trong toàn Tập đoàn (ảnh "
                        "minh họa)."
                    ),
                    "en": (
                        "Digital transformation becomes a topic of Party cell meetings and mass organisations across "
                        "the Group (illustration)."
                    ),
                    "uk": (
                        "Цифрова трансформація стає темою зборів партійних осередків і громадських організацій у всій "
                        "групі (ілюстрація)."
                    ),
                },
            },
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Bên cạnh việc giới thiệu kết quả của các giải pháp công nghệ mới và nhân rộng cách làm hay, "
                        "các cấp ủy được yêu cầu phát hiện và phản bác thông tin sai lệch về chuyển đổi số. Hình thức "
                        "sẽ đa dạng hơn: tận dụng nền tảng số, lồng ghép vào sinh hoạt chi bộ, đoàn thể và hoạt động "
                        "văn hóa."
                    ],
                    "en": [
                        "Besides presenting the results of new technology and spreading good practice, Party "
                        "committees are to spot and rebut false information about digital transformation. The formats "
                        "will be more varied: digital platforms, and slots in Party cell meetings, mass organisations' "
                        "activities and cultural events."
                    ],
                    "uk": [
                        "Окрім розповідей про результати нових технологій і поширення вдалих практик, партійні "
                        "комітети "
                        "мають виявляти й спростовувати неправдиву інформацію про цифрову трансформацію. Форми стануть "
                        "різноманітнішими: цифрові платформи, а також збори осередків, заходи громадських організацій "
                        "і "
                        "культурні події."
                    ],
                },
            },
            {
                "type": "quote",
                "quote": {
                    "vi": (
                        "Chuyển đổi số không dừng ở công nghệ: đó là đổi mới cách nghĩ, cách lãnh đạo và cách vận hành."
                    ),
                    "en": (
                        "Digital transformation does not stop at technology: it means new ways of thinking, leading "
                        "and operating."
                    ),
                    "uk": (
                        "Цифрова трансформація не обмежується технологіями: це нові способи мислити, керувати й "
                        "працювати."
                    ),
                },
                "attribution": {
                    "vi": "Tóm lược quan điểm của Đảng ủy Petrovietnam",
                    "en": "The Petrovietnam Party Committee's view, summarised",
                    "uk": "Позиція партійного комітету Petrovietnam у стислому викладі",
                },
            },
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Đảng ủy Tập đoàn kỳ vọng đợt truyền thông góp phần hoàn thành các mục tiêu của Kế hoạch "
                        "02-KH/BCĐTW và đưa Petrovietnam thành tập đoàn công nghiệp – năng lượng có sức cạnh tranh "
                        "trong khu vực và trên thế giới."
                    ],
                    "en": [
                        "The Group's Party Committee expects the campaign to help meet the goals of Plan 02-KH/BCĐTW "
                        "and to make Petrovietnam an industry and energy group able to compete in the region and "
                        "worldwide."
                    ],
                    "uk": [
                        "Партійний комітет групи очікує, що кампанія допоможе досягти цілей Плану 02-KH/BCĐTW і "
                        "зробить Petrovietnam промислово-енергетичною групою, здатною конкурувати в регіоні та світі."
                    ],
                },
            },
        ],
    },
    {
        "key": "pvep-party-work",
        "languages": ("en", "uk"),
        "date": datetime.date(2024, 10, 15),
        "themes": ["chuyen-doi-so", "ky-nang-so", "an-ninh-mang"],
        "directives": ["02-nq-duk", "184", "03-ctr", "208"],
        "source_url": "",
        "title": {
            "vi": "PVEP đưa công tác Đảng lên môi trường số: từ nghị quyết đến thói quen hằng ngày",
            "en": "PVEP takes Party work digital: from resolutions to daily habits",
            "uk": "PVEP переводить партійну роботу в цифрове середовище: від резолюцій до щоденних звичок",
        },
        "slug": {
            "vi": "pvep-cong-tac-dang-tren-moi-truong-so",
            "en": "pvep-party-work-goes-digital",
            "uk": "pvep-partiina-robota-v-tsyfrovomu-seredovyshchi",
        },
        "summary": {
            "vi": (
                "Từ Nghị quyết 02-NQ/ĐUK đến Quyết định 208-QĐ/ĐU: cách Đảng ủy Tổng công ty Thăm dò Khai thác Dầu "
                "khí số hóa hồ sơ, văn bản và sinh hoạt Đảng, và những bài học rút ra."
            ),
            "en": (
                "From Resolution 02-NQ/ĐUK to Decision 208-QĐ/ĐU: how the Party Committee of PetroVietnam "
                "Exploration Production Corporation digitised its files, documents and Party life, and what it learnt."
            ),
            "uk": (
                "Від Резолюції 02-NQ/ĐUK до Рішення 208-QĐ/ĐU: як партійний комітет Корпорації з розвідки та видобутку "
                "нафти й газу оцифрував справи, документи та партійне життя і які уроки виніс."
            ),
        },
        "source_name": {
            "vi": "Chi bộ Kiểm soát, Đảng bộ PVEP",
            "en": "Control Department Party cell, PVEP Party organisation",
            "uk": "Партійний осередок контрольного відділу, партійна організація PVEP",
        },
        "image": {
            "title": "PVEP: chuyển đổi số trong công tác Đảng",
            "subtitle": "Ban Chỉ đạo chuyển đổi số · Quyết định 208-QĐ/ĐU",
            "colour": "#264653",
            "filename": "bai-viet-pvep.png",
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Chuỗi văn bản bắt đầu từ Nghị quyết 02-NQ/ĐUK (7/6/2021) của Đảng ủy Khối Doanh nghiệp Trung "
                        "ương, được Petrovietnam cụ thể hóa bằng Nghị quyết 184-NQ/ĐU (15/2/2022). Đảng ủy PVEP tiếp "
                        "nối bằng Chương trình hành động 03/CTr-ĐU (12/4/2022) và lập Ban Chỉ đạo cùng Tổ giúp việc.",
                        "Ngày 10/9/2024, Quyết định 208-QĐ/ĐU kiện toàn Ban Chỉ đạo; Bí thư Đảng ủy, Chủ tịch Hội đồng "
                        "thành viên Nguyễn Thiện Bảo trực tiếp làm Trưởng ban.",
                    ],
                    "en": [
                        "The chain starts with Resolution 02-NQ/ĐUK (7 June 2021) of the Party Committee of the "
                        "Central "
                        "Enterprises Bloc, which Petrovietnam turned into Resolution 184-NQ/ĐU (15 February 2022). "
                        "PVEP's Party Committee followed with action programme 03/CTr-ĐU (12 April 2022) and set up a "
                        "steering committee and a support team.",
                        "On 10 September 2024 Decision 208-QĐ/ĐU completed the steering committee; Nguyễn Thiện Bảo, "
                        "Party Secretary and Chairman of the Members' Council, chairs it in person.",
                    ],
                    "uk": [
                        "Ланцюжок починається з Резолюції 02-NQ/ĐUK (7 червня 2021 року) Партійного комітету блоку "
                        "центральних підприємств, яку Petrovietnam конкретизувала Резолюцією 184-NQ/ĐU (15 лютого "
                        "2022 року). Партійний комітет PVEP ухвалив Програму дій 03/CTr-ĐU (12 квітня 2022 року) та "
                        "створив керівний комітет і робочу групу.",
                        "10 вересня 2024 року Рішенням 208-QĐ/ĐU оновлено склад керівного комітету; його особисто "
                        "очолює секретар парткому й голова Ради учасників Нгуєн Тхієн Бао.",
                    ],
                },
            },
            {
                "type": "section",
                "heading": {"vi": "Những gì đã làm được", "en": "What has been done", "uk": "Що вже зроблено"},
                "text": {
                    "vi": [
                        "Trên 90% hồ sơ công việc không mật được xử lý trên môi trường số, và toàn bộ văn bản chỉ đạo "
                        "không mật của Đảng ủy Tổng công ty đã nằm trong cơ sở dữ liệu dùng chung trên 1Office. MS "
                        "Teams, OneDrive và Power BI trở thành công cụ quen thuộc; đảng viên dùng Sổ tay đảng viên "
                        "điện tử trong sinh hoạt Đảng."
                    ],
                    "en": [
                        "More than 90% of non-confidential work files are handled digitally, and every "
                        "non-confidential directive of the Corporation Party Committee is in the shared database on "
                        "1Office. MS Teams, OneDrive and Power BI have become everyday tools; Party members use the "
                        "electronic Party member handbook in Party life."
                    ],
                    "uk": [
                        "Понад 90% неконфіденційних робочих справ опрацьовуються в цифровому вигляді, а всі "
                        "неконфіденційні директиви партійного комітету корпорації містяться в спільній базі даних в "
                        "1Office. MS Teams, OneDrive і Power BI стали звичними інструментами; члени партії "
                        "користуються електронним довідником члена партії в партійному житті."
                    ],
                },
            },
            {
                "type": "image",
                "alt_text": {
                    "vi": "Hình minh họa: tiêu đề về chuyển đổi số trong công tác Đảng ở PVEP và biểu đồ cột.",
                    "en": "Illustration: a heading on digital transformation in PVEP's Party work and a bar chart.",
                    "uk": (
                        "Ілюстрація: заголовок про цифрову трансформацію партійної роботи в PVEP і стовпчикова "
                        "діаграма."
                    ),
                },
                "caption": {
                    "vi": "Người đứng đầu trực tiếp làm Trưởng Ban Chỉ đạo chuyển đổi số (ảnh minh họa).",
                    "en": (
                        "The top leader chairs the digital transformation steering committee in person (illustration)."
                    ),
                    "uk": "Перша особа особисто очолює керівний комітет з цифрової трансформації (ілюстрація).",
                },
            },
            {
                "type": "section",
                "heading": {"vi": "Bài học rút ra", "en": "Lessons learnt", "uk": "Винесені уроки"},
                "text": {
                    "vi": [
                        "Thứ nhất, chuyển đổi số chỉ thành công khi lãnh đạo cao nhất cam kết và theo sát. Thứ hai, "
                        "các giải pháp số phải được triển khai nhất quán để giấy tờ thực sự giảm và quản lý minh bạch "
                        "hơn.",
                        "Chi bộ Kiểm soát kiến nghị PVEP sớm có chiến lược chuyển đổi số dài hạn, chia thành từng giai "
                        "đoạn, kèm nhóm chuyên trách; đồng thời đầu tư cho kỹ năng số, văn hóa số và an ninh mạng.",
                    ],
                    "en": [
                        "First, digital transformation only succeeds when the top leadership commits to it and follows "
                        "it closely. Second, digital solutions must be rolled out consistently so that paperwork "
                        "really shrinks and management becomes more transparent.",
                        "The Control Department Party cell recommends that PVEP adopt a long-term digital "
                        "transformation strategy in stages, with a dedicated team, and invest in digital skills, "
                        "digital culture and cybersecurity.",
                    ],
                    "uk": [
                        "По-перше, цифрова трансформація вдається лише тоді, коли вище керівництво віддане їй і "
                        "уважно за нею стежить. По-друге, цифрові рішення треба впроваджувати послідовно, щоб "
                        "паперів справді меншало, а управління ставало прозорішим.",
                        "Партійний осередок контрольного відділу рекомендує PVEP ухвалити довгострокову поетапну "
                        "стратегію цифрової трансформації з окремою командою та інвестувати в цифрові навички, "
                        "цифрову культуру й кібербезпеку.",
                    ],
                },
            },
            {
                "type": "quote",
                "quote": {
                    "vi": "Đảng viên đi trước, làng nước theo sau.",
                    "en": "Party members lead the way; the village and the country follow.",
                    "uk": "Члени партії йдуть попереду, а село й країна — слідом.",
                },
                "attribution": {
                    "vi": "Chủ tịch Hồ Chí Minh",
                    "en": "President Hồ Chí Minh",
                    "uk": "Президент Хо Ші Мін",
                },
            },
        ],
    },
    {
        "key": "vnpt-online-study",
        "languages": ("en", "uk"),
        "date": datetime.date(2023, 10, 4),
        "themes": ["ky-nang-so", "chuyen-doi-so"],
        "directives": ["02-nq-duk"],
        "source_url": "",
        "title": {
            "vi": "VNPT đưa việc học tập nghị quyết lên nền tảng số: 709 điểm cầu, 62.569 người tham dự",
            "en": "VNPT takes the study of resolutions online: 709 connection points, 62,569 participants",
            "uk": "VNPT переносить вивчення резолюцій онлайн: 709 пунктів підключення, 62 569 учасників",
        },
        "slug": {
            "vi": "vnpt-hoc-tap-nghi-quyet-truc-tuyen",
            "en": "vnpt-studies-resolutions-online",
            "uk": "vnpt-vyvchennia-rezoliutsii-onlain",
        },
        "summary": {
            "vi": (
                "Tập đoàn Bưu chính Viễn thông Việt Nam dùng hạ tầng và phần mềm của mình để cán bộ, đảng viên học "
                "tập, quán triệt nghị quyết qua hội nghị trực tuyến và mạng xã hội nội bộ."
            ),
            "en": (
                "The Vietnam Posts and Telecommunications Group uses its own network and software so that officials "
                "and Party members can study resolutions through online conferences and internal social networks."
            ),
            "uk": (
                "В'єтнамська група пошти й телекомунікацій використовує власну мережу та програмне забезпечення, щоб "
                "посадовці й члени партії вивчали резолюції на онлайн-конференціях і у внутрішніх соціальних мережах."
            ),
        },
        "source_name": {
            "vi": "Vi Hồng Anh, Học viện Báo chí và Tuyên truyền",
            "en": "Vi Hồng Anh, Academy of Journalism and Communication",
            "uk": "Ві Хонг Ань, Академія журналістики та комунікації",
        },
        "image": {
            "title": "VNPT: học tập nghị quyết trực tuyến",
            "subtitle": "709 điểm cầu · 62.569 đại biểu",
            "colour": "#1565c0",
            "filename": "bai-viet-vnpt.png",
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Là doanh nghiệp công nghệ có cả hạ tầng lẫn phần mềm, VNPT được giao bảo đảm đường truyền cho "
                        "nhiều hội nghị trực tuyến toàn quốc. Từ điểm cầu chính ở tòa nhà Quốc hội, tín hiệu đến 67 "
                        "điểm cầu của các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương và mở rộng tới hơn 7.300 "
                        "điểm cầu cơ sở.",
                        "Trong Đảng bộ Khối Doanh nghiệp Trung ương, VNPT phối hợp với 25 trong số 35 đảng ủy trực "
                        "thuộc, kết nối 709 điểm cầu với 62.569 đại biểu. Riêng ba điểm cầu chính ở Hà Nội và Thành "
                        "phố Hồ Chí Minh đón hơn 1.000 đại biểu.",
                    ],
                    "en": [
                        "As a technology company with both network infrastructure and software, VNPT was given the job "
                        "of providing the connections for many nationwide online conferences. From the main point in "
                        "the National Assembly building, the signal reached 67 connection points at provincial, "
                        "municipal and central-level Party committees and more than 7,300 grassroots points.",
                        "Within the Central Enterprises Bloc's Party organisation, VNPT worked with 25 of the 35 "
                        "subordinate Party committees, linking 709 connection points with 62,569 participants. The "
                        "three main points in Hanoi and Ho Chi Minh City alone hosted more than 1,000 delegates.",
                    ],
                    "uk": [
                        "Як технологічна компанія з власною мережею та програмним забезпеченням, VNPT отримала "
                        "завдання забезпечувати зв'язок для багатьох загальнонаціональних онлайн-конференцій. З "
                        "головного пункту в будівлі Національних зборів сигнал надходив до 67 пунктів підключення "
                        "провінційних, міських і центральних партійних комітетів та ще до понад 7 300 низових пунктів.",
                        "У партійній організації блоку центральних підприємств VNPT співпрацювала з 25 із 35 "
                        "підпорядкованих партійних комітетів і з'єднала 709 пунктів підключення з 62 569 учасниками. "
                        "Лише три головні пункти в Ханої та Хошиміні прийняли понад 1 000 делегатів.",
                    ],
                },
            },
            {
                "type": "image",
                "alt_text": {
                    "vi": "Hình minh họa: các con số 709 điểm cầu và 62.569 đại biểu bên cạnh biểu đồ cột.",
                    "en": "Illustration: the figures 709 connection points and 62,569 participants beside a bar chart.",
                    "uk": (
                        "Ілюстрація: цифри 709 пунктів підключення та 62 569 учасників поруч зі стовпчиковою діаграмою."
                    ),
                },
                "caption": {
                    "vi": "Hội nghị trực tuyến đưa nghị quyết đến từng chi bộ trong Tập đoàn (ảnh minh họa).",
                    "en": "Online conferences bring resolutions to every Party cell in the Group (illustration).",
                    "uk": "Онлайн-конференції доносять резолюції до кожного партійного осередку групи (ілюстрація).",
                },
            },
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Nội dung hội nghị được truyền hình trực tiếp trên trang thông tin nội bộ của Tập đoàn; phần "
                        "không cần bảo mật còn được đưa lên mạng xã hội nội bộ. Các đảng bộ, chi bộ trực thuộc dùng "
                        "phần mềm họp trực tuyến của VNPT để sinh hoạt chuyên đề và họp chi bộ.",
                        "VNPT cũng tự xây dựng mạng xã hội riêng để giữ an toàn thông tin ở mức cao nhất, thay vì chỉ "
                        "dựa vào nền tảng bên ngoài.",
                    ],
                    "en": [
                        "The conferences were streamed live on the Group's internal news site, and the parts that need "
                        "no protection were also shared on internal social networks. Subordinate Party organisations "
                        "and cells use VNPT's own meeting software for thematic sessions and cell meetings.",
                        "VNPT has also built social networks of its own, to keep information security as high as "
                        "possible rather than relying only on outside platforms.",
                    ],
                    "uk": [
                        "Конференції транслювали наживо на внутрішньому інформаційному сайті групи, а частини, що не "
                        "потребують захисту, поширювали ще й у внутрішніх соціальних мережах. Підпорядковані партійні "
                        "організації та осередки проводять тематичні заняття й збори через власне програмне "
                        "забезпечення VNPT для нарад.",
                        "VNPT також створила власні соціальні мережі, щоб якомога надійніше захищати інформацію, а не "
                        "покладатися лише на зовнішні платформи.",
                    ],
                },
            },
            {
                "type": "quote",
                "quote": {
                    "vi": (
                        "Được nghe lãnh đạo trực tiếp quán triệt, đảng viên hiểu nghị quyết sâu hơn và có kênh hỏi đáp "
                        "hai chiều."
                    ),
                    "en": (
                        "Hearing leaders explain a resolution first-hand helps members understand it better and gives "
                        "them a two-way channel for questions."
                    ),
                    "uk": (
                        "Коли члени партії чують роз'яснення резолюції безпосередньо від керівників, вони краще її "
                        "розуміють і мають двосторонній канал для запитань."
                    ),
                },
                "attribution": {
                    "vi": "Ý kiến cán bộ, đảng viên VNPT, theo tác giả",
                    "en": "VNPT officials and Party members, as reported by the author",
                    "uk": "Думка посадовців і членів партії VNPT у викладі авторки",
                },
            },
        ],
    },
    {
        "key": "cybersecurity-party-work",
        "languages": ("en",),  # deliberately not translated into Ukrainian
        "date": datetime.date(2025, 3, 12),
        "themes": ["an-ninh-mang", "ky-nang-so"],
        "directives": ["184", "03-ctr"],
        "source_url": "",
        "title": {
            "vi": "Giữ an toàn cho công tác Đảng trên môi trường số: năm việc nên làm",
            "en": "Keeping Party work safe in the digital environment: five things to do",
        },
        "slug": {"vi": "an-ninh-mang-cong-tac-dang", "en": "keeping-party-work-safe-online"},
        "summary": {
            "vi": (
                "Khi hồ sơ và sinh hoạt Đảng chuyển lên mạng, an ninh mạng trở thành việc của mọi đảng viên. Năm "
                "việc rút ra từ kinh nghiệm của PVEP."
            ),
            "en": (
                "Once Party files and meetings move online, cybersecurity becomes every Party member's business. "
                "Five things to do, drawn from PVEP's experience."
            ),
        },
        "source_name": {
            "vi": "Ban biên tập, tổng hợp từ kiến nghị của Chi bộ Kiểm soát PVEP",
            "en": "Editorial team, from the recommendations of PVEP's Control Department Party cell",
        },
        "image": {
            "title": "An ninh mạng trong công tác Đảng",
            "subtitle": "Năm việc nên làm",
            "colour": "#37474f",
            "filename": "bai-viet-an-ninh-mang.png",
        },
        "body": [
            {
                "type": "paragraph",
                "text": {
                    "vi": [
                        "Dữ liệu càng được số hóa thì càng dễ trở thành mục tiêu tấn công. Kinh nghiệm của PVEP cho "
                        "thấy có năm việc nên làm song song với chuyển đổi số."
                    ],
                    "en": [
                        "The more data is digitised, the more tempting a target it becomes. PVEP's experience points "
                        "to "
                        "five things to do alongside digital transformation."
                    ],
                },
            },
            {
                "type": "section",
                "heading": {"vi": "Năm việc nên làm", "en": "Five things to do"},
                "text": {
                    "vi": [
                        "<b>Một:</b> đầu tư giải pháp bảo mật hiện đại như tường lửa, phần mềm chống mã độc và mã hóa "
                        "dữ liệu.",
                        "<b>Hai:</b> có hệ thống quản lý rủi ro, giám sát liên tục và sao lưu để phục hồi nhanh.",
                        "<b>Ba:</b> đào tạo mọi cán bộ, đảng viên nhận biết các kiểu tấn công và bảo vệ thông tin cá "
                        "nhân.",
                        "<b>Bốn:</b> diễn tập ứng phó sự cố thường xuyên, như cách PVEP đã làm.",
                        "<b>Năm:</b> hợp tác với doanh nghiệp công nghệ trong nước để dùng những giải pháp đã được "
                        "kiểm chứng.",
                    ],
                    "en": [
                        "<b>One:</b> invest in modern security such as firewalls, anti-malware software and data "
                        "encryption.",
                        "<b>Two:</b> run risk management with continuous monitoring and backups for a quick recovery.",
                        "<b>Three:</b> train every official and Party member to recognise attacks and protect personal "
                        "data.",
                        "<b>Four:</b> hold incident response drills regularly, as PVEP has done.",
                        "<b>Five:</b> work with domestic technology companies to use proven solutions.",
                    ],
                },
            },
            {
                "type": "image",
                "alt_text": {
                    "vi": "Hình minh họa: tiêu đề về an ninh mạng trong công tác Đảng và biểu đồ cột.",
                    "en": "Illustration: a heading on cybersecurity in Party work and a bar chart.",
                },
                "caption": {
                    "vi": "Diễn tập thực chiến giúp đội ngũ phản ứng nhanh khi có sự cố (ảnh minh họa).",
                    "en": "Live drills help staff react quickly when an incident happens (illustration).",
                },
            },
            {
                "type": "quote",
                "quote": {
                    "vi": (
                        "Bảo mật không phải việc riêng của bộ phận công nghệ thông tin mà là thói quen của từng người."
                    ),
                    "en": "Security is not the IT department's job alone; it is everyone's habit.",
                },
                "attribution": {"vi": "Ban biên tập", "en": "Editorial team"},
            },
        ],
    },
]
