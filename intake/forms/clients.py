"""The client registration form."""

from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Client
from .helpers import FieldsHelper
from .widgets import DayInput


class ClientForm(forms.ModelForm):
    """Register or edit a client's personal details."""

    class Meta:
        model = Client
        fields = ["first_name", "last_name", "date_of_birth", "phone", "email", "notes"]
        widgets = {
            "date_of_birth": DayInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["based_on"].initial = self.instance.version
        self.helper = FieldsHelper()
        self.helper.layout = Layout(
            Row(Column("first_name", css_class="col-md-6"), Column("last_name", css_class="col-md-6")),
            Row(
                Column("date_of_birth", css_class="col-md-4"),
                Column("phone", css_class="col-md-4"),
                Column("email", css_class="col-md-4"),
            ),
            "notes",
            "based_on",
            Submit("save", _("Save client")),
        )

    def clean_date_of_birth(self):
        """A date of birth cannot lie in the future."""
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return born
