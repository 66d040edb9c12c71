"""One demo login per persona, all with the same documented password."""

from django.contrib.auth.hashers import make_password

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.text import fold_vi

DEMO_PASSWORD = "thidua2026"
_encoded_cache = {}


def demo_password_hash() -> str:
    """The demo password hashed once per process (hashing is deliberately slow, ~1 s)."""
    if DEMO_PASSWORD not in _encoded_cache:
        _encoded_cache[DEMO_PASSWORD] = make_password(DEMO_PASSWORD)
    return _encoded_cache[DEMO_PASSWORD]


def commune_login(commune) -> str:
    return "cb." + fold_vi(commune.short_name or commune.name).replace(" ", "")


def personas(prov):
    """(username, full name, role, unit record) for every demo persona."""
    root = prov.root
    commune = next((c for c in prov.communes if c.predecessors), prov.communes[0])
    return [
        ("quantri", "Phạm Minh Quân", Role.ADMIN, root),
        ("cv.snv", "Trần Thị Thu Hà", Role.PROVINCE_OFFICER, prov.by_symbol["SNV"]),
        ("lanhdao", "Nguyễn Văn Thành", Role.LEADER, root),
        ("hoidong.1", "Lê Quang Vinh", Role.COUNCIL_MEMBER, root),
        ("hoidong.2", "Hoàng Thị Lan", Role.COUNCIL_MEMBER, root),
        ("hoidong.3", "Đặng Văn Hùng", Role.COUNCIL_MEMBER, root),
        ("hoidong.4", "Trịnh Minh Đức", Role.COUNCIL_MEMBER, root),
        ("hoidong.5", "Phan Thị Thu Trang", Role.COUNCIL_MEMBER, root),
        ("hoidong.6", "Vũ Đình Khoa", Role.COUNCIL_MEMBER, root),
        ("hoidong.7", "Lương Thị Hạnh", Role.COUNCIL_MEMBER, root),
        ("cb.syt", "Võ Thị Ngọc Ánh", Role.UNIT_OFFICER, prov.by_symbol["SYT"]),
        ("cb.sgd", "Bùi Đức Long", Role.UNIT_OFFICER, prov.by_symbol["SGDĐT"]),
        (commune_login(commune), "Đỗ Thị Hồng", Role.UNIT_OFFICER, commune),
    ]


def create_demo_users(prov) -> list[User]:
    """Create the persona users (skipping usernames that already exist) and their roles."""
    encoded = demo_password_hash()
    created = []
    for username, full_name, role, unit in personas(prov):
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create(
            username=username,
            full_name=full_name,
            password=encoded,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        RoleAssignment.objects.create(user=user, unit_id=unit.id, role=role)
        created.append(user)
    return created
