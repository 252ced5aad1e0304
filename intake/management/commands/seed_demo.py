"""Load the demo users and clients (safe to run again); with --clients, synthetic clients at scale too."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from intake.demo import seed_demo
from intake.synthetic import seed_synthetic


class Command(BaseCommand):
    help = (
        "Create one demo user per role and a dozen demo clients with varied histories. With --clients N, "
        "also N synthetic clients with intakes, appointments and flags, in bulk (docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, help="also add this many synthetic clients (once)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed of the synthetic clients")
        parser.add_argument("--batch-size", type=int, default=500, help="synthetic clients per transaction")

    def handle(self, *args, clients, seed, batch_size, verbosity, **options):
        today = timezone.localdate()
        for line in seed_demo(today):
            self.stdout.write(line)
        if not clients:
            return
        started = time.perf_counter()
        with tqdm(total=clients, unit="client", disable=verbosity == 0) as bar:
            summary = seed_synthetic(
                clients=clients, seed=seed, today=today, batch_size=batch_size, advance=bar.update
            )
        if summary is None:
            self.stdout.write("Synthetic clients were seeded before: nothing added.")
            return
        self.stdout.write(
            f"Added {summary.clients} synthetic clients in {time.perf_counter() - started:.0f} s: "
            f"{summary.intakes} intake versions, {summary.appointments} appointments "
            f"({summary.upcoming} upcoming), {summary.refused} refused bookings, "
            f"{summary.flags} flags ({summary.open_flags} open), {summary.consents} signed consents."
        )
