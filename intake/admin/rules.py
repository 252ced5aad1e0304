"""Admin of the rules (checked against their kind, retired, never deleted) and of the flags (read-only)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from ..models import Flag, Rule
from ..rules.forms import RuleForm
from ..services.rules import rule_retire, rule_save


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    """Rules: saving one puts it in force in every process at its next screening; codes are never reused."""

    form = RuleForm
    list_display = [
        "code",
        "level",
        "kind",
        "message",
        "treatment_list",
        "site_scope",
        "enabled",
        "retired_at",
    ]
    list_filter = ["level", "enabled", "kind", "site_scope", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "message", "hint"]
    filter_horizontal = ["treatments"]
    actions = ["retire"]

    @admin.display(description=_("treatments"))
    def treatment_list(self, rule: Rule) -> str:
        return ", ".join(treatment.name for treatment in rule.treatments.all()) or _("all")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("treatments")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.retired)

    def has_delete_permission(self, request, obj=None):
        # A rule is retired, never deleted: its code stays documented and taken (see `retire`).
        return False

    def save_model(self, request, obj, form, change):
        # The admin then saves the treatments in the same transaction, before anyone sees the stamp.
        rule_save(rule=obj)
        messages.info(
            request,
            _(
                "The rule is in force in every process from the next screening; "
                "run “manage.py rescreen” to refresh the flags."
            ),
        )

    @admin.action(
        description=_("Retire the selected rules (their codes are never reused)"), permissions=["retire"]
    )
    def retire(self, request, queryset):
        rules = [rule for rule in queryset if not rule.retired]
        for rule in rules:
            rule_retire(rule=rule)
        self.message_user(
            request,
            ngettext("Retired %(count)d rule.", "Retired %(count)d rules.", len(rules))
            % {"count": len(rules)},
        )

    def has_retire_permission(self, request):
        return request.user.has_perm("intake.delete_rule")


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    """Flags screening raised on clients: a record, changed by screening and acknowledgements, not by hand."""

    list_display = ["client", "treatment", "rule", "level", "status", "intake", "created_at"]
    list_filter = ["level", "status", "treatment", "created_at"]
    search_fields = ["client__last_name", "client__first_name", "rule__code"]
    list_select_related = ["client", "treatment", "rule", "intake"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
