"""Form pieces every app shares: day-first date fields and Bootstrap-styled widgets."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

# Dates are typed day first (never guessed month first); ISO is accepted for pasted values.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_INPUT_ATTRS = {"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
INVALID_DATE = _("Enter the date as dd/mm/yyyy, e.g. 05/09/2008.")


def date_widget(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(format="%d/%m/%Y", attrs={**DATE_INPUT_ATTRS, **attrs})


def date_field(label: Any, *, required: bool = True, help_text: Any = "", initial: Any = None) -> forms.DateField:
    """An event date (1990 to a few years ahead, see uommam.core.dates), typed day first."""
    from .dates import BoundedDateField  # dates builds on this module

    return BoundedDateField(
        label=label,
        required=required,
        help_text=help_text,
        initial=initial,
        input_formats=DATE_INPUT_FORMATS,
        widget=date_widget(),
        error_messages={"invalid": INVALID_DATE},
    )


def use_day_first_dates(form: forms.BaseForm) -> None:
    """Give every date field of a (model) form the day-first widget, formats, message and bounds."""
    from .dates import bound_form_dates  # dates builds on this module

    bound_form_dates(form)
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.input_formats = DATE_INPUT_FORMATS
            field.widget = date_widget(**{k: v for k, v in field.widget.attrs.items() if k == "class"})
            field.error_messages["invalid"] = INVALID_DATE


ASCII_DIGITS = _("Type the number with the digits 0–9.")


def ascii_numbers(form: forms.BaseForm) -> None:
    """Number fields take ASCII digits only: Python reads "٣" (Arabic-Indic three) as 3, people don't."""
    for field in form.fields.values():
        if not isinstance(field, forms.IntegerField):
            continue
        original = field.to_python

        def to_python(value: Any, original: Any = original) -> Any:
            if isinstance(value, str) and not value.strip().isascii():
                raise forms.ValidationError(ASCII_DIGITS, code="ascii_digits")
            return original(value)

        field.to_python = to_python  # type: ignore[method-assign]  # wraps this one field's conversion only


class ListedChoiceIterator(forms.models.ModelChoiceIterator[Any]):  # subscriptable: django_stubs_ext.monkeypatch()
    """The options of a drop-down list of rows from one plain query.

    Django reads them through `QuerySet.iterator()`, which on PostgreSQL opens a server-side cursor: three
    round trips (declare, fetch, close) for the few dozen members or units a list holds. A candidate's page
    has five such lists."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


def list_choices_in_one_query(field: forms.Field) -> None:
    """A model drop-down list of `field` reads its options through `ListedChoiceIterator`."""
    if isinstance(field, forms.ModelChoiceField) and field.iterator is forms.models.ModelChoiceIterator:
        field.iterator = ListedChoiceIterator
        field.widget.choices = field.choices  # what the field's queryset setter does


def style_fields(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget, so templates stay a plain `{% include "components/field.html" %}`;
    drop-down lists of rows read in one query."""
    for field in form.fields.values():
        list_choices_in_one_query(field)
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


# `Form.fields` is typed as plain `Field`: these name the field's real class for the type checker, where a
# form narrows its choices or queryset to the user's scope at run time.
def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])
