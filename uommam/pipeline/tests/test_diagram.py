from __future__ import annotations

from uommam.pipeline.diagram import DOC_PATH, render_document
from uommam.pipeline.workflow import TRANSITIONS


def test_docs_workflow_md_is_in_sync_with_the_transition_table():
    assert DOC_PATH.read_text(encoding="utf-8") == render_document(), "run: python manage.py workflow_diagram"


def test_diagram_has_an_edge_for_every_source_of_every_transition():
    text = render_document()
    assert "stateDiagram-v2" in text
    for t in TRANSITIONS:
        for source in t.sources:
            assert f"{source.value} --> {t.target.value}: {t.name}" in text
