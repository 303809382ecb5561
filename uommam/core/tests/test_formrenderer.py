"""The drop-down lists, inputs and text areas written in Python give Django's own markup, byte for byte."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from uommam.core.formrenderer import FastSelectRenderer

FAST = FastSelectRenderer()
DJANGO = DjangoTemplates()


def both(widget: forms.Widget, name: str, value: object, attrs: dict[str, object] | None = None) -> tuple[str, str]:
    return widget.render(name, value, attrs, renderer=FAST), widget.render(name, value, attrs, renderer=DJANGO)


# Text with everything HTML escaping must catch, Vietnamese letters and the decomposed forms of old files.
text = st.text(alphabet=st.sampled_from(list("aăâđêôơưẠỹ<>&\"' \u0301x1")), max_size=12)
choice_value = st.one_of(text, st.integers(-5, 10_000), st.none())


@settings(max_examples=200, deadline=None)
@given(
    choices=st.lists(st.tuples(choice_value, text), max_size=6),
    groups=st.lists(st.tuples(text, st.lists(st.tuples(choice_value, text), max_size=3)), max_size=2),
    picked=st.one_of(choice_value, st.lists(choice_value, max_size=2)),
    attrs=st.dictionaries(
        st.sampled_from(["class", "data-x", "required", "disabled", "aria-label"]),
        st.one_of(text, st.booleans(), st.integers(0, 9)),
        max_size=3,
    ),
    multiple=st.booleans(),
)
def test_any_select_renders_as_djangos_templates_do(choices, groups, picked, attrs, multiple) -> None:
    widget_class = forms.SelectMultiple if multiple else forms.Select
    widget = widget_class(attrs=attrs, choices=[*choices, *groups])
    fast, django = both(widget, "field<&>", picked)
    assert fast == django


INPUT_WIDGETS = [
    forms.TextInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.Textarea,
]
attr_value = st.one_of(
    text, st.booleans(), st.integers(-5, 99_999), text.map(mark_safe), st.just(gettext_lazy("Reason"))
)


@settings(max_examples=300, deadline=None)
@given(
    widget_class=st.sampled_from(INPUT_WIDGETS),
    value=st.one_of(
        st.none(),
        text,
        text.map(mark_safe),
        st.integers(-5, 1_234_567),
        st.dates(date(1990, 1, 1), date(2030, 12, 31)),
        st.just(gettext_lazy("Introducer")),
    ),
    attrs=st.dictionaries(
        st.sampled_from(["class", "data-x", "required", "disabled", "placeholder", "maxlength", "aria-describedby"]),
        attr_value,
        max_size=4,
    ),
    name=text,
)
def test_any_input_or_text_area_renders_as_djangos_templates_do(widget_class, value, attrs, name) -> None:
    widget = widget_class(attrs=attrs)
    fast, django = both(widget, name or "field", value)
    assert fast == django


@pytest.mark.parametrize("language", ["vi", "en"])
def test_localised_numbers_and_dates_in_inputs_read_as_in_the_templates(language: str) -> None:
    widget = forms.NumberInput(attrs={"class": "form-control", "min": 1000})
    widget.is_localized = True
    date_widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=True):
        assert both(widget, "n", 1234567)[0] == both(widget, "n", 1234567)[1]
        assert both(date_widget, "d", date(2025, 9, 5))[0] == both(date_widget, "d", date(2025, 9, 5))[1]


def test_a_file_input_goes_through_the_templates() -> None:
    widget = forms.ClearableFileInput(attrs={"class": "form-control"})
    assert widget.render("scan", None, renderer=FAST) == widget.render("scan", None, renderer=DJANGO)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_translated_labels_numbers_and_dates_read_as_in_the_templates(language: str) -> None:
    choices = [
        ("", "---------"),
        (2024, 2024),
        (12345, 1234567),
        (date(2025, 9, 5), date(2025, 9, 5)),
        ("k", gettext_lazy("Introducer")),
        ("s", mark_safe("<b>safe</b>")),
        (gettext_lazy("Group"), [(1, gettext_lazy("Introducer")), (2, "Hai")]),
    ]
    widget = forms.Select(attrs={"class": "form-select", "data-n": 1234}, choices=choices)
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=True):
        fast, django = both(widget, "year", 12345, {"id": "id_year"})
    assert fast == django
    assert "1.234.567" in fast if language == "vi" else "1,234,567" in fast


def test_a_model_choice_list_renders_as_in_the_templates(world) -> None:
    from uommam.people.models import PartyMember

    member = PartyMember.objects.order_by("pk").first()
    assert member is not None
    widget = forms.ModelChoiceField(queryset=PartyMember.objects.all()).widget
    fast, django = both(widget, "member", member.pk, {"id": "id_member"})
    assert fast == django and f'value="{member.pk}" selected' in fast


def test_a_select_with_options_of_its_own_template_goes_through_the_templates() -> None:
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Custom(choices=[("a", "A")])
    assert widget.render("x", "a", renderer=FAST) == widget.render("x", "a", renderer=DJANGO)


def test_the_site_uses_the_fast_renderer() -> None:
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), FastSelectRenderer)
    finally:
        get_default_renderer.cache_clear()


# templates/components/field.html before `render_field` took its place, as it was written.
FIELD_TEMPLATE = '{% comment %}One form field: label, widget, help and errors. The help and error blocks carry the ids the widget\'s\naria-describedby points to (Django names them <id>_helptext and <id>_error); a field with errors gets\naria-invalid from Django, which app.js uses to move focus to the first field to correct.{% endcomment %}\n{% with fid=field.auto_id %}\n<div class="mb-3{% if field.field.widget.input_type == \'checkbox\' %} form-check{% endif %}">\n  {% if field.field.widget.input_type == \'checkbox\' %}\n    {{ field }} <label class="form-check-label" for="{{ field.id_for_label }}">{{ field.label }}</label>\n  {% else %}\n    <label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %} <span class="text-danger" aria-hidden="true">*</span>{% endif %}</label>\n    {{ field }}\n  {% endif %}\n  {% if field.help_text %}<div class="form-text"{% if fid %} id="{{ fid }}_helptext"{% endif %}>{{ field.help_text }}</div>{% endif %}\n  {% if field.errors %}<div class="invalid-feedback d-block"{% if fid %} id="{{ fid }}_error"{% endif %}>{% for error in field.errors %}<div>{{ error }}</div>{% endfor %}</div>{% endif %}\n</div>\n{% endwith %}\n'


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["text", "checkbox", "select", "textarea", "date"]),
    label=text,
    help_text=text,
    required=st.booleans(),
    auto_id=st.sampled_from(["id_%s", "", "f-%s"]),
    bound=st.booleans(),
    value=text,
)
def test_a_form_field_renders_as_the_former_field_template_did(kind, label, help_text, required, auto_id, bound, value):
    from django.template import engines

    make = {
        "text": lambda: forms.CharField(max_length=5),
        "checkbox": lambda: forms.BooleanField(),
        "select": lambda: forms.ChoiceField(choices=[("a", "A <1>"), ("b", "Ă")]),
        "textarea": lambda: forms.CharField(widget=forms.Textarea),
        "date": lambda: forms.DateField(),
    }[kind]
    field = make()
    field.label, field.help_text, field.required = label, help_text, required

    class Form(forms.Form):
        pass

    Form.base_fields = {"x": field}
    form = Form(data={"x": value} if bound else None, auto_id=auto_id)
    form.is_valid()
    old = engines["django"].from_string(FIELD_TEMPLATE).render({"field": form["x"]})
    new = engines["django"].from_string('{% include "components/field.html" %}').render({"field": form["x"]})
    assert new == old
