"""Load the demo users and clients (safe to run again)."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.demo import seed_demo


class Command(BaseCommand):
    help = "Create one demo user per role and a dozen demo clients with varied histories."

    def handle(self, *args, **options):
        for line in seed_demo(timezone.localdate()):
            self.stdout.write(line)
