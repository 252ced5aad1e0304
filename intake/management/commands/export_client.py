"""Write everything held about a client as JSON (for an access request)."""

import json

from django.core.management.base import BaseCommand, CommandError

from intake.models import Client
from intake.services.lifecycle import client_export


class Command(BaseCommand):
    help = "Print CLIENT_ID's full record (intakes, consents, flags, appointments, audit trail) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("client_id", type=int)
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, client_id, output, **options):
        client = Client.objects.filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"No client with id {client_id}.")
        text = json.dumps(client_export(client), indent=2, ensure_ascii=False, default=str)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"Wrote the record of client {client_id} to {output}.")
        else:
            self.stdout.write(text)
