"""Drop-down lists of rows are read in one plain query."""

from __future__ import annotations

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uommam.core.forms import ListedChoiceIterator, StyledForm
from uommam.people.models import PartyMember


class MemberForm(StyledForm):
    member = forms.ModelChoiceField(queryset=PartyMember.objects.none())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Narrowed after the styling, as the scoped forms do.
        self.fields["member"].queryset = PartyMember.objects.order_by("pk")


def test_a_member_list_renders_its_options_from_one_query_without_a_cursor(world) -> None:
    members = list(PartyMember.objects.order_by("pk"))
    assert len(members) >= 2
    form = MemberForm(initial={"member": members[1].pk})
    with CaptureQueriesContext(connection) as queries:
        html = str(form["member"])
    assert len(queries.captured_queries) == 1
    assert not any("DECLARE" in q["sql"].upper() for q in queries.captured_queries)
    assert html.count("<option") == len(members) + 1  # the empty choice first
    assert f'value="{members[1].pk}" selected' in html


def test_the_list_still_validates_against_the_narrowed_rows(world) -> None:
    member = PartyMember.objects.order_by("pk").first()
    assert isinstance(MemberForm().fields["member"].choices, ListedChoiceIterator)
    assert MemberForm(data={"member": member.pk}).is_valid()
    assert not MemberForm(data={"member": 10**9}).is_valid()
