"""Fast, streamed inserts with primary keys chosen by the generator.

The demo writes hundreds of thousands of rows; building model instances and calling
``save()`` per row would take minutes. Rows are plain tuples, written in batches with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL). Primary keys are assigned up front,
so a child row can point at its parent (and a unit's materialised path can be computed)
without reading anything back; PostgreSQL sequences are reset at the end.

Seed data bypasses ``save()`` and django-simple-history on purpose: callers set the
derived columns themselves (``search_text``, ``path``, ``depth``).
"""

import datetime as dt

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 5000


class Table:
    """Rows for one model, flushed every ``BATCH`` rows."""

    def __init__(self, model, fields):
        self.model = model
        self.fields = ["id", *fields]
        opts = model._meta
        self.columns = [opts.get_field(name).column for name in self.fields]
        self.rows = []
        self.count = 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({connection.ops.quote_name('id')}) FROM {opts.db_table}")
            self._next = (cursor.fetchone()[0] or 0) + 1
        self._convert = None
        if connection.vendor == "sqlite":
            converters = []
            for name in self.fields:
                field = opts.get_field(name)
                if isinstance(field, models.DateTimeField):
                    converters.append(connection.ops.adapt_datetimefield_value)
                elif isinstance(field, models.DateField):
                    converters.append(_iso)
                else:
                    converters.append(None)
            if any(converters):
                self._convert = converters

    def new_id(self) -> int:
        value = self._next
        self._next += 1
        return value

    def add(self, row):
        """Queue one row (a tuple starting with the id); flushes when the batch is full."""
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        rows = self.rows
        self.rows = []
        self.count += len(rows)
        table = connection.ops.quote_name(self.model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            if self._convert:
                conv = self._convert
                rows = [
                    tuple(c(v) if c and v is not None else v for c, v in zip(conv, row, strict=True)) for row in rows
                ]
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


def _iso(value: dt.date) -> str:
    return value.isoformat()


class Writer:
    """All tables of one seed run; ``close()`` flushes and fixes PostgreSQL sequences."""

    def __init__(self):
        self.tables = {}

    def table(self, model, fields) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model, fields)
        return self.tables[model]

    def flush(self):
        for table in self.tables.values():
            table.flush()

    def close(self):
        self.flush()
        if connection.vendor == "postgresql":
            statements = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    def counts(self) -> dict:
        return {model._meta.label: table.count for model, table in self.tables.items()}
