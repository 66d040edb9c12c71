"""manage.py check_eligibility CASE.json — the verdict for one subject, one award, one year.

Input and output contract: thidua/eligibility/cases.py and Verdict.to_json() (docs/eligibility.md).
Prints ONE JSON object on stdout; a malformed case → a Vietnamese error on stderr, exit code 2.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from thidua.eligibility.cases import CaseError, parse_case
from thidua.eligibility.context import context_for
from thidua.eligibility.engine import evaluate


class Command(BaseCommand):
    help = "In kết luận đủ/chưa đủ điều kiện khen thưởng cho một trường hợp (tệp JSON; “-” = đầu vào chuẩn)."

    def add_arguments(self, parser):
        parser.add_argument("case", help="đường dẫn tệp JSON mô tả trường hợp, hoặc “-” để đọc từ đầu vào chuẩn")

    def handle(self, *args, **options):
        path = options["case"]
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.", returncode=2) from None
        except UnicodeDecodeError:
            raise CommandError(f"Tệp “{path}” không phải văn bản UTF-8.", returncode=2) from None
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"Tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.", returncode=2
            ) from None
        try:
            case = parse_case(raw)
        except CaseError as exc:
            raise CommandError(str(exc), returncode=2) from None
        ctx = context_for(criteria_date=case.receipt_date, decision_date=case.decision_date)
        verdict = evaluate(case.facts, case.award, case.year, ctx, confirmed=case.confirmed, basis=case.basis)
        self.stdout.write(json.dumps(verdict.to_json(), ensure_ascii=False))
