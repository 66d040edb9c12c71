from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("hinh-thuc/<str:code>/", views.award_type_detail, name="award_type_detail"),
    path("hinh-thuc/<str:code>/sua/", views.award_type_edit, name="award_type_edit"),
    path("bo-quy-tac/", views.rule_set_list, name="rule_set_list"),
    path("tham-so/<int:pk>/", views.rule_parameter_detail, name="rule_parameter_detail"),
    path("tham-so/<int:pk>/sua/", views.rule_parameter_edit, name="rule_parameter_edit"),
    path("luong-co-so/", views.base_salary_list, name="base_salary_list"),
    path("luong-co-so/them/", views.base_salary_create, name="base_salary_create"),
    path("xuat-excel/", views.catalogue_export, name="export"),
]
