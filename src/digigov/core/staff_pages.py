"""The back office's work screens for staff (a role in some organisation, or platform administrator).

`StaffPage` gates the screen, turns the services' NotFoundError/PermissionDeniedError into 404/403, and `act`
runs a service call, showing its DomainError as one message on the page. `StaffMenuItem` shows a menu entry to
the same people. The catalogue's and the exchange's screens build on both.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.admin.menu import MenuItem

from digigov.core.admin_views import AdminPage
from digigov.core.errors import DomainError, NotFoundError, PermissionDeniedError
from digigov.core.permissions import is_staff_member


def error_text(exc: DomainError) -> str:
    """The error for a message box: its message, then what its field errors add."""
    parts = [str(exc.message)]
    for field_messages in exc.fields.values():
        parts += [str(m) for m in field_messages if str(m) not in parts]
    return " ".join(parts)


class StaffPage(AdminPage):
    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFoundError:
            raise Http404 from None
        except PermissionDeniedError:
            raise PermissionDenied from None

    def act(self, call, success):
        """`call()`'s result (or True), with `success` as a message; None, with the error as a message, if it fails."""
        try:
            result = call()
        except DomainError as exc:
            messages.error(self.request, error_text(exc))
            return None
        messages.success(self.request, success)
        return result or True


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)
