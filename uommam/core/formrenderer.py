"""Django's form renderer, with the drop-down lists, the one-line inputs and the text areas written in Python.

Django renders a `<select>` through one template include per option, and then one more per option for
its attributes. A candidate's page carries five member lists of a cell's members; their options were a
third of the page's time when it is rendered afresh (docs/benchmarks.md, "Page profile"). A one-line input
is two or three template includes (the type's template, input.html, attrs.html) – about a third of the
time of a field on a record page rendered afresh (the student page's consent form: 5 fields). This renderer
writes the same markup – byte for byte, checked against Django's own templates in
`core/tests/test_formrenderer.py` – directly; every other widget (file inputs, check boxes, radio lists), and
any select whose options use another template, goes through the templates as before.

`render_field` writes one field with its label, help and errors as templates/components/field.html did
(that template now calls it): the include ran a dozen template tags per field.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # public, missing from the stubs

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
INPUT_TEMPLATE = "django/forms/widgets/input.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
# The input types whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TYPE_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "date", "datetime", "time", "number", "email", "url", "password", "hidden", "search", "tel")
)


def _shown(value: Any) -> str:
    """`{{ value }}` in a template: localised (numbers, dates) and escaped unless already safe."""
    return str(conditional_escape(localize(template_localtime(value))))


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html: `False` leaves the attribute out, `True` writes its bare name."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict[str, Any]) -> str | None:
    """The markup of django/forms/widgets/select.html for `widget` (a widget context), or None when an
    option has a template of its own."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"  # the option template's own final newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: "%s" of the value, escaped unless the value was marked safe."""
    shown = "%s" % (value,)  # noqa: UP031 - the filter's own operation
    return shown if isinstance(value, SafeData) else str(escape(shown))


def render_input(widget: dict[str, Any]) -> str:
    """The markup of django/forms/widgets/input.html for `widget`, a widget context."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    attrs = "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in widget["attrs"].items()
        if value is not False
    )
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{attrs}>'


def render_textarea(widget: dict[str, Any]) -> str:
    """The markup of django/forms/widgets/textarea.html for `widget`."""
    attrs = "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in widget["attrs"].items()
        if value is not False
    )
    text = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{attrs}>\n{text}</textarea>'


class FastSelectRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's default renderer, drop-down lists, inputs and text areas rendered in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
            if html is not None:
                return html
        elif template_name == INPUT_TEMPLATE or template_name in INPUT_TYPE_TEMPLATES:
            # Django's renderer strips the rendered template, so the templates' line ends do not appear.
            return render_input(context["widget"])
        elif template_name == TEXTAREA_TEMPLATE:
            return render_textarea(context["widget"])
        return super().render(template_name, context, request=request)


def render_field(field: Any) -> SafeString:
    """One form field (a BoundField): label, widget, help and errors, as components/field.html wrote it.

    The help and error blocks carry the ids the widget's aria-describedby points to (Django names them
    <id>_helptext and <id>_error); a field with errors gets aria-invalid from Django, which app.js uses to
    move focus to the first field to correct. The line ends and indents are the former template's, so the
    pages' markup did not change (core/tests/test_formrenderer.py renders both)."""
    fid = field.auto_id
    widget = conditional_escape(field)
    label = _shown(field.label)
    checkbox = getattr(field.field.widget, "input_type", None) == "checkbox"
    parts = ['\n\n<div class="mb-3', " form-check" if checkbox else "", '">\n  ']
    if checkbox:
        parts.append(
            f'\n    {widget} <label class="form-check-label" for="{_shown(field.id_for_label)}">{label}</label>\n  '
        )
    else:
        required = ' <span class="text-danger" aria-hidden="true">*</span>' if field.field.required else ""
        parts.append(
            f'\n    <label class="form-label" for="{_shown(field.id_for_label)}">{label}{required}</label>\n'
            f"    {widget}\n  "
        )
    parts.append("\n  ")
    if field.help_text:
        named = f' id="{_shown(fid)}_helptext"' if fid else ""
        parts.append(f'<div class="form-text"{named}>{_shown(field.help_text)}</div>')
    parts.append("\n  ")
    if field.errors:
        named = f' id="{_shown(fid)}_error"' if fid else ""
        listed = "".join(f"<div>{_shown(error)}</div>" for error in field.errors)
        parts.append(f'<div class="invalid-feedback d-block"{named}>{listed}</div>')
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or already safe markup
