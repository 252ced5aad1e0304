"""Create a new intake version for a client from an intake-document JSON file."""
import json

from django.core.management.base import BaseCommand, CommandError

from intake.documents import DocumentError
from intake.models import Client, Intake
from intake.services.intakes import intake_submit


class Command(BaseCommand):
    help = "Store FILE (an intake document) as a new intake version of CLIENT_ID."

    def add_arguments(self, parser):
        parser.add_argument("client_id", type=int)
        parser.add_argument("file", help="path of the JSON document, or - for standard input")

    def handle(self, *args, client_id, file, **options):
        client = Client.objects.filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"No client with id {client_id}.")
        try:
            with open(0 if file == "-" else file, encoding="utf-8") as handle:
                document = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON: {error}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text.") from error
        except RecursionError as error:
            raise CommandError(f"{file} is nested too deeply to be an intake document.") from error
        try:
            intake = intake_submit(client=client, document=document, by=None, source=Intake.Source.IMPORT)
        except DocumentError as error:
            raise CommandError(f"Invalid intake document: {error}") from error
        self.stdout.write(f"Saved intake version {intake.version} for {client}.")
