"""manage.py extract_movement FILE [--json] — the draft movement record of one announcement file.

--json prints ONE JSON object with the record keys of shared/corpus/README.md; without it, a readable
Vietnamese summary with the passage each field came from. An unreadable file → Vietnamese message on
stderr, exit code 2.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.movements.extract import MAX_BYTES, DocumentError, extract, read_document

LABELS = {
    "issuer": "Cơ quan ban hành",
    "doc_type": "Loại văn bản",
    "doc_number": "Số, ký hiệu",
    "issue_date": "Ngày ban hành",
    "title": "Tên phong trào",
    "slogans": "Khẩu hiệu, chủ đề",
    "period_start": "Bắt đầu",
    "period_end": "Kết thúc",
    "national_movements": "Phong trào toàn quốc liên quan",
    "responsible_agencies": "Cơ quan được giao nhiệm vụ",
    "reward_event": "Sự kiện khen thưởng",
}


def _show_date(value: str | None) -> str:
    if not value:
        return "—"
    year, month, day = value.split("-")
    return f"{day}/{month}/{year}"


class Command(BaseCommand):
    help = "Đọc một văn bản phát động phong trào thi đua (.docx, .pdf, .html, .txt) và trích bản ghi phong trào."

    def add_arguments(self, parser):
        parser.add_argument("file", help="đường dẫn tệp văn bản")
        parser.add_argument("--json", action="store_true", help="in một đối tượng JSON thay vì bản tóm tắt")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError("Tệp lớn hơn 20 MB.", returncode=2)
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp “{path}”.", returncode=2) from None
        except IsADirectoryError:
            raise CommandError(f"“{path}” là thư mục, không phải tệp.", returncode=2) from None
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.", returncode=2) from None
        try:
            text = read_document(path.name, data)
        except DocumentError as exc:
            raise CommandError(exc.message, returncode=2) from None
        record = extract(text)
        if options["json"]:
            self.stdout.write(json.dumps(record.to_json(), ensure_ascii=False))
            return
        self.stdout.write(self._summary(record, path.name))

    def _summary(self, record, name: str) -> str:
        data = record.to_json()
        out = [f"Bản ghi phong trào trích từ “{name}” (bản nháp — cần cán bộ kiểm tra):", ""]
        for key, label in LABELS.items():
            value = data[key]
            if key in ("issue_date", "period_start", "period_end"):
                shown = _show_date(value)
            elif isinstance(value, list):
                shown = "; ".join(value) if value else "—"
            else:
                shown = value or "—"
            out.append(f"- {label}: {shown}")
            source = record.sources.get(key)
            if source:
                out.append(f"    trích: {source}")
        if record.failed:
            out.append("")
            out.append("Không trích được (lỗi quy tắc): " + ", ".join(LABELS.get(f, f) for f in record.failed))
        return "\n".join(out)
