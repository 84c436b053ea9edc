"""The 12345 hotline's fixed lists (S5: R5.1; GB/T 44189-2024); other apps may import this module."""

from django.db import models
from django.utils.translation import pgettext_lazy


class TicketKind(models.TextChoices):
    """诉求类型: what the caller wants; the kind sets the time limit (rules.py)."""

    CONSULTATION = "consultation", pgettext_lazy("hotline", "Consultation")  # 咨询
    HELP = "help", pgettext_lazy("hotline", "Request for help")  # 求助
    COMPLAINT = "complaint", pgettext_lazy("hotline", "Complaint")  # 投诉
    REPORT = "report", pgettext_lazy("hotline", "Report")  # 举报
    SUGGESTION = "suggestion", pgettext_lazy("hotline", "Suggestion")  # 建议
    PRAISE = "praise", pgettext_lazy("hotline", "Praise")  # 表扬


class Urgency(models.TextChoices):
    URGENT = "urgent", pgettext_lazy("hotline", "Urgent")  # 紧急
    NORMAL = "normal", pgettext_lazy("hotline", "Normal")  # 一般


class Channel(models.TextChoices):
    """How the request reached the hotline (GB/T 44190: every channel lands in one ticket)."""

    PHONE = "phone", pgettext_lazy("hotline", "Telephone")  # 电话
    WEB = "web", pgettext_lazy("hotline", "Web")  # 网站
    MOBILE_APP = "app", pgettext_lazy("hotline", "Mobile app")  # 移动端
    WEBSITE_MESSAGE = "website_message", pgettext_lazy("hotline", "Government website message")  # 政府网站留言
    API = "api", pgettext_lazy("hotline", "Other system")  # 其他系统接入


class TicketStatus(models.TextChoices):
    """Where a ticket stands in the closed loop: intake → dispatch → handling → reply → review → return visit."""

    NEW = "new", pgettext_lazy("hotline", "Waiting for dispatch")  # 待派单
    DISPATCHED = "dispatched", pgettext_lazy("hotline", "Waiting for the department to accept")  # 待签收
    HANDED_BACK = "handed_back", pgettext_lazy("hotline", "Handed back, waiting for the centre")  # 退单待审
    HANDLING = "handling", pgettext_lazy("hotline", "Being handled")  # 办理中
    REPLIED = "replied", pgettext_lazy("hotline", "Reply waiting for review")  # 待审核
    VISITING = "visiting", pgettext_lazy("hotline", "Waiting for the return visit")  # 待回访
    UNSATISFIED = "unsatisfied", pgettext_lazy("hotline", "Caller not satisfied")  # 不满意待处理
    CLOSED = "closed", pgettext_lazy("hotline", "Closed")  # 已办结
    # 并案 (acceptance 6): waits for its main ticket's answer, then follows it (services/merging.py)
    MERGED = "merged", pgettext_lazy("hotline", "Merged into another ticket")  # 已并案


