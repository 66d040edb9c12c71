"""{% consultation_panel nomination %} on the dossier page (being written)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def consultation_panel(context, nomination):
    return ""
