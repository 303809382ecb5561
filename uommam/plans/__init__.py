"""The cell's annual plan and each student's roadmap (issue 21).

`roadmaps.py` turns a candidacy and its cell into the pure inputs of `uommam.rules.roadmap` (dates of
birth and leaving, the class calendar, the members' time in the unit, what is done); `services.py`
drafts, edits and issues the annual plan "Kế hoạch phát triển đảng viên trong học sinh, năm học …" as
an official document; `selectors.py` compares the plan with what happened.
"""
