"""Citizens' letters to a government site (R8.4 政民互动): consultations, complaints and suggestions, each answered by
the site's unit within a number of working days, and, with the writer's consent, shown with its reply."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.validators import validate_mobile
from digigov.websites.choices import MessageKind, MessageState


class Message(models.Model):
    site = models.ForeignKey("websites.SiteProfile", verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="messages")  # fmt: skip
    unit = models.ForeignKey("core.Organisation", verbose_name=_("answering unit"), on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    number = models.CharField(_("letter number"), max_length=20, unique=True)  # 信件编号
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    title = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("letter"), max_length=2000)  # plain text: shown escaped, never as HTML
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=11, validators=[validate_mobile])
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed-in writer"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    page_url = models.CharField(_("page reported"), max_length=300, blank=True)  # 网民纠错: the page with the mistake
    public = models.BooleanField(_("may be published"), default=False)  # the writer's consent (同意公开)
    address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)  # for the rate limit
    received_at = models.DateTimeField(_("received"))  # 受理日期
    due_on = models.DateField(_("answer due"))
    state = models.CharField(_("state"), max_length=20, choices=MessageState.choices, default=MessageState.RECEIVED)
    reply = models.TextField(_("reply"), blank=True)  # 答复内容
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)  # 答复日期
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    # 转12345热线: the hotline ticket the letter became (its answer comes back as the reply: messages.py)
    ticket_number = models.CharField(_("12345 ticket number"), max_length=20, blank=True)
    transferred_at = models.DateTimeField(_("transferred to the hotline"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen's letter")
        verbose_name_plural = _("citizens' letters")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["address", "received_at"]), models.Index(fields=["site", "state"])]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def page_address(self) -> str:
        """The page an error report names, on its site's own host (a path alone would open on the back office's)."""
        if self.page_url.startswith("/"):
            return f"{self.site.site.root_url}{self.page_url}"
        return self.page_url
