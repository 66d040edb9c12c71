"""manage.py demo_logins — the demo accounts that exist in the database, as a table."""

from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand

from thidua.accounts.models import Role, RoleAssignment
from thidua.core.demo.users import DEMO_PASSWORD

URL = "http://127.0.0.1:8000"
ROLE_ORDER = [Role.ADMIN, Role.PROVINCE_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER, Role.UNIT_OFFICER]


class Command(BaseCommand):
    help = "In bảng tài khoản dùng thử (tên đăng nhập, mật khẩu, vai trò, đơn vị)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=URL, help="địa chỉ máy chủ in kèm bảng tài khoản")

    def handle(self, *args, **options):
        assignments = (
            RoleAssignment.objects.filter(user__is_active=True)
            .select_related("user", "unit")
            .order_by("user__username", "id")
        )
        rows = []
        known = {}  # encoded password -> is it the demo password? (hash checked once per value)
        for ra in assignments:
            encoded = ra.user.password
            if encoded not in known:
                known[encoded] = check_password(DEMO_PASSWORD, encoded)
            rows.append(
                (
                    ROLE_ORDER.index(ra.role) if ra.role in ROLE_ORDER else len(ROLE_ORDER),
                    ra.user.username,
                    DEMO_PASSWORD if known[encoded] else "(đã đổi)",
                    ra.get_role_display(),
                    ra.unit.name,
                    ra.user.full_name,
                )
            )
        if not rows:
            self.stdout.write("Chưa có tài khoản dùng thử. Hãy chạy: manage.py seed_demo --size province")
            return
        rows.sort(key=lambda r: (r[0], r[1]))
        header = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị", "Họ và tên")
        table = [header] + [r[1:] for r in rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write(f"Mở {options['url']} và đăng nhập bằng một trong các tài khoản dùng thử:")
        self.stdout.write("")
        for i, row in enumerate(table):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Địa chỉ: {options['url']}")
