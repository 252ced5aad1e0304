"""Re-screen every client after a rule change: their flags, and their upcoming appointments."""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q
from tqdm import tqdm

from intake.management.commands.screen import iso_date
from intake.models import Appointment, AppointmentStatus, Client, Intake
from intake.services.booking import client_appointments_rescreen
from intake.services.screening import flags_refresh


class Command(BaseCommand):
    help = (
        "Screen every client against the rules in force: refresh the flags of their current intake and "
        "screen their upcoming appointments again. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=iso_date, help="flag as of this date, YYYY-MM-DD (default: today)")

    def handle(self, *args, date, verbosity, **options):
        clients = Client.objects.filter(
            Q(Exists(Intake.objects.filter(client=OuterRef("pk"), is_current=True)))
            | Q(
                Exists(
                    Appointment.objects.filter(client=OuterRef("pk"), status__in=AppointmentStatus.upcoming())
                )
            )
        )
        total, opened, resolved, appointments = clients.count(), 0, 0, 0
        for client in tqdm(clients.iterator(), total=total, unit="client", disable=verbosity == 0):
            changes = flags_refresh(client=client, by=None, on=date)
            opened += changes.opened
            resolved += changes.resolved
            appointments += client_appointments_rescreen(client=client, by=None)
        self.stdout.write(
            f"Re-screened {total} clients: {opened} flags opened, {resolved} resolved; "
            f"{appointments} upcoming appointments screened again."
        )
