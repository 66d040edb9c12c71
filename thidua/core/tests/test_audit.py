import pytest
from django.db import transaction
from django.urls import reverse

from thidua.core.audit import audit
from thidua.core.models import AuditEvent


def test_audit_refuses_to_run_outside_a_transaction(db, province_officer):
    # pytest-django wraps each test in a transaction; leave it to test the guard.
    with transaction.atomic():
        audit(actor=province_officer, action="test.ok", summary="trong giao dịch")
    assert AuditEvent.objects.filter(action="test.ok").exists()


# serialized_rollback: every transactional test restores the migrations' data (the catalogue) after
# its flush; one without it would leave content types that the next one's restore collides with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_outside_a_transaction_raises(province_officer):
    with pytest.raises(RuntimeError):
        audit(actor=province_officer, action="test.bad", summary="ngoài giao dịch")
    assert not AuditEvent.objects.filter(action="test.bad").exists()


def test_province_officer_reads_the_audit_log(client_for, province_officer):
    with transaction.atomic():
        audit(actor=province_officer, action="unit.create", summary="Tạo đơn vị Sở Mới")
    html = client_for(province_officer).get(reverse("audit_log")).content.decode()
    assert "Tạo đơn vị Sở Mới" in html


def test_unit_officer_cannot_read_the_audit_log(client_for, unit_officer):
    assert client_for(unit_officer).get(reverse("audit_log")).status_code == 403


def test_audit_log_runs_a_fixed_number_of_queries(client_for, province_officer, django_assert_max_num_queries):
    client = client_for(province_officer)
    with transaction.atomic():
        audit(actor=province_officer, action="x.one", summary="một")
    client.get(reverse("audit_log"))
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("audit_log"))
    with transaction.atomic():
        for i in range(40):
            audit(actor=province_officer, action="x.many", summary=f"sự kiện {i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("audit_log"))


def test_audit_log_names_actions_in_vietnamese(client_for, province_officer):
    with transaction.atomic():
        audit(actor=province_officer, action="rating.set", summary="Xếp loại năm 2025")
    html = client_for(province_officer).get(reverse("audit_log") + "?action=rating.set").content.decode()
    assert "Ghi xếp loại hằng năm" in html
