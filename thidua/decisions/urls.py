"""/quyet-dinh/: decisions and their awards; issuing, money, revocation; back-entry of old decisions."""

from .views import back_entry, decisions, issuing, money, revocation

app_name = "decisions"

urlpatterns = [
    *decisions.urlpatterns,
    *issuing.urlpatterns,
    *money.urlpatterns,
    *revocation.urlpatterns,
    *back_entry.urlpatterns,
]
