"""Django's form renderer, with the drop-down lists written in Python.

Django renders a `<select>` through one template include per option, and then one more per option for
its attributes. A candidate's page carries five member lists of a cell's members; their options were a
third of the page's time when it is rendered afresh (docs/benchmarks.md, "Page profile"). This renderer
writes the same markup – byte for byte, checked against Django's own templates in
`core/tests/test_formrenderer.py` – directly; every other widget, and any select whose options use
another template, goes through the templates as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # public, missing from the stubs

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


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


class FastSelectRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's default renderer, drop-down lists rendered in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
