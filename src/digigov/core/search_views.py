"""The workbench search page (统一工作台搜索): the back office's search box sends every staff member here, whatever
their role, and each module answers with what that person may see (`core.search_registry`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.search import admin_search_areas

from digigov.core import search_registry, selectors
from digigov.core.staff_pages import StaffPage

HITS_PER_MODULE = 20


class WorkbenchSearchView(StaffPage):
    template_name = "core/search.html"
    page_title = gettext_lazy("Search")
    header_icon = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None, placeholder=_("Search resources, applications, to-dos…"))
        q = form.cleaned_data["q"] if form.is_valid() else ""
        context.update(
            search_form=form,
            query=q,
            sections=search_registry.search(self.request.user, q, limit=HITS_PER_MODULE),
            # Page, image and document searches, for those who edit sites.
            other_searches=len(admin_search_areas.search_items_for_request(self.request)) > 1,
        )
        return context


def todo_hits(actor, terms: list[str], limit: int) -> search_registry.SearchResults:
    """The actor's own open to-dos (their inbox) whose title holds every word."""
    qs = selectors.inbox_for(actor)
    for term in terms:
        qs = qs.filter(title__icontains=term)
    items = list(qs[:limit])
    hits = [
        search_registry.SearchHit(
            title=item.title,
            url=item.url,
            detail=_("%(module)s · due %(deadline)s")
            % {"module": item.source_label, "deadline": item.deadline.isoformat() if item.deadline else "—"},
        )
        for item in items
    ]
    return search_registry.SearchResults(hits=hits, total=len(items) if len(items) < limit else qs.count())
