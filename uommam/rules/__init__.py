"""The admission rules of Ươm Mầm: pure, typed, cited, versioned.

No Django imports: importable and testable on its own. Every other module calls these names and never
re-implements the computations. ``docs/rules.md`` maps every rule to its source, confidence and test.
"""

from .age import admission_age_from, age_in_months, is_minor, is_of_admission_age, needs_higher_decision
from .certificate import (
    DocumentKind,
    certificate_expires_on,
    certificate_is_valid,
    document_expires_on,
    document_is_current,
    document_validity_months,
)
from .chronology import (
    ClassResult,
    DateKind,
    Inversion,
    attendance_sufficient,
    class_pass_mark,
    class_result,
    date_bounds,
    first_inversion,
    in_bounds,
)
from .citations import Citation, Confidence, RuleKey
from .deadlines import (
    ceremony_counted_from,
    ceremony_due,
    decision_due,
    decision_due_extended,
    introducer_eligible_from,
    official_decision_due,
    official_review_due,
    probation_ends_on,
    referral_acknowledgement_due,
    seniority_from,
)
from .forecast import Action, Forecast, forecast, months_short
from .introduction import INTRODUCTION_ROUTES, IntroductionRoute, introducers_needed, introduction_route
from .months import add_months, month_index
from .regulations import REGULATION_SETS, RegulationSet, citation_for, citations_for, regulation_set_for
from .roadmap import ClassSlot, Milestone, Missed, Progress, Roadmap, RoadmapInput, StaffPeriod, Verdict, roadmap
from .route import AdmissionRoute, admission_route
from .settings import DEFAULT_SETTINGS, AgePolicy, RulesSettings
from .vote import vote_carries
from .working_days import add_working_days, is_working_day, public_holidays, working_days_between

__all__ = [
    "DEFAULT_SETTINGS",
    "INTRODUCTION_ROUTES",
    "REGULATION_SETS",
    "Action",
    "AdmissionRoute",
    "AgePolicy",
    "Citation",
    "ClassResult",
    "DateKind",
    "Inversion",
    "IntroductionRoute",
    "ClassSlot",
    "Confidence",
    "DocumentKind",
    "Forecast",
    "Milestone",
    "Missed",
    "Progress",
    "RegulationSet",
    "Roadmap",
    "RoadmapInput",
    "RuleKey",
    "RulesSettings",
    "StaffPeriod",
    "Verdict",
    "add_months",
    "admission_route",
    "add_working_days",
    "attendance_sufficient",
    "admission_age_from",
    "age_in_months",
    "ceremony_counted_from",
    "ceremony_due",
    "certificate_expires_on",
    "certificate_is_valid",
    "citation_for",
    "citations_for",
    "class_pass_mark",
    "class_result",
    "date_bounds",
    "decision_due",
    "decision_due_extended",
    "document_expires_on",
    "document_is_current",
    "document_validity_months",
    "first_inversion",
    "forecast",
    "in_bounds",
    "introducer_eligible_from",
    "introducers_needed",
    "introduction_route",
    "is_minor",
    "is_of_admission_age",
    "is_working_day",
    "month_index",
    "months_short",
    "needs_higher_decision",
    "official_decision_due",
    "official_review_due",
    "probation_ends_on",
    "public_holidays",
    "referral_acknowledgement_due",
    "regulation_set_for",
    "roadmap",
    "seniority_from",
    "vote_carries",
    "working_days_between",
]
