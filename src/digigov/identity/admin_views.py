"""Back-office screens of identity: a clerk's own account page, the staff screen of an organisation administrator,
and departments' application systems with their API keys (R0.2, R0.5). Thin: a Django form parses, one service acts,
the page renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import account

from digigov.core import audit_actions
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage
from digigov.identity import selectors, services
from digigov.identity.forms import (
    AccountLocaleForm,
    AccountNameForm,
    AccountPasswordForm,
    KeyActionForm,
    MemberAddForm,
    MembershipRemoveForm,
    SystemRegisterForm,
)
from digigov.identity.forms import PasswordResetForm as MemberPasswordResetForm
from digigov.identity.permissions import is_key_operator, is_staff_manager, may_manage_key, registering_organisations


class NamePanel(account.NameEmailSettingsPanel):
    form_class = AccountNameForm

    @property
    def title(self):
        return _("Name and e-mail")


class PasswordPanel(account.ChangePasswordPanel):
    form_class = AccountPasswordForm


class LocalePanel(account.LocaleSettingsPanel):
    form_class = AccountLocaleForm


class AccountView(account.AccountView):
    """Wagtail's account page with a name panel that lets a password change through (B1 of issue #8), and time
    zones named in Chinese.

    Wagtail's own panel demands a first name, a last name and an e-mail; accounts without them could not save
    the page at all, and the failed save cleared the password fields.
    """

    def get_panels(self):
        replace = {
            account.NameEmailSettingsPanel: NamePanel,
            account.ChangePasswordPanel: PasswordPanel,
            account.LocaleSettingsPanel: LocalePanel,
        }
        panels = []
        for panel in super().get_panels():
            kind = replace.get(type(panel))
            # the same profile object as Wagtail's other panels: each saves it whole, so two copies would undo
            # each other's changes (the time zone was lost to the theme panel's save)
            panels.append(kind(panel.request, panel.user, panel.profile) if kind else panel)
        return panels


class StaffView(StaffPage):
    """An organisation administrator's staff and roles: their organisation and its units, no other."""

    template_name = "identity/staff.html"
    page_title = _("Staff and roles")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_staff_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        context.setdefault("add_form", MemberAddForm(actor=actor))
        context["memberships"] = selectors.staff_memberships(actor)
        context["removable"] = set(
            MembershipRemoveForm(actor=actor).fields["membership"].queryset.values_list("pk", flat=True)
        )
        context["resettable"] = set(
            MemberPasswordResetForm(actor=actor).fields["user"].queryset.values_list("pk", flat=True)
        )
        return context

    def post(self, request, *args, **kwargs):
        actor, action = request.user, request.POST.get("action")
        if action == "remove":
            form = MembershipRemoveForm(request.POST, actor=actor)
            if not form.is_valid():
                raise PermissionDenied
            membership = form.cleaned_data["membership"]
            who = membership.user.get_full_name() or membership.user.get_username()
            self.act(
                lambda: services.membership_remove(actor=actor, membership=membership),
                _("The role was removed: %(who)s, %(role)s.") % {"who": who, "role": membership.get_role_display()},
            )
            return redirect("identity_staff")
        if action == "reset":
            form = MemberPasswordResetForm(request.POST, actor=actor)
            if not form.is_valid():
                raise PermissionDenied
            member = form.cleaned_data["user"]
            password = self.act(
                lambda: services.password_reset(actor=actor, user=member),
                _("The password was reset. The member must choose their own at the next sign-in."),
            )
            return self.render_result(member, password) if password else redirect("identity_staff")
        form = MemberAddForm(request.POST, actor=actor)
        if form.is_valid():
            d = form.cleaned_data
            try:
                membership, password = services.membership_add(
                    actor=actor,
                    username=d["username"],
                    name=d["name"],
                    organisation=d["organisation"],
                    role=d["role"],
                    title=d["title"],
                )
            except PermissionDeniedError:
                raise
            except DomainError as exc:
                for field, field_messages in (exc.fields or {None: [exc.message]}).items():
                    form.add_error(field if field in form.fields else None, field_messages)
            else:
                messages.success(request, _("The role was given."))
                if password:
                    return self.render_result(membership.user, password)
                return redirect("identity_staff")
        return TemplateResponse(request, self.template_name, self.get_context_data(add_form=form), status=400)

    def render_result(self, member, password):
        """The temporary password is shown on this answer only, never stored in clear or put in a message."""
        context = self.get_context_data(member=member, temporary_password=password)
        return TemplateResponse(self.request, self.template_name, context)  # never cached: Wagtail's never_cache


