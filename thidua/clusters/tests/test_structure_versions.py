"""The structure forms always carry the version they were shown with: a post without it is refused
with a message and changes nothing (the concurrent-edit check cannot be skipped)."""

import pytest
from django.urls import reverse

from thidua.clusters.forms.structure import VERSION_MISSING
from thidua.clusters.selectors.structure import header_version, membership_version
from thidua.org.models import Cluster, ClusterMember, ClusterRole

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def roles(cluster):
    return {m.unit_id: m.role for m in ClusterMember.objects.filter(cluster=cluster)}


@pytest.mark.parametrize("version", [None, ""])
def test_editing_a_cluster_without_the_version_is_refused_and_changes_nothing(
    cluster, province_officer, client_for, version
):
    data = {"name": "Cụm thi đua số 9", "kind": "AREA", "year": YEAR, "decision_number": "99/QĐ-UBND"}
    if version is not None:
        data["version"] = version
    r = client_for(province_officer).post(reverse("clusters:cluster_edit", args=[cluster.cluster.pk]), data)
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    c = Cluster.objects.get(pk=cluster.cluster.pk)
    assert (c.name, c.decision_number) == ("Cụm thi đua số 1", "12/QĐ-UBND")


def test_editing_a_cluster_with_its_version_still_saves(cluster, province_officer, client_for):
    data = {"name": "Cụm thi đua số 9", "kind": "AREA", "year": YEAR, "version": header_version(cluster.cluster)}
    r = client_for(province_officer).post(reverse("clusters:cluster_edit", args=[cluster.cluster.pk]), data)
    assert r.status_code == 302 and Cluster.objects.get(pk=cluster.cluster.pk).name == "Cụm thi đua số 9"


def test_setting_members_without_the_version_is_refused_and_changes_nothing(cluster, province_officer, client_for):
    before = roles(cluster.cluster)
    data = {"members": [u.pk for u in cluster.units[:3]], "head": cluster.member.pk, "deputy": ""}
    url = reverse("clusters:cluster_members", args=[cluster.cluster.pk])
    r = client_for(province_officer).post(url, data)
    assert r.status_code == 200 and VERSION_MISSING in r.content.decode()
    assert roles(cluster.cluster) == before
    assert before[cluster.head.pk] == ClusterRole.HEAD
    # The same post with the version shown saves.
    version = membership_version(list(ClusterMember.objects.filter(cluster=cluster.cluster)))
    assert client_for(province_officer).post(url, data | {"version": version}).status_code == 302
    assert len(roles(cluster.cluster)) == 3


def test_creating_a_cluster_needs_no_version(cluster, province_officer, client_for, province):
    data = {
        "name": "Cụm mới",
        "kind": "AREA",
        "year": YEAR + 1,
        "members": [cluster.member.pk],
        "head": cluster.member.pk,
        "deputy": "",
    }
    r = client_for(province_officer).post(reverse("clusters:cluster_create"), data)
    assert r.status_code == 302 and Cluster.objects.filter(name="Cụm mới").exists()
