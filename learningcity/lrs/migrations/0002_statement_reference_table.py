"""The statement reference table, created with engine-specific DDL (see storage.sqlite / storage.postgresql):
on SQLite a WITHOUT ROWID table, so each reference is one entry in one b-tree."""

from django.db import migrations


def create(apps, schema_editor):
    from learningcity.lrs.storage import postgresql, sqlite

    module = postgresql if schema_editor.connection.vendor == "postgresql" else sqlite
    module.create_ref_table(schema_editor)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE lrs_statementref")


class Migration(migrations.Migration):
    dependencies = [("lrs", "0001_statements_documents_clients")]

    operations = [migrations.RunPython(create, drop)]
