"""Small helpers for the unit screens."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def person_url(person_or_pk):
    """Link to a person's page; falls back to /ca-nhan/<pk>/ while the people screens are not wired."""
    pk = getattr(person_or_pk, "pk", person_or_pk)
    try:
        return reverse("people:person_detail", args=[pk])
    except NoReverseMatch:
        return f"/ca-nhan/{pk}/"


@register.filter
def unit_status(unit):
    """'đã giải thể/sáp nhập' for a closed unit, '' for an active one."""
    return "" if unit.valid_to is None else "đã giải thể/sáp nhập"
