"""Tunable values of the admission rules.

Every value the domain reference (``docs/domain.md`` of the shared docs) marks **[U]** — an inference, a
recollection, or a point where sources disagree — is a field here with the default the reference gives, so
a province can change it without a code change. The values the sources agree on ([C2]) are fields too, so a
future regulation that changes a number is a configuration change rather than a release; their defaults are
the current law and ``docs/rules.md`` records where each comes from.

This module is pure Python: the Django side builds a ``RulesSettings`` from its own settings with
:meth:`RulesSettings.from_mapping` and passes it to the rule functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast, get_args

from .regulations import NUMERIC_VALUES, RegulationSet, regulation_set_for

AgePolicy = Literal["month", "day"]
"""How "full 18, counted by month" is read.

``"month"`` (default, the common reading): the day of birth is ignored, a person born in month M of year Y
is of age from the 1st of month M of year Y+18. ``"day"`` (stricter): from the 18th birthday itself,
29 February births on 28 February in common years.
"""

AGE_POLICIES: tuple[AgePolicy, ...] = get_args(AgePolicy)


@dataclass(frozen=True, kw_only=True)
class RulesSettings:
    """All tunable numbers of the rules, with their defaults.

    Confidence marks refer to the domain reference: [C2] two sources agree, [C1] one source, [U] uncertain.
    """

    # --- Age (Quy định thi hành Điều lệ, điểm 1.1) ---
    age_policy: AgePolicy = "month"  # [U] reading of "tính theo tháng"
    admission_age_months: int = 18 * 12  # [C2] full 18
    higher_decision_above_months: int = 60 * 12  # [C2] above full 60 needs a higher decision; reading [U]

    # --- Documents in the dossier ---
    certificate_validity_months: int = 60  # [C2] 06-HD/TW point 5.4
    personal_history_validity_months: int = 12  # [U] personal history (2-KNĐ) and its verification
    introduction_validity_months: int = 6  # [U] introductions (3-, 4-KNĐ) and opinion summaries (5-KNĐ)

    # --- Time limits (Quy định thi hành Điều lệ, mục 4) ---
    decision_working_days: int = 60  # [C2] decision within 60 working days of the cell resolution
    decision_extension_working_days: int = 30  # [C2] extension in special cases, at most 30 working days
    ceremony_working_days: int = 30  # [C2] ceremony within 30 working days of receiving the decision
    probation_months: int = 12  # [C2] Điều lệ Đảng art. 5
    official_review_working_days: int = 30  # [C2] cell considers recognition within 30 working days
    official_decision_working_days: int = 30  # [C2] committee decides within 30 working days
    introducer_months_together: int = 12  # [C2] introducer worked/studied with the applicant 12 months

    # --- Referral of students who leave before 18 (no central rule) ---
    referral_acknowledgement_days: int = 30  # [U] calendar days for the receiver to acknowledge

    # --- Awareness class results (practice of the political centres, no central text) ---
    class_pass_mark_tenths: int = 50  # [U] essay marked on 10; "đạt" from 5.0 (stored in tenths: 50 = 5.0)
    class_min_attendance_percent: int = 80  # [U] share of the sessions a student must attend to pass

    # --- Plausible dates (ours: a date outside them is a typing error, not history) ---
    earliest_birth_year: int = 1950
    earliest_event_year: int = 1990
    plan_years_ahead: int = 3  # how far ahead a planned class or session may be dated

    # --- Roadmap, planned backwards from the 18th birthday and the day of leaving school ---
    # None of these has a written source; they are the cell's planning margins (docs/rules.md, "Roadmap").
    roadmap_dossier_lead_days: int = 90  # [U] personal history, verification of relatives, opinions, 4-KNĐ
    roadmap_helper_lead_days: int = 60  # [U] on the sympathiser list with a helper before the class starts
    roadmap_certificate_after_class_days: int = 14  # [U] from the class's last day to the certificate
    roadmap_warning_days: int = 31  # [U] the to-do page warns this many days before the latest safe start

    # --- Working-day calendar ---
    # Local days off (e.g. a provincial decision) and make-up working days (Saturdays worked in exchange for a
    # bridge day) in addition to what the ``holidays`` package already knows.
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    # --- Regulation sets (uommam/rules/data/regulation_sets.toml, plus a deployment's file) ---
    # Empty = the built-in sets. The set in force on an act's date gives the values it states (decision and
    # ceremony working days, certificate validity, …) unless this object sets them to something other than
    # the default: a deployment's explicit value wins over every set.
    regulation_sets: tuple[RegulationSet, ...] = ()

    def __post_init__(self) -> None:
        if self.age_policy not in AGE_POLICIES:
            raise ValueError(f"age_policy must be one of {AGE_POLICIES}, not {self.age_policy!r}")
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.type == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{f.name} must be a non-negative integer, not {value!r}")
        # Accept any iterable of dates (a list from a settings file) but store an immutable set.
        for name in ("extra_days_off", "extra_working_days"):
            value = getattr(self, name)
            days = frozenset(value)
            if not all(isinstance(d, date) for d in days):
                raise ValueError(f"{name} must contain dates only")
            object.__setattr__(self, name, days)
        sets = tuple(self.regulation_sets)
        if not all(isinstance(s, RegulationSet) for s in sets):
            raise ValueError("regulation_sets must contain RegulationSet objects only")
        object.__setattr__(self, "regulation_sets", sets)

    def regulation_set_for(self, on: date) -> RegulationSet:
        """The regulation set in force on ``on`` among this deployment's sets."""
        return regulation_set_for(on, self.regulation_sets)

    def on(self, act_on: date) -> RulesSettings:
        """These settings with the values of the regulation set in force on ``act_on`` (the date of the act
        a deadline counts from). A value set here to something other than its default is kept."""
        regulation_set = self.regulation_set_for(act_on)
        changes: dict[str, object] = {}
        for name in NUMERIC_VALUES:
            if name not in regulation_set.values:
                continue
            value = regulation_set.values[name].value
            if getattr(self, name) == _DEFAULTS[name] and value != getattr(self, name):
                changes[name] = value
        return dataclasses.replace(self, **changes) if changes else self  # type: ignore[arg-type]  # values checked in __post_init__

    def replace(self, **overrides: object) -> RulesSettings:
        """A copy with some values changed (validated like the constructor)."""
        return dataclasses.replace(self, **overrides)  # type: ignore[arg-type]  # values checked in __post_init__

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> RulesSettings:
        """Build settings from a plain mapping (e.g. a Django setting), rejecting unknown names.

        Dates in ``extra_days_off``/``extra_working_days`` may be ``date`` objects or ISO strings.
        """
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown rules settings: {', '.join(unknown)}")
        cleaned: dict[str, object] = dict(values)
        for name in ("extra_days_off", "extra_working_days"):
            if name in cleaned:
                cleaned[name] = frozenset(_as_date(v) for v in cast(Iterable[object], cleaned[name]))
        return cls(**cleaned)  # type: ignore[arg-type]  # values checked in __post_init__


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"not a date: {value!r}")


DEFAULT_SETTINGS = RulesSettings()
_DEFAULTS: dict[str, object] = {f.name: getattr(DEFAULT_SETTINGS, f.name) for f in dataclasses.fields(RulesSettings)}


def resolve(settings: RulesSettings | None) -> RulesSettings:
    """The given settings, or the defaults."""
    return DEFAULT_SETTINGS if settings is None else settings
