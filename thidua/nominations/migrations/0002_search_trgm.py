"""Trigram indexes on the folded search columns of dossiers and lines, so the list's search
(`search_text LIKE '%x%'`) is an index scan on PostgreSQL, as for people (people 0002).

SQLite has no trigram index: there the folded columns are scanned (docs/nominations.md).
"""

from django.db import migrations

INDEXES = {
    "nominations_nomination_search_trgm": "nominations_nomination",
    "nominations_line_search_trgm": "nominations_nominationline",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, table in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
