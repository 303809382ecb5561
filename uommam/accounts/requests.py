"""Kept so that code written against the former home still type-checks: the request types live in
`uommam.core.requests` (the bottom app, so that apps below `accounts` may name them too). Import them
from there."""

from uommam.core.requests import AuthenticatedHttpRequest as AuthenticatedHttpRequest
from uommam.core.requests import HtmxHttpRequest as HtmxHttpRequest
