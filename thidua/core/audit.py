"""audit(): every service writes one AuditEvent inside its own transaction."""

from django.db import transaction

from .models import AuditEvent


def audit(*, actor, action: str, obj=None, summary: str, unit=None, data=None) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit() must be called inside the service's transaction")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        unit=unit,
        summary=summary[:500],
        data=data or {},
    )
