"""/hoi-dong/: the council, its members, meetings, agenda, votes and minutes."""

from .views import meetings, terms

app_name = "council"

urlpatterns = [*terms.urlpatterns, *meetings.urlpatterns]
