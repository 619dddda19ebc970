"""The city's starter topic list. Cities edit it in the admin; codes stay stable once used."""

from django.db import migrations

TOPICS = [
    # code, Korean, English, ISCED-F broad field
    ("literacy-basic-skills", "문해·기초능력", "Literacy and basic skills", "00"),
    ("digital", "디지털", "Digital skills", "06"),
    ("languages", "외국어", "Languages", "02"),
    ("korean-language", "한국어", "Korean language", "02"),
    ("arts-crafts", "미술·공예", "Arts and crafts", "02"),
    ("calligraphy", "서예", "Calligraphy", "02"),
    ("music", "음악", "Music", "02"),
    ("humanities-reading", "인문·독서", "Humanities and reading", "02"),
    ("history-culture", "역사·문화", "History and culture", "02"),
    ("cooking", "요리", "Cooking", "10"),
    ("health-wellbeing", "건강·웰빙", "Health and wellbeing", "09"),
    ("sports-movement", "체육·운동", "Sport and movement", "10"),
    ("hobbies-leisure", "취미·여가", "Hobbies and leisure", "00"),
    ("civic-participation", "시민참여", "Civic participation", "03"),
    ("parenting-family", "부모·가족", "Parenting and family", "09"),
    ("work-careers", "직업·진로", "Work and careers", "04"),
    ("business-finance", "경영·금융", "Business and money", "04"),
    ("science-technology", "과학·기술", "Science and technology", "05"),
    ("environment-sustainability", "환경·지속가능성", "Environment and sustainability", "05"),
    ("education-teaching", "교육·강사양성", "Education and teaching", "01"),
    ("other", "기타", "Other", "00"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("catalogue", "Topic")
    for code, ko, en, field in TOPICS:
        Topic.objects.update_or_create(code=code, defaults={"name_ko": ko, "name_en": en, "isced_field": field})


def unseed(apps, schema_editor):
    apps.get_model("catalogue", "Topic").objects.filter(code__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
