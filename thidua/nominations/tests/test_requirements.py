"""Documents a dossier must carry (law.md §7.2): per basis, subject, award type, simplified procedure."""

import pytest

from thidua.nominations.models import Authority, Basis, DocKind, NominationDocument, SimplifiedGround
from thidua.nominations.requirements import required_documents

pytestmark = pytest.mark.django_db

YEAR = 2025


def by_kind(reqs, line=None):
    """kind → requirement, for the dossier (line=None) or one line."""
    return {r.kind: r for r in reqs if r.line_id == (line.pk if line else None)}


def attach(dossier, kind, line=None):
    return NominationDocument.objects.create(
        nomination=dossier, line=line, kind=kind, file="ho-so/x.pdf", original_name="x.pdf", file_kind="pdf", size=1
    )


@pytest.fixture
def an(province, make_person):
    return make_person(province.hospital)


def test_emulation_title_for_a_person_needs_report_review_minutes_and_initiative_confirmation(
    province, an, make_nomination, make_line
):
    dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    line = make_line(dossier, an, "CSTDCS")
    reqs = required_documents(dossier)
    general = by_kind(reqs)
    assert set(general) == {DocKind.SUBMISSION, DocKind.REVIEW_MINUTES}
    assert general[DocKind.REVIEW_MINUTES].citation == "Luật Thi đua, khen thưởng 2022, Điều 84, khoản 1, điểm c"
    assert not general[DocKind.REVIEW_MINUTES].unverified
    own = by_kind(reqs, line)
    assert set(own) == {DocKind.ACHIEVEMENT_REPORT, DocKind.INITIATIVE_CONFIRMATION}
    report = own[DocKind.ACHIEVEMENT_REPORT]
    assert (report.template, report.unverified) == ("Mẫu số 04", True)
    assert report.label == "Báo cáo thành tích đề nghị khen thưởng công trạng cho cá nhân"
    confirmation = own[DocKind.INITIATIVE_CONFIRMATION]
    assert (confirmation.template, confirmation.unverified) == ("Mẫu số 13", True)
    assert confirmation.citation.endswith("Điều 84, khoản 1, điểm d")
    assert not any(r.satisfied for r in reqs)


def test_lao_dong_tien_tien_needs_no_initiative_confirmation(province, an, make_nomination, make_line):
    dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    line = make_line(dossier, an, "LDTT")
    assert DocKind.INITIATIVE_CONFIRMATION not in by_kind(required_documents(dossier), line)


@pytest.mark.parametrize("code", ["CSTD_TINH", "CSTD_TQ"])
def test_higher_emulation_fighters_need_initiative_confirmation(province, an, make_nomination, make_line, code):
    authority = Authority.PROVINCE_CHAIR if code == "CSTD_TINH" else Authority.STATE
    dossier = make_nomination(province.hospital, authority=authority)
    line = make_line(dossier, an, code)
    assert DocKind.INITIATIVE_CONFIRMATION in by_kind(required_documents(dossier), line)


def test_collective_merit_report_and_council_minutes_for_a_provincial_form(province, make_nomination, make_line):
    dossier = make_nomination(province.health, authority=Authority.PROVINCE_CHAIR)
    line = make_line(dossier, province.hospital, "BK_TINH_TT")
    reqs = required_documents(dossier)
    assert by_kind(reqs, line)[DocKind.ACHIEVEMENT_REPORT].template == "Mẫu số 03"
    general = by_kind(reqs)
    assert set(general) == {DocKind.SUBMISSION, DocKind.COUNCIL_MINUTES}  # a form, not a title
    assert general[DocKind.COUNCIL_MINUTES].unverified


def test_unit_heads_certificate_needs_no_council_minutes(province, an, make_nomination, make_line):
    dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    make_line(dossier, an, "GK")
    assert set(by_kind(required_documents(dossier))) == {DocKind.SUBMISSION}


