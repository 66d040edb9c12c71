"""Facts 2019–2025 that follow the award rules (law.md §3, §11).

Per person and year: a rating (mostly HTT, about a fifth HTXS); base initiatives for some;
"Lao động tiên tiến" for most rated HTT or better; "Chiến sĩ thi đua cơ sở" only for LĐTT
holders with HTXS or a base initiative, within 15 % of the LĐTT count of the deciding unit;
"Chiến sĩ thi đua cấp tỉnh" only after three consecutive CSTĐCS and a province-scope
initiative; "Bằng khen của Chủ tịch UBND tỉnh" for some with two consecutive CSTĐCS.
Per unit and year: a collective rating; "Tập thể lao động tiên tiến" (rating ≥ HTT, more
than half the members LĐTT) or "Tập thể lao động xuất sắc" (HTXS, every member ≥ HT,
≥ 70 % LĐTT, at least one CSTĐCS). Each issuing unit signs one decision per year.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from thidua.core.demo.geography import REFORM_DAY, Province, UnitRec
from thidua.core.demo.names import person_name
from thidua.core.demo.people import YEARS
from thidua.people.models import DisciplineLevel, EmbargoReason, Grade, InitiativeScope

CSTDCS_QUOTA = Decimal("0.15")  # law.md §3.1: ≤ 15 % of LĐTT holders (historic NĐ 91/2017 Điều 9 k3)
HTT_OR_BETTER = (Grade.HTXS, Grade.HTT)

# Base salary before the catalogue's first row (see docs/demo-data.md for sources).
HISTORIC_BASE_SALARY = [
    (dt.date(2018, 7, 1), 1_390_000),  # NĐ 72/2018/NĐ-CP
    (dt.date(2019, 7, 1), 1_490_000),  # NĐ 38/2019/NĐ-CP
    (dt.date(2023, 7, 1), 1_800_000),  # NĐ 24/2023/NĐ-CP
    (dt.date(2024, 7, 1), 2_340_000),  # NĐ 73/2024/NĐ-CP
]
# Coefficients that NĐ 152/2025 raised: decisions before 01/07/2025 used the older ones
# (NĐ 91/2017 Điều 71–72, repeated by NĐ 98/2023).
HISTORIC_COEFFICIENTS = {"BK_TINH": Decimal("1.0"), "BK_TINH_TT": Decimal("2.0")}

REQUIRED_CODES = ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TINH_TT", "TTLDTT", "TTLDXS", "CO_TINH")

INITIATIVE_TOPICS = {
    "EDUCATION": [
        "Một số biện pháp nâng cao chất lượng dạy học môn Toán theo hướng phát triển năng lực",
        "Ứng dụng công nghệ thông tin trong quản lý hồ sơ học sinh",
        "Giải pháp rèn kỹ năng đọc hiểu cho học sinh",
        "Tổ chức hoạt động trải nghiệm gắn với di sản văn hóa địa phương",
        "Biện pháp phòng, chống bạo lực học đường",
    ],
    "HEALTH": [
        "Giải pháp rút ngắn thời gian chờ khám bệnh ngoại trú",
        "Cải tiến quy trình chăm sóc người bệnh sau phẫu thuật",
        "Ứng dụng hồ sơ bệnh án điện tử tại khoa",
        "Nâng cao tỷ lệ tiêm chủng đầy đủ cho trẻ em dưới 1 tuổi",
    ],
    "BUSINESS": [
        "Cải tiến dây chuyền sản xuất giảm tiêu hao điện năng",
        "Giải pháp giảm tỷ lệ sản phẩm lỗi",
        "Chế tạo đồ gá nâng cao năng suất lao động",
    ],
    "": [
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Giải pháp nâng cao chỉ số hài lòng của người dân",
        "Ứng dụng phần mềm quản lý văn bản và điều hành",
        "Rút ngắn thời gian thẩm định hồ sơ",
        "Đổi mới công tác tuyên truyền, phổ biến giáo dục pháp luật",
    ],
}


def round10k(value: Decimal) -> int:
    """Round to the nearest 10,000 đồng."""
    return int((value / 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 10000


class Money:
    """Award amount = coefficient × base salary on the decision date, rounded to 10,000 đ."""

    def __init__(self, award_types: dict, salary_rows: list):
        self.award_types = award_types  # code -> (id, coef_individual, coef_collective)
        schedule = dict(HISTORIC_BASE_SALARY)
        schedule.update(dict(salary_rows))  # the catalogue wins where it has a row
        self.schedule = sorted(schedule.items())

    def base_salary(self, day: dt.date) -> int:
        amount = self.schedule[0][1]
        for valid_from, value in self.schedule:
            if valid_from <= day:
                amount = value
        return amount

    def amount(self, code: str, day: dt.date, collective: bool) -> int:
        _, coef_ind, coef_coll = self.award_types[code]
        coef = coef_coll if collective else coef_ind
        if day < REFORM_DAY and code in HISTORIC_COEFFICIENTS:
            coef = HISTORIC_COEFFICIENTS[code]
        if coef is None:
            return 0
        return round10k(Decimal(coef) * self.base_salary(day))


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


class FactsGenerator:
    def __init__(self, rng, writer, prov: Province, money: Money, tables: dict):
        self.rng = rng
        self.prov = prov
        self.money = money
        self.t = tables
        self.decisions = {}  # (issuer id, year) -> decision id
        self.numbers = {}  # issuer id -> list of numbers per year
        self.heads = {}  # unit id -> name of its head
        root_signers = [person_name(rng, "M"), person_name(rng, "M")]
        self.root_signers = root_signers  # one chairman per term: 2016–2021, 2021–2026

    # --- decisions -------------------------------------------------------------------------
    def issuer_name(self, issuer: UnitRec) -> str:
        if issuer.kind in ("COMMUNE", "WARD", "SPECIAL_ZONE"):
            return f"Ủy ban nhân dân {_lower_first(issuer.name)}"
        return issuer.name

    def decision(self, issuer: UnitRec, year: int) -> tuple[int, dt.date]:
        key = (issuer.id, year)
        found = self.decisions.get(key)
        if found:
            return found
        rng = self.rng
        is_root = issuer is self.prov.root
        if issuer.id not in self.numbers:
            low, high = (100, 900) if is_root else (3, 120)
            self.numbers[issuer.id] = rng.sample(range(low, high), len(YEARS))
        number = self.numbers[issuer.id][year - YEARS[0]]
        symbol = issuer.symbol or "QĐ"
        day = dt.date(year + 1, 2, 25) if is_root else dt.date(year + 1, 1, 15)
        if is_root:
            signer = self.root_signers[0 if year < 2021 else 1]
            title = "Chủ tịch"
            summary = f"Về việc tặng danh hiệu thi đua và Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm {year}"
        else:
            signer = self.heads.get(issuer.id) or person_name(rng, "M")
            self.heads.setdefault(issuer.id, signer)
            title = issuer.head_title or "Thủ trưởng đơn vị"
            summary = f"Về việc công nhận danh hiệu thi đua năm {year}"
        table = self.t["decision"]
        decision_id = table.new_id()
        table.add(
            (
                decision_id,
                f"{number}/QĐ-{symbol}",
                day,
                issuer.id,
                self.issuer_name(issuer),
                signer,
                title,
                summary,
                True,  # the demo's history stands for decisions recorded from before the system
                "QD",
                "ISSUED",
                0,  # the total is summed once all its awards are written (seed.py)
                1,
                day.year,
            )
        )
        self.decisions[key] = (decision_id, day)
        return decision_id, day

    def award(self, code, issuer, year, *, person=None, unit=None):
        decision_id, day = self.decision(issuer, year)
        table = self.t["award"]
        type_id = self.money.award_types[code][0]
        if person is not None:
            where = person.unit_at(year)
            row = (
                table.new_id(),
                decision_id,
                type_id,
                year,
                "CONG_TRANG",
                person.name,
                person.position,
                where.name,
                self.money.amount(code, day, collective=False),
                False,
                person.id,
                None,
                None,
            )
        else:
            row = (
                table.new_id(),
                decision_id,
                type_id,
                year,
                "CONG_TRANG",
                unit.name,
                "",
                unit.parent.name if unit.parent else "",
                self.money.amount(code, day, collective=True),
                False,
                None,
                unit.id,
                None,
            )
        table.add(row)

    # --- people ----------------------------------------------------------------------------
    def run(self, people):
        rng = self.rng
        t = self.t
        self._people = people
        for p in people:
            self.heads.setdefault(p.unit.id, p.name)  # each unit's first person is its head
        for year in YEARS:
            active = [p for p in people if p.works_in(year)]
            by_decider = {}
            for p in active:
                grade = self._grade(p)
                p.grades[year] = grade
                t["rating"].add((t["rating"].new_id(), p.id, None, None, year, grade, ""))
                if grade in (Grade.KHT, Grade.HT) and rng.random() < (0.35 if grade == Grade.KHT else 0.015):
                    self._discipline(p, year)
                decider = p.unit.decider_at(year) if p.old_unit is None else p.unit_at(year)
                has_init = False
                if grade == Grade.HTXS and rng.random() < 0.3 or grade == Grade.HTT and rng.random() < 0.03:
                    has_init = True
                    self._initiative(p, year, InitiativeScope.BASE, self.issuer_name(decider))
                if grade in HTT_OR_BETTER and year not in p.blocked and rng.random() < 0.96:
                    p.ldtt.add(year)
                    self.award("LDTT", decider, year, person=p)
                    by_decider.setdefault(decider.id, (decider, []))[1].append((p, has_init))
            for decider, holders in by_decider.values():
                self._cstdcs(decider, holders, year)
            for p in active:
                self._province_level(p, year)
        self._units()
        self._embargoes(people)

    def _grade(self, p):
        r = self.rng.random()
        if r < p.talent:
            return Grade.HTXS
        r = self.rng.random()
        if r < 0.885:
            return Grade.HTT
        if r < 0.985:
            return Grade.HT
        return Grade.KHT

    def _discipline(self, p, year):
        rng = self.rng
        level = DisciplineLevel.REPRIMAND if rng.random() < 0.7 else DisciplineLevel.WARNING
        start = dt.date(year, rng.randint(2, 10), rng.randint(1, 28))
        months = 6 if level == DisciplineLevel.REPRIMAND else 12
        end_month = start.month - 1 + months
        end = dt.date(start.year + end_month // 12, end_month % 12 + 1, start.day)
        for y in range(start.year, end.year + 1):
            p.blocked.add(y)  # achievements count only after the discipline period (law.md P3)
        decider = p.unit_at(year).decider_at(year)
        t = self.t["discipline"]
        t.add(
            (
                t.new_id(),
                p.id,
                None,
                None,
                level,
                start,
                end,
                f"{rng.randint(5, 200)}/QĐ-{decider.symbol or 'QĐ'}",
                rng.choice(
                    [
                        "Vi phạm quy định về thời giờ làm việc",
                        "Chậm trễ giải quyết hồ sơ của người dân",
                        "Vi phạm quy tắc ứng xử của cán bộ, công chức, viên chức",
                    ]
                ),
            )
        )

    def _initiative(self, p, year, scope, body):
        rng = self.rng
        unit = p.unit_at(year)
        topics = INITIATIVE_TOPICS.get(unit.sector) or INITIATIVE_TOPICS[""]
        t = self.t["initiative"]
        t.add(
            (
                t.new_id(),
                p.id,
                f"{rng.choice(topics)} tại {unit.name}",
                scope,
                body,
                year,
                scope != InitiativeScope.BASE and rng.random() < 0.3,
            )
        )

    def _cstdcs(self, decider, holders, year):
        """CSTĐCS within 15 % of the deciding unit's LĐTT holders (Luật TĐKT 2022, Điều 23)."""
        rng = self.rng
        quota = int(len(holders) * CSTDCS_QUOTA)
        candidates = [
            (-p.cs_chain, -int(has_init), rng.random(), p)
            for p, has_init in holders
            if p.grades[year] == Grade.HTXS or has_init
        ]
        candidates.sort(key=lambda c: c[:3])
        chosen = {c[3].id for c in candidates[:quota]}
        for p, _ in holders:
            if p.id in chosen:
                p.cs.add(year)
                p.cs_chain += 1
                p.tinh_chain += 1
                self.award("CSTDCS", decider, year, person=p)

    def _province_level(self, p, year):
        rng = self.rng
        root = self.prov.root
        if year not in p.cs:
            p.cs_chain = 0
            p.tinh_chain = 0
            return
        if p.cs_chain >= 2 and rng.random() < 0.2:
            p.prov_init_years.append(year)
            self._initiative(p, year, InitiativeScope.PROVINCE, f"Chủ tịch {self.prov.root_name}")
        recent_init = any(year - 2 <= y <= year for y in p.prov_init_years)
        if p.tinh_chain >= 3 and recent_init and rng.random() < 0.6:
            # Luật TĐKT 2022, Điều 22: three consecutive CSTĐCS and a province-wide initiative.
            self.award("CSTD_TINH", root, year, person=p)
            p.tinh_chain = 0
            if rng.random() < 0.05:
                self._initiative(p, year, InitiativeScope.NATIONAL, "Bộ Khoa học và Công nghệ")
            return
        if p.cs_chain >= 2 and p.bk_year != year - 1 and rng.random() < 0.3:
            # Luật TĐKT 2022, Điều 74 k1 d: two consecutive CSTĐCS.
            self.award("BK_TINH", root, year, person=p)
            p.bk_year = year

    # --- collectives -----------------------------------------------------------------------
    def _units(self):
        rng = self.rng
        prov = self.prov
        t = self.t
        members = {}  # (unit id, year) -> [person]
        for p in self._people:
            for year, _grade in p.grades.items():
                members.setdefault((p.unit_at(year).id, year), []).append(p)
        rated = [u for u in prov.units if u.rated]
        for year in YEARS:
            htxs_top = []
            for u in rated:
                if (u.valid_from and u.valid_from.year > year) or (u.valid_to and u.valid_to.year <= year):
                    continue
                r = rng.random()
                grade = Grade.HTXS if r < 0.27 else Grade.HTT if r < 0.87 else Grade.HT if r < 0.985 else Grade.KHT
                t["rating"].add((t["rating"].new_id(), None, u.id, None, year, grade, ""))
                group = members.get((u.id, year), [])
                if len(group) < 3:
                    continue
                ldtt_share = sum(1 for m in group if year in m.ldtt) / len(group)
                issuer = u.collective_decider
                if year < REFORM_DAY.year and issuer.predecessors:
                    issuer = issuer.predecessors[0]
                excellent = (
                    grade == Grade.HTXS
                    and all(m.grades[year] != Grade.KHT for m in group)
                    and ldtt_share >= 0.7
                    and any(year in m.cs for m in group)
                )
                if excellent and rng.random() < 0.75:
                    self.award("TTLDXS", prov.root, year, unit=u)  # Luật TĐKT 2022, Điều 27
                    if u.kind in ("DEPARTMENT", "COMMUNE", "WARD", "SPECIAL_ZONE"):
                        htxs_top.append(u)
                elif grade in HTT_OR_BETTER and ldtt_share > 0.5 and rng.random() < 0.9:
                    self.award("TTLDTT", issuer, year, unit=u)  # Luật TĐKT 2022, Điều 28
                if grade == Grade.HTXS and rng.random() < 0.06:
                    self.award("BK_TINH_TT", prov.root, year, unit=u)
            for u in rng.sample(htxs_top, min(2, len(htxs_top))):
                self.award("CO_TINH", prov.root, year, unit=u)

    def _embargoes(self, people):
        """One or two embargoes in force now (NĐ 152/2025, Điều 4 k4) and one lifted."""
        rng = self.rng
        t = self.t["embargo"]
        picks = rng.sample(people, min(3, len(people)))
        notes = [
            (EmbargoReason.INVESTIGATION, dt.date(2026, 2, 10), None, "Đang thanh tra việc quản lý tài chính"),
            (EmbargoReason.COMPLAINT, dt.date(2026, 3, 2), None, "Có đơn tố cáo đang xác minh"),
            (EmbargoReason.DISCIPLINE_REVIEW, dt.date(2024, 4, 1), dt.date(2024, 9, 30), "Đã kết luận không vi phạm"),
        ]
        for p, (reason, start, end, note) in zip(picks, notes, strict=False):
            t.add((t.new_id(), p.id, None, None, reason, start, end, note))
        units = [u for u in self.prov.units if u.kind == "SCHOOL"]
        if units:
            u = rng.choice(units)
            t.add((t.new_id(), None, u.id, None, EmbargoReason.PRESS, dt.date(2026, 4, 6), None, "Báo chí phản ánh"))
