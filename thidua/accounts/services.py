"""Account administration: users, their roles on units, and bulk creation from Excel.

Only administrators (`accounts.manage_users`) may call these; anyone else gets PermissionDenied.
Users are never deleted (decisions, nominations and the audit log point at them): they are
deactivated. Initial and reset passwords are random and returned once to the caller, which
shows them to the administrator a single time.

Password hashing is slow on purpose (~0.5 s each), so hashes are computed before the
transaction opens: on SQLite the transaction holds the database write lock.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Upper

from thidua.core.audit import audit
from thidua.core.text import fold_vi

from . import excel
from .models import Role, RoleAssignment, User

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{2,149}$")
USERNAME_HELP = "3–150 ký tự: chữ cái không dấu, chữ số và các ký tự . _ @ + - (bắt đầu bằng chữ cái hoặc chữ số)."
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
PASSWORD_LENGTH = 12

MSG_USERNAME_FORMAT = "Tên đăng nhập không hợp lệ: " + USERNAME_HELP
MSG_USERNAME_TAKEN = "Tên đăng nhập đã có người dùng."
MSG_EMAIL = "Email không đúng định dạng."
MSG_FULL_NAME = "Chưa nhập họ và tên."
MSG_UNIT_INACTIVE = (
    "Đơn vị đã hết hiệu lực (đã sáp nhập, chia tách hoặc giải thể): không thể phân quyền trên đơn vị này."
)
MSG_PROVINCE_OFFICER = (
    "Vai trò Chuyên viên TĐKT cấp tỉnh chỉ được phân trên cơ quan thường trực thi đua, khen thưởng (Sở Nội vụ)."
)
MSG_DUPLICATE_ROLE = "Người dùng đã có vai trò này tại đơn vị này."
MSG_SELF_DEACTIVATE = "Bạn không thể tự khóa tài khoản của chính mình."
MSG_LAST_OWN_ADMIN = "Bạn không thể thu hồi vai trò Quản trị hệ thống cuối cùng của chính mình."
MSG_NOT_ALLOWED = "Chỉ quản trị hệ thống được quản lý tài khoản người dùng."

IMPORT_HEADERS = ["Tên đăng nhập", "Họ và tên", "Email", "Mã đơn vị", "Vai trò"]
IMPORT_EXAMPLE = ["nguyenvana.syt", "Nguyễn Văn A", "nguyenvana@example.gov.vn", "SYT", Role.UNIT_OFFICER.label]
IMPORT_MAX_ROWS = 500


# --- helpers -------------------------------------------------------------------------------


def _require_admin(actor):
    if actor is None or not actor.has_perm("accounts.manage_users"):
        raise PermissionDenied(MSG_NOT_ALLOWED)


def generate_password() -> str:
    """A random 12-character password with lower case, upper case and digits, easy to read aloud."""
    while True:
        pw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if any(c.islower() for c in pw) and any(c.isupper() for c in pw) and any(c.isdigit() for c in pw):
            return pw


def username_error(username: str) -> str | None:
    if not USERNAME_RE.match(username or ""):
        return MSG_USERNAME_FORMAT
    if User.objects.filter(username__iexact=username).exists():
        return MSG_USERNAME_TAKEN
    return None


def email_error(email: str) -> str | None:
    if not email:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return MSG_EMAIL
    return None


def role_unit_error(role: str, unit) -> str | None:
    """Why `role` may not be held on `unit`, or None."""
    if role not in Role.values:
        return "Vai trò không hợp lệ."
    if unit is None:
        return "Chưa chọn đơn vị."
    if unit.valid_to is not None:
        return MSG_UNIT_INACTIVE
    if role == Role.PROVINCE_OFFICER and not unit.is_commendation_office:
        return MSG_PROVINCE_OFFICER
    return None


def _role_error_field(message: str) -> str:
    return "unit" if message in (MSG_UNIT_INACTIVE, "Chưa chọn đơn vị.") else "role"


def _role_label(role: str) -> str:
    return Role(role).label


def _locked(user) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


# --- single accounts ----------------------------------------------------------------------


def user_create(*, actor, username, full_name, email="", phone="", password=None, roles=()):
    """Create an account with its roles; returns (user, initial_password).

    When no password is given a random one is generated; it is returned here once and
    stored only as a hash.
    """
    _require_admin(actor)
    username, full_name, email = (username or "").strip(), (full_name or "").strip(), (email or "").strip()
    errors = {}
    if msg := username_error(username):
        errors["username"] = msg
    if not full_name:
        errors["full_name"] = MSG_FULL_NAME
    if msg := email_error(email):
        errors["email"] = msg
    for unit, role in roles:
        if msg := role_unit_error(role, unit):
            errors.setdefault(_role_error_field(msg), msg)
    user = User(username=username, full_name=full_name, email=email, phone=(phone or "").strip())
    generated = password is None
    if generated:
        password = generate_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.password = make_password(password)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": MSG_USERNAME_TAKEN})
        user.save()
        for unit, role in dict.fromkeys(roles):
            RoleAssignment.objects.create(user=user, unit=unit, role=role)
        role_text = "; ".join(f"{_role_label(r)} — {u}" for u, r in roles) or "chưa có vai trò"
        audit(
            actor=actor,
            action="user.create",
            obj=user,
            summary=f"Tạo tài khoản {username} ({full_name}): {role_text}",
            data={"roles": [[u.code, r] for u, r in roles]},
        )
    return user, password


def user_update(*, actor, user, full_name, email="", phone=""):
    """Change an account's name and contact details (the username never changes)."""
    _require_admin(actor)
    full_name, email, phone = (full_name or "").strip(), (email or "").strip(), (phone or "").strip()
    errors = {}
    if not full_name:
        errors["full_name"] = MSG_FULL_NAME
    if msg := email_error(email):
        errors["email"] = msg
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = _locked(user)
        before = {"full_name": user.full_name, "email": user.email, "phone": user.phone}
        user.full_name, user.email, user.phone = full_name, email, phone
        user.save(update_fields=["full_name", "email", "phone"])
        after = {"full_name": full_name, "email": email, "phone": phone}
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        audit(actor=actor, action="user.update", obj=user, summary=f"Sửa thông tin tài khoản {user}", data=changed)
    return user


