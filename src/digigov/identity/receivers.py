"""Django's sign-in signal, adapted into identity's state (STYLE: signals only adapt outside events)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from digigov.identity import selectors
from digigov.identity.middleware import MUST_CHANGE


@receiver(user_logged_in, dispatch_uid="identity.note_temporary_password")
def note_temporary_password(sender, request, user, **kwargs):
    """Mark the session of a member signing in with a temporary password (PasswordChangeRequiredMiddleware)."""
    if request is not None and hasattr(request, "session") and selectors.must_change_password(user):
        request.session[MUST_CHANGE] = True
