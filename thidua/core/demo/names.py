"""Vietnamese personal names drawn with realistic frequencies.

Family-name shares follow the commonly cited estimates of the Vietnamese population
(Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7 %, Hoàng/Huỳnh ≈ 5 %, Phan ≈ 4.5 %,
Vũ/Võ ≈ 3.9 %, Đặng ≈ 2.1 %, Bùi ≈ 2 %, Đỗ ≈ 1.4 %, Hồ ≈ 1.3 %, Ngô ≈ 1.3 %,
Dương ≈ 1 %, Lý ≈ 0.5 %, the rest shared by less common names). Middle and given names
are listed most-frequent first and drawn with a Zipf-like skew. Ethnic-minority people get
names in the customary form of their group (e.g. H'Mông "Giàng A Páo", Khmer "Thạch Thị Sa Rươne").
"""

import bisect
import itertools


class Weighted:
    """A fixed weighted choice; ``pick(rng)`` costs one random() and one bisect."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs):
        self.items = [item for item, _ in pairs]
        self.cum = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def pick(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def zipf(items, exponent=0.9, offset=2):
    """Weights falling with rank: the first names of a list are the most common."""
    return Weighted([(item, 1.0 / (rank + offset) ** exponent) for rank, item in enumerate(items)])


FAMILY_NAMES = Weighted(
    [
        ("Nguyễn", 38.0),
        ("Trần", 11.0),
        ("Lê", 9.5),
        ("Phạm", 7.0),
        ("Hoàng", 3.0),
        ("Huỳnh", 2.0),
        ("Phan", 4.5),
        ("Vũ", 2.2),
        ("Võ", 1.7),
        ("Đặng", 2.1),
        ("Bùi", 2.0),
        ("Đỗ", 1.4),
        ("Hồ", 1.3),
        ("Ngô", 1.3),
        ("Dương", 1.0),
        ("Lý", 0.5),
        ("Trương", 0.6),
        ("Đinh", 0.6),
        ("Trịnh", 0.5),
        ("Đào", 0.5),
        ("Mai", 0.4),
        ("Cao", 0.4),
        ("Lương", 0.4),
        ("Hà", 0.4),
        ("Lâm", 0.3),
        ("Phùng", 0.3),
        ("Tạ", 0.3),
        ("Lưu", 0.3),
        ("Tô", 0.2),
        ("Châu", 0.2),
        ("Kiều", 0.2),
        ("Chu", 0.2),
        ("Vương", 0.2),
        ("Thái", 0.2),
        ("Quách", 0.1),
        ("Tăng", 0.1),
        ("Khổng", 0.1),
        ("Doãn", 0.1),
        ("Nghiêm", 0.1),
        ("Từ", 0.1),
        ("Âu", 0.1),
        ("La", 0.1),
    ]
)

MALE_MIDDLE = Weighted(
    [
        ("Văn", 30),
        ("Minh", 8),
        ("Đức", 7),
        ("Hữu", 6),
        ("Quang", 6),
        ("Công", 5),
        ("Thanh", 5),
        ("Xuân", 4),
        ("Ngọc", 3),
        ("Duy", 3),
        ("Hoàng", 3),
        ("Trung", 3),
        ("Quốc", 3),
        ("Tuấn", 2),
        ("Mạnh", 2),
        ("Thế", 2),
        ("Đình", 3),
        ("Bá", 2),
        ("Anh", 2),
        ("Việt", 2),
        ("Tiến", 1),
        ("Trọng", 2),
    ]
)

FEMALE_MIDDLE = Weighted(
    [
        ("Thị", 50),
        ("Ngọc", 7),
        ("Thu", 6),
        ("Thanh", 5),
        ("Kim", 4),
        ("Thùy", 4),
        ("Phương", 3),
        ("Mỹ", 3),
        ("Bích", 2),
        ("Hồng", 3),
        ("Minh", 3),
        ("Khánh", 2),
        ("Hoài", 2),
        ("Diệu", 1),
        ("Tuyết", 1),
        ("Hải", 2),
        ("Lan", 1),
        ("Quỳnh", 1),
    ]
)

# Second middle name after "Thị" (Nguyễn Thị Thu Hà).
FEMALE_SECOND_MIDDLE = zipf(["Thu", "Thanh", "Ngọc", "Kim", "Hồng", "Minh", "Phương", "Bích", "Hải", "Diệu"])

MALE_GIVEN = zipf(
    [
        "Anh",
        "Hùng",
        "Dũng",
        "Tuấn",
        "Minh",
        "Hải",
        "Long",
        "Nam",
        "Thắng",
        "Cường",
        "Sơn",
        "Quân",
        "Hoàng",
        "Phúc",
        "Đức",
        "Trung",
        "Hiếu",
        "Khánh",
        "Toàn",
        "Việt",
        "Thành",
        "Huy",
        "Tú",
        "Bình",
        "Vinh",
        "Lâm",
        "Tâm",
        "Tiến",
        "Hưng",
        "Phong",
        "Kiên",
        "Quang",
        "Lộc",
        "Thịnh",
        "Đạt",
        "Khoa",
        "Duy",
        "Tùng",
        "Nghĩa",
        "Tài",
        "Thái",
        "Công",
        "Trường",
        "Hậu",
        "Sang",
        "Trọng",
        "Bảo",
        "Khôi",
        "Nhân",
        "Lực",
        "Hòa",
        "Định",
        "Thuận",
        "Chiến",
    ]
)

FEMALE_GIVEN = zipf(
    [
        "Linh",
        "Hương",
        "Lan",
        "Hà",
        "Trang",
        "Thảo",
        "Hoa",
        "Mai",
        "Ngọc",
        "Phương",
        "Huyền",
        "Nhung",
        "Thủy",
        "Hằng",
        "Yến",
        "Dung",
        "Loan",
        "Oanh",
        "Nga",
        "Vân",
        "Hạnh",
        "Thu",
        "Hiền",
        "Giang",
        "Ly",
        "Anh",
        "Quỳnh",
        "Nhàn",
        "Tuyết",
        "Trinh",
        "Châu",
        "Diệp",
        "Thơ",
        "Xuân",
        "Uyên",
        "Vy",
        "Hồng",
        "Liên",
        "Nhi",
        "Tâm",
        "Nguyệt",
        "Hòa",
        "Bích",
        "Duyên",
        "Lụa",
        "Thắm",
        "Chi",
        "Hậu",
    ]
)

# (ethnicity, family names, male middle, female middle, male given, female given)
MINORITIES = {
    "Tày": (
        ["Hoàng", "Nông", "Lương", "Hà", "Ma", "Lục", "Triệu"],
        ["Văn", "Đức", "Thế"],
        ["Thị"],
        ["Khoa", "Pầu", "Tuấn", "Thắng", "Hảo", "Lâm", "Tiến"],
        ["Slao", "Nhung", "Hoa", "Lành", "Mây", "Thơm", "Tươi"],
    ),
    "Thái": (
        ["Lò", "Lường", "Quàng", "Cầm", "Vi", "Hà", "Tòng"],
        ["Văn"],
        ["Thị"],
        ["Ún", "Chiến", "Pọm", "Xuân", "Hom", "Inh"],
        ["Ánh", "Xuân", "Bun", "Ín", "Ngoan", "Panh"],
    ),
    "Mường": (
        ["Bùi", "Đinh", "Quách", "Hà", "Xa"],
        ["Văn", "Công"],
        ["Thị"],
        ["Hùng", "Thuật", "Khương", "Bình", "Cường"],
        ["Lụa", "Hằng", "Nguyệt", "Thoa", "Hiền"],
    ),
    "Khmer": (
        ["Thạch", "Sơn", "Danh", "Kim", "Lâm", "Chau"],
        [""],
        ["Thị"],
        ["Sóc", "Sa Rây", "Phi Rum", "Sô Phon", "Ni", "Sương"],
        ["Sa Rươne", "Sô Phia", "Kim Huôl", "Chanh Thu", "Srây Mau", "Ren"],
    ),
    "H'Mông": (
        ["Giàng", "Vàng", "Sùng", "Thào", "Lý", "Hờ", "Mua"],
        ["A", "Seo", "Mí"],
        ["Thị"],
        ["Páo", "Dìn", "Chứ", "Sính", "Pó", "Vừ", "Chá"],
        ["Mỷ", "Dua", "Mỉ", "Say", "Pà", "Sú"],
    ),
    "Nùng": (
        ["Nông", "Hoàng", "Lương", "Vi", "Chu", "Lăng"],
        ["Văn", "Đình"],
        ["Thị"],
        ["Dền", "Slinh", "Pản", "Quyết", "Hạnh"],
        ["Mìn", "Nhài", "Sáy", "Hoa", "Thảo"],
    ),
    "Dao": (
        ["Triệu", "Bàn", "Lý", "Đặng", "Phùng", "Chảo"],
        ["Tài", "Văn", "Kim", "Sành"],
        ["Thị", "Mùi"],
        ["Vần", "Quẩy", "Lở", "Chàn", "Phin"],
        ["Mai", "Mẩy", "Nải", "Xuân", "Tòn"],
    ),
}
MINORITY_GROUPS = Weighted(
    [("Tày", 30), ("Thái", 25), ("Mường", 20), ("Nùng", 15), ("H'Mông", 15), ("Dao", 10), ("Khmer", 12)]
)


def kinh_name(rng, sex: str) -> str:
    family = FAMILY_NAMES.pick(rng)
    if sex == "M":
        return f"{family} {MALE_MIDDLE.pick(rng)} {MALE_GIVEN.pick(rng)}"
    middle = FEMALE_MIDDLE.pick(rng)
    if middle == "Thị" and rng.random() < 0.12:
        middle = f"Thị {FEMALE_SECOND_MIDDLE.pick(rng)}"
    given = FEMALE_GIVEN.pick(rng)
    if given == middle.split()[-1]:  # no "Nguyễn Thu Thu"
        given = FEMALE_GIVEN.items[0]
    return f"{family} {middle} {given}"


def minority_name(rng, sex: str, ethnicity: str) -> str:
    families, male_mid, female_mid, male_given, female_given = MINORITIES[ethnicity]
    family = rng.choice(families)
    if sex == "M":
        parts = [family, rng.choice(male_mid), rng.choice(male_given)]
    else:
        parts = [family, rng.choice(female_mid), rng.choice(female_given)]
    return " ".join(p for p in parts if p)


def person_name(rng, sex: str, ethnicity: str = "Kinh") -> str:
    return kinh_name(rng, sex) if ethnicity == "Kinh" else minority_name(rng, sex, ethnicity)
