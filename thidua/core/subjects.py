"""A subject is a person, a collective (unit) or a household; facts and awards speak of subjects."""

from django.db import models


class SubjectKind(models.TextChoices):
    PERSON = "PERSON", "Cá nhân"
    UNIT = "UNIT", "Tập thể"
    HOUSEHOLD = "HOUSEHOLD", "Hộ gia đình"


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
