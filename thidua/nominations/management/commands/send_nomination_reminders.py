"""Daily reminders (run by cron): dossiers past their due date at a step (to that step's officers),
returned dossiers past their correction deadline (to the proposing unit's officers), drafts whose
yearly submission deadline falls within the next 7 days (to the proposing unit's officers).

At most one reminder per dossier per day (Nomination.last_reminded_at, claimed by a conditional
update, so two runs at once do not remind twice)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.core.notifications import notify
from thidua.core.text import vdate
from thidua.nominations.models import Nomination, State, SubmissionDeadline
from thidua.nominations.selectors import workflow as sel
from thidua.nominations.services.workflow import detail_url

DRAFT_WINDOW_DAYS = 7


class Command(BaseCommand):
    help = "Gửi thư và thông báo nhắc hồ sơ quá hạn, hồ sơ sắp đến hạn nộp (chạy mỗi ngày một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay — để chạy bù.")

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Ngày phải có dạng YYYY-MM-DD.") from exc
        day_start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
        not_today = Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=day_start)
        counts = {"step": 0, "returned": 0, "draft": 0, "notices": 0}
        # The same units recur across dossiers: look their officers up once.
        step_officers, proposer_officers = {}, {}

        def officers_of_step(step):
            key = (step.unit_id, step.kind)
            if key not in step_officers:
                step_officers[key] = sel.step_officers(step)
            return step_officers[key]

        def officers_of_proposer(n):
            if n.proposing_unit_id not in proposer_officers:
                proposer_officers[n.proposing_unit_id] = sel.proposer_officers(n)
            return proposer_officers[n.proposing_unit_id]

        at_step = (
            Nomination.objects.filter(state__in=sel.AT_STEP_STATES, due_date__lt=today, current_step__isnull=False)
            .filter(not_today)
            .select_related("proposing_unit", "current_step__unit")
        )
        for n in at_step:
            step = n.current_step
            text = (
                f"Nhắc việc: hồ sơ {n.code} của {n.proposing_unit.name} đã quá hạn "
                f"{'tiếp nhận' if n.state == State.SUBMITTED else 'thẩm định'} tại {step.unit.name} "
                f"(hạn {vdate(n.due_date)})."
            )
            self._remind(counts, "step", n, officers_of_step(step), text, not_today, now)

        returned = (
            Nomination.objects.filter(state=State.RETURNED, due_date__lt=today)
            .filter(not_today)
            .select_related("proposing_unit")
        )
        for n in returned:
            text = (
                f"Nhắc việc: hồ sơ {n.code} bị trả lại để chỉnh sửa đã quá hạn nộp lại "
                f"({vdate(n.due_date)}). Hãy chỉnh sửa và gửi lại."
            )
            self._remind(counts, "returned", n, officers_of_proposer(n), text, not_today, now)

        window_end = today + dt.timedelta(days=DRAFT_WINDOW_DAYS)
        deadlines = {
            (d.year, d.authority): d.due_date
            for d in SubmissionDeadline.objects.filter(due_date__gte=today, due_date__lte=window_end)
        }
        if deadlines:
            which = Q(pk__in=[])
            for year, authority in deadlines:
                which |= Q(year=year, authority=authority)
            drafts = (
                Nomination.objects.filter(state=State.DRAFT)
                .filter(which)
                .filter(not_today)
                .select_related("proposing_unit")
            )
            for n in drafts:
                due = deadlines[(n.year, n.authority)]
                left = (due - today).days
                when = "hôm nay" if left == 0 else f"còn {left} ngày"
                text = (
                    f"Nhắc việc: hồ sơ {n.code} đang soạn; hạn nộp hồ sơ năm {n.year} "
                    f"(cấp quyết định: {n.get_authority_display()}) là {vdate(due)} ({when})."
                )
                self._remind(counts, "draft", n, officers_of_proposer(n), text, not_today, now)

        self.stdout.write(
            f"Ngày {vdate(today)}: đã nhắc {counts['step']} hồ sơ quá hạn xử lý, "
            f"{counts['returned']} hồ sơ quá hạn chỉnh sửa, {counts['draft']} hồ sơ sắp đến hạn nộp; "
            f"{counts['notices']} thông báo đã gửi."
        )

    def _remind(self, counts, kind, nomination, users, text, not_today, now) -> None:
        """Claim today's reminder for the dossier, then notify (nothing when another run claimed it)."""
        with transaction.atomic():
            claimed = Nomination.objects.filter(pk=nomination.pk).filter(not_today).update(last_reminded_at=now)
            if not claimed:
                return
            rows = notify(users=users, text=text, url=detail_url(nomination))
        counts[kind] += 1
        counts["notices"] += len(rows)
