"""extract(text) -> MovementRecord: runs every field rule; a rule that fails leaves its field empty."""

from __future__ import annotations

import logging

from . import launch, lists, names, places, title
from .dates import iso
from .period import choose_period
from .record import MovementRecord
from .textmodel import Doc

log = logging.getLogger(__name__)

_SNIPPET_PAD = 70


def snippet(text: str, start: int, end: int, pad: int = _SNIPPET_PAD) -> str:
    """The passage text[start:end] with a little context, on one line."""
    start, end = max(0, start), min(len(text), max(start, end))
    left = max(0, start - pad)
    right = min(len(text), end + pad)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    piece = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + piece + ("…" if right < len(text) else "")


class _Run:
    """Shared state of one extraction; each step guards itself."""

    def __init__(self, text: str) -> None:
        self.record = MovementRecord()
        self.doc = Doc(text or "")
        self.mention: launch.Mention | None = None
        self.phrase: title.Phrase | None = None

    def guard(self, fields: tuple[str, ...], step) -> None:
        try:
            step()
        except Exception:  # a rule must never break the whole extraction
            log.exception("extraction rule failed for %s", ", ".join(fields))
            for field in fields:
                default = [] if field in ("slogans", "national_movements", "responsible_agencies") else None
                setattr(self.record, field, default)
                self.record.sources.pop(field, None)
                self.record.failed.append(field)

    def source(self, field: str, start: int, end: int) -> None:
        self.record.sources[field] = snippet(self.doc.text, start, end)

    # -- steps --------------------------------------------------------------------------------------------

    def find_launch(self) -> None:
        if not self.doc.is_formal:
            self.mention = launch.launching_mention(self.doc)

    def document_fields(self) -> None:
        doc, rec = self.doc, self.record
        if doc.is_formal:
            heading = doc.heading
            rec.doc_type = heading[0]
            self.source("doc_type", heading[1], heading[2])
            number = launch.formal_number(doc)
            if number:
                rec.doc_number = number[0]
                self.source("doc_number", number[1], number[2])
            place_date = doc.place_date
            if place_date and place_date[0]:
                rec.issue_date = iso(place_date[0])
                self.source("issue_date", place_date[1], place_date[2])
            return
        mention = self.mention
        if mention is None:
            return
        rec.doc_type = mention.doc_type
        self.source("doc_type", mention.start, mention.end)
        if mention.number:
            rec.doc_number = mention.number
            self.source("doc_number", mention.start, mention.end)
        date, start, end = launch.issue_date(doc, mention)
        if date:
            rec.issue_date = iso(date)
            self.source("issue_date", start, end)

    def issuer(self) -> None:
        doc, rec = self.doc, self.record
        if doc.is_formal:
            found = launch.formal_issuer(doc)
            if found:
                text, start, end = found
                if names.needs_place(text):
                    home = launch.home_place(doc)
                    if home:
                        text = f"{text} {places.display(home)}"
                rec.issuer = text
                self.source("issuer", start, end)
                return
        mention = self.mention
        if mention is not None:
            issuer = launch.mention_issuer(doc, mention)
            if issuer is not None:
                rec.issuer = launch.resolve_issuer(doc, mention, issuer)
                self.source("issuer", issuer.start, issuer.end)
                return
            fallback = launch.symbol_issuer(mention.number)
            if fallback:
                home = launch.home_place(doc)
                rec.issuer = f"{fallback} {places.display(home)}" if home and names.needs_place(fallback) else fallback
                self.source("issuer", mention.start, mention.end)
                return
        agent = launch.launching_agent(doc)
        if agent is not None:
            rec.issuer = launch.resolve_issuer(doc, None, agent)
            self.source("issuer", agent.start, agent.end)

    def title(self) -> None:
        self.phrase = title.choose_title(self.doc, self.mention)
        if self.phrase and self.phrase.title:
            self.record.title = self.phrase.title
            self.source("title", self.phrase.start, self.phrase.end)

    def reward_event(self) -> None:
        event = title.choose_event(self.doc)
        if event:
            self.record.reward_event = event.text
            self.source("reward_event", event.start, event.end)

    def period(self) -> None:
        found = choose_period(self.doc, self.phrase)
        if found:
            start, end, s, e = found
            self.record.period_start, self.record.period_end = iso(start), iso(end)
            if start:
                self.source("period_start", s, e)
            if end:
                self.source("period_end", s, e)

    def slogans(self) -> None:
        exclude = [self.record.title] if self.record.title else []
        items = lists.slogans(self.doc, exclude)
        self._list("slogans", items)

    def national(self) -> None:
        self._list("national_movements", lists.national_movements(self.doc, self.record.title))

    def agencies(self) -> None:
        self._list("responsible_agencies", lists.agencies(self.doc, self.record.issuer))

    def _list(self, field: str, items: list[lists.Item]) -> None:
        setattr(self.record, field, [i.text for i in items])
        if items:
            self.record.sources[field] = " | ".join(snippet(self.doc.text, i.start, i.end, 40) for i in items)


def extract(text: str) -> MovementRecord:
    """The draft movement record of an announcement's text. Never raises: unknown fields are None / []."""
    try:
        run = _Run(text)
    except Exception:
        log.exception("could not analyse the text")
        record = MovementRecord()
        record.failed.append("text")
        return record
    run.guard(("doc_type",), run.find_launch)
    run.guard(("doc_type", "doc_number", "issue_date"), run.document_fields)
    run.guard(("issuer",), run.issuer)
    run.guard(("title",), run.title)
    run.guard(("reward_event",), run.reward_event)
    run.guard(("period_start", "period_end"), run.period)
    run.guard(("slogans",), run.slogans)
    run.guard(("national_movements",), run.national)
    run.guard(("responsible_agencies",), run.agencies)
    return run.record
