"""Every covenant form carries the version it was shown with (0 while the covenant or the unit's
commitment does not exist yet): a post without it is refused with a message and changes nothing, and
a draft or commitment created by somebody else meanwhile is not overwritten."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.clusters.forms.covenant import CommitmentForm
from thidua.clusters.forms.structure import VERSION_MISSING
from thidua.clusters.models import Commitment, Covenant, CovenantState, CovenantTarget
from thidua.clusters.selectors.covenant import default_title
from thidua.clusters.services import covenant as services
from thidua.movements.models import Level, Movement, MovementKind, State, Target

from .conftest import YEAR
from .test_covenant import sign_all

pytestmark = pytest.mark.django_db
STALE = "vừa được người khác sửa"


def url(name, cluster, *args):
    return reverse(f"clusters:{name}", args=[cluster.cluster.pk, *args])


@pytest.fixture
def draft(cluster, head_officer):
    covenant = services.covenant_save(
        actor=head_officer,
        cluster=cluster.cluster,
        title=default_title(cluster.cluster),
        signing_date=dt.date(YEAR, 2, 20),
        content="Nội dung giao ước chung.",
    )
    services.covenant_target_add(actor=head_officer, covenant=covenant, version=1, name="Chỉ tiêu một")
    services.covenant_target_add(actor=head_officer, covenant=covenant, version=2, name="Chỉ tiêu hai")
    return Covenant.objects.get(pk=covenant.pk)  # version 3


def targets():
    return list(CovenantTarget.objects.order_by("order").values_list("name", flat=True))


def test_the_shared_part_without_the_version_is_refused(draft, cluster, head_officer, client_for):
    r = client_for(head_officer).post(url("covenant_edit", cluster), {"title": "Tên khác", "content": "Khác"})
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    fresh = Covenant.objects.get()
    assert (fresh.title, fresh.version) == (default_title(cluster.cluster), 3)


def test_a_first_draft_created_meanwhile_by_somebody_else_is_not_overwritten(draft, cluster, head_officer, client_for):
    # The form was opened before the draft existed: it carries version 0.
    r = client_for(head_officer).post(url("covenant_edit", cluster), {"title": "Bản của tôi", "version": 0})
    assert r.status_code == 200 and STALE in r.content.decode()
    assert Covenant.objects.get().title == default_title(cluster.cluster)
    with pytest.raises(ValidationError, match=STALE):
        services.covenant_save(actor=head_officer, cluster=cluster.cluster, version=0, title="Bản của tôi")


def test_the_first_draft_form_carries_version_zero(cluster, head_officer, client_for):
    c = client_for(head_officer)
    assert 'name="version" value="0"' in c.get(url("covenant_edit", cluster)).content.decode()
    r = c.post(url("covenant_edit", cluster), {"title": "Giao ước", "version": 0})
    assert r.status_code == 302 and Covenant.objects.get().title == "Giao ước"


def test_targets_from_a_movement_without_the_version_are_refused(draft, cluster, head_officer, client_for):
    m = Movement.objects.create(
        level=Level.PROVINCE, kind=MovementKind.REGULAR, state=State.LAUNCHED, name="Phong trào A",
        period_start=dt.date(YEAR, 1, 1),
    )  # fmt: skip
    Target.objects.create(movement=m, name="Thu ngân sách", measure="%", target_value=100)
    r = client_for(head_officer).post(url("covenant_targets_from_movement", cluster), {"movement": m.pk})
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    assert targets() == ["Chỉ tiêu một", "Chỉ tiêu hai"]


def test_adding_or_editing_a_target_without_the_version_is_refused(draft, cluster, head_officer, client_for):
    c = client_for(head_officer)
    r = c.post(url("covenant_target_add", cluster), {"name": "Chỉ tiêu ba"})
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    first = CovenantTarget.objects.get(name="Chỉ tiêu một")
    r = c.post(url("covenant_target_edit", cluster, first.pk), {"name": "Đã sửa", "version": ""})
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    assert targets() == ["Chỉ tiêu một", "Chỉ tiêu hai"] and Covenant.objects.get().version == 3


@pytest.mark.parametrize("post", [{}, {"version": ""}, {"version": "abc"}, {"version": "-1"}])
def test_removing_or_moving_a_target_without_a_valid_version_is_refused(draft, cluster, head_officer, client_for, post):
    c = client_for(head_officer)
    second = CovenantTarget.objects.get(name="Chỉ tiêu hai")
    r = c.post(url("covenant_target_remove", cluster, second.pk), post, follow=True)
    assert VERSION_MISSING in r.content.decode()
    r = c.post(url("covenant_target_move", cluster, second.pk), post | {"huong": "up"}, follow=True)
    assert VERSION_MISSING in r.content.decode()
    assert targets() == ["Chỉ tiêu một", "Chỉ tiêu hai"] and Covenant.objects.get().version == 3


def test_removing_a_target_with_its_version_still_works(draft, cluster, head_officer, client_for):
    second = CovenantTarget.objects.get(name="Chỉ tiêu hai")
    client_for(head_officer).post(url("covenant_target_remove", cluster, second.pk), {"version": 3})
    assert targets() == ["Chỉ tiêu một"]


def test_a_commitment_without_the_version_is_refused(draft, cluster, member_officer, client_for):
    r = client_for(member_officer).post(url("commitment_edit", cluster, cluster.member.pk), {"text": "Cam kết"})
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    assert not Commitment.objects.filter(unit=cluster.member).exists()


def test_a_commitment_written_meanwhile_by_a_colleague_is_not_overwritten(draft, cluster, member_officer, client_for):
    c = client_for(member_officer)
    assert 'name="version" value="0"' in c.get(url("commitment_edit", cluster, cluster.member.pk)).content.decode()
    services.commitment_save(actor=member_officer, covenant=draft, unit=cluster.member, version=0, text="Bản một")
    r = c.post(url("commitment_edit", cluster, cluster.member.pk), {"text": "Bản hai", "version": 0})
    assert r.status_code == 200 and "Cam kết vừa được người khác sửa" in r.content.decode()
    assert Commitment.objects.get(unit=cluster.member).text == "Bản một"


def test_signing_a_commitment_without_the_version_is_refused(draft, cluster, member_officer, client_for):
    services.commitment_save(actor=member_officer, covenant=draft, unit=cluster.member, version=0, text="Cam kết")
    r = client_for(member_officer).post(
        url("commitment_sign", cluster, cluster.member.pk), {"signer_name": "Lê Văn Hòa", "signer_title": "Chủ tịch"}
    )
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    assert Commitment.objects.get(unit=cluster.member).signed_at is None


def test_signing_the_covenant_without_the_version_is_refused(draft, cluster, member_officers, head_officer, client_for):
    sign_all(cluster, draft, member_officers)
    r = client_for(head_officer).post(url("covenant_sign", cluster), {})
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    assert Covenant.objects.get().state == CovenantState.DRAFT


def test_the_version_field_is_required_in_every_covenant_form():
    form = CommitmentForm({"text": "Cam kết"})
    assert not form.is_valid() and form.non_field_errors() == [VERSION_MISSING]
