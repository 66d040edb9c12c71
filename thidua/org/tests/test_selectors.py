import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from thidua.org import selectors, services
from thidua.org.models import Unit, UnitKind
from thidua.people.models import AnnualRating, Grade, Initiative, InitiativeScope

from .conftest import DOC, MERGE_DATE


def names(nodes):
    out = []
    for node in nodes:
        out.append(node.unit.name)
        out.extend(names(node.children))
    return out


def tree_queries(actor, **kw):
    actor = type(actor).objects.get(pk=actor.pk)  # fresh user: roles not cached yet
    with CaptureQueriesContext(connection) as ctx:
        selectors.unit_tree(actor=actor, **kw)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", [None, "xa"])
def test_unit_tree_query_count_is_fixed_whatever_the_number_of_units(province, province_officer, query):
    small = tree_queries(province_officer, query=query)
    for i in range(40):
        commune = Unit.objects.create(code=f"XN{i}", name=f"Xã Mới {i}", kind=UnitKind.COMMUNE, parent=province.root)
        Unit.objects.create(code=f"TH{i}", name=f"Trường Tiểu học xã {i}", kind=UnitKind.SCHOOL, parent=commune)
    assert tree_queries(province_officer, query=query) == small
    assert small <= 3


def test_search_without_diacritics_finds_the_accented_unit_with_its_ancestors(province, province_officer):
    nodes = selectors.unit_tree(actor=province_officer, query="tan phu")
    assert names(nodes) == ["Ủy ban nhân dân tỉnh Hòa Giang", "Xã Tân Phú"]
    root = nodes[0]
    assert not root.matched and root.children[0].matched


def test_search_with_diacritics_and_by_code(province, province_officer):
    assert "Xã Tân Phú" in names(selectors.unit_tree(actor=province_officer, query="Tân Phú"))
    assert "Bệnh viện Đa khoa tỉnh" in names(selectors.unit_tree(actor=province_officer, query="bvdk"))
    assert selectors.unit_tree(actor=province_officer, query="không có đơn vị này") == []


def test_unit_officer_tree_is_their_own_subtree(province, unit_officer):
    assert names(selectors.unit_tree(actor=unit_officer)) == ["Sở Y tế", "Bệnh viện Đa khoa tỉnh"]
    assert selectors.unit_tree(actor=unit_officer, query="tan phu") == []


def test_closed_units_are_hidden_unless_asked(province, province_officer):
    services.unit_dissolve(actor=province_officer, unit=province.school, date=MERGE_DATE, **DOC)
    assert "Trường THPT Chuyên Hòa Giang" not in names(selectors.unit_tree(actor=province_officer))
    assert "Trường THPT Chuyên Hòa Giang" in names(selectors.unit_tree(actor=province_officer, include_closed=True))


def test_unit_get_is_404_outside_the_actors_scope(province, unit_officer):
    assert selectors.unit_get(actor=unit_officer, pk=province.hospital.pk) == province.hospital
    with pytest.raises(Http404):
        selectors.unit_get(actor=unit_officer, pk=province.school.pk)


def test_lineage_follows_successions_recursively(province, province_officer):
    ward = services.unit_merge(
        actor=province_officer,
        predecessors=[province.commune1, province.commune2],
        new_unit_data={"name": "Phường Tân Hòa", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=MERGE_DATE,
        **DOC,
    )
    other = Unit.objects.create(code="XA3", name="Xã Tân An", kind=UnitKind.COMMUNE, parent=province.root)
    other.valid_from = dt.date(2025, 7, 1)
    other.save()
    later = services.unit_merge(
        actor=province_officer,
        predecessors=[ward, other],
        new_unit_data={"name": "Phường Hòa An", "code": "PH2", "kind": UnitKind.WARD, "parent": province.root},
        date=dt.date(2026, 1, 1),
        **DOC,
    )
    lineage = selectors.unit_lineage(later)
    assert lineage[0] == later
    assert set(lineage[1:]) == {ward, other, province.commune1, province.commune2}


def test_unit_facts_include_predecessors_collective_facts_and_current_peoples_facts(
    province, province_officer, person_at, grant
):
    an = person_at(province.commune1, "Nguyễn Văn An")
    AnnualRating.objects.create(person=an, year=2024, grade=Grade.HTXS)
    AnnualRating.objects.create(unit=province.commune2, year=2024, grade=Grade.HTT)
    Initiative.objects.create(
        person=an, title="Sổ tay số", scope=InitiativeScope.BASE, recognising_body="UBND xã", year=2024
    )
    grant(an)
    grant(province.commune1, number="99/QĐ-UBND")
    ward = services.unit_merge(
        actor=province_officer,
        predecessors=[province.commune1, province.commune2],
        new_unit_data={"name": "Phường Tân Hòa", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=MERGE_DATE,
        **DOC,
    )
    facts = selectors.unit_facts(actor=province_officer, unit=ward)
    assert [a.unit for a in facts["unit_awards"]["rows"]] == [province.commune1]
    assert [r.unit for r in facts["unit_ratings"]["rows"]] == [province.commune2]
    assert [a.person for a in facts["person_awards"]["rows"]] == [an]
    assert [r.person for r in facts["person_ratings"]["rows"]] == [an]
    assert [i.title for i in facts["initiatives"]["rows"]] == ["Sổ tay số"]
    assert facts["predecessor_ids"] == {province.commune1.pk, province.commune2.pk}


def test_unit_facts_are_limited_with_a_total(province, province_officer, person_at):
    people = [person_at(province.commune1, f"Người {i}") for i in range(5)]
    for p in people:
        AnnualRating.objects.create(person=p, year=2024, grade=Grade.HT)
    facts = selectors.unit_facts(actor=province_officer, unit=province.commune1, limit=3)
    block = facts["person_ratings"]
    assert (len(block["rows"]), block["more"], block["total"]) == (3, True, 5)


def test_unit_facts_query_count_does_not_grow_with_people(province, province_officer, person_at, grant):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            facts = selectors.unit_facts(actor=province_officer, unit=province.commune1)
            for block in ("unit_awards", "unit_ratings", "person_awards", "person_ratings", "initiatives"):
                for row in facts[block]["rows"]:
                    str(getattr(row, "person", None) or row.unit)
                    getattr(row, "person", None) and str(row.person.unit)
        return len(ctx.captured_queries)

    grant(person_at(province.commune1, "Người 0"))
    small = count()
    for i in range(1, 8):
        p = person_at(province.commune1, f"Người {i}")
        grant(p, number=f"{i}/QĐ")
        AnnualRating.objects.create(person=p, year=2024, grade=Grade.HT)
    assert count() == small
