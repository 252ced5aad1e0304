"""The client: a person the clinic treats."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .history import HistoricalRecords

__all__ = ["Client"]


class Client(models.Model):
    """A person registered with the clinic; their history lives in intake versions."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts saves: two edits cannot overwrite each other."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("client")
        constraints = [
            models.UniqueConstraint(
                Lower("first_name"),
                Lower("last_name"),
                "date_of_birth",
                name="client_unique_name_dob",
                violation_error_message=_("A client with this name and date of birth is already registered."),
            ),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="client_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("intake:client_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        """First and last name, as staff address the client."""
        return self.name_from(self.first_name, self.last_name)

    @staticmethod
    def name_from(first_name: str, last_name: str) -> str:
        """The full name of a client read as values (the schedule's rows)."""
        return f"{first_name} {last_name}"
