"""The audit trail: one append-only, hash-chained log of every change to clinical data and every
view of a client's record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .client import Client

__all__ = ["AuditAction", "AuditChainHead", "AuditEntry"]


class AuditAction(models.TextChoices):
    """What an audit entry records."""

    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    ERASE = "erase", _("erased personal data")


class AuditEntry(models.Model):
    """One audited event, chained to the one before by a SHA-256 hash so that no entry can be
    changed, inserted or removed unnoticed (`manage.py verify_audit`).

    The chain covers a digest of the entry's content (record, page, changes) rather than the content
    itself, so a client's personal data can be erased on request without breaking the chain: the
    erasure is an entry of its own that names the entries it erased.

    The user and client are kept as plain ids (no database constraint, nothing cascades): the
    entry must stay exactly as written even when the user or the client is later removed.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("when (UTC)"), db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
        db_constraint=False,
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=AuditAction.choices)
    model = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    client = models.ForeignKey(
        Client,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client"),
        db_constraint=False,
    )
    page = models.CharField(_("page"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    content_digest = models.CharField(_("content digest"), max_length=64, editable=False, default="")
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["client", "at"], name="audit_client_idx"),
            models.Index(fields=["user", "at"], name="audit_user_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.model}"


class AuditChainHead(models.Model):
    """The last link of the chain; locking this one row puts concurrent writers in a line."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
