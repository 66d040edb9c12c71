"""Daily: e-mail the officers of units whose plan answering a movement is due soon or overdue."""

from django.core.management.base import BaseCommand

from thidua.movements.services.movements import participations_remind


class Command(BaseCommand):
    help = "Gửi thư nhắc các đơn vị sắp đến hạn hoặc quá hạn gửi kế hoạch hưởng ứng phong trào (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3, help="nhắc trước hạn bao nhiêu ngày (mặc định 3)")

    def handle(self, *args, **options):
        sent = participations_remind(days_before=options["days_before"])
        self.stdout.write(f"Đã gửi {sent} thư nhắc.")
