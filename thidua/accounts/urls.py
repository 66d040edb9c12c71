from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/xuat-excel/", views.user_export, name="user_export"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/sua/", views.user_update, name="user_update"),
    path("nguoi-dung/<int:pk>/phan-quyen/", views.role_assign, name="role_assign"),
    path("nguoi-dung/<int:pk>/phan-quyen/<int:assignment_pk>/thu-hoi/", views.role_revoke, name="role_revoke"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_deactivate, name="user_deactivate"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_reactivate, name="user_reactivate"),
    path("nguoi-dung/<int:pk>/dat-lai-mat-khau/", views.user_password_reset, name="user_password_reset"),
    path("nguoi-dung/nhap-excel/", views.import_upload, name="import_upload"),
    path("nguoi-dung/nhap-excel/mau.xlsx", views.import_template, name="import_template"),
    path("nguoi-dung/nhap-excel/kiem-tra/", views.import_preview, name="import_preview"),
    path("nguoi-dung/nhap-excel/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nguoi-dung/nhap-excel/huy/", views.import_cancel, name="import_cancel"),
    path("nguoi-dung/nhap-excel/ket-qua/", views.import_result, name="import_result"),
    path("nguoi-dung/nhap-excel/ket-qua.xlsx", views.import_result_download, name="import_result_download"),
    path("nguoi-dung/nhap-excel/hoan-tat/", views.import_finish, name="import_finish"),
    path("don-vi-goi-y/", views.unit_suggest, name="unit_suggest"),
]
