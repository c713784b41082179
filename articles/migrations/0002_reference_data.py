"""Document types and issuer codes of the domain note, named in Vietnamese, English and Ukrainian."""

from django.db import migrations

DOCUMENT_TYPES = [
    # code, vi, en, uk
    ("NQ", "Nghị quyết", "Resolution", "Резолюція"),
    ("QĐ", "Quyết định", "Decision", "Рішення"),
    ("CT", "Chỉ thị", "Directive", "Директива"),
    ("KL", "Kết luận", "Conclusion", "Висновок"),
    ("QC", "Quy chế", "Working rules", "Робочий регламент"),
    ("QyĐ", "Quy định", "Regulations", "Положення"),
    ("HD", "Hướng dẫn", "Guidance", "Інструкція"),
    ("KH", "Kế hoạch", "Plan", "План"),
    ("CTr", "Chương trình", "Programme", "Програма"),
    ("CV", "Công văn", "Official dispatch", "Офіційний лист"),
    ("TB", "Thông báo", "Notice", "Повідомлення"),
    ("TC", "Thông cáo", "Communiqué", "Комюніке"),
    ("BC", "Báo cáo", "Report", "Звіт"),
    ("TTr", "Tờ trình", "Submission", "Подання"),
    ("ĐA", "Đề án", "Scheme", "Проєкт"),
    ("CĐ", "Công điện", "Official telegram", "Офіційна телеграма"),
    ("NĐ", "Nghị định", "Decree", "Постанова"),
    ("TT", "Thông tư", "Circular", "Циркуляр"),
]

ISSUING_BODIES = [
    # abbreviation, vi, en, uk
    ("TW", "Ban Chấp hành Trung ương Đảng", "Party Central Committee", "Центральний комітет партії"),
    ("ĐU", "Đảng ủy", "Party Committee", "Партійний комітет"),
    ("ĐUK", "Đảng ủy Khối", "Bloc Party Committee", "Партійний комітет блоку"),
    ("BCĐTW", "Ban Chỉ đạo Trung ương", "Central Steering Committee", "Центральний керівний комітет"),
    ("CP", "Chính phủ", "Government", "Уряд"),
]


def create_reference_data(apps, schema_editor):
    DocumentType = apps.get_model("articles", "DocumentType")
    IssuingBody = apps.get_model("articles", "IssuingBody")
    for code, vi, en, uk in DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(
            code=code, defaults={"name": vi, "name_vi": vi, "name_en": en, "name_uk": uk}
        )
    for abbreviation, vi, en, uk in ISSUING_BODIES:
        if not IssuingBody.objects.filter(abbreviation=abbreviation, parent=None).exists():
            IssuingBody.objects.create(abbreviation=abbreviation, name=vi, name_vi=vi, name_en=en, name_uk=uk)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_reference_data, migrations.RunPython.noop),
    ]
