"""Staff of the generated units: names, birth dates, CCCD, positions, employment types."""

import datetime as dt

from thidua.core.demo.geography import LAST_OLD_DAY, REFORM_DAY, UnitRec
from thidua.core.demo.names import person_name
from thidua.people.models import EmploymentType

FIRST_YEAR = 2019
LAST_YEAR = 2025
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)

# Birth-place province codes used as the first three CCCD digits. "097" is not assigned to
# a real province and stands for the invented home province; the others are real codes.
HOME_CCCD_CODE = "097"
OTHER_CCCD_CODES = ["001", "030", "033", "035", "036", "038", "040", "042", "045", "046", "051", "079"]

CS, PE, WK, CD = (
    EmploymentType.CIVIL_SERVANT,
    EmploymentType.PUBLIC_EMPLOYEE,
    EmploymentType.WORKER,
    EmploymentType.CADRE,
)


class PersonRec:
    __slots__ = (
        "id",
        "name",
        "sex",
        "ethnicity",
        "birth",
        "national_id",
        "position",
        "emp_type",
        "direct",
        "unit",
        "old_unit",
        "start",
        "talent",
        "grades",
        "ldtt",
        "cs",
        "blocked",
        "cs_chain",
        "tinh_chain",
        "prov_init_years",
        "bk_year",
    )

    def unit_at(self, year: int) -> UnitRec:
        """Where the person worked on 31/12 of ``year`` (the old commune before the reform)."""
        if self.old_unit is not None and year < REFORM_DAY.year:
            return self.old_unit
        return self.unit

    def works_in(self, year: int) -> bool:
        """Rated for ``year`` only after a full year of service."""
        return self.start.year < year


def _female_share(unit: UnitRec) -> float:
    name = unit.name
    if unit.profile == "school":
        if "Mầm non" in name:
            return 0.9
        if "Tiểu học" in name:
            return 0.6
        return 0.5
    if unit.profile in ("hospital", "station"):
        return 0.56
    if unit.profile == "enterprise":
        return 0.7 if ("May" in name or "Giày" in name or "Thực phẩm" in name) else 0.3
    return 0.4


