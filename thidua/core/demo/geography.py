"""The unit tree of an invented province after the 2025 reform.

Two-level local government (no districts): the provincial People's Committee, its
departments (sở, ban, ngành) with their internal divisions and public service units,
and about a hundred communes, wards and special zones (xã, phường, đặc khu) with their
schools, health stations and villages. A few communes were formed on 01/07/2025 by
consolidating older communes that closed on 30/06/2025 (``UnitSuccession`` rows), so
history before the reform lives on the predecessors.
"""

import datetime as dt

from thidua.core.demo.names import MINORITY_GROUPS
from thidua.core.text import fold_vi
from thidua.org.models import Sector, UnitKind

REFORM_DAY = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
# Invented for the demo (docs/demo-data.md): not the number of a real resolution.
REFORM_RESOLUTION = "Nghị quyết số 1689/NQ-UBTVQH15"
REFORM_RESOLUTION_DATE = dt.date(2025, 6, 16)
REFORM_ISSUER = "Ủy ban Thường vụ Quốc hội"


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(text.split()))  # distinct, in order


FIRST_SYLLABLES = _words(
    "An Bình Tân Phú Hòa Thạnh Long Đông Tây Nam Bắc Hưng Thịnh Vĩnh Quang Minh Đức Trung Thuận Phước "
    "Hải Sơn Lạc Yên Kim Ngọc Thái Cẩm Xuân Hương Mỹ Thanh Phong Hiệp Lộc Tiên Hồng Gia Định Tường "
    "Nghĩa Khánh Thủy Lam Cát Vân Đại Quảng Thượng Hạ Triệu Bảo Nghi Kỳ Tam Phù Liên Lương Vạn"
)
SECOND_SYLLABLES = _words(
    "Phú Lập Hòa Thành Lộc Bình An Hưng Thịnh Lợi Điền Khê Sơn Hải Giang Lâm Phong Yên Tiến Tân Xuân "
    "Trung Đông Mỹ Nguyên Hà Long Phước Thuận Hiệp Quang Vinh Cường Đức Khánh Tây Nam Bắc Linh Châu "
    "Kiều Ninh Định Trạch Thạch Lương Đồng Tường Dương Hội Thắng Xá Cầu"
)
ISLAND_NAMES = ["Hòn Mây", "Cồn Tiên", "Bãi Ngọc", "Hòn Yến", "Cù Lao Lam"]

