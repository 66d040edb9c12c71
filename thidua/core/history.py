"""Readable change history ("Lịch sử thay đổi") from django-simple-history records.

A fixed number of queries whatever the length of the history: one for the records, one for
the predecessors of the edited ones, one per related model shown in a change.
"""

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist

HISTORY_TYPES = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
HIDDEN_FIELDS = ["search_text", "path", "depth"]


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _display(field, value, related):
    if value in (None, ""):
        return "—"
    if field is None:
        return value
    if field.is_relation:
        obj = related.get((field.related_model, value))
        return str(obj) if obj is not None else f"#{value}"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


def _previous_records(rows):
    """Map history_id → the record just before it for the same object, in one query."""
    edited = [r for r in rows if r.history_type == "~"]
    if not edited:
        return {}
    history_model = type(edited[0])
    pk_name = edited[0].instance_type._meta.pk.attname
    ids = {getattr(r, pk_name) for r in edited}
    latest = max(r.history_date for r in edited)
    by_object = defaultdict(list)
    for record in history_model.objects.filter(**{f"{pk_name}__in": ids, "history_date__lte": latest}).order_by(
        "history_date", "history_id"
    ):
        by_object[getattr(record, pk_name)].append(record)
    previous = {}
    for chain in by_object.values():
        for before, after in zip(chain, chain[1:], strict=False):
            previous[after.history_id] = before
    return previous


def history_entries(records, limit: int = 100) -> list[dict]:
    """Entries for a queryset of historical records of one model (e.g. `person.history.all()`), newest first."""
    rows = list(records.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    previous = _previous_records(rows)
    model = rows[0].instance_type if rows else None
    raw_changes = {}
    wanted = defaultdict(set)  # related model → ids to show by name
    for record in rows:
        before = previous.get(record.history_id)
        if record.history_type != "~" or before is None:
            continue
        delta = record.diff_against(before, excluded_fields=HIDDEN_FIELDS)
        raw_changes[record.history_id] = delta.changes
        for change in delta.changes:
            field = _field(model, change.field)
            if field is not None and field.is_relation:
                wanted[field.related_model].update(v for v in (change.old, change.new) if v not in (None, ""))
    related = {}
    for related_model, ids in wanted.items():
        for pk, obj in related_model._default_manager.in_bulk(ids).items():
            related[(related_model, pk)] = obj

    entries = []
    for record in rows:
        changes = []
        for change in raw_changes.get(record.history_id, []):
            field = _field(model, change.field)
            changes.append(
                {
                    "field": str(field.verbose_name) if field is not None else change.field,
                    "old": _display(field, change.old, related),
                    "new": _display(field, change.new, related),
                }
            )
        entries.append(
            {
                "at": record.history_date,
                "user": record.history_user,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type),
                "object": str(record.instance) if record.history_type != "-" else record.history_object,
                "model": model._meta.verbose_name,
                "changes": changes,
                "reason": record.history_change_reason or "",
            }
        )
    return entries
