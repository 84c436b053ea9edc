"""The JSON API's error handlers: Django's own 404 and 403 keep the one error shape {code, message, errors}."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404

from digigov.api_v1 import on_forbidden, on_not_found


def test_django_404_and_403_raised_in_a_route_keep_the_error_shape(rf):
    for handler, exc, status, code in [
        (on_not_found, Http404(), 404, "not_found"),
        (on_forbidden, PermissionDenied(), 403, "permission_denied"),
    ]:
        response = handler(rf.get("/api/v1/x"), exc)
        assert response.status_code == status
        body = json.loads(response.content)
        assert body["code"] == code and body["message"] and body["errors"] == []
