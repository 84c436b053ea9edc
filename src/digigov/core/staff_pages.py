"""The back office's work screens for staff (a role in some organisation, or platform administrator).

`StaffPage` gates the screen and turns the services' NotFoundError/PermissionDeniedError into 404/403: a refused
person gets the platform's Chinese 403 page (core.views), whether the screen refuses to show a form (GET) or the
service refuses to act (POST). `act` runs a service call, showing any other DomainError as one message on the page.
A screen that takes input parses it with a Django form (Chinese labels and messages) and calls `submit`: the
service's field errors land next to the fields and the form re-renders with what was typed. `StaffMenuItem` shows
a menu entry to the same people. The catalogue's, the exchange's and signing's screens build on them.

    class ThingCreateView(StaffPage):
        template_name = "things/form.html"          # {% for field in form %}{% formattedfield field %}{% endfor %}

        def post(self, request, *args, **kwargs):
            form = ThingForm(request.POST)
            thing = self.submit(
                form, lambda: services.thing_create(actor=request.user, **form.cleaned_data), _("Saved.")
            )
            if thing:
                return redirect("thing_detail", thing.pk)
            return self.render_to_response(self.get_context_data(form=form))
"""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from digigov.core.admin_views import AdminPage
from digigov.core.errors import DomainError, NotFoundError, PermissionDeniedError
from digigov.core.permissions import is_staff_member
from digigov.core.views import permission_denied


def error_text(exc: DomainError) -> str:
    """The error for a message box: its message, then what its field errors add."""
    parts = [str(exc.message)]
    for field_messages in exc.fields.values():
        parts += [str(m) for m in field_messages if str(m) not in parts]
    return " ".join(parts)


def add_domain_errors(form, exc: DomainError) -> None:
    """Put a service's field errors next to the form's fields; the rest (or the message) above the form."""
    placed = False
    for field, field_messages in exc.fields.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class StaffPage(AdminPage):
    @classmethod
    def as_view(cls, **initkwargs):
        """Wagtail would turn a refusal into a redirect to the dashboard; a staff screen answers 403 with the
        platform's page instead, also for a refusal in a subclass's own `dispatch`."""
        view = super().as_view(**initkwargs)

        @functools.wraps(view)
        def refusing(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except (PermissionDenied, PermissionDeniedError):
                return permission_denied(request)

        return refusing

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
        """`call()`'s result (or True), with `success` as a message (or `success(result)`, to name what was made);
        None, with the error as a message, if it fails."""
        try:
            result = call()
        except PermissionDeniedError:
            raise  # the 403 page: this person may not act here at all
        except DomainError as exc:
            messages.error(self.request, error_text(exc))
            return None
        messages.success(self.request, success(result) if callable(success) else success)
        return result or True

    def submit(self, form, call, success):
        """Like `act` for a screen with a form: `call()` runs only on valid input (it may read form.cleaned_data);
        a DomainError is shown on the form's fields, which keep what was typed. None if anything failed."""
        if form.is_valid():
            try:
                result = call()
            except PermissionDeniedError:
                raise
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(self.request, success)
                return result or True
        messages.error(self.request, _("The form has errors; see the fields below."))
        return None


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)
