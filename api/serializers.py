"""What the REST API reads and writes. Input is checked here with the pages' own forms and the document
module; nothing is saved here: the views hand checked input to the intake app's services."""

from functools import partial

from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.settings import api_settings

from clinic.compiled import CompiledRead
from clinic.converters import MAX_ID
from intake.documents import DocumentError, validate_document
from intake.forms.booking import BookingForm
from intake.forms.clients import ClientForm
from intake.models import (
    Appointment,
    AppointmentFinding,
    AppointmentStatus,
    Client,
    Flag,
    FlagStatus,
    Intake,
    Intensity,
    Method,
    Treatment,
)
from intake.selectors import client_by_id

__all__ = [
    "AppointmentFilterSerializer",
    "AppointmentSerializer",
    "BookingSerializer",
    "ClientField",
    "ClientFilterSerializer",
    "ClientSerializer",
    "CodeField",
    "FlagFilterSerializer",
    "FlagSerializer",
    "IntakeDocumentField",
    "IntakeVersionSerializer",
    "RefusalSerializer",
    "ScreeningRequestSerializer",
    "ScreeningResultSerializer",
]

LEVELS = ["contraindicated", "caution", "advice"]
# The booking page's choices: the API offers exactly what the page offers.
OFFERED = BookingForm.base_fields


class CodeField(serializers.SlugRelatedField):
    """A catalogue entry named by its code; an unknown code is refused with the code named. The entry
    is read by its queryset compiled once per process (`CompiledRead`): the ORM took longer to build
    the read, on every request naming a treatment, than PostgreSQL to run it."""

    default_error_messages = {
        "does_not_exist": _("unknown code “{value}”"),
        "invalid": _("must be a code (a string)"),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)
        self.by_code = CompiledRead(partial(having_code, self.queryset))

    def __deepcopy__(self, memo):
        """A copy for a serializer, reading as the field it is copied from (DRF copies the declared
        fields for every serializer it makes)."""
        result = super().__deepcopy__(memo)
        result.by_code = self.by_code
        return result

    def to_internal_value(self, data):
        """The entry with this code (only strings are codes)."""
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            found = self.by_code.instances(data)
        except ValueError:  # a text the database refuses, such as one holding a NUL character
            self.fail("invalid")
        if not found:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return found[0]


def having_code(queryset: QuerySet, code: str) -> QuerySet:
    """The entries of `queryset` with this code."""
    return queryset.filter(code=code)


class ClientField(serializers.PrimaryKeyRelatedField):
    """A client named by their id, read by the compiled query of the client pages
    (`selectors.client_by_id`): the ORM took longer to build the read than PostgreSQL to run it."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Client.objects.all(), **kwargs)

    def to_internal_value(self, data):
        """The client with this id (a whole number, or digits)."""
        try:
            if isinstance(data, bool) or not isinstance(data, int | str):
                raise TypeError
            pk = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        client = client_by_id(pk) if 0 < pk <= MAX_ID else None
        if client is None:
            self.fail("does_not_exist", pk_value=data)
        return client


class IntakeDocumentField(serializers.JSONField):
    """An intake document, validated by the document module (schema, catalogue codes, dates)."""

    def to_internal_value(self, data):
        """The document, once it keeps the contract; else the offending field is named."""
        try:
            validate_document(data)
        except DocumentError as error:
            raise serializers.ValidationError(str(error)) from error
        return data


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's errors, by field, as the API reports them."""
    return {
        api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field: [
            str(message) for message in errors
        ]
        for field, errors in form.errors.items()
    }


