"""factory_boy factories and intake-document builders shared by the tests."""
import datetime

import factory
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from intake.models import Appointment, Client, Treatment


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; pass `role="Front desk"` (or another group name) to give them a role."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pass-word-1")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.is_staff = extracted == "Clinic admin"
            self.save()


class ClientFactory(factory.django.DjangoModelFactory):
    """A registered client."""

    class Meta:
        model = Client

    first_name = factory.Faker("first_name")
    last_name = factory.Sequence(lambda n: f"Client{n}")
    date_of_birth = datetime.date(1990, 4, 1)
    phone = factory.Sequence(lambda n: f"07700 9{n:05d}")
    email = factory.LazyAttribute(lambda client: f"{client.last_name.lower()}@example.com")


# The smallest file a PDF reader opens: the letter a dermatologist sends, for upload tests.
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def letter(name: str = "clearance.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    """An uploaded clearance letter (a PDF unless told otherwise)."""
    return SimpleUploadedFile(name, content)


def document(client: Client | None = None, intake_date: str = "2026-11-20", **sections) -> dict:
    """A minimal valid intake document, with any sections given as keyword arguments."""
    born = client.date_of_birth.isoformat() if client else "1990-04-01"
    return {"intake_date": intake_date, "client": {"date_of_birth": born}, **sections}


def appointment_stored(
    client, practitioner, start, *, treatment="microdermabrasion-face", status="booked", **fields
):
    """An hour's appointment of the client for the treatment (by code), stored as it is, without
    screening."""
    treatment = Treatment.objects.get(code=treatment)
    return Appointment.objects.create(
        client=client,
        treatment=treatment,
        site=treatment.site,
        practitioner=practitioner,
        start=start,
        end=start + datetime.timedelta(hours=1),
        status=status,
        **fields,
    )
