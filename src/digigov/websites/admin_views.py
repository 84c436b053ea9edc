"""Back-office screens of the website cluster beyond Wagtail's own: where a library item is used, and placing it
in a column of a site the editor runs (先入库、后使用, R8.1)."""

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import NotFoundError
from digigov.core.staff_pages import StaffPage
from digigov.websites import selectors, services
from digigov.websites.models import Placement


class PlaceForm(forms.Form):
    column = forms.TypedChoiceField(label=_("Column"), coerce=int)
    pinned = forms.BooleanField(label=_("Pin to the top of the column"), required=False)

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = {column.pk: column for _profile, column in columns}
        self.fields["column"].choices = [
            (column.pk, f"{profile.name} › {' › '.join(column.url_path.strip('/').split('/')[1:])}  {column.title}")
            for profile, column in columns
        ]


class ItemPlacementsView(StaffPage):
    template_name = "websites/admin/item_placements.html"
    page_title = _("Where the item is used")
    header_icon = "doc-full"

    def item(self):
        item = selectors.item_for_placing(self.request.user, self.kwargs["pk"])
        if item is None:
            raise NotFoundError()
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs.get("item") or self.item()
        columns = selectors.editable_columns(self.request.user)
        editable = {column.pk for _profile, column in columns}
        placements = list(selectors.item_placements(item))
        for placement in placements:
            placement.site_name = str(placement.column.get_site() or "")
            placement.public_url = f"{placement.column.full_url}{item.pk}/" if placement.withdrawn_at is None else ""
            placement.may_withdraw = placement.column_id in editable and placement.withdrawn_at is None
        context.update(
            item=item,
            placements=placements,
            form=kwargs.get("form") or PlaceForm(columns=columns),
            may_place=bool(columns),
            edit_url=reverse("wagtailsnippets_websites_libraryitem:edit", args=[item.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        item = self.item()
        if "withdraw" in request.POST:
            placement = Placement.objects.filter(item=item, pk=request.POST.get("withdraw")).first()
            if placement is None:
                raise NotFoundError()
            self.act(
                lambda: services.placement_withdraw(actor=request.user, placement=placement),
                _("Taken out of the column."),
            )
            return redirect(request.path)
        form = PlaceForm(request.POST, columns=selectors.editable_columns(request.user))
        done = self.submit(
            form,
            lambda: services.item_place(
                actor=request.user,
                item=item,
                column=form.columns[form.cleaned_data["column"]],
                pinned=form.cleaned_data["pinned"],
            ),
            _("Placed in the column."),
        )
        if done:
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(item=item, form=form))
