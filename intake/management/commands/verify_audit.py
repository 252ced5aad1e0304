"""Check the audit trail's hash chain."""

from django.core.management.base import BaseCommand, CommandError

from intake.audit import audit_verify
from intake.models import AuditEntry


class Command(BaseCommand):
    help = "Report any audit entry that was changed, inserted or removed; exit 1 if the chain is broken."

    def handle(self, *args, **options):
        problems = list(audit_verify())
        for problem in problems:
            self.stdout.write(f"#{problem.seq}: {problem.problem}")
        if problems:
            raise CommandError(f"The audit trail is broken in {len(problems)} place(s).")
        self.stdout.write(f"The audit trail is intact: {AuditEntry.objects.count()} entries verified.")
