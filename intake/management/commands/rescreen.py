"""Re-screen every client after a rule change: their flags, and their upcoming appointments."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from intake.management.commands.screen import iso_date
from intake.services.screening import rescreen_all


class Command(BaseCommand):
    help = (
        "Screen every client against the rules in force: refresh the flags of their current intake and "
        "screen their upcoming appointments again. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=iso_date, help="flag as of this date, YYYY-MM-DD (default: today)")

    def handle(self, *args, date, verbosity, **options):
        summary = rescreen_all(
            by=None,
            on=date,
            progress=lambda clients, total: tqdm(clients, total=total, unit="client", disable=verbosity == 0),
        )
        self.stdout.write(
            f"Re-screened {summary.clients} clients: {summary.opened} flags opened, "
            f"{summary.resolved} resolved; {summary.appointments} upcoming appointments screened again."
        )