class SystemListView(StaffPage):
    """应用系统: the systems of one's department (every department's for the platform operator), and registering one.

    Anyone holding a role in a department sees its systems (a handler names one on a share application); only its
    administrator registers one. Nobody sees another department's.
    """

    template_name = "identity/systems.html"
    page_title = _("Application systems and API keys")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        systems = list(selectors.system_list(actor=actor))
        for client in systems:
            client.state = selectors.key_state(client)
            client.grace_until = selectors.grace_until(client)
        can_register = registering_organisations(actor).exists()
        context.update(
            systems=systems,
            can_register=can_register,
            is_key_operator=is_key_operator(actor),
            department_keys=bool(rule("identity.department_keys")),
        )
        if can_register:
            context.setdefault("form", SystemRegisterForm(actor=actor))
        return context

    def post(self, request, *args, **kwargs):
        form = SystemRegisterForm(request.POST, actor=request.user)

        def register():
            data = form.cleaned_data
            return services.system_client_register(
                actor=request.user,
                organisation=data["organisation"],
                name=data["name"],
                purpose=data["purpose"],
                contact=data["contact"],
            )

        client = self.submit(form, register, _("The system was registered."))
        if client:
            return redirect("identity_system", client.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SystemDetailView(StaffPage):
    """One system: what it is, its key's state, the key actions `actor` may take, and its history. A key just
    issued or rotated is on this answer only (Wagtail's admin answers are never cached), with a copy button."""

    template_name = "identity/system_detail.html"
    page_title = _("Application system")
    header_icon = "key"

    def get_page_title(self):
        return self.system.name

    def get_breadcrumbs_items(self):
        systems = {"url": reverse("identity_systems"), "label": SystemListView.page_title}
        return [*self.breadcrumbs_items, systems, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        client = self.system = selectors.system_get(actor=self.request.user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        context.update(
            system=client,
            state=selectors.key_state(client),
            grace_until=selectors.grace_until(client),
            may_manage=may_manage_key(self.request.user, client),
            grace_minutes=rule("identity.key_rotation_grace_minutes"),
            history=audit_actions.describe_many(selectors.system_history(client)),
        )
        return context

    def post(self, request, *args, **kwargs):
        client = selectors.system_get(actor=request.user, pk=kwargs["pk"])
        form = KeyActionForm(request.POST)
        if not form.is_valid():
            raise PermissionDenied  # only a forged request sends an unknown button
        op = form.cleaned_data["op"]
        if op == "revoke":
            self.act(
                lambda: services.system_key_revoke(actor=request.user, client=client),
                _("The key was revoked: calls with it are refused from now on."),
            )
            return redirect("identity_system", client.pk)
        if op == "issue":
            issued = self.act(
                lambda: (services.system_key_issue(actor=request.user, client=client), None), _("The key was issued.")
            )
        else:
            at_once = form.cleaned_data["at_once"]
            issued = self.act(
                lambda: services.system_key_rotate(actor=request.user, client=client, at_once=at_once),
                _("The key was rotated."),
            )
        if not issued:
            return redirect("identity_system", client.pk)
        key, previous_until = issued
        context = self.get_context_data(key=key, previous_until=previous_until, rotated=op == "rotate")
        return self.render_to_response(context)
