"""One way to paginate lists: fixed page size, Vietnamese labels in templates/core/_pagination.html."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("trang"))
