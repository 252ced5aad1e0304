"""What-if screening of an intake document from the command line; saves nothing."""

import argparse
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from intake.documents import DocumentError, validate_document
from intake.models import Method
from intake.rules.engine import ScreeningResult, screen
from intake.rules.findings import format_date
from intake.rules.loader import screening_context
from intake.rules.snapshot import snapshot_from_document

BAD_INPUT = 2  # the exit status for a bad document or argument, per the intake-document contract


def iso_date(value: str) -> datetime.date:
    """An argument given as YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Screen DOCUMENT (an intake document, JSON) for a treatment on an appointment date against the "
        "rules in force. Saves nothing. Exits 0 when screened, 2 for a bad document or argument."
    )

    def add_arguments(self, parser):
        parser.add_argument("document", help="path of the JSON document, or - for standard input")
        parser.add_argument("--treatment", required=True, help="treatment code, e.g. microdermabrasion-face")
        parser.add_argument("--date", required=True, type=iso_date, help="appointment date, YYYY-MM-DD")
        parser.add_argument("--method", help="method code, e.g. crystal or diamond-tip")
        parser.add_argument("--intensity", help="intensity code, e.g. gentle, standard or intense")
        parser.add_argument("--format", choices=["json", "text"], default="text", dest="output_format")

    def handle(self, *args, document, treatment, date, method, intensity, output_format, **options):
        data = read_document(document)
        try:
            validate_document(data)
        except DocumentError as error:
            raise CommandError(
                f"{document}: {error.field or 'document'}: {error.message}", returncode=BAD_INPUT
            ) from error
        context = screening_context()
        booked = context.treatment(treatment)
        if booked is None:
            raise bad_argument("--treatment", f"no active treatment has the code “{treatment}”")
        if method is not None and not Method.objects.filter(code=method).exists():
            raise bad_argument("--method", f"unknown method code “{method}”")
        if intensity is not None and intensity not in context.rules.intensities:
            raise bad_argument("--intensity", f"unknown intensity code “{intensity}”")
        result = screen(
            snapshot_from_document(data),
            treatment=booked.code,
            site=booked.site,
            date=date,
            rules=context.rules,
            method=method,
            intensity=intensity,
        )
        if output_format == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(as_text(result, booked.name))


def bad_argument(name: str, message: str) -> CommandError:
    """The error for a bad argument, naming it."""
    return CommandError(f"{name}: {message}", returncode=BAD_INPUT)


def read_document(path: str) -> object:
    """The JSON in the file at `path` (or standard input for "-")."""
    try:
        with open(0 if path == "-" else path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise CommandError(
            f"{path}: cannot read the document: {error.strerror}", returncode=BAD_INPUT
        ) from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: not valid JSON: {error}", returncode=BAD_INPUT) from error


def as_text(result: ScreeningResult, treatment_name: str) -> str:
    """The result for people: the outcome, then each finding with its evidence and hint."""
    cap = f"; intensity at most {result.max_intensity}" if result.max_intensity else ""
    lines = [f"{treatment_name} on {format_date(result.date)}: {result.outcome.upper()}{cap}"]
    for finding in result.findings:
        lines.append(
            f"  {finding.level.slug:<15} {finding.code}: {finding.message} — {finding.evidence_text}"
        )
        if finding.hint:
            lines.append(f"  {'':<15} {finding.hint}")
    return "\n".join(lines)