class TicketAction(models.TextChoices):
    """The steps of a ticket; each is one TicketEvent and one ledger entry."""

    CREATE = "create", pgettext_lazy("hotline", "register")  # 登记
    ANSWER = "answer", pgettext_lazy("hotline", "answer at once")  # 直接办结
    REDIRECT = "redirect", pgettext_lazy("hotline", "redirect (not taken)")  # 不予受理并告知
    DISPATCH = "dispatch", pgettext_lazy("hotline", "dispatch")  # 派单
    ACCEPT = "accept", pgettext_lazy("hotline", "accept")  # 签收
    HAND_BACK = "hand_back", pgettext_lazy("hotline", "hand back")  # 退单
    APPROVE_HAND_BACK = "approve_hand_back", pgettext_lazy("hotline", "agree to the hand-back")  # 同意退单
    REFUSE_HAND_BACK = "refuse_hand_back", pgettext_lazy("hotline", "refuse the hand-back")  # 驳回退单
    REPLY = "reply", pgettext_lazy("hotline", "reply")  # 答复
    APPROVE_REPLY = "approve_reply", pgettext_lazy("hotline", "approve the reply")  # 审核通过
    RETURN_REPLY = "return_reply", pgettext_lazy("hotline", "send the reply back")  # 审核退回
    VISIT = "visit", pgettext_lazy("hotline", "record the return visit")  # 回访
    REOPEN = "reopen", pgettext_lazy("hotline", "reopen")  # 重办
    CLOSE = "close", pgettext_lazy("hotline", "close")  # 办结
    # 协办, 延期, 督办 (issue 13 items 3 and 4): the ticket's status stays as it was.
    CO_ACCEPT = "co_accept", pgettext_lazy("hotline", "accept the co-handling")  # 协办签收
    CO_HAND_BACK = "co_hand_back", pgettext_lazy("hotline", "hand back the co-handling")  # 协办退回
    CO_REPLY = "co_reply", pgettext_lazy("hotline", "send the co-handling contribution")  # 协办反馈
    REQUEST_EXTENSION = "request_extension", pgettext_lazy("hotline", "request an extension")  # 申请延期
    APPROVE_EXTENSION = "approve_extension", pgettext_lazy("hotline", "approve the extension")  # 同意延期
    REFUSE_EXTENSION = "refuse_extension", pgettext_lazy("hotline", "refuse the extension")  # 不同意延期
    URGE = "urge", pgettext_lazy("hotline", "urge")  # 督办
    # 并案 (acceptance 6): merged into a main ticket, and the main ticket's answer given to each merged caller
    MERGE = "merge", pgettext_lazy("hotline", "merge into another ticket")  # 并案
    ANSWER_FROM_MERGE = "answer_from_merge", pgettext_lazy("hotline", "answered with its main ticket")  # 随主工单答复


class Resolution(models.TextChoices):
    """How a closed ticket ended."""

    ANSWERED_AT_ONCE = "answered", pgettext_lazy("hotline", "Answered at once")  # 直接办结
    REDIRECTED = "redirected", pgettext_lazy("hotline", "Redirected: not taken by the hotline")  # 不予受理
    HANDLED = "handled", pgettext_lazy("hotline", "Handled by a department")  # 派单办结


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", pgettext_lazy("hotline", "Satisfied")  # 满意
    FAIRLY = "fairly", pgettext_lazy("hotline", "Fairly satisfied")  # 基本满意
    UNSATISFIED = "unsatisfied", pgettext_lazy("hotline", "Not satisfied")  # 不满意


class NotTaken(models.TextChoices):
    """Matters the hotline does not take (国办发〔2020〕53号): redirected with the standard wording (redirects.py)."""

    LITIGATION = "litigation", pgettext_lazy("hotline", "Litigation or arbitration")  # 涉诉涉仲裁
    PETITION = "petition", pgettext_lazy("hotline", "Petition (letters and visits)")  # 信访
    EMERGENCY = (
        "emergency",
        pgettext_lazy("hotline", "Emergency (110, 119, 120, 122)"),
    )  # 紧急警情、火情、急救、交通事故
    STATE_SECRET = "state_secret", pgettext_lazy("hotline", "State secrets")  # 涉及国家秘密


class AssignmentStatus(models.TextChoices):
    """A department's part in a ticket (several departments may co-handle one, one of them the lead)."""

    PENDING = "pending", pgettext_lazy("hotline", "Waiting to be accepted")  # 待签收
    ACCEPTED = "accepted", pgettext_lazy("hotline", "Accepted")  # 已签收
    HANDED_BACK = "handed_back", pgettext_lazy("hotline", "Handed back")  # 已退单
    REPLIED = "replied", pgettext_lazy("hotline", "Replied")  # 已答复
    ENDED = "ended", pgettext_lazy("hotline", "Ended")  # 已结束


class ExtensionStatus(models.TextChoices):
    """延期申请: the lead department asks, the centre decides."""

    PENDING = "pending", pgettext_lazy("hotline", "Waiting for the centre")  # 待审批
    APPROVED = "approved", pgettext_lazy("hotline", "Approved")  # 已同意
    REFUSED = "refused", pgettext_lazy("hotline", "Refused")  # 不同意


class DuplicateReason(models.TextChoices):
    """Why a ticket is suggested as a duplicate of a new request (acceptance 6; hotline/duplicates.py)."""

    SAME_CALLER = "same_caller", pgettext_lazy("hotline", "Same caller")  # 同一来电人
    SAME_PLACE = "same_place", pgettext_lazy("hotline", "Similar request at the same place")  # 同一地点相近诉求
