"""manage.py seed_demo --size tiny|province|national [--seed N] [--people N] [--if-empty]"""

from django.core.management.base import BaseCommand, CommandError

from thidua.core.demo import seed as demo
from thidua.org.models import Unit


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (tỉnh Hòa Giang giả định): đơn vị, cá nhân, xếp loại, khen thưởng 2019–2025."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(demo.SIZES), default="province", help="quy mô dữ liệu")
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên (mặc định 2026)")
        parser.add_argument("--people", type=int, default=None, help="thay số cá nhân mặc định của quy mô")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="nếu dữ liệu minh họa đã có thì giữ nguyên và thoát (dùng cho make run)",
        )

    def handle(self, *args, size, seed, people, if_empty, **options):
        if people is not None and people < 1:
            raise CommandError("--people phải là số nguyên dương.")
        if if_empty and demo.home_root_exists():
            self.stdout.write(
                f"Dữ liệu minh họa đã có ({demo.root_name(demo.province_name())}); dùng lại, không nạp thêm."
            )
            return
        if Unit.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu đã có đơn vị; không nạp dữ liệu minh họa để tránh trộn lẫn. "
                "Hãy dùng một cơ sở dữ liệu trống (ví dụ xóa db.sqlite3 rồi chạy lại `manage.py migrate`), "
                "hoặc thêm --if-empty để giữ dữ liệu hiện có."
            )
        self.stdout.write(f"Đang nạp dữ liệu minh họa quy mô “{size}” (seed {seed})…")
        try:
            stats = demo.seed(size=size, seed=seed, total_people=people, log=self.stdout.write)
        except demo.CatalogueMissing as exc:
            raise CommandError(str(exc)) from exc
        labels = [
            ("org.Unit", "đơn vị"),
            ("org.UnitSuccession", "sắp xếp đơn vị"),
            ("people.Person", "cá nhân"),
            ("people.Employment", "quá trình công tác"),
            ("people.AnnualRating", "xếp loại hằng năm"),
            ("people.Initiative", "sáng kiến"),
            ("people.Discipline", "kỷ luật"),
            ("people.Embargo", "tạm dừng xét khen thưởng"),
            ("decisions.Decision", "quyết định"),
            ("decisions.Award", "khen thưởng"),
            ("movements.clusters", "cụm, khối thi đua"),
            ("movements.movements", "phong trào cấp tỉnh"),
            ("nominations.dossiers", "hồ sơ đề nghị khen thưởng"),
        ]
        for key, label in labels:
            number = f"{stats.get(key, 0):,}".replace(",", ".")
            self.stdout.write(f"  {number:>10} {label}")
        self.stdout.write(self.style.SUCCESS(f"Xong trong {stats['seconds']} giây."))
