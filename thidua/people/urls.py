from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("xuat-excel/", views.person_export, name="person_export"),
    path("them-moi/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("<int:pk>/xep-loai/", views.rating_set, name="rating_set"),
    path("<int:pk>/sang-kien/them/", views.initiative_add, name="initiative_add"),
    path("sang-kien/<int:pk>/sua/", views.initiative_edit, name="initiative_edit"),
    path("<int:pk>/ky-luat/them/", views.discipline_add, name="discipline_add"),
    path("<int:pk>/tam-dung/them/", views.embargo_add, name="embargo_add"),
    path("tam-dung/<int:pk>/ket-thuc/", views.embargo_end, name="embargo_end"),
    path("<int:pk>/cong-tac/them/", views.employment_add, name="employment_add"),
    path("ho-gia-dinh/", views.household_list, name="household_list"),
    path("ho-gia-dinh/<int:pk>/", views.household_detail, name="household_detail"),
]
