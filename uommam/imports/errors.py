"""The refusal every import write can raise (re-exported by ``services``)."""

from __future__ import annotations

from typing import Any

from .issues import message


class ImportRefused(Exception):
    """The import cannot go ahead. ``code`` is stable; ``message`` is Vietnamese."""

    def __init__(self, code: str, text: str | None = None, **params: Any) -> None:
        self.code = code
        self.message = text if text is not None else message(code, **params)
        super().__init__(self.message)
