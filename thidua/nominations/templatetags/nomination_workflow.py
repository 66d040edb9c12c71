"""Workflow pieces of the dossier page: {% nomination_actions %}, {% nomination_timeline %},
{% line_process %} (being written)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nomination_actions(context, nomination):
    return ""


@register.simple_tag(takes_context=True)
def nomination_timeline(context, nomination):
    return ""


@register.simple_tag(takes_context=True)
def line_process(context, nomination, line):
    return ""
