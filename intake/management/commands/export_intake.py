"""Print a client's current intake as the intake-document JSON."""
import json

from django.core.management.base import BaseCommand, CommandError

from intake.documents import intake_to_document, validate_document
from intake.models import Client
from intake.selectors import client_current_intake


class Command(BaseCommand):
    help = "Print CLIENT_ID's current intake as an intake document (JSON), validated against the schema."

    def add_arguments(self, parser):
        parser.add_argument("client_id", type=int)

    def handle(self, *args, client_id, **options):
        client = Client.objects.filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"No client with id {client_id}.")
        intake = client_current_intake(client)
        if intake is None:
            raise CommandError(f"{client} has no intake on file.")
        document = intake_to_document(intake)
        validate_document(document)
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
