"""{% consultation_panel nomination %} on the dossier page: whether the dossier needs public
consultation, its period, the comments' counts and the buttons the user may use. Users without the
right (neither moderating nor processing the dossier) get nothing."""

from django import template
from django.template.loader import render_to_string

from ..selectors.consultation import consultation_panel as panel_for

register = template.Library()


@register.simple_tag(takes_context=True)
def consultation_panel(context, nomination):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not getattr(user, "is_authenticated", False) or nomination is None:
        return ""
    panel = panel_for(actor=user, nomination=nomination)
    if panel is None or (not panel.needed and panel.consultation is None and not panel.can_moderate):
        return ""
    return render_to_string(
        "nominations/consultation_panel.html",
        {"nomination": nomination, "panel": panel, "request": request},
        request=request,
    )
