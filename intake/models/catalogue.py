"""Catalogues: the coded vocabularies an intake and the rules speak (intake-document codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .history import HistoricalRecords

__all__ = ["BodySite", "Condition", "Intensity", "Medication", "Method", "Procedure", "Treatment"]


class CatalogueEntry(models.Model):
    """A coded entry an admin can add, rename or retire; the code is stable and never reused."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BodySite(CatalogueEntry):
    """A part of the body a condition affects or a treatment is given to (face, scalp, ...)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("body site")


class Condition(CatalogueEntry):
    """A skin, scalp or general condition a client may report (eczema, psoriasis, ...)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("condition")


class Medication(CatalogueEntry):
    """A medication or active product that matters for treatment safety (isotretinoin, ...)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("medication")


class Procedure(CatalogueEntry):
    """A procedure the client had recently (chemical peel, laser, waxing, hair colouring, ...)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("procedure")


class Method(CatalogueEntry):
    """A way a treatment is delivered (crystal, diamond-tip)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("method")


class Intensity(CatalogueEntry):
    """A treatment intensity; a lower rank is milder (gentle < standard < intense)."""

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True, help_text=_("1 is the mildest."))

    class Meta(CatalogueEntry.Meta):
        ordering = ["rank"]
        verbose_name = _("intensity")
        verbose_name_plural = _("intensities")


class Treatment(CatalogueEntry):
    """A treatment the clinic offers, given at one body site with a choice of methods."""

    site = models.ForeignKey(BodySite, on_delete=models.PROTECT, verbose_name=_("site"))
    methods = models.ManyToManyField(Method, blank=True, verbose_name=_("methods"))
    intensities = models.ManyToManyField(Intensity, blank=True, verbose_name=_("intensities"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    description = models.TextField(_("description"), blank=True)
    consultation_for = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("consultation for"),
        help_text=_("Set for a consultation: the treatment it prepares. Consultations have no rules."),
    )

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("treatment")
