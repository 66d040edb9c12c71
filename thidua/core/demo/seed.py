"""Orchestrates one demo load: units → people → facts → users, in one transaction."""

import datetime as dt
import random
import time

from django.conf import settings
from django.db import transaction

from thidua.catalog.models import AwardType, BaseSalary
from thidua.core.demo import facts, geography, people
from thidua.core.demo.clusters import seed_clusters
from thidua.core.demo.council import seed_council
from thidua.core.demo.movements import seed_movements
from thidua.core.demo.nominations import seed_nominations
from thidua.core.demo.users import create_demo_users
from thidua.core.demo.writer import Writer
from thidua.core.text import fold_vi
from thidua.decisions.models import Award, Decision
from thidua.org.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from thidua.people.models import AnnualRating, Discipline, Embargo, Employment, Initiative, Person

# size -> (provinces, people in total)
SIZES = {"tiny": (1, 200), "province": (1, 30_000), "national": (34, 1_020_000)}
# Demo rows are stamped with a fixed time, not the clock, so two runs produce the same data.
CREATED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class CatalogueMissing(Exception):
    pass


def root_name(province_name: str) -> str:
    return f"Ủy ban nhân dân {province_name[0].lower()}{province_name[1:]}"


def home_root_exists() -> bool:
    return Unit.objects.filter(parent__isnull=True, kind=UnitKind.PROVINCE, name=root_name(province_name())).exists()


def province_name() -> str:
    return getattr(settings, "PROVINCE_NAME", "") or "Tỉnh Hòa Giang"


def province_prefix(name: str) -> str:
    words = fold_vi(name.removeprefix("Tỉnh ")).upper().split()
    return "".join(w[0] for w in words) or "T"


def load_money() -> facts.Money:
    types = {
        a.code: (a.id, a.coefficient_individual, a.coefficient_collective)
        for a in AwardType.objects.filter(code__in=facts.REQUIRED_CODES)
    }
    missing = [code for code in facts.REQUIRED_CODES if code not in types]
    if missing:
        raise CatalogueMissing(
            "Danh mục khen thưởng chưa có các mã: " + ", ".join(missing) + ". Hãy chạy `manage.py migrate` trước."
        )
    salaries = list(BaseSalary.objects.values_list("valid_from", "amount"))
    return facts.Money(types, salaries)


def seed(*, size: str, seed: int = 2026, total_people: int | None = None, log=print) -> dict:
    """Load the demo; returns row counts per model and the elapsed seconds."""
    started = time.perf_counter()
    n_provinces, default_people = SIZES[size]
    total = default_people if total_people is None else total_people
    money = load_money()
    home = province_name()
    others = geography.place_names(random.Random(f"{seed}:provinces"), n_provinces - 1, taken=[home])
    names = [home, *[f"Tỉnh {place}" for place in others]]
    cccd = people.CccdIssuer()
    with transaction.atomic():
        writer = Writer()
        unit_t = writer.table(Unit, geography.UNIT_FIELDS)
        succ_t = writer.table(
            UnitSuccession,
            ["kind", "predecessor", "successor", "date", "document_number", "document_date", "document_issuer"]
            + ["note", "created_at"],
        )
        person_t = writer.table(Person, people.PERSON_FIELDS)
        employment_t = writer.table(Employment, people.EMPLOYMENT_FIELDS)
        tables = {
            "decision": writer.table(
                Decision,
                ["number", "date", "issuer", "issuer_name", "signer_name", "signer_title", "summary", "back_entered"]
                + ["kind", "state", "total_amount", "version", "year_of_sequence"],
            ),
            "award": writer.table(
                Award,
                ["decision", "award_type", "year", "basis", "subject_name", "subject_position", "subject_unit_name"]
                + ["amount", "revoked", "person", "unit", "household"],
            ),
            "rating": writer.table(AnnualRating, ["person", "unit", "household", "year", "grade", "note"]),
            "initiative": writer.table(
                Initiative, ["person", "title", "scope", "recognising_body", "year", "is_science_work"]
            ),
            "discipline": writer.table(
                Discipline,
                ["person", "unit", "household", "level", "start_date", "end_date", "decision_number", "reason"],
            ),
            "embargo": writer.table(
                Embargo, ["person", "unit", "household", "reason", "start_date", "end_date", "note"]
            ),
        }
        home_prov = None
        per_province = max(1, total // n_provinces)
        for ordinal, name in enumerate(names):
            rng = random.Random(f"{seed}:{ordinal}")
            prefix = province_prefix(name) if ordinal == 0 else f"T{ordinal:02d}"
            prov = geography.build_province(rng, unit_t, name=name, prefix=prefix, size=size)
            for rec in prov.units:
                unit_t.add(geography.unit_row(rec))
            for old, new in prov.successions:
                succ_t.add(
                    (
                        succ_t.new_id(),
                        SuccessionKind.CONSOLIDATE,
                        old.id,
                        new.id,
                        geography.REFORM_DAY,
                        geography.REFORM_RESOLUTION,
                        geography.REFORM_RESOLUTION_DATE,
                        geography.REFORM_ISSUER,
                        f"Hợp nhất {old.name} vào {new.name} (dữ liệu minh họa).",
                        CREATED_AT,
                    )
                )
            count = per_province + (total - per_province * n_provinces if ordinal == 0 else 0)
            staff = list(people.generate_people(rng, prov.units, count, person_t, cccd))
            for p in staff:
                person_t.add(people.person_row(p, CREATED_AT))
                for row in people.employment_rows(p, employment_t):
                    employment_t.add(row)
            facts.FactsGenerator(rng, writer, prov, money, tables).run(staff)
            writer.flush()
            if ordinal == 0:
                home_prov = prov
            if n_provinces > 1:
                log(f"  {name}: {len(prov.units)} đơn vị, {len(staff)} cá nhân ({time.perf_counter() - started:.0f} s)")
            del staff
        writer.close()
        total_amounts()
        create_demo_users(home_prov)
        movement_stats = seed_movements(home_prov.root.id, year=2026, seed=seed) if home_prov else {}
        nomination_stats = seed_nominations(home_prov.root.id, year=2025) if home_prov else {}
        council_stats = seed_council(home_prov.root.id, year=2025) if home_prov else {}
        cluster_stats = seed_clusters(year=2026, seed=seed) if home_prov else {}
    stats = writer.counts()
    stats.update({f"movements.{k}": v for k, v in movement_stats.items()})
    stats["nominations.dossiers"] = nomination_stats.get("dossiers", 0)
    stats.update({f"council.{k}": v for k, v in council_stats.items()})
    stats.update({f"clusters.{k}": v for k, v in cluster_stats.items()})
    stats["seconds"] = round(time.perf_counter() - started, 1)
    return stats


def total_amounts():
    """Each generated decision's total: the sum of its awards' amounts (one statement)."""
    from django.db.models import OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    sums = (
        Award.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    Decision.objects.update(total_amount=Coalesce(Subquery(sums), 0))
