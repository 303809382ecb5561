"""An append-only journal of every write, export and login."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uommam.core.clock import now as clock_now


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    ARCHIVE = "archive", _("archived")
    RESTORE = "restore", _("restored")
    DELETE = "delete", _("deleted")
    TRANSITION = "transition", _("stage changed")
    IMPORT = "import", _("imported")
    EXPORT = "export", _("exported")
    GENERATE = "generate", _("document generated")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("login failed")
    GRANT = "grant", _("role granted")


class AuditEntry(models.Model):
    # A default rather than auto_now_add, so that a historical clock (the demo) can set it.
    at = models.DateTimeField(_("time"), default=clock_now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    model = models.CharField(_("record type"), max_length=60, db_index=True)
    object_pk = models.CharField(_("record id"), max_length=40, blank=True, db_index=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    # The organisation unit the record belongs to, as its tree path: lets the audit view be
    # scoped like everything else without this app depending on the organisation tree.
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_pk", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"
