"""Write a client's record as a FHIR R4 Bundle (what GET /fhir/Patient/{id}/$everything answers)."""

import json

from django.core.management.base import BaseCommand, CommandError

from api.fhir.export import patient_everything
from intake.models import Client


class Command(BaseCommand):
    help = "Print CLIENT_ID's record as a FHIR R4 Bundle (JSON). Exits 2 for an unknown client."

    def add_arguments(self, parser):
        parser.add_argument("client_id", type=int, help="the client's id")
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000/fhir/",
            help="prefix of each entry's fullUrl: the FHIR base of the server the ids belong to",
        )

    def handle(self, *args, client_id, base_url, **options):
        client = Client.objects.filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"client_id: no client has the id {client_id}", returncode=2)
        bundle = patient_everything(client, base_url=base_url.rstrip("/") + "/")
        self.stdout.write(json.dumps(bundle, ensure_ascii=False, indent=2))
