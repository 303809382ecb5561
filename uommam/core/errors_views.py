from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    # A refused GET is a page the role cannot open at all; a refused change (POST) is on a page the user
    # could open, so "you may see but not change" is true only then.
    read_only = request.method not in ("GET", "HEAD")
    return render(request, "errors/403.html", {"read_only": read_only}, status=403)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: the database may be the reason we failed.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
