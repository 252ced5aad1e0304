"""Re-screen every client after a rule change and bring their flags in line (safe to run again)."""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from tqdm import tqdm

from intake.management.commands.screen import iso_date
from intake.models import Client, Intake
from intake.services.screening import flags_refresh


class Command(BaseCommand):
    help = (
        "Screen every client with an intake against the rules in force and refresh their flags. "
        "Idempotent: a second run changes nothing. (Upcoming appointments will be re-screened here too, "
        "once the app has appointments.)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=iso_date, help="screen as of this date, YYYY-MM-DD (default: today)"
        )

    def handle(self, *args, date, verbosity, **options):
        clients = Client.objects.filter(Exists(Intake.objects.filter(client=OuterRef("pk"), is_current=True)))
        total, opened, resolved = clients.count(), 0, 0
        for client in tqdm(clients.iterator(), total=total, unit="client", disable=verbosity == 0):
            changes = flags_refresh(client=client, by=None, on=date)
            opened += changes.opened
            resolved += changes.resolved
        self.stdout.write(f"Re-screened {total} clients: {opened} flags opened, {resolved} resolved.")
