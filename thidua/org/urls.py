from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("them/", views.unit_create, name="unit_create"),
    path("sap-nhap/", views.unit_merge, name="unit_merge"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/sua/", views.unit_update, name="unit_update"),
    path("<int:pk>/chia-tach/", views.unit_split, name="unit_split"),
    path("<int:pk>/giai-the/", views.unit_dissolve, name="unit_dissolve"),
]