@pytest.mark.parametrize(
    ("basis", "code", "collective", "template"),
    [
        (Basis.DOT_XUAT, "BK_TINH", False, "Mẫu số 05"),
        (Basis.CONG_HIEN, "KNC_TINH", False, "Mẫu số 06"),
        (Basis.PHONG_TRAO, "BK_TINH", False, "Mẫu số 07"),
        (Basis.DOI_NGOAI, "BK_TINH_TT", True, "Mẫu số 10"),
        (Basis.DOI_NGOAI, "BK_TINH", False, "Mẫu số 11"),
        (Basis.CONG_TRANG, "CO_CP", True, "Mẫu số 01"),
        (Basis.CONG_TRANG, "CSTD_TQ", False, "Mẫu số 02"),
    ],
)
def test_report_template_follows_basis_and_subject(
    province, an, make_nomination, make_line, basis, code, collective, template
):
    dossier = make_nomination(province.health, authority=Authority.PROVINCE_CHAIR, basis=basis)
    line = make_line(dossier, province.hospital if collective else an, code)
    report = by_kind(required_documents(dossier), line)[DocKind.ACHIEVEMENT_REPORT]
    assert report.template == template and report.unverified


def test_simplified_procedure_needs_submission_and_short_summary_only(province, an, make_nomination, make_line):
    dossier = make_nomination(
        province.hospital,
        authority=Authority.PROVINCE_CHAIR,
        basis=Basis.DOT_XUAT,
        simplified=True,
        simplified_ground=SimplifiedGround.EXCEPTIONAL,
    )
    first = make_line(dossier, an, "BK_TINH")
    second = make_line(dossier, province.hospital, "BK_TINH_TT")
    reqs = required_documents(dossier)
    assert [(r.kind, r.line_id) for r in reqs] == [
        (DocKind.SUBMISSION, None),
        (DocKind.SUMMARY_REPORT, first.pk),
        (DocKind.SUMMARY_REPORT, second.pk),
    ]
    assert all(r.citation.startswith("Luật Thi đua, khen thưởng 2022, Điều 85") and not r.unverified for r in reqs)


def test_line_document_satisfies_only_its_line_and_dossier_document_any_line(
    province, make_person, make_nomination, make_line
):
    dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    first = make_line(dossier, make_person(province.hospital), "CSTDCS")
    second = make_line(dossier, make_person(province.hospital, full_name="Trần Thị Bích"), "CSTDCS")
    attach(dossier, DocKind.ACHIEVEMENT_REPORT, first)
    attach(dossier, DocKind.REVIEW_MINUTES, second)  # a dossier-level kind attached to a line still counts
    reqs = required_documents(dossier)
    assert by_kind(reqs, first)[DocKind.ACHIEVEMENT_REPORT].satisfied
    assert not by_kind(reqs, second)[DocKind.ACHIEVEMENT_REPORT].satisfied
    assert by_kind(reqs)[DocKind.REVIEW_MINUTES].satisfied
    assert not by_kind(reqs)[DocKind.SUBMISSION].satisfied


def test_dossier_level_document_does_not_satisfy_a_line(province, an, make_nomination, make_line):
    dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    line = make_line(dossier, an, "CSTDCS")
    attach(dossier, DocKind.INITIATIVE_CONFIRMATION)  # not attached to the line
    assert not by_kind(required_documents(dossier), line)[DocKind.INITIATIVE_CONFIRMATION].satisfied


def test_given_lines_and_documents_are_used_without_queries(
    province, an, make_nomination, make_line, django_assert_num_queries
):
    dossier = make_nomination(province.hospital, authority=Authority.UNIT_HEAD)
    make_line(dossier, an, "CSTDCS")
    lines = list(dossier.lines.select_related("award_type"))
    documents = [attach(dossier, DocKind.SUBMISSION)]
    with django_assert_num_queries(0):
        reqs = required_documents(dossier, lines=lines, documents=documents)
    assert by_kind(reqs)[DocKind.SUBMISSION].satisfied