class ClientSerializer(serializers.ModelSerializer):
    """A client's personal details, checked by the registration form's own rules."""

    class Meta:
        model = Client
        fields = ["id", *ClientForm._meta.fields, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        """Run the page's form on the details (a partial update keeps the other fields as they are)."""
        current = model_to_dict(self.instance, fields=ClientForm._meta.fields) if self.instance else {}
        form = ClientForm(data={**current, **attrs}, instance=self.instance)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return {name: form.cleaned_data[name] for name in ClientForm._meta.fields}


class ClientFilterSerializer(serializers.Serializer):
    """The client search: name, phone, e-mail or date of birth, as on the client list page."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("search words"))


class IntakeVersionSerializer(serializers.ModelSerializer):
    """One stored intake version, without its answers (GET the version for its document)."""

    recorded_by = serializers.SlugRelatedField(source="created_by", slug_field="username", read_only=True)

    class Meta:
        model = Intake
        fields = ["version", "intake_date", "is_current", "source", "created_at", "recorded_by"]


class FindingSerializer(serializers.Serializer):
    """A finding as the `screen` command prints it."""

    code = serializers.CharField()
    level = serializers.ChoiceField(choices=LEVELS)
    message = serializers.CharField()
    hint = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(allow_blank=True)


class ScreeningResultSerializer(serializers.Serializer):
    """A screening result, exactly as `manage.py screen --format json` prints it."""

    treatment = serializers.CharField()
    date = serializers.DateField()
    worst = serializers.ChoiceField(choices=[*LEVELS, "none"])
    max_intensity = serializers.CharField(allow_null=True)
    findings = FindingSerializer(many=True)


class ScreeningRequestSerializer(serializers.Serializer):
    """What to screen: an intake document or a registered client, for a treatment on a day. Saves nothing."""

    document = IntakeDocumentField(required=False, help_text=_("an intake document (what-if screening)"))
    client = ClientField(required=False, help_text=_("a client, screened on their current intake"))
    treatment = CodeField(
        queryset=Treatment.objects.filter(active=True, consultation_for__isnull=True).select_related("site")
    )
    date = serializers.DateField(help_text=_("the appointment date: time windows count back from it"))
    method = CodeField(queryset=Method.objects.all(), required=False, allow_null=True)
    intensity = CodeField(queryset=Intensity.objects.all(), required=False, allow_null=True)

    def validate(self, attrs):
        """Exactly one of a document and a client."""
        if ("document" in attrs) == ("client" in attrs):
            raise serializers.ValidationError(
                {"document": [_("Send either a document or a client, not both and not neither.")]}
            )
        return attrs


class FindingRecordSerializer(serializers.ModelSerializer):
    """A finding stored on an appointment, with its acknowledgement or override."""

    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AppointmentFinding
        fields = [
            "code",
            "level",
            "message",
            "hint",
            "evidence",
            "max_intensity",
            "overridden",
            "acknowledged_by",
            "acknowledged_at",
            "acknowledgement_note",
        ]


class AppointmentSerializer(serializers.ModelSerializer):
    """An appointment, its status and what screening found."""

    treatment = serializers.SlugRelatedField(slug_field="code", read_only=True)
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    method = serializers.SlugRelatedField(slug_field="code", read_only=True)
    intensity = serializers.SlugRelatedField(slug_field="code", read_only=True)
    findings = FindingRecordSerializer(many=True, read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "client",
            "treatment",
            "site",
            "method",
            "intensity",
            "practitioner",
            "start",
            "end",
            "status",
            "worst_level",
            "override_reason",
            "notes",
            "created_at",
            "findings",
        ]
        read_only_fields = fields


class AppointmentFilterSerializer(serializers.Serializer):
    """Which appointments to list."""

    client = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=AppointmentStatus.choices, required=False)
    date = serializers.DateField(required=False, help_text=_("only appointments on this day"))


class BookingSerializer(serializers.Serializer):
    """A booking, as the booking page asks for it: the same choices, the same override reason."""

    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all())
    treatment = CodeField(queryset=OFFERED["treatment"].queryset)
    method = CodeField(queryset=OFFERED["method"].queryset, required=False, allow_null=True)
    intensity = CodeField(queryset=OFFERED["intensity"].queryset, required=False, allow_null=True)
    practitioner = serializers.PrimaryKeyRelatedField(queryset=OFFERED["practitioner"].queryset)
    start = serializers.DateTimeField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        default="",
        help_text=_("Only to book despite a contraindication; needs the override permission."),
    )


class RefusalSerializer(serializers.Serializer):
    """A booking screening refused (409): why, and every finding."""

    detail = serializers.CharField()
    screening = ScreeningResultSerializer()


class FlagSerializer(serializers.ModelSerializer):
    """A finding stored against a client's intake version until it is resolved."""

    intake_version = serializers.IntegerField(source="intake.version", read_only=True)
    treatment = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rule = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Flag
        fields = [
            "id",
            "client",
            "intake_version",
            "treatment",
            "rule",
            "level",
            "message",
            "hint",
            "evidence",
            "status",
            "created_at",
            "status_changed_at",
            "note",
        ]
        read_only_fields = fields


class FlagFilterSerializer(serializers.Serializer):
    """Which flags to list."""

    client = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=FlagStatus.choices, required=False)
