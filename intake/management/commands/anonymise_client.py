"""Erase a client's personal data, keeping the clinical statistics and the audit chain."""

from django.core.management.base import BaseCommand, CommandError

from intake.models import Client
from intake.services.lifecycle import client_anonymise


class Command(BaseCommand):
    help = (
        "Erase CLIENT_ID's personal data (name, contact details, free text, signatures; date of birth "
        "kept as the year only) everywhere, history and audit trail included. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("client_id", type=int)
        parser.add_argument("--reason", required=True, help="why, e.g. the erasure request's reference")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, client_id, reason, yes, **options):
        client = Client.objects.filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"No client with id {client_id}.")
        if (
            not yes
            and input(f"Erase the personal data of {client}? This cannot be undone. [y/N] ").lower() != "y"
        ):
            raise CommandError("Nothing was erased.")
        erased = client_anonymise(client=client, by=None, reason=reason)
        self.stdout.write(f"Client {client_id} anonymised; {erased} audit entries erased, the chain intact.")
