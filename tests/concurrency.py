"""Running service calls at the same moment, each in its own thread and database connection.

Used by the tests that prove two people acting at once get one consistent result (row locks,
version checks, unique constraints). Tests using it need real transactions:
`@pytest.mark.django_db(transaction=True, serialized_rollback=True)`.
"""

import threading
import time

from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection


def busy_wait(call):
    """The in-memory SQLite test database answers "database table is locked" at once instead of
    waiting like a file database does (busy timeout): retry in that case only."""
    for _ in range(1000):
        try:
            return call()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


def race(calls):
    """Start the callables together (a barrier), each in its own thread; return one outcome each:
    ("ok", result), ("refused", the ValidationError's messages) or ("error", repr of anything else)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = ("ok", busy_wait(call))
        except ValidationError as exc:
            outcomes[i] = ("refused", " ".join(exc.messages))
        except Exception as exc:  # reported by the caller's assertions
            outcomes[i] = ("error", repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes
