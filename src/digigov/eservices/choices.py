"""Constants of the service-item catalogue (政务服务事项目录, R4.1), named as the national implementation-list
guidance names them (国办发〔2018〕45号 and its technical documents; the kinds of power as 权责清单 lists them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who an item or a theme is for: the two pages of 一机两页 (R4.8)."""

    PERSON = "person", _("Individuals")  # 个人
    LEGAL_PERSON = "legal_person", _("Legal persons")  # 法人


class ItemKind(models.TextChoices):
    """事项类型: the eight kinds the catalogue carries. The two-digit code opens every basic code."""

    LICENCE = "licence", _("Administrative licence")  # 行政许可
    CONFIRMATION = "confirmation", _("Administrative confirmation")  # 行政确认
    BENEFIT = "benefit", _("Administrative benefit")  # 行政给付
    ADJUDICATION = "adjudication", _("Administrative adjudication")  # 行政裁决
    REWARD = "reward", _("Administrative reward")  # 行政奖励
    FILING = "filing", _("Administrative filing")  # 行政备案
    OTHER_POWER = "other_power", _("Other administrative power")  # 其他行政权力
    PUBLIC_SERVICE = "public_service", _("Public service")  # 公共服务


# The first two digits of a basic code (基本编码) by kind: our reading of the national coding, stated in README.
KIND_CODES: dict[str, str] = {
    ItemKind.LICENCE: "01",
    ItemKind.CONFIRMATION: "07",
    ItemKind.BENEFIT: "05",
    ItemKind.ADJUDICATION: "08",
    ItemKind.REWARD: "09",
    ItemKind.FILING: "11",
    ItemKind.OTHER_POWER: "10",
    ItemKind.PUBLIC_SERVICE: "20",
}


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    SUBMITTED = "submitted", _("Submitted for review")  # 待审核
    RETURNED = "returned", _("Returned for changes")  # 已退回
    PUBLISHED = "published", _("Published and in service")  # 已发布
    WITHDRAWN = "withdrawn", _("Withdrawn from service")  # 已撤销


class OnlineDepth(models.IntegerChoices):
    """网办深度: how far an item can be handled online."""

    ONE = 1, _("I: guide online")  # 一级：网上咨询、办事指南
    TWO = 2, _("II: forms online")  # 二级：表格下载、预约
    THREE = 3, _("III: apply online, one visit")  # 三级：网上申请、预审，到现场一次
    FOUR = 4, _("IV: whole process online")  # 四级：全程网办


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("Prepared by the applicant")  # 申请人自备
    GOVERNMENT = "government", _("Issued by a government department")  # 政府部门核发
    INTERMEDIARY = "intermediary", _("Issued by an intermediary")  # 中介机构或法定机构出具
    OTHER = "other", _("Other source")  # 其他


class MaterialFormat(models.TextChoices):
    PAPER = "paper", _("Paper")  # 纸质
    ELECTRONIC = "electronic", _("Electronic")  # 电子
    BOTH = "both", _("Paper or electronic")  # 纸质或电子


class MaterialRequirement(models.TextChoices):
    ALWAYS = "always", _("Required")  # 必要
    CONDITIONAL = "conditional", _("Required in some situations")  # 情形必要
    TOLERATED = "tolerated", _("Tolerated if missing (容缺)")  # 容缺受理


class Substitute(models.TextChoices):
    """What takes a material's place so the applicant need not bring it (R1.7, R4.3, R6.2)."""

    NONE = "none", _("No substitute")  # 无
    LICENCE = "licence", _("E-licence")  # 电子证照
    SHARED = "shared", _("Shared data")  # 共享数据


class KeyKind(models.TextChoices):
    """Which of the applicant's codes looks the shared record up."""

    ID_NUMBER = "id_number", _("Applicant's ID number")  # 公民身份号码
    USCC = "uscc", _("Applicant's credit code")  # 统一社会信用代码


class CaseStatus(models.TextChoices):
    """办件状态. A case is counted by the departments from submission on; a draft is the applicant's alone."""

    DRAFT = "draft", _("Draft")  # 草稿
    SUBMITTED = "submitted", _("Awaiting acceptance")  # 待受理
    SUPPLEMENTING = "supplementing", _("Awaiting supplement")  # 待补正
    IN_PROGRESS = "in_progress", _("Being handled")  # 办理中
    CONCLUDED = "concluded", _("Concluded")  # 办结
    REJECTED = "rejected", _("Not accepted")  # 不予受理
    WITHDRAWN = "withdrawn", _("Application withdrawn")  # 已撤回


