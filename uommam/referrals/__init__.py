"""Referrals that close the loop (issue 6, domain.md §7): forecast who leaves school before 18, refer
them with a letter and a package to their commune or university, let the receiver acknowledge and
record the outcome, remind both sides, and measure the loop.

For other apps: `selectors.loop_metrics(unit, date_from, date_to)` (reports),
`reminders.referral_todo_items(user, today)` and `reminders.todo_sections(user)` (to-do page),
`selectors.inbox_count(user)` (navigation badge).
"""
