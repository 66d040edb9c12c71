"""Readable change history ("Lịch sử thay đổi") from django-simple-history records."""

from django.core.exceptions import FieldDoesNotExist

HISTORY_TYPES = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def _display(model, field_name, value):
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return value
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def _label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        return field_name


def history_entries(records, limit: int = 100) -> list[dict]:
    """Entries for a list of historical records of one or more objects, newest first.

    `records` is a queryset of historical rows (e.g. `person.history.all()`); pass several
    querysets' rows concatenated to show related facts together.
    """
    rows = list(records.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for record in rows[:limit]:
        model = record.instance_type
        changes = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous, excluded_fields=["search_text", "path", "depth"])
                for change in delta.changes:
                    changes.append(
                        {
                            "field": _label(model, change.field),
                            "old": _display(model, change.field, change.old),
                            "new": _display(model, change.field, change.new),
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