RUNNING_CASE_STATES = (CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENTING, CaseStatus.IN_PROGRESS)
CLOSED_CASE_STATES = (CaseStatus.CONCLUDED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")  # 准予
    REFUSED = "refused", _("Refused")  # 不予批准


class Channel(models.TextChoices):
    """Where the application came in (上网办理率 counts online and assisted)."""

    ONLINE = "online", _("Online")  # 网上申请
    COUNTER = "counter", _("At the counter")  # 窗口受理
    ASSISTED = "assisted", _("Assisted by a clerk")  # 帮办代办
    API = "api", _("From a department system")  # 部门系统


class PartStatus(models.TextChoices):
    WAITING = "waiting", _("Not started")  # 未开始
    WORKING = "working", _("In hand")  # 办理中
    DONE = "done", _("Done")  # 已完成


class Provision(models.TextChoices):
    """How a material of a case was provided."""

    UPLOAD = "upload", _("Uploaded")  # 上传
    SHARED = "shared", _("Shared data")  # 共享数据获取
    LICENCE = "licence", _("E-licence")  # 电子证照
    COUNTER = "counter", _("Paper, received at the counter")  # 窗口收取
    TOLERATED = "tolerated", _("To follow (容缺)")  # 容缺后补


class ConsentMethod(models.TextChoices):
    """How the applicant's consent to 帮办代办 was given."""

    PAPER = "paper", _("Signed paper authorisation, scanned")  # 纸质授权书扫描件
    ONLINE = "online", _("Confirmed online by the applicant")  # 申请人线上确认


class ConsentStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the applicant's confirmation")  # 待申请人确认
    GIVEN = "given", _("Given")  # 已授权
    DECLINED = "declined", _("Declined")  # 已拒绝


class TaskKind(models.TextChoices):
    """What a user task of a case's process asks for, by its element id (`TASK_KINDS`); any other id is a review."""

    ACCEPT = "accept", _("Acceptance")  # 受理
    REVIEW = "review", _("Review")  # 审查
    DECIDE = "decide", _("Decision")  # 决定
    CONCLUDE = "conclude", _("Conclusion")  # 办结


# A process designed for cases names its tasks so (README: "Designing a process for cases").
TASK_KINDS = {
    "accept": TaskKind.ACCEPT,
    "handle": TaskKind.ACCEPT,
    "decide": TaskKind.DECIDE,
    "conclude": TaskKind.CONCLUDE,
}
LEAD_PART = "lead"


class RatingLevel(models.IntegerChoices):
    """好差评's five levels (国办发〔2019〕51号); the value is the score of the average. 基本满意 and above are good."""

    VERY_SATISFIED = 5, _("Very satisfied")  # 非常满意
    SATISFIED = 4, _("Satisfied")  # 满意
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")  # 基本满意
    DISSATISFIED = 2, _("Dissatisfied")  # 不满意
    VERY_DISSATISFIED = 1, _("Very dissatisfied")  # 非常不满意


GOOD_LEVEL_MIN = RatingLevel.FAIRLY_SATISFIED  # 好评: 非常满意, 满意, 基本满意; 差评: the two below


class RatingDimension(models.TextChoices):
    """What a rating is about: the national system's rating aspects, a small set the applicant ticks."""

    ATTITUDE = "attitude", _("Service attitude")  # 服务态度
    EFFICIENCY = "efficiency", _("Speed of handling")  # 办理效率
    GUIDE = "guide", _("Accuracy of the service guide")  # 办事指南准确
    ONE_VISIT = "one_visit", _("Done in one go")  # 一次办成
    CONVENIENCE = "convenience", _("Ease of applying online")  # 网上办理便捷


class AppealStatus(models.TextChoices):
    """申诉: a department's appeal against a wrong or malicious rating, decided by the platform operator."""

    NONE = "", _("No appeal")  # 未申诉
    PENDING = "pending", _("Appeal awaiting decision")  # 申诉待审核
    UPHELD = "upheld", _("Appeal upheld: rating excluded")  # 申诉成立，不计入统计
    DISMISSED = "dismissed", _("Appeal dismissed: rating stands")  # 申诉不成立


class ConsultationStatus(models.TextChoices):
    """网上咨询: a question waits for its department's answer, then is answered."""

    WAITING = "waiting", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")


class AppointmentStatus(models.TextChoices):
    """预约: a booked counter visit; the clerk marks whether the person came."""

    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    ARRIVED = "arrived", _("Came")
    NO_SHOW = "no_show", _("Did not come")
