"""Print (or write to docs/rules.md) the rule reference generated from the rules in the database."""

from django.conf import settings
from django.core.management.base import BaseCommand

from intake.rules.reference import kind_entries, reference_markdown, rule_entries

REFERENCE_PATH = settings.BASE_DIR / "docs" / "rules.md"


class Command(BaseCommand):
    help = "Print the rule reference (every rule, retired ones included, and every rule kind) as Markdown."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="write docs/rules.md instead of printing")

    def handle(self, *args, write, **options):
        text = reference_markdown(rule_entries(), kind_entries())
        if write:
            REFERENCE_PATH.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {REFERENCE_PATH.relative_to(settings.BASE_DIR)}.")
        else:
            self.stdout.write(text, ending="")
