"""Fixtures shared by the decisions tests (each area may add its own; keep these generic).

- The dossier builders of the nominations tests: make_nomination, make_line, make_person,
  hospital_officer.
- `issuing`: the province (root) and Sở Y tế declared as issuing bodies ("UBND", "SYT"), with the
  provincial chairman (`issuing.chair`, a leader's account, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH") and a
  vice-chairman (`issuing.vice`, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") as signers of the province, and the
  director of Sở Y tế (`issuing.director`) as its signer.
- `ready_line(subject, code, authority=…, year=2025)`: a dossier line ready for a decision: the
  dossier appraised, the line accepted and (for the chairman and the State) passed by the council.
"""

from __future__ import annotations

import pytest

from thidua.nominations.tests.conftest import (  # noqa: F401  (fixtures re-exported)
    hospital_officer,
    make_line,
    make_nomination,
    make_person,
)


@pytest.fixture
def issuing(province, leader):
    from conftest import _user
    from thidua.accounts.models import Role
    from thidua.decisions.models import IssuingBody, Signer

    ubnd = IssuingBody.objects.create(
        unit=province.root,
        symbol="UBND",
        header_parent="Ủy ban nhân dân",
        header_name="Tỉnh Hòa Giang",
        place="Hòa Giang",
    )
    syt = IssuingBody.objects.create(
        unit=province.health, symbol="SYT", header_parent="UBND tỉnh Hòa Giang", header_name="Sở Y tế"
    )
    vice_user = _user("pct.tinh", Role.LEADER, province.root, full_name="Đặng Văn Phó")
    director_user = _user("gd.syt", Role.LEADER, province.health, full_name="Vũ Thị Giám")
    chair = Signer.objects.create(
        body=ubnd,
        user=leader,
        full_name="Nguyễn Văn Chủ",
        title="Chủ tịch",
        sign_lines="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    )
    vice = Signer.objects.create(
        body=ubnd,
        user=vice_user,
        full_name="Đặng Văn Phó",
        title="Phó Chủ tịch",
        sign_lines="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    )
    director = Signer.objects.create(
        body=syt, user=director_user, full_name="Vũ Thị Giám", title="Giám đốc", sign_lines="GIÁM ĐỐC"
    )
    return type("Issuing", (), dict(ubnd=ubnd, syt=syt, chair=chair, vice=vice, director=director))


@pytest.fixture
def ready_line(province, make_nomination, make_line):  # noqa: F811
    """ready_line(subject, code, authority=PROVINCE_CHAIR, year=2025, unit=hospital, nomination=None, **line fields)."""
    from thidua.nominations.models import Appraisal, Authority, Outcome, State

    def make(subject, code, *, authority=Authority.PROVINCE_CHAIR, year=2025, unit=None, nomination=None, **kw):
        if nomination is None:
            nomination = make_nomination(unit or province.hospital, authority=authority, year=year)
            nomination.state = State.APPRAISED
            nomination.save()
        passed = nomination.authority != Authority.UNIT_HEAD
        kw.setdefault("appraisal", Appraisal.ACCEPTED)
        kw.setdefault("outcome", Outcome.PASSED if passed else Outcome.PENDING)
        return make_line(nomination, subject, code, **kw)

    return make
