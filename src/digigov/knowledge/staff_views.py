"""The knowledge base in the back office (GB/T 44191), under the 知识库 menu: the article list with Chinese search
and filters, each article's page (answer, validity, use, history and the owner's actions), the article form, and
the subject category tree with its Excel import and export.

Every screen asks the services and selectors: another department's draft is not found (404), its published
article is read-only, and its edit form is refused (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import audit_actions, spreadsheets
from digigov.core.errors import DomainError, NotFoundError
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage, add_domain_errors
from digigov.knowledge import selectors, services
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.permissions import can_edit, editable_department_ids, is_manager
from digigov.knowledge.staff_forms import (
    ActionForm,
    ArticleFilterForm,
    ArticleForm,
    CategoryForm,
    CategoryImportForm,
    WithdrawForm,
)


def _article(user, pk):
    try:
        return selectors.article_get(actor=user, pk=pk)
    except NotFoundError:
        raise Http404 from None


class KnowledgePage(StaffPage):
    header_icon = "help"
    section_url_name = "knowledge_articles"
    section_label = _("Knowledge base")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


def _may_create(user) -> bool:
    return editable_department_ids(user) != set()


class ArticleListView(KnowledgePage):
    template_name = "knowledge/staff/article_list.html"
    page_title = _("Knowledge articles")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = ArticleFilterForm(
            self.request.GET or None,
            categories=selectors.category_list(active_only=False),
            departments=selectors.department_choices(user) if not is_manager(user) else
            selectors.department_choices(user).filter(pk__in=selectors.visible_articles(user).values("department")),
        )  # fmt: skip
        filters = form.cleaned_data if form.is_valid() else {}
        articles = selectors.article_list(
            actor=user,
            q=filters.get("q", ""),
            category=filters.get("category"),
            department_id=getattr(filters.get("department"), "pk", None),
            status=filters.get("status", ""),
            due_for_review=filters.get("due", False),
        )
        page = Paginator(articles, 30).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        due = timezone.localdate() + timezone.timedelta(days=rule("knowledge.review_warning_days"))
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            rows=[(a, a.status == ArticleStatus.PUBLISHED and a.review_on and a.review_on <= due) for a in page],
            can_create=_may_create(user),
            searched=bool(filters.get("q")),
        )
        return context


class ArticleFormView(KnowledgePage):
    """A new article of one's department, or one of its articles changed."""

    template_name = "knowledge/staff/article_form.html"

    def get_page_title(self):
        return self.article.title if self.article else _("New knowledge article")

    def dispatch(self, request, *args, **kwargs):
        self.article = None
        if "pk" in kwargs:
            self.article = _article(request.user, kwargs["pk"])
            if not can_edit(request.user, self.article.department):
                raise PermissionDenied
        elif not _may_create(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        a = self.article
        initial = {}
        if a is not None:
            initial = {name: getattr(a, name) for name in services.articles.FIELDS}
        categories = selectors.category_list()
        if a is not None:  # a retired category stays selectable for the article already filed under it
            categories = selectors.category_list(active_only=False).filter(is_active=True) | categories.filter(
                pk=a.category_id
            )
        departments = selectors.department_choices(self.request.user)
        if a is None and len(own := list(departments[:2])) == 1:
            initial["department"] = own[0]  # one's only department, chosen already
        return ArticleForm(data, initial=initial, categories=categories, departments=departments)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=kwargs.get("form") or self.form(), article=self.article)
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)

        def save():
            values = form.cleaned_data
            if self.article is None:
                return services.article_create(actor=request.user, **values)
            return services.article_update(actor=request.user, article_id=self.article.pk, **values)

        article = self.submit(form, save, _("Article saved."))
        if article:
            return redirect("knowledge_article", article.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ArticleDetailView(KnowledgePage):
    template_name = "knowledge/staff/article_detail.html"

    def get_page_title(self):
        return self.article.title

    def dispatch(self, request, *args, **kwargs):
        self.article = _article(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.article
        editable = can_edit(self.request.user, a.department)
        today = timezone.localdate()
        context.update(
            article=a,
            editable=editable,
            in_force=a.status == ArticleStatus.PUBLISHED
            and (a.valid_from is None or a.valid_from <= today)
            and (a.valid_until is None or a.valid_until >= today),
            review_overdue=a.review_on is not None and a.review_on < today,
            withdraw_form=kwargs.get("withdraw_form") or WithdrawForm(),
            history=audit_actions.describe_many(selectors.article_history(a)),
        )
        return context

    def post(self, request, *args, **kwargs):
        chosen, pk = ActionForm(request.POST), self.article.pk
        if not chosen.is_valid():
            raise PermissionDenied  # only a forged request sends an unknown action
        action = chosen.cleaned_data["action"]
        if action == "withdraw":
            form = WithdrawForm(request.POST)
            done = self.submit(
                form,
                lambda: services.article_withdraw(actor=request.user, article_id=pk, **form.cleaned_data),
                _("Article withdrawn."),
            )
            if not done:
                self.article = _article(request.user, pk)
                return self.render_to_response(self.get_context_data(withdraw_form=form))
        elif action == "publish":
            self.act(lambda: services.article_publish(actor=request.user, article_id=pk), _("Article published."))
        elif action == "reviewed":
            self.act(
                lambda: services.article_review_confirm(actor=request.user, article_id=pk),
                _("Review recorded; the next review date is set."),
            )
        return redirect("knowledge_article", pk)


class CategoryListView(KnowledgePage):
    template_name = "knowledge/staff/category_list.html"
    page_title = _("Subject categories")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        manager = is_manager(self.request.user)
        context.update(
            categories=[(c, len(c.code) // 2 - 1) for c in selectors.category_list(active_only=False)],
            manager=manager,
            form=kwargs.get("form") or CategoryForm(),
            import_form=kwargs.get("import_form") or CategoryImportForm(),
            import_problems=kwargs.get("import_problems", []),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        if "file" in request.FILES:
            return self._import(request)
        form = CategoryForm(request.POST)
        category = self.submit(
            form, lambda: services.category_create(actor=request.user, **form.cleaned_data), _("Category added.")
        )
        if category:
            return redirect("knowledge_categories")
        return self.render_to_response(self.get_context_data(form=form))

    def _import(self, request):
        form = CategoryImportForm(request.POST, request.FILES)
        problems: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = spreadsheets.check_upload(upload, max_mb=rule("knowledge.import_max_mb"))
                count = services.category_import(actor=request.user, data=data, filename=upload.name)
            except spreadsheets.ImportRejectedError as exc:
                problems = [f"{e.cell}：{e.message}" for e in exc.rows]
                form.add_error("file", str(exc.message))
            except DomainError as exc:
                add_domain_errors(form, exc)
                if not form.errors:
                    form.add_error("file", str(exc.message))
            else:
                messages.success(request, _("%(n)s categories imported.") % {"n": count})
                return redirect("knowledge_categories")
        return self.render_to_response(self.get_context_data(import_form=form, import_problems=problems))


class CategoryEditView(KnowledgePage):
    template_name = "knowledge/staff/category_form.html"

    def get_page_title(self):
        return f"{self.category.code} {self.category.name}"

    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        try:
            self.category = selectors.category_get(kwargs["pk"])
        except NotFoundError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        c = self.category
        return CategoryForm(data, editing=True, initial={"name": c.name, "order": c.order, "is_active": c.is_active})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=kwargs.get("form") or self.form(), category=self.category)
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        done = self.submit(
            form,
            lambda: services.category_update(actor=request.user, category_id=self.category.pk, **form.cleaned_data),
            _("Category saved."),
        )
        if done:
            return redirect("knowledge_categories")
        return self.render_to_response(self.get_context_data(form=form))


class CategoryExportView(KnowledgePage):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            services.category_export(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = "attachment; filename*=UTF-8''%E4%BA%8B%E9%A1%B9%E5%88%86%E7%B1%BB.xlsx"
        return response
