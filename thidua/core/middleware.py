"""Refuse requests carrying NUL characters: no database text column accepts them (PostgreSQL raises)."""

from django.http import HttpResponseBadRequest


class RejectNulMiddleware:
    MESSAGE = "Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL). Vui lòng kiểm tra lại."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or self._has_nul(request.GET)
            or (request.method == "POST" and self._has_nul(request.POST))
        ):
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(data) -> bool:
        return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())
