"""Admin of the catalogues: codes, names, and which entries are in use."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import BodySite, Condition, Intensity, Medication, Method, Procedure, Treatment


@admin.register(BodySite, Condition, Medication, Procedure, Method)
class CatalogueAdmin(SimpleHistoryAdmin):
    """A coded catalogue entry; the code is fixed once saved, so documents keep their meaning."""

    list_display = ["name", "code", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Intensity)
class IntensityAdmin(CatalogueAdmin):
    """Intensities, mildest first."""

    list_display = ["name", "code", "rank", "active"]


@admin.register(Treatment)
class TreatmentAdmin(CatalogueAdmin):
    """Treatments the clinic offers, with their site, methods and intensities."""

    list_display = ["name", "code", "site", "duration_minutes", "active"]
    list_filter = ["active", "site"]
    filter_horizontal = ["methods", "intensities"]
