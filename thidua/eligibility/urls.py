from django.urls import path

from . import views

app_name = "eligibility"

urlpatterns = [
    path("danh-sach/", views.eligible_list, name="eligible_list"),
    path("danh-sach/xuat-excel/", views.eligible_export, name="eligible_export"),
    path("ca-nhan/<int:pk>/", views.person_panel, name="person_panel"),
    path("don-vi/<int:pk>/", views.unit_panel, name="unit_panel"),
    path("gia-dinh/<int:pk>/", views.person_what_if, name="person_what_if"),
    path("gia-dinh/don-vi/<int:pk>/", views.unit_what_if, name="unit_what_if"),
]
