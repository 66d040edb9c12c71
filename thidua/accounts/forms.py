"""Forms of the accounts screens. They parse input; the rules live in services.py."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from . import throttle
from .models import Role
from .selectors import USER_STATUS_ACTIVE, USER_STATUS_INACTIVE
from .services import USERNAME_HELP


class LoginForm(AuthenticationForm):
    """The login form, refusing attempts for a username that failed too often (see throttle.py)."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa và chữ thường.",
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống.",
        "throttled": throttle.THROTTLED_MESSAGE,
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and throttle.is_throttled(username):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if username and any(e.code == "invalid_login" for e in exc.error_list):
                ip = self.request.META.get("REMOTE_ADDR") if self.request is not None else None
                throttle.record_failure(username, ip)
            raise
        if username:
            throttle.record_success(username)
        return cleaned


class UnitCodeField(forms.CharField):
    """A unit chosen by its code (the picker suggests codes as the user types a name)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Đơn vị")
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        from thidua.org.models import Unit

        code = super().clean(value)
        if not code:
            return None
        code = code.split("—")[0].strip()
        unit = Unit.objects.filter(code__iexact=code).first()
        if unit is None:
            raise ValidationError(f"Không có đơn vị mã “{code}”.")
        return unit


ROLE_CHOICES = [("", "— Chọn vai trò —"), *Role.choices]


class RoleAssignForm(forms.Form):
    unit = UnitCodeField(help_text="Gõ tên hoặc mã đơn vị rồi chọn trong danh sách gợi ý.")
    role = forms.ChoiceField(label="Vai trò", choices=ROLE_CHOICES)


class UserCreateForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150, help_text=USERNAME_HELP)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.CharField(label="Email", max_length=254, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    unit = UnitCodeField(label="Đơn vị", help_text="Đơn vị của vai trò ban đầu: gõ tên hoặc mã rồi chọn.")
    role = forms.ChoiceField(label="Vai trò ban đầu", choices=ROLE_CHOICES)


class UserUpdateForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.CharField(label="Email", max_length=254, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)


class UserFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False)
    vai_tro = forms.ChoiceField(label="Vai trò", required=False, choices=[("", "Tất cả vai trò"), *Role.choices])
    don_vi = UnitCodeField(label="Đơn vị (kể cả trực thuộc)", required=False)
    trang_thai = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Tất cả"), (USER_STATUS_ACTIVE, "Đang hoạt động"), (USER_STATUS_INACTIVE, "Đã khóa")],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": self.data.get("q", "")}
        d = self.cleaned_data
        return {"q": d["q"], "role": d["vai_tro"], "unit": d["don_vi"], "status": d["trang_thai"]}


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named fields it has, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