# (symbol, name, sector, divisions, public service units)
DEPARTMENTS = [
    (
        "VPUBND",
        "Văn phòng Ủy ban nhân dân tỉnh",
        Sector.GOVERNMENT,
        ["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo – Văn xã", "Phòng Hành chính – Tổ chức"],
        ["Trung tâm Phục vụ hành chính công tỉnh"],
    ),
    (
        "SNV",
        "Sở Nội vụ",
        Sector.GOVERNMENT,
        [
            "Văn phòng Sở",
            "Ban Thi đua – Khen thưởng",
            "Phòng Tổ chức – Biên chế",
            "Phòng Công chức – Viên chức",
            "Phòng Xây dựng chính quyền",
            "Phòng Lao động – Việc làm",
        ],
        ["Trung tâm Dịch vụ việc làm", "Trung tâm Lưu trữ lịch sử"],
    ),
    (
        "STC",
        "Sở Tài chính",
        Sector.ECONOMY,
        ["Văn phòng Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư", "Phòng Quản lý giá và công sản"],
        [],
    ),
    (
        "SGDĐT",
        "Sở Giáo dục và Đào tạo",
        Sector.EDUCATION,
        ["Văn phòng Sở", "Phòng Giáo dục phổ thông", "Phòng Giáo dục mầm non", "Phòng Quản lý chất lượng"],
        ["Trung tâm Giáo dục thường xuyên tỉnh"],
    ),
    (
        "SYT",
        "Sở Y tế",
        Sector.HEALTH,
        ["Văn phòng Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Kế hoạch – Tài chính"],
        ["Trung tâm Kiểm soát bệnh tật tỉnh", "Trung tâm Giám định y khoa"],
    ),
    (
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        Sector.AGRICULTURE,
        ["Văn phòng Sở", "Phòng Trồng trọt và Bảo vệ thực vật", "Phòng Quản lý đất đai", "Chi cục Kiểm lâm"],
        ["Trung tâm Khuyến nông", "Văn phòng Đăng ký đất đai"],
    ),
    (
        "SXD",
        "Sở Xây dựng",
        Sector.ECONOMY,
        ["Văn phòng Sở", "Phòng Quản lý hoạt động xây dựng", "Phòng Quản lý giao thông"],
        ["Trung tâm Đăng kiểm xe cơ giới"],
    ),
    (
        "SCT",
        "Sở Công Thương",
        Sector.ECONOMY,
        ["Văn phòng Sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại"],
        ["Trung tâm Khuyến công và Xúc tiến thương mại"],
    ),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        Sector.OTHER,
        ["Văn phòng Sở", "Phòng Quản lý khoa học", "Phòng Chuyển đổi số"],
        ["Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"],
    ),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        Sector.CULTURE,
        ["Văn phòng Sở", "Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao", "Phòng Quản lý du lịch"],
        ["Bảo tàng tỉnh", "Thư viện tỉnh", "Trung tâm Huấn luyện và Thi đấu thể thao"],
    ),
    (
        "STP",
        "Sở Tư pháp",
        Sector.GOVERNMENT,
        ["Văn phòng Sở", "Phòng Hành chính tư pháp"],
        ["Trung tâm Trợ giúp pháp lý"],
    ),
    ("TTr", "Thanh tra tỉnh", Sector.GOVERNMENT, ["Văn phòng", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2"], []),
    ("SNgV", "Sở Ngoại vụ", Sector.GOVERNMENT, ["Văn phòng Sở", "Phòng Lãnh sự"], []),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", Sector.GOVERNMENT, ["Văn phòng Sở", "Phòng Chính sách dân tộc"], []),
    (
        "BQLKCN",
        "Ban Quản lý các khu công nghiệp",
        Sector.ECONOMY,
        ["Văn phòng Ban", "Phòng Quản lý đầu tư", "Phòng Quản lý môi trường"],
        [],
    ),
    (
        "BQLKKT",
        "Ban Quản lý Khu kinh tế ven biển",
        Sector.ECONOMY,
        ["Văn phòng Ban", "Phòng Quy hoạch – Xây dựng"],
        [],
    ),
    (
        "VPĐĐBQH",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        Sector.GOVERNMENT,
        ["Phòng Công tác Quốc hội", "Phòng Công tác Hội đồng nhân dân"],
        [],
    ),
    (
        "BQLDA",
        "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        Sector.ECONOMY,
        ["Phòng Kế hoạch – Tổng hợp", "Phòng Kỹ thuật"],
        [],
    ),
    ("LMHTX", "Liên minh Hợp tác xã tỉnh", Sector.ECONOMY, ["Văn phòng", "Phòng Hỗ trợ phát triển"], []),
    (
        "TCT",
        "Trường Chính trị tỉnh",
        Sector.EDUCATION,
        ["Phòng Tổ chức – Hành chính", "Khoa Lý luận cơ sở", "Khoa Nhà nước và Pháp luật"],
        [],
    ),
    (
        "BPTTH",
        "Báo và Phát thanh, Truyền hình tỉnh",
        Sector.CULTURE,
        ["Ban Thời sự", "Ban Biên tập điện tử", "Phòng Kỹ thuật"],
        [],
    ),
]
TINY_DEPARTMENTS = {"SNV": 2, "STC": 1, "SGDĐT": 1, "SYT": 1, "BQLKCN": 0}

HOSPITALS = [
    ("BVĐK", "Bệnh viện Đa khoa tỉnh", 480),
    ("BVYHCT", "Bệnh viện Y học cổ truyền", 180),
    ("BVSN", "Bệnh viện Sản – Nhi", 320),
    ("BVP", "Bệnh viện Phổi", 120),
    ("BVTT", "Bệnh viện Tâm thần", 110),
    ("BVKVB", "Bệnh viện Đa khoa khu vực phía Bắc", 260),
    ("BVKVN", "Bệnh viện Đa khoa khu vực phía Nam", 240),
]
ENTERPRISE_KINDS = [
    ("Công ty TNHH May mặc", 600),
    ("Công ty Cổ phần Cơ khí", 300),
    ("Công ty TNHH Điện tử", 700),
    ("Công ty Cổ phần Chế biến nông sản", 250),
    ("Công ty TNHH Giày da", 800),
    ("Công ty Cổ phần Vật liệu xây dựng", 200),
    ("Công ty TNHH Thực phẩm", 280),
    ("Công ty Cổ phần Dược phẩm", 180),
    ("Công ty TNHH Gỗ nội thất", 260),
    ("Công ty Cổ phần Cấp thoát nước", 150),
    ("Công ty TNHH Bao bì", 220),
    ("Công ty Cổ phần Thủy sản", 300),
]


class UnitRec:
    """A unit being generated, plus what the people and facts generators need to know."""

    __slots__ = (
        "id",
        "code",
        "name",
        "short_name",
        "kind",
        "sector",
        "parent",
        "path",
        "depth",
        "valid_from",
        "valid_to",
        "is_commendation_office",
        "address",
        "staff",
        "profile",
        "decider",
        "collective_decider",
        "predecessors",
        "symbol",
        "head_title",
        "minority",
        "rated",
        "place",
    )

    def __init__(self, **kw):
        for name in self.__slots__:
            setattr(self, name, kw.get(name))
        self.predecessors = kw.get("predecessors") or []

    def decider_at(self, year: int) -> "UnitRec":
        """The unit whose head decides this unit's staff's individual titles for ``year``.

        Before the reform, staff of a consolidated commune (and of its schools) were decided
        by the old commune; the new one decides from 2025.
        """
        decider = self.decider
        if year < REFORM_DAY.year and decider.predecessors:
            return decider.predecessors[0]
        return decider


class Province:
    def __init__(self, name: str, prefix: str):
        self.name = name  # "Tỉnh Hòa Giang"
        self.prefix = prefix
        self.units: list[UnitRec] = []
        self.successions = []  # (predecessor, successor)
        self.root = None
        self.by_symbol = {}
        self.communes: list[UnitRec] = []

    @property
    def root_name(self) -> str:
        return f"Ủy ban nhân dân {self.name[0].lower()}{self.name[1:]}"


def place_names(rng, count: int, taken=()) -> list[str]:
    """``count`` distinct two-syllable Vietnamese place names, deterministic for ``rng``."""
    combos = [f"{a} {b}" for a in FIRST_SYLLABLES for b in SECOND_SYLLABLES if a != b]
    taken = set(taken)
    combos = [c for c in combos if c not in taken]
    return rng.sample(combos, count)


def build_province(rng, table, *, name: str, prefix: str, size: str) -> Province:
    """Generate the units of one province; ``table.new_id()`` hands out primary keys."""
    prov = Province(name, prefix)

    def add(kind, unit_name, parent, code, *, sector=None, short="", staff=0, profile="", **kw):
        rec = UnitRec(
            id=table.new_id(),
            code=code,
            name=unit_name,
            short_name=short,
            kind=kind,
            sector=sector or (parent.sector if parent and parent.kind != UnitKind.PROVINCE else Sector.GOVERNMENT),
            parent=parent,
            valid_from=kw.pop("valid_from", None),
            valid_to=kw.pop("valid_to", None),
            is_commendation_office=kw.pop("is_commendation_office", False),
            address=kw.pop("address", ""),
            staff=staff,
            profile=profile,
            **kw,
        )
        rec.path = (parent.path if parent else "/") + f"{rec.id}/"
        rec.depth = rec.path.count("/") - 2
        prov.units.append(rec)
        return rec

    short_province = name.removeprefix("Tỉnh ").strip()
    root = add(UnitKind.PROVINCE, prov.root_name, None, prefix, short="UBND tỉnh", symbol="UBND", head_title="Chủ tịch")
    root.decider = root
    root.collective_decider = root
    root.rated = False
    prov.root = root

    tiny = size == "tiny"
    n_places = 3 if tiny else 100
    places = place_names(rng, n_places + 40)
    commune_places, spare = places[:n_places], places[n_places:]

    # Departments, their divisions and public service units.
    for symbol, dept_name, sector, divisions, services in DEPARTMENTS:
        if tiny:
            if symbol not in TINY_DEPARTMENTS:
                continue
            divisions = divisions[: TINY_DEPARTMENTS[symbol]]
            services = []
        dept = add(
            UnitKind.DEPARTMENT,
            dept_name,
            root,
            f"{prefix}.{fold_vi(symbol).upper()}",
            sector=sector,
            short=symbol,
            staff=4,
            profile="dept",
            symbol=symbol,
            head_title="Giám đốc" if dept_name.startswith("Sở") else "Trưởng ban",
            is_commendation_office=symbol == "SNV",
            address=f"{short_province}",
        )
        if dept_name.startswith(("Văn phòng", "Thanh tra", "Trường", "Báo", "Liên minh")):
            dept.head_title = {
                "VPUBND": "Chánh Văn phòng",
                "VPĐĐBQH": "Chánh Văn phòng",
                "TTr": "Chánh Thanh tra",
                "TCT": "Hiệu trưởng",
                "BPTTH": "Tổng Biên tập",
                "LMHTX": "Chủ tịch",
            }[symbol]
        dept.decider = dept
        dept.collective_decider = root
        dept.rated = True
        prov.by_symbol[symbol] = dept
        for i, division in enumerate(divisions, 1):
            div = add(
                UnitKind.DIVISION,
                division,
                dept,
                f"{dept.code}.P{i:02d}",
                staff=12 if tiny else 10,
                profile="division",
            )
            div.decider = dept
            div.collective_decider = dept
            div.rated = True
        for i, service in enumerate(services, 1):
            psu = add(
                UnitKind.PUBLIC_SERVICE,
                service,
                dept,
                f"{dept.code}.DV{i:02d}",
                staff=25,
                profile="service",
            )
            psu.decider = dept
            psu.collective_decider = dept
            psu.rated = True

    health = prov.by_symbol["SYT"]
    for symbol, hospital_name, staff in HOSPITALS[: 1 if tiny else None]:
        hosp = add(
            UnitKind.HOSPITAL,
            hospital_name,
            health,
            f"{health.code}.{fold_vi(symbol).upper()}",
            short=symbol,
            staff=40 if tiny else staff,
            profile="hospital",
            symbol=symbol,
            head_title="Giám đốc",
        )
        hosp.decider = hosp
        hosp.collective_decider = health
        hosp.rated = True

    # Communes, wards and special zones; a few formed on 01/07/2025 from older communes.
    n_wards, n_zones = (1, 0) if tiny else (29, 3)
    n_reorganised = 1 if tiny else 12
    kinds = [UnitKind.WARD] * n_wards + [UnitKind.SPECIAL_ZONE] * n_zones
    kinds += [UnitKind.COMMUNE] * (n_places - len(kinds))
    reorganised = set(rng.sample(range(n_places), n_reorganised))
    if tiny:
        reorganised = {0}
    label = {UnitKind.COMMUNE: "Xã", UnitKind.WARD: "Phường", UnitKind.SPECIAL_ZONE: "Đặc khu"}
    minority_pick = [i for i, k in enumerate(kinds) if k == UnitKind.COMMUNE]
    minority_idx = set(minority_pick[-1:] if tiny else rng.sample(minority_pick, 14))
    old_places = iter(spare)
    edu = prov.by_symbol["SGDĐT"]
    for i, (kind, place) in enumerate(zip(kinds, commune_places, strict=True)):
        if kind == UnitKind.SPECIAL_ZONE:
            place = ISLAND_NAMES[i % len(ISLAND_NAMES)]
        minority = MINORITY_GROUPS.pick(rng) if i in minority_idx else None
        letter = {UnitKind.COMMUNE: "X", UnitKind.WARD: "P", UnitKind.SPECIAL_ZONE: "DK"}[kind]
        commune = add(
            kind,
            f"{label[kind]} {place}",
            root,
            f"{prefix}.{letter}{i + 1:03d}",
            sector=Sector.GOVERNMENT,
            short=place,
            staff=36 if kind == UnitKind.SPECIAL_ZONE else 32,
            profile="commune",
            symbol="UBND",
            head_title="Chủ tịch",
            minority=minority,
            place=place,
            address=f"{label[kind]} {place}, {short_province}",
        )
        commune.decider = commune
        commune.collective_decider = root
        commune.rated = True
        prov.communes.append(commune)
        if i in reorganised:
            commune.valid_from = REFORM_DAY
            for j in range(2 if tiny else rng.choice((2, 2, 3))):
                old_place = next(old_places)
                old_kind = UnitKind.WARD if kind == UnitKind.WARD else UnitKind.COMMUNE
                old = add(
                    old_kind,
                    f"{label[old_kind]} {old_place}",
                    root,
                    f"{commune.code}.C{j + 1}",
                    sector=Sector.GOVERNMENT,
                    short=old_place,
                    profile="old_commune",
                    symbol="UBND",
                    head_title="Chủ tịch",
                    valid_to=LAST_OLD_DAY,
                    minority=minority,
                    place=old_place,
                    address=f"{label[old_kind]} {old_place} (cũ), {short_province}",
                )
                old.decider = old
                old.collective_decider = root
                old.rated = True
                commune.predecessors.append(old)
                prov.successions.append((old, commune))
        _commune_children(add, rng, commune, tiny)
    for i, commune in enumerate(rng.sample(prov.communes, 1 if tiny else 24), 1):
        school = add(
            UnitKind.SCHOOL,
            f"Trường THPT {commune.place}",
            edu,
            f"{edu.code}.THPT{i:02d}",
            sector=Sector.EDUCATION,
            staff=30 if tiny else 60,
            profile="school",
            minority=commune.minority,
        )
        school.decider = edu
        school.collective_decider = edu
        school.rated = True
    if not tiny:
        for i, school_name in enumerate(
            [f"Trường THPT Chuyên {short_province}", "Trường Phổ thông Dân tộc nội trú tỉnh"], 25
        ):
            school = add(
                UnitKind.SCHOOL,
                school_name,
                edu,
                f"{edu.code}.THPT{i:02d}",
                sector=Sector.EDUCATION,
                staff=70,
                profile="school",
            )
            school.decider = edu
            school.collective_decider = edu
            school.rated = True

    # Enterprises in the industrial parks (under the parks' management board).
    parks = prov.by_symbol["BQLKCN"]
    for i, (kind_name, staff) in enumerate(ENTERPRISE_KINDS[: 1 if tiny else None], 1):
        company = add(
            UnitKind.ENTERPRISE,
            f"{kind_name} {rng.choice(spare[-20:])}",
            parks,
            f"{parks.code}.DN{i:02d}",
            sector=Sector.BUSINESS,
            short=f"CT{i:02d}",
            staff=40 if tiny else staff,
            profile="enterprise",
            symbol="CT",
            head_title="Giám đốc",
        )
        company.decider = company
        company.collective_decider = root
        company.rated = True
    return prov


def _commune_children(add, rng, commune, tiny):
    place = commune.place
    schools = (
        [("Trường Tiểu học", "TH", 35)]
        if tiny
        else [
            ("Trường Mầm non", "MN", 24),
            ("Trường Tiểu học", "TH", 34),
            ("Trường THCS", "THCS", 38),
        ]
    )
    for label, code, staff in schools:
        school = add(
            UnitKind.SCHOOL,
            f"{label} {place}",
            commune,
            f"{commune.code}.{code}",
            sector=Sector.EDUCATION,
            staff=staff,
            profile="school",
            minority=commune.minority,
        )
        school.decider = commune
        school.collective_decider = commune
        school.rated = True
    station = add(
        UnitKind.HOSPITAL,
        f"Trạm Y tế {commune.name[0].lower()}{commune.name[1:]}",
        commune,
        f"{commune.code}.TYT",
        sector=Sector.HEALTH,
        staff=10 if tiny else 8,
        profile="station",
        minority=commune.minority,
    )
    station.decider = commune
    station.collective_decider = commune
    station.rated = True
    if tiny:
        return
    village = "Tổ dân phố" if commune.kind == "WARD" else "Thôn"
    for v in range(1, rng.randint(3, 6) + 1):
        rec = add(UnitKind.VILLAGE, f"{village} {v}", commune, f"{commune.code}.T{v:02d}", sector=Sector.GOVERNMENT)
        rec.decider = commune
        rec.collective_decider = commune
        rec.rated = False


def unit_row(rec: UnitRec):
    """The database row of a unit (column order of ``UNIT_FIELDS``)."""
    return (
        rec.id,
        rec.name,
        rec.short_name,
        rec.code,
        rec.kind,
        rec.sector,
        rec.parent.id if rec.parent else None,
        rec.path,
        rec.depth,
        rec.valid_from,
        rec.valid_to,
        rec.is_commendation_office,
        rec.address,
        fold_vi(f"{rec.name} {rec.short_name} {rec.code}"),
    )


UNIT_FIELDS = [
    "name",
    "short_name",
    "code",
    "kind",
    "sector",
    "parent",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "is_commendation_office",
    "address",
    "search_text",
]
