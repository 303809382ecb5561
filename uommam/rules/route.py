"""The admission route after the cell's vote: which resolutions follow and who decides, by the kind of cell.

A cell under a grassroots Party committee (chi bộ trực thuộc đảng ủy cơ sở) proposes admission (6-KNĐ), the
grassroots committee resolves (8-KNĐ) and the standing committee above it decides (9-KNĐ). A grassroots cell
(chi bộ cơ sở) is itself the grassroots organisation: there is no committee between it and the deciding
committee, so its route has no 8-KNĐ and the standing committee of the committee directly above it decides
(Điều lệ Đảng, Điều 4; domain.md §2 — after 07/2025 many THPT cells are grassroots cells under the commune or
ward committee). Who decides is a value of the regulation set in force on the date of the cell's meeting
(``deciding_organ`` / ``grassroots_cell_deciding_organ``), so a revised regulation changes it as data.

The caller (the Django side) says whether the cell is a grassroots cell on that date, from the tree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from .citations import Citation
from .regulations import UNVERIFIED, RegulationSet, SetValue, regulation_set_for

COMMITTEE_RESOLUTION = "8-KNĐ"

AFTER_VOTE_FORMS: Mapping[bool, tuple[str, ...]] = MappingProxyType(
    {
        # grassroots cell? → the documents from the cell's resolution to the decision, in order (12-HD/BTCTW)
        False: ("6-KNĐ", COMMITTEE_RESOLUTION, "9-KNĐ"),
        True: ("6-KNĐ", "9-KNĐ"),
    }
)
"""The route table: the forms after the cell's vote for a cell under a grassroots committee (``False``) and
for a grassroots cell (``True``)."""

_DECIDING_VALUE: Mapping[bool, str] = MappingProxyType(
    {False: "deciding_organ", True: "grassroots_cell_deciding_organ"}
)


@dataclass(frozen=True)
class AdmissionRoute:
    """The route of one admission: its forms after the vote, the deciding organ and the set they come from."""

    grassroots_cell: bool
    forms: tuple[str, ...]
    deciding: SetValue
    citations: tuple[Citation, ...]
    regulation_set: RegulationSet

    @property
    def needs_committee_resolution(self) -> bool:
        """Whether a grassroots committee's resolution (8-KNĐ) comes between the vote and the decision."""
        return COMMITTEE_RESOLUTION in self.forms

    @property
    def deciding_organ(self) -> str:
        """Who decides, in Vietnamese; followed by "— chưa đối chiếu văn bản gốc" when the value is provisional."""
        text = str(self.deciding.value)
        return f"{text} — {UNVERIFIED}" if self.deciding.provisional else text


def admission_route(*, grassroots_cell: bool, on: date, sets: Sequence[RegulationSet] | None = None) -> AdmissionRoute:
    """The route for a cell that is (``grassroots_cell=True``) or is not a grassroots cell, under the regulation
    set in force on ``on`` (the date of the cell's meeting) among ``sets`` (default: the built-in sets)."""
    regulation_set = regulation_set_for(on, sets)
    return AdmissionRoute(
        grassroots_cell=grassroots_cell,
        forms=AFTER_VOTE_FORMS[grassroots_cell],
        deciding=regulation_set.value(_DECIDING_VALUE[grassroots_cell]),
        citations=regulation_set.citations_for("admission_route"),
        regulation_set=regulation_set,
    )
