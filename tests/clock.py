"""The calendar day (Asia/Ho_Chi_Minh) the test run started on.

Test modules compute dates from it ("100 days ago", "this year") and the root conftest makes
`timezone.localdate()` answer it for the whole run, so a run crossing local midnight (17:00 UTC)
never compares yesterday's fixtures with a product that already lives on the next day.
"""

from django.utils import timezone

SESSION_DAY = timezone.localdate()