def user_deactivate(*, actor, user):
    """Lock an account: it can no longer log in, but stays in history. Not one's own."""
    _require_admin(actor)
    if user.pk == actor.pk:
        raise ValidationError(MSG_SELF_DEACTIVATE)
    with transaction.atomic():
        user = _locked(user)
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            audit(actor=actor, action="user.deactivate", obj=user, summary=f"Khóa tài khoản {user.username}")
    return user


def user_reactivate(*, actor, user):
    _require_admin(actor)
    with transaction.atomic():
        user = _locked(user)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            audit(actor=actor, action="user.reactivate", obj=user, summary=f"Mở khóa tài khoản {user.username}")
    return user


def user_password_reset(*, actor, user) -> str:
    """Give the account a new random password, returned once. Clears its failed-login lock."""
    from .models import LoginAttempt

    _require_admin(actor)
    password = generate_password()
    hashed = make_password(password)
    with transaction.atomic():
        user = _locked(user)
        user.password = hashed
        user.save(update_fields=["password"])
        LoginAttempt.objects.filter(username__iexact=user.username).delete()
        summary = f"Đặt lại mật khẩu tài khoản {user.username}"
        audit(actor=actor, action="user.password_reset", obj=user, summary=summary)
    return password


def role_assign(*, actor, user, unit, role) -> RoleAssignment:
    """Give `user` a role on `unit` (it covers the unit's subtree).

    The provincial officer role belongs to the commendation office only; roles go on
    units still in force; a user holds a given role on a given unit once.
    """
    _require_admin(actor)
    if msg := role_unit_error(role, unit):
        raise ValidationError({_role_error_field(msg): msg})
    with transaction.atomic():
        user = _locked(user)
        if RoleAssignment.objects.filter(user=user, unit=unit, role=role).exists():
            raise ValidationError(MSG_DUPLICATE_ROLE)
        assignment = RoleAssignment.objects.create(user=user, unit=unit, role=role)
        audit(
            actor=actor,
            action="role.assign",
            obj=user,
            unit=unit,
            summary=f"Phân quyền {user.username}: {_role_label(role)} — {unit}",
            data={"assignment": assignment.pk, "role": role, "unit": unit.code},
        )
    return assignment


def role_revoke(*, actor, assignment) -> None:
    """Take a role away. An administrator cannot remove their own last administrator role."""
    _require_admin(actor)
    with transaction.atomic():
        user = _locked(assignment.user)
        assignment = RoleAssignment.objects.select_related("unit").filter(pk=assignment.pk, user=user).first()
        if assignment is None:
            return
        if (
            user.pk == actor.pk
            and assignment.role == Role.ADMIN
            and not RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exclude(pk=assignment.pk).exists()
        ):
            raise ValidationError(MSG_LAST_OWN_ADMIN)
        summary = f"Thu hồi quyền {user.username}: {assignment.get_role_display()} — {assignment.unit}"
        data = {"role": assignment.role, "unit": assignment.unit.code}
        assignment.delete()
        audit(actor=actor, action="role.revoke", obj=user, unit=assignment.unit, summary=summary, data=data)


