"""/thong-bao/: the user's in-app notifications."""

from django.urls import path

from . import notification_views as views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications, name="list"),
    path("<int:pk>/", views.read, name="read"),
    path("doc-het/", views.read_all, name="read_all"),
]
