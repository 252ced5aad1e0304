"""What a CDS client sends: the `appointment-book` hook request and card feedback, checked field by field.

Field names are the specifications' own (camelCase), as CDS Hooks and FHIR spell them.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from intake.models import Client, Intensity, Method, OverrideReason, Treatment
from intake.rules.findings import Level

from ..fhir.systems import code_system, extension_url
from ..models import CardOutcome, CdsCard

__all__ = ["FeedbackSerializer", "HookRequestSerializer"]

HOOK = "appointment-book"


class CodingSerializer(serializers.Serializer):
    """A FHIR Coding."""

    system = serializers.CharField(required=False, max_length=300)
    code = serializers.CharField(max_length=100)
    display = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ConceptSerializer(serializers.Serializer):
    """A FHIR CodeableConcept."""

    coding = CodingSerializer(many=True, required=False)
    text = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ExtensionSerializer(serializers.Serializer):
    """A FHIR extension with a coded value (the clinic's method and intensity extensions)."""

    url = serializers.CharField(max_length=300)
    valueCoding = CodingSerializer(required=False)


def catalogue_entry(model, catalogue: str, codings: list[dict], field: str):
    """The catalogue entry the codings name (a coding in another system is someone else's code)."""
    codes = [
        coding["code"]
        for coding in codings
        if coding.get("system", code_system(catalogue)) == code_system(catalogue)
    ]
    entries = model.objects.filter(code__in=codes)
    if model is Treatment:
        entries = entries.filter(active=True, consultation_for__isnull=True)
    entry = entries.first()
    if entry is None:
        raise serializers.ValidationError(
            {
                field: [
                    _("no %(catalogue)s of the clinic among the codes: %(codes)s")
                    % {"catalogue": catalogue, "codes": ", ".join(f"“{code}”" for code in codes) or "none"}
                ]
            }
        )
    return entry


class ProposedAppointmentSerializer(serializers.Serializer):
    """A proposed FHIR Appointment: its treatment in serviceType, method and intensity as extensions."""

    resourceType = serializers.ChoiceField(choices=["Appointment"])
    id = serializers.CharField(required=False, max_length=64)
    start = serializers.DateTimeField()
    serviceType = ConceptSerializer(many=True, allow_empty=False)
    extension = ExtensionSerializer(many=True, required=False)

    def validate(self, attrs):
        """Resolve the treatment, method and intensity codes against the catalogues."""
        codings = [coding for concept in attrs["serviceType"] for coding in concept.get("coding", [])]
        proposal = {
            "ref": attrs.get("id", ""),
            "start": attrs["start"],
            "treatment": catalogue_entry(Treatment, "treatment", codings, "serviceType"),
        }
        for name, model in (("method", Method), ("intensity", Intensity)):
            values = [
                ext["valueCoding"] for ext in attrs.get("extension", []) if ext["url"] == extension_url(name)
            ]
            proposal[name] = catalogue_entry(model, name, values, "extension") if values else None
        return proposal


class EntrySerializer(serializers.Serializer):
    """A Bundle entry holding a proposed appointment."""

    resource = ProposedAppointmentSerializer()


class AppointmentBundleSerializer(serializers.Serializer):
    """The Bundle of proposed appointments (`context.appointments`)."""

    resourceType = serializers.ChoiceField(choices=["Bundle"])
    entry = EntrySerializer(many=True, allow_empty=False)


class HookContextSerializer(serializers.Serializer):
    """The hook's context: who books, for which client (the clinic's client id), which appointments."""

    userId = serializers.CharField(required=False, max_length=200)
    patientId = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(),
        error_messages={"does_not_exist": _("no client has the id “{pk_value}”")},
    )
    encounterId = serializers.CharField(required=False, max_length=200)
    appointments = AppointmentBundleSerializer(required=False)


class HookRequestSerializer(serializers.Serializer):
    """An `appointment-book` hook call; the proposed appointments come in the context or in the prefetch."""

    hook = serializers.ChoiceField(choices=[HOOK])
    hookInstance = serializers.CharField(max_length=100)
    fhirServer = serializers.URLField(required=False, max_length=300)
    fhirAuthorization = serializers.DictField(required=False)
    context = HookContextSerializer()
    prefetch = serializers.DictField(required=False)

    def validate(self, attrs):
        """The proposals: `context.appointments`, or else `prefetch.appointments` (the same Bundle)."""
        bundle = attrs["context"].get("appointments")
        if bundle is None:
            prefetched = AppointmentBundleSerializer(data=attrs.get("prefetch", {}).get("appointments"))
            if not prefetched.is_valid():
                raise serializers.ValidationError(
                    {"context": {"appointments": [_("This field is required.")]}}
                )
            bundle = prefetched.validated_data
        return {**attrs, "proposals": [entry["resource"] for entry in bundle["entry"]]}


class OverrideReasonSerializer(serializers.Serializer):
    """Why the user overrode a card: one of the card's overrideReasons, and their own comment."""

    reason = CodingSerializer(required=False)
    userComment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class FeedbackItemSerializer(serializers.Serializer):
    """What the user did with one card."""

    card = serializers.UUIDField()
    outcome = serializers.ChoiceField(choices=CardOutcome.choices)
    overrideReason = OverrideReasonSerializer(required=False)
    acceptedSuggestions = serializers.ListField(child=serializers.DictField(), required=False)
    outcomeTimestamp = serializers.DateTimeField()

    def validate(self, attrs):
        """Find the card this service issued; an override names a reason the card offered, or gives one."""
        card = CdsCard.objects.filter(uuid=attrs["card"], service=self.context["service"]).first()
        if card is None:
            raise serializers.ValidationError(
                {"card": [_("no card %(uuid)s was issued") % {"uuid": attrs["card"]}]}
            )
        given = attrs.get("overrideReason", {})
        reason = ""
        if "reason" in given:
            code = given["reason"]["code"]
            offered = OverrideReason.objects.filter(
                active=True, pk=int(code) if code.isdigit() else None
            ).first()
            if offered is None:
                raise serializers.ValidationError(
                    {"overrideReason": [_("unknown reason code “%(code)s”") % {"code": code}]}
                )
            reason = offered.text
        reason = " — ".join(part for part in (reason, given.get("userComment", "").strip()) if part)
        overriding = attrs["outcome"] == CardOutcome.OVERRIDDEN and card.level == Level.CONTRAINDICATED.slug
        if overriding and not reason:
            raise serializers.ValidationError(
                {"overrideReason": [_("Overriding a contraindication needs a reason.")]}
            )
        return {"card": card, "outcome": attrs["outcome"], "reason": reason, "at": attrs["outcomeTimestamp"]}


class FeedbackSerializer(serializers.Serializer):
    """The feedback request: one entry per card acted on."""

    feedback = FeedbackItemSerializer(many=True, allow_empty=False)