# --- bulk creation from Excel -------------------------------------------------------------


@dataclass
class ImportRow:
    """One data row of an import file, as read (strings) and as understood."""

    row: int
    username: str = ""
    full_name: str = ""
    email: str = ""
    unit_code: str = ""
    role_text: str = ""
    unit: object = None
    role: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def status(self) -> str:
        return "Hợp lệ" if self.ok else "Lỗi"

    @property
    def message(self) -> str:
        return "; ".join(self.errors) if self.errors else "Sẵn sàng tạo tài khoản."

    def raw(self) -> list:
        return [self.row, self.username, self.full_name, self.email, self.unit_code, self.role_text]


@dataclass
class ImportReport:
    rows: list[ImportRow]
    problems: list[str] = field(default_factory=list)  # file-level

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)


class ImportRejected(Exception):
    """The file has at least one bad row: nothing was created. `report` says which and why."""

    def __init__(self, report: ImportReport):
        super().__init__("Tệp có dòng không hợp lệ: chưa tạo tài khoản nào.")
        self.report = report


def _role_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Role.choices:
        lookup[fold_vi(label)] = value
        lookup[fold_vi(value)] = value
    return lookup


def users_import_read(file) -> list[ImportRow]:
    """The data rows of an uploaded import file (content, size and header checked)."""
    data = excel.read_upload(file)
    table = excel.first_sheet_rows(data)
    if not table:
        raise ValidationError("Tệp không có dữ liệu.")
    header = [fold_vi(c) for c in (table[0] + [""] * 5)[:5]]
    if header != [fold_vi(h) for h in IMPORT_HEADERS]:
        raise ValidationError(
            "Dòng tiêu đề không đúng mẫu. Các cột phải là: " + " | ".join(IMPORT_HEADERS) + ". Hãy dùng tệp mẫu."
        )
    rows = []
    for index, values in enumerate(table[1:], start=2):
        values = (values + [""] * 5)[:5]
        if not any(values):
            continue
        rows.append(ImportRow(index, *values))
    if not rows:
        raise ValidationError("Tệp không có dòng dữ liệu nào (ngoài dòng tiêu đề).")
    if len(rows) > IMPORT_MAX_ROWS:
        raise ValidationError(f"Tệp có {len(rows)} dòng; mỗi lần nhập tối đa {IMPORT_MAX_ROWS} tài khoản.")
    return rows


def users_import_check(*, actor, rows: list[ImportRow]) -> ImportReport:
    """Validate every row (nothing is written) and return the row-by-row report."""
    from thidua.org.models import Unit

    _require_admin(actor)
    rows = [ImportRow(*r.raw()) for r in rows]  # fresh copies: re-validation starts clean
    usernames = {r.username.lower() for r in rows if r.username}
    upper_names = [n.upper() for n in usernames]
    existing = User.objects.annotate(up=Upper("username")).filter(up__in=upper_names)
    taken = {u.lower() for u in existing.values_list("up", flat=True)}
    codes = {r.unit_code.upper() for r in rows if r.unit_code}
    units = {u.up: u for u in Unit.objects.annotate(up=Upper("code")).filter(up__in=codes)}
    roles = _role_lookup()
    first_seen: dict[str, int] = {}
    for r in rows:
        if not r.username:
            r.errors.append("Thiếu tên đăng nhập.")
        elif not USERNAME_RE.match(r.username):
            r.errors.append(MSG_USERNAME_FORMAT)
        elif r.username.lower() in taken:
            r.errors.append(f"Tên đăng nhập “{r.username}” đã có người dùng.")
        elif r.username.lower() in first_seen:
            r.errors.append(f"Tên đăng nhập “{r.username}” trùng với dòng {first_seen[r.username.lower()]} trong tệp.")
        else:
            first_seen[r.username.lower()] = r.row
        if not r.full_name:
            r.errors.append("Thiếu họ và tên.")
        elif len(r.full_name) > 150:
            r.errors.append("Họ và tên dài quá 150 ký tự.")
        if email_error(r.email):
            r.errors.append(f"Email “{r.email}” không đúng định dạng.")
        r.unit = units.get(r.unit_code.upper()) if r.unit_code else None
        if not r.unit_code:
            r.errors.append("Thiếu mã đơn vị.")
        elif r.unit is None:
            r.errors.append(f"Không có đơn vị mã “{r.unit_code}”.")
        r.role = roles.get(fold_vi(r.role_text), "")
        if not r.role_text:
            r.errors.append("Thiếu vai trò.")
        elif not r.role:
            r.errors.append(f"Vai trò “{r.role_text}” không hợp lệ (xem trang “Vai trò” của tệp mẫu).")
        if r.unit is not None and r.role and (msg := role_unit_error(r.role, r.unit)):
            r.errors.append(msg)
    return ImportReport(rows=rows)


