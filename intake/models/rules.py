"""Contraindication rules as data, the flags screening leaves on clients, and the rule set version stamp."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules import registry
from ..rules.findings import Level
from .catalogue import Intensity, Method, Treatment
from .client import Client
from .history import HistoricalRecords
from .intake import Intake

__all__ = ["Flag", "FlagStatus", "Rule", "RuleSetVersion", "SiteScope"]

LEVELS = Level.choices()
PLACEHOLDER_ERROR = _(
    "Braces must name a parameter, as in {within_days}; {{ and }} write a brace (%(error)s)."
)


class SiteScope(models.TextChoices):
    """Where a rule looks: only at the booked treatment's site, or at every site."""

    SITE = "site", _("the treatment's site")
    ANY = "any", _("any site")


class Rule(models.Model):
    """A contraindication rule: a registered kind, its parameters, level and wording; the code is forever."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*\Z",
                _("Use capital letters, digits and single hyphens, e.g. ECZ-ACTIVE."),
            )
        ],
        error_messages={
            "unique": _("This code is taken, perhaps by a retired rule: rule codes are never reused.")
        },
        help_text=_("Stable and never reused: findings, flags and the rule reference cite it."),
    )
    kind = models.CharField(
        _("kind"), max_length=50, help_text=_("What the rule checks; see the rule reference.")
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=LEVELS)
    treatments = models.ManyToManyField(
        Treatment,
        blank=True,
        related_name="+",
        verbose_name=_("treatments"),
        help_text=_("The treatments the rule applies to; none selected means every treatment."),
    )
    site_scope = models.CharField(
        _("site scope"), max_length=4, choices=SiteScope.choices, default=SiteScope.SITE
    )
    message = models.CharField(
        _("message"), max_length=200, help_text=_("What staff are told; {name} cites the parameter `name`.")
    )
    hint = models.CharField(
        _("hint"),
        max_length=300,
        blank=True,
        help_text=_("What to do about it; {name} cites a parameter too."),
    )
    max_intensity = models.ForeignKey(
        Intensity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intensity cap"),
        help_text=_("When the rule applies, book at this intensity or milder."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[treatments])

    class Meta:
        ordering = ["code"]
        verbose_name = _("rule")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=[slug for slug, _label in LEVELS]), name="rule_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(site_scope__in=SiteScope.values), name="rule_site_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.message}"

    def clean(self):
        """Refuse an unknown kind, parameters that break the kind's schema, and unknown catalogue codes."""
        try:
            kind = registry.get(self.kind)
        except registry.UnknownKind:
            raise ValidationError(
                {"kind": _("Unknown rule kind “%(kind)s”.") % {"kind": self.kind}}
            ) from None
        errors = {}
        try:
            kind.validate(self.params)
        except registry.InvalidParams as error:
            errors["params"] = [f"{error.field or _('parameters')}: {error.message}"]
        if isinstance(self.params, dict):
            errors["params"] = errors.get("params", []) + unknown_catalogue_codes(kind, self.params)
            for name in ("message", "hint"):
                try:
                    getattr(self, name).format_map(self.params)
                except (KeyError, IndexError, ValueError, AttributeError) as error:
                    errors[name] = PLACEHOLDER_ERROR % {"error": error}
        errors = {name: messages for name, messages in errors.items() if messages}
        if errors:
            raise ValidationError(errors)

    @property
    def retired(self) -> bool:
        """Whether the rule was retired: it no longer screens, and its code stays documented and taken."""
        return self.retired_at is not None


def unknown_catalogue_codes(kind: registry.Kind, params: dict) -> list[str]:
    """A message for every code in the parameters that is not in its catalogue."""
    # Imported here: the document module imports the models package this module belongs to.
    from ..documents import catalogue_codes

    wanted = kind.catalogue_params()
    if not wanted:
        return []
    known = {**catalogue_codes(), "methods": set(Method.objects.values_list("code", flat=True))}
    return [
        _("%(param)s: unknown %(catalogue)s code “%(code)s”")
        % {"param": name, "catalogue": catalogue, "code": code}
        for name, catalogue in wanted.items()
        if isinstance(params.get(name), list)
        for code in params[name]
        if isinstance(code, str) and code not in known[catalogue]
    ]


class FlagStatus(models.TextChoices):
    """Where a flag stands: open, acknowledged by a practitioner, or resolved (e.g. by a newer intake)."""

    OPEN = "open", _("open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    RESOLVED = "resolved", _("resolved")


class Flag(models.Model):
    """A finding stored against a client's intake version, for staff to see and acknowledge until resolved."""

    Status = FlagStatus

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="flags", verbose_name=_("client")
    )
    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="flags", verbose_name=_("intake")
    )
    treatment = models.ForeignKey(
        Treatment, on_delete=models.PROTECT, related_name="+", verbose_name=_("treatment")
    )
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="flags", verbose_name=_("rule"))
    level = models.CharField(_("level"), max_length=16, choices=LEVELS)
    message = models.CharField(_("message"), max_length=200)
    hint = models.CharField(_("hint"), max_length=300, blank=True)
    evidence = models.TextField(_("evidence"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["client", "treatment", "rule__code"]
        verbose_name = _("flag")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "treatment", "rule"],
                condition=~Q(status=FlagStatus.RESOLVED),
                name="flag_one_unresolved_per_rule",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[slug for slug, _label in LEVELS]), name="flag_level_valid"
            ),
            models.CheckConstraint(condition=Q(status__in=FlagStatus.values), name="flag_status_valid"),
        ]
        indexes = [models.Index(fields=["client", "status"], name="flag_client_status_idx")]

    def __str__(self) -> str:
        return f"{self.rule.code} ({self.get_level_display()}) — {self.client}"


class RuleSetVersion(models.Model):
    """The rule set's version stamp: a new token on every rule change makes every process reload its rules."""

    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("rule set version")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="rule_set_version_single_row")]

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M})"
