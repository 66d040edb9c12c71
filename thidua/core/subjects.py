"""A subject is a person, a collective (unit) or a household; facts and awards speak of subjects."""

from django.db import models


class SubjectKind(models.TextChoices):
    PERSON = "PERSON", "Cá nhân"
    UNIT = "UNIT", "Tập thể"
    HOUSEHOLD = "HOUSEHOLD", "Hộ gia đình"


_KIND_BY_MODEL = {
    "people.person": SubjectKind.PERSON,
    "org.unit": SubjectKind.UNIT,
    "people.household": SubjectKind.HOUSEHOLD,
}


def subject_kind_of(subject) -> str | None:
    """PERSON / UNIT / HOUSEHOLD for a Person, Unit or Household instance; None for anything else."""
    meta = getattr(subject, "_meta", None)
    return _KIND_BY_MODEL.get(meta.label_lower) if meta is not None else None


class SubjectMixin(models.Model):
    """Exactly one of person / unit / household is set (checked by a database constraint)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="tập thể", null=True, blank=True, on_delete=models.PROTECT, related_name="%(class)ss"
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name="hộ gia đình",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )

    class Meta:
        abstract = True

    @classmethod
    def one_subject_constraint(cls, name):
        one = lambda field: models.Q(**{f"{f}__isnull": f != field for f in ("person", "unit", "household")})  # noqa: E731
        return models.CheckConstraint(condition=one("person") | one("unit") | one("household"), name=name)

    @property
    def subject(self):
        return self.person or self.unit or self.household

    @property
    def subject_kind(self) -> str:
        if self.person_id:
            return SubjectKind.PERSON
        if self.unit_id:
            return SubjectKind.UNIT
        return SubjectKind.HOUSEHOLD