def users_import(*, actor, file=None, rows: list[ImportRow] | None = None, filename: str = "") -> list[dict]:
    """Create every account of an import file, or none.

    Give the uploaded `file`, or the `rows` staged from it at preview time. All rows are
    validated again; if any is wrong, ImportRejected carries the report and nothing is
    created. Otherwise all accounts and roles are created in one transaction and the list
    of created accounts, with their initial passwords, is returned (once).
    """
    _require_admin(actor)
    if file is not None:
        rows = users_import_read(file)
        filename = filename or getattr(file, "name", "")
    report = users_import_check(actor=actor, rows=rows or [])
    if not report.ok:
        raise ImportRejected(report)
    created = []
    for r in report.rows:
        password = generate_password()
        created.append((r, password, make_password(password)))
    try:
        with transaction.atomic():
            report = users_import_check(actor=actor, rows=report.rows)  # someone may have acted meanwhile
            if not report.ok:
                raise ImportRejected(report)
            users = User.objects.bulk_create(
                [
                    User(
                        username=r.username,
                        full_name=r.full_name,
                        email=r.email,
                        password=hashed,
                        search_text=fold_vi(f"{r.username} {r.full_name} {r.email}"),
                    )
                    for r, _, hashed in created
                ]
            )
            if not all(u.pk for u in users):  # backends that do not return keys from bulk inserts
                fresh = User.objects.filter(username__in=[u.username for u in users])
                by_name = dict(fresh.values_list("username", "pk"))
                for u in users:
                    u.pk = by_name[u.username]
            RoleAssignment.objects.bulk_create(
                [RoleAssignment(user=u, unit=r.unit, role=r.role) for u, (r, _, _) in zip(users, created, strict=True)]
            )
            for u, (r, _, _) in zip(users, created, strict=True):
                audit(
                    actor=actor,
                    action="user.create",
                    obj=u,
                    unit=r.unit,
                    summary=f"Tạo tài khoản {u.username} ({u.full_name}) từ tệp Excel {filename}: "
                    f"{_role_label(r.role)} — {r.unit}",
                    data={"import": filename, "roles": [[r.unit.code, r.role]]},
                )
    except IntegrityError:
        report = users_import_check(actor=actor, rows=report.rows)
        if report.ok:
            report.problems.append("Không lưu được do có thay đổi đồng thời. Vui lòng thử lại.")
        raise ImportRejected(report) from None
    return [
        {
            "username": r.username,
            "full_name": r.full_name,
            "email": r.email,
            "unit_code": r.unit.code,
            "unit_name": r.unit.name,
            "role": _role_label(r.role),
            "password": password,
        }
        for r, password, _ in created
    ]


def users_import_template() -> bytes:
    return excel.import_template(IMPORT_HEADERS, IMPORT_EXAMPLE, [(label, value) for value, label in Role.choices])


def users_import_result_xlsx(created: list[dict]) -> bytes:
    headers = ["Tên đăng nhập", "Họ và tên", "Email", "Mã đơn vị", "Đơn vị", "Vai trò", "Mật khẩu ban đầu"]
    keys = ["username", "full_name", "email", "unit_code", "unit_name", "role", "password"]
    return excel.table("Tài khoản đã tạo", headers, ([c[k] for k in keys] for c in created))


def users_export_xlsx(users) -> bytes:
    """The (filtered) user list as a workbook; `users` comes from selectors.user_list."""
    from django.utils import timezone

    def when(value):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""

    headers = ["Tên đăng nhập", "Họ và tên", "Email", "Điện thoại", "Vai trò — đơn vị", "Trạng thái",
               "Ngày tạo", "Đăng nhập gần nhất"]  # fmt: skip
    rows = (
        [
            u.username,
            u.full_name,
            u.email,
            u.phone,
            "\n".join(f"{ra.get_role_display()} — {ra.unit}" for ra in u.roles.all()),
            "Đang hoạt động" if u.is_active else "Đã khóa",
            when(u.date_joined),
            when(u.last_login),
        ]
        for u in users.iterator(chunk_size=500)
    )
    return excel.table("Người dùng", headers, rows)