def _staff_positions(unit: UnitRec, rng, index: int, count: int):
    """(position, employment type, direct worker) of the ``index``-th person of a unit."""
    p = unit.profile
    if p == "dept":
        return (unit.head_title, CS, False) if index == 0 else (f"Phó {unit.head_title}", CS, False)
    if p == "division":
        head = "Trưởng phòng"
        if unit.name.startswith("Văn phòng"):
            head = "Chánh Văn phòng"
        elif unit.name.startswith("Ban"):
            head = "Trưởng ban"
        elif unit.name.startswith("Khoa"):
            head = "Trưởng khoa"
        elif unit.name.startswith("Chi cục"):
            head = "Chi cục trưởng"
        if index == 0:
            return head, CS, False
        if index <= max(1, count // 6):
            return (f"Phó {head[0].lower()}{head[1:]}" if head == "Chi cục trưởng" else f"Phó {head}"), CS, False
        r = rng.random()
        return ("Chuyên viên chính" if r < 0.25 else "Cán sự" if r < 0.3 else "Chuyên viên"), CS, False
    if p == "commune":
        level = {"COMMUNE": "xã", "WARD": "phường", "SPECIAL_ZONE": "đặc khu"}[unit.kind]
        fixed = [
            (f"Chủ tịch UBND {level}", CD),
            (f"Phó Chủ tịch UBND {level}", CD),
            (f"Phó Chủ tịch UBND {level}", CD),
            ("Chánh Văn phòng HĐND và UBND", CS),
            ("Trưởng phòng Kinh tế" if unit.kind != "WARD" else "Trưởng phòng Kinh tế, Hạ tầng và Đô thị", CS),
            ("Trưởng phòng Văn hóa – Xã hội", CS),
            ("Giám đốc Trung tâm Phục vụ hành chính công", CS),
        ]
        if index < len(fixed):
            return (*fixed[index], False)
        r = rng.random()
        return ("Phó Trưởng phòng" if r < 0.1 else "Chuyên viên"), CS, False
    if p == "school":
        if index == 0:
            return "Hiệu trưởng", PE, False
        if index <= (1 if count < 30 else 2):
            return "Phó Hiệu trưởng", PE, False
        r = rng.random()
        if r < 0.86:
            return ("Giáo viên mầm non" if "Mầm non" in unit.name else "Giáo viên"), PE, False
        if r < 0.93:
            return rng.choice(["Nhân viên kế toán", "Nhân viên thư viện", "Nhân viên y tế trường học"]), PE, False
        return "Nhân viên bảo vệ", WK, False
    if p == "hospital":
        if index == 0:
            return "Giám đốc", PE, False
        if index <= 3:
            return "Phó Giám đốc", PE, False
        if index <= max(4, count // 25):
            return rng.choice(["Trưởng khoa", "Phó Trưởng khoa", "Điều dưỡng trưởng khoa"]), PE, False
        r = rng.random()
        for limit, label in (
            (0.26, "Bác sĩ"),
            (0.64, "Điều dưỡng"),
            (0.69, "Hộ sinh"),
            (0.78, "Kỹ thuật viên"),
            (0.83, "Dược sĩ"),
            (0.93, "Nhân viên hành chính"),
        ):
            if r < limit:
                return label, PE, False
        return "Hộ lý", WK, True
    if p == "station":
        if index == 0:
            return "Trạm trưởng", PE, False
        return rng.choice(["Bác sĩ", "Y sĩ", "Y sĩ", "Điều dưỡng", "Điều dưỡng", "Hộ sinh", "Dược sĩ"]), PE, False
    if p == "service":
        if index == 0:
            return "Giám đốc", PE, False
        if index <= 2:
            return "Phó Giám đốc", PE, False
        r = rng.random()
        if r < 0.93:
            return rng.choice(["Chuyên viên", "Chuyên viên", "Kỹ sư", "Kế toán viên", "Nhân viên"]), PE, False
        return rng.choice(["Lái xe", "Nhân viên bảo vệ"]), WK, False
    if p == "enterprise":
        fixed = ["Giám đốc", "Phó Giám đốc", "Phó Giám đốc", "Kế toán trưởng", "Trưởng phòng Kỹ thuật"]
        if index < len(fixed):
            return fixed[index], WK, False
        if index < len(fixed) + max(1, count // 60):
            return "Quản đốc phân xưởng", WK, False
        if rng.random() < 0.8:
            return rng.choice(["Công nhân", "Công nhân", "Công nhân vận hành máy", "Tổ trưởng sản xuất"]), WK, True
        return rng.choice(["Nhân viên văn phòng", "Nhân viên kinh doanh", "Nhân viên kho"]), WK, False
    return "Chuyên viên", CS, False


def _date_between(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class CccdIssuer:
    """Unique 12-digit CCCD numbers: province code, sex/century digit, birth year, 6 digits."""

    def __init__(self):
        self.issued = set()

    def issue(self, rng, sex: str, birth: dt.date) -> str:
        code = HOME_CCCD_CODE if rng.random() < 0.8 else rng.choice(OTHER_CCCD_CODES)
        century = 0 if birth.year < 2000 else 2
        prefix = f"{code}{century + (1 if sex == 'F' else 0)}{birth.year % 100:02d}"
        while True:
            number = f"{prefix}{rng.randrange(1_000_000):06d}"
            if number not in self.issued:
                self.issued.add(number)
                return number


def staff_counts(units, rng, total: int) -> dict:
    """Planned people per unit, scaled so that they add up to ``total``."""
    staffed = [u for u in units if u.staff]
    weight = sum(u.staff for u in staffed)
    factor = total / weight if weight else 0
    counts = {}
    for u in staffed:
        counts[u.id] = max(2, round(u.staff * factor * rng.uniform(0.85, 1.15)))
    # Fix the rounding drift on the largest units so the total is exact.
    drift = total - sum(counts.values())
    largest = sorted(staffed, key=lambda u: (-counts[u.id], u.id))
    i = 0
    while drift and largest:
        u = largest[i % len(largest)]
        step = 1 if drift > 0 else -1
        if counts[u.id] + step >= 2:
            counts[u.id] += step
            drift -= step
        i += 1
    return counts


def generate_people(rng, units, total: int, table, cccd: CccdIssuer):
    """Yield ``PersonRec`` for every planned person, unit by unit (in tree order)."""
    counts = staff_counts(units, rng, total)
    for unit in units:
        count = counts.get(unit.id, 0)
        female = _female_share(unit)
        for index in range(count):
            p = PersonRec()
            p.id = table.new_id()
            position, emp_type, direct = _staff_positions(unit, rng, index, count)
            p.position, p.emp_type, p.direct = position, emp_type, direct
            p.sex = "F" if rng.random() < female else "M"
            leader = index < 3 and unit.profile != "enterprise" or index == 0
            if leader:
                p.birth = _date_between(rng, dt.date(1965, 1, 1), dt.date(1982, 12, 31))
            else:
                p.birth = _date_between(rng, dt.date(1965, 1, 1), dt.date(2002, 12, 31))
            p.ethnicity = "Kinh"
            if unit.minority and rng.random() < 0.6:
                p.ethnicity = unit.minority
            elif rng.random() < 0.02:
                p.ethnicity = rng.choice(["Tày", "Mường", "Thái", "Nùng"])
            p.name = person_name(rng, p.sex, p.ethnicity)
            p.national_id = cccd.issue(rng, p.sex, p.birth) if rng.random() < 0.7 else None
            age_at_start = rng.randint(18, 24) if unit.profile == "enterprise" else rng.randint(22, 28)
            start = dt.date(p.birth.year + age_at_start, 1, 1) + dt.timedelta(days=rng.randrange(300))
            p.start = min(start, dt.date(2024, 9, 1))
            p.unit = unit
            p.old_unit = rng.choice(unit.predecessors) if unit.predecessors and unit.profile == "commune" else None
            # Propensity to be rated "hoàn thành xuất sắc": most people rarely, a few often.
            r = rng.random()
            p.talent = 0.12 if r < 0.7 else 0.42 if r < 0.95 else 0.85
            p.grades = {}
            p.ldtt = set()
            p.cs = set()
            p.blocked = set()
            p.cs_chain = 0
            p.tinh_chain = 0
            p.prov_init_years = []
            p.bk_year = None
            yield p


def person_row(p: PersonRec, created_at):
    from thidua.core.text import fold_vi

    return (
        p.id,
        p.name,
        p.birth,
        p.sex,
        p.ethnicity,
        p.national_id,
        p.position,
        p.emp_type,
        p.direct,
        p.unit.id,
        None,
        fold_vi(p.name),
        created_at,
    )


PERSON_FIELDS = [
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "national_id",
    "position",
    "employment_type",
    "is_direct_worker",
    "unit",
    "household",
    "search_text",
    "created_at",
]
EMPLOYMENT_FIELDS = ["person", "unit", "position", "start_date", "end_date", "note"]


def employment_rows(p: PersonRec, table):
    if p.old_unit is not None:
        yield (table.new_id(), p.id, p.old_unit.id, p.position, p.start, LAST_OLD_DAY, "")
        yield (
            table.new_id(),
            p.id,
            p.unit.id,
            p.position,
            REFORM_DAY,
            None,
            f"Chuyển công tác do hợp nhất {p.old_unit.name} vào {p.unit.name}",
        )
    else:
        yield (table.new_id(), p.id, p.unit.id, p.position, p.start, None, "")
