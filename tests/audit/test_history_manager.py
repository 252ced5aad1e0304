"""Historical records through `intake.models.history`: one manager class for every access, and each row's
history is still its own."""

import pytest

from intake.models import Appointment, Client
from intake.services.intakes import client_update
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_every_access_to_a_models_history_uses_one_manager_class(client_record):
    assert type(client_record.history) is type(Client.objects.get(pk=client_record.pk).history)
    assert type(Client.history) is type(client_record.history)
    assert Appointment.history.model is not Client.history.model


def test_a_clients_history_lists_its_own_changes_newest_first(front_desk, client_record):
    other = ClientFactory(last_name="Other")
    client_update(client=client_record, by=front_desk, last_name="Haddad-Lee")
    names = [record.last_name for record in client_record.history.all()]
    assert names == ["Haddad-Lee", "Haddad"]
    assert [record.last_name for record in other.history.all()] == ["Other"]
