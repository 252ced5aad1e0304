"""Rule pages: the rule reference, and the what-if page where a clinic admin tries a rule change first."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from ..models import Rule
from ..rules.engine import ScreeningResult
from ..rules.forms import RuleForm, WhatIfForm
from ..rules.loader import TreatmentRef, intake_load, rule_spec, screening_context, snapshot_of
from ..rules.reference import kind_entries, rule_entries
from ..services.screening import rescreen_all
from .clients import StaffView


class RuleReferenceView(StaffView, TemplateView):
    """Every rule (in force, disabled and retired) and every rule kind, as docs/rules.md lists them."""

    permission_required = "intake.view_rule"
    template_name = "rules/reference.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rules=rule_entries(), kinds=kind_entries(), **kwargs)


class RescreenView(StaffView, View):
    """A clinic admin re-screens every client and upcoming appointment after changing a rule."""

    permission_required = "intake.change_rule"
    http_method_names = ["post"]

    def post(self, request):
        summary = rescreen_all(by=request.user)
        messages.success(
            request,
            _(
                "Re-screened %(clients)s clients: %(opened)s flags opened, %(resolved)s resolved; "
                "%(appointments)s upcoming appointments screened again."
            )
            % vars(summary),
        )
        return redirect("rules:reference")


@dataclass(frozen=True)
class Comparison:
    """One treatment screened under the rules in force and under the changed rule set."""

    treatment: TreatmentRef
    before: ScreeningResult
    after: ScreeningResult

    @property
    def changed(self) -> bool:
        """Whether the change makes any difference for this treatment."""
        return self.before.as_dict() != self.after.as_dict()

    @property
    def before_after(self) -> list[tuple[str, ScreeningResult]]:
        """Both results, labelled, for showing side by side."""
        return [(_("Rules in force"), self.before), (_("With your change"), self.after)]

    @property
    def new_codes(self) -> list[str]:
        """Codes of findings that are new, or say something different, after the change."""
        before = {finding.code: finding for finding in self.before.findings}
        return [finding.code for finding in self.after.findings if before.get(finding.code) != finding]

    @property
    def gone(self) -> list:
        """Findings the change removes."""
        after = {finding.code for finding in self.after.findings}
        return [finding for finding in self.before.findings if finding.code not in after]


class RuleWhatIfView(StaffView, View):
    """Try an unsaved rule, or a change to a rule, on one client before saving it in the admin.

    GET picks the client, date and rule to start from; POST screens and saves nothing.
    """

    permission_required = "intake.change_rule"
    template_name = "rules/what_if.html"

    def get(self, request):
        choice = WhatIfForm(initial=request.GET.dict())
        base = self.base_rule(request.GET.get("rule"))
        return self.render(choice, RuleForm(instance=base), base)

    def post(self, request):
        base = self.base_rule(request.POST.get("rule"))
        choice, rule_form = WhatIfForm(request.POST), RuleForm(request.POST, instance=base)
        comparisons = None
        if choice.is_valid() and rule_form.is_valid():
            comparisons = self.compare(choice.cleaned_data, rule_form)
        return self.render(choice, rule_form, base, comparisons)

    def base_rule(self, code: str | None) -> Rule:
        """A fresh copy of the rule to change (never saved here), or a new blank rule."""
        rule = Rule.objects.filter(code=code, retired_at__isnull=True).first() if code else None
        return rule or Rule()

    def compare(self, choice: dict, rule_form: RuleForm) -> list[Comparison]:
        """Screen the client for every active treatment under the rules in force and under the change."""
        context = screening_context()
        client = choice["client"]
        snapshot = snapshot_of(client, intake_load(client))
        rule = rule_form.instance
        changed = context.rules.with_rule(
            rule_spec(rule, rule_form.cleaned_data["treatments"]), enabled=rule.enabled
        )
        before = context.screen_treatments(snapshot, on=choice["date"])
        after = context.screen_treatments(snapshot, on=choice["date"], rules=changed)
        return [
            Comparison(treatment, result, changed_result)
            for (treatment, result), (_treatment, changed_result) in zip(before, after, strict=True)
        ]

    def render(self, choice, rule_form, base, comparisons=None):
        return render(
            self.request,
            self.template_name,
            {"choice": choice, "rule_form": rule_form, "base": base, "comparisons": comparisons},
        )
