"""Workflow pieces of the dossier page: {% nomination_actions %} (the transitions the user may start),
{% nomination_timeline %} (the dossier's history, for everyone who may see it), {% line_process %}
(appraisal controls of a line for the officer at the current step, its appraisal state for others)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..forms.workflow import AppraiseForm
from ..models import Appraisal, State
from ..selectors import workflow as sel
from ..services import workflow as svc

register = template.Library()

APPRAISAL_BADGE = {Appraisal.PENDING: "badge-warn", Appraisal.ACCEPTED: "badge-ok", Appraisal.REJECTED: "badge-bad"}


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


def _base(context) -> dict:
    return {"request": context.get("request"), "csrf_token": context.get("csrf_token"), "user": _user(context)}


def _action_buttons(user, nomination) -> list[dict]:
    labels = {
        svc.SUBMIT: "Gửi lại hồ sơ" if nomination.state == State.RETURNED else "Gửi hồ sơ",
        svc.WITHDRAW: "Rút hồ sơ về",
        svc.RECEIVE: "Tiếp nhận hồ sơ",
        svc.RETURN: "Trả lại để chỉnh sửa",
        svc.FORWARD: "Chuyển tiếp",
        svc.COMPLETE: "Hoàn thành thẩm định",
    }
    url_names = {
        svc.SUBMIT: "nomination_submit",
        svc.WITHDRAW: "nomination_withdraw",
        svc.RECEIVE: "nomination_receive",
        svc.RETURN: "nomination_return",
        svc.FORWARD: "nomination_forward",
        svc.COMPLETE: "nomination_forward",
    }
    secondary = {svc.WITHDRAW, svc.RETURN}
    return [
        {
            "action": action,
            "label": labels[action],
            "url": reverse(f"nominations:{url_names[action]}", args=[nomination.pk]),
            "secondary": action in secondary,
        }
        for action in svc.available_actions(user, nomination)
    ]


@register.inclusion_tag("nominations/_actions.html", takes_context=True)
def nomination_actions(context, nomination):
    user = _user(context)
    visible = _may_view(user, nomination)
    return _base(context) | {
        "nomination": nomination,
        "visible": visible,
        "buttons": _action_buttons(user, nomination) if visible else [],
        "step": nomination.current_step if nomination.current_step_id else None,
    }


@register.inclusion_tag("nominations/_timeline.html", takes_context=True)
def nomination_timeline(context, nomination):
    user = _user(context)
    visible = _may_view(user, nomination)
    return _base(context) | {
        "nomination": nomination,
        "visible": visible,
        "entries": sel.nomination_timeline(nomination) if visible else [],
    }


def _may_view(user, nomination) -> bool:
    """The view permission, asked once per user and dossier instance (the page asks it per line)."""
    if user is None:
        return False
    cache = nomination.__dict__.setdefault("_wf_may_view", {})
    if user.pk not in cache:
        cache[user.pk] = user.has_perm("nominations.view", nomination)
    return cache[user.pk]


def _may_process(user, nomination) -> bool:
    cache = nomination.__dict__.setdefault("_wf_may_process", {})
    if user.pk not in cache:
        cache[user.pk] = nomination.state == State.IN_APPRAISAL and user.has_perm("nominations.process", nomination)
    return cache[user.pk]


def line_process_context(user, nomination, line, form=None) -> dict:
    """What {% line_process %} shows for one line (also the htmx answer of the appraisal view)."""
    final = nomination.state != State.APPRAISED and sel.line_is_final(line, sel.step_opened_at(nomination))
    can_process = bool(user and user.is_authenticated and not final and _may_process(user, nomination))
    if can_process and form is None:
        initial = {"reason": line.appraisal_reason}
        if line.appraisal != Appraisal.PENDING:
            initial["decision"] = line.appraisal
        form = AppraiseForm(initial=initial, prefix=f"line{line.pk}")
    shown = nomination.state in (State.IN_APPRAISAL, State.APPRAISED) or line.appraisal != Appraisal.PENDING
    return {
        "nomination": nomination,
        "line": line,
        "can_process": can_process,
        "final": final,
        "form": form if can_process else None,
        "show_state": shown,
        "badge": APPRAISAL_BADGE.get(line.appraisal, ""),
        "correction_labels": [svc.CORRECTION_FIELDS.get(f, f) for f in (line.correction_fields or [])],
        "show_correction": line.needs_correction and nomination.state in (State.RETURNED, State.SUBMITTED),
    }


@register.inclusion_tag("nominations/_line_process.html", takes_context=True)
def line_process(context, nomination, line):
    user = _user(context)
    if not _may_view(user, nomination):
        return _base(context) | {"hidden": True}
    return _base(context) | line_process_context(user, nomination, line)
