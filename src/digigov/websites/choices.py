"""Constants of the website cluster (S8), with Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    PORTAL = "portal", _("Government portal")  # 政府门户网站
    DEPARTMENT = "department", _("Department site")  # 部门网站


class SiteState(models.TextChoices):
    """R8.5: a site is opened and closed for good only after chained approval."""

    APPLIED = "applied", _("Opening applied for")  # 申请开设
    RUNNING = "running", _("Running")  # 运行
    CLOSING = "closing", _("Closing")  # 关停中: content migrated, the notice shown
    CLOSED = "closed", _("Closed")  # 已关停: the site ID code is retired


class ColumnType(models.TextChoices):
    """栏目 types of the 国办 rules; each has its own update expectation (rule parameters)."""

    NEWS = "news", _("News")  # 要闻/动态
    NOTICES = "notices", _("Notices")  # 通知公告
    POLICIES = "policies", _("Policy documents")  # 政策文件
    INTERPRETATIONS = "interpretations", _("Policy interpretations")  # 政策解读
    DISCLOSURE = "disclosure", _("Information disclosure")  # 信息公开
    SERVICES = "services", _("Online services")  # 办事服务
    INTERACTION = "interaction", _("Interaction")  # 互动交流
    SPECIAL = "special", _("Special topics")  # 专题专栏


class ItemKind(models.TextChoices):
    """What the resource library (信息资源库) holds."""

    ARTICLE = "article", _("Article")  # 文章: news, notices
    POLICY = "policy", _("Policy document")  # 政策文件
    INTERPRETATION = "interpretation", _("Policy interpretation")  # 政策解读


class Validity(models.TextChoices):
    """有效性 of a policy document."""

    VALID = "valid", _("In force")  # 有效
    AMENDED = "amended", _("Amended")  # 已修改
    REPEALED = "repealed", _("Repealed")  # 已废止


class Topic(models.TextChoices):
    """主题分类 of the 政府信息公开目录 (国务院 topic scheme used by every government site)."""

    GENERAL = "general", _("General government affairs")  # 综合政务
    ECONOMY = "economy", _("National economic management")  # 国民经济管理
    FINANCE = "finance", _("Finance, banking and audit")  # 财政、金融、审计
    LAND = "land", _("Land, resources and energy")  # 国土资源、能源
    AGRICULTURE = "agriculture", _("Agriculture, forestry and water")  # 农业、林业、水利
    INDUSTRY = "industry", _("Industry and transport")  # 工业、交通
    TRADE = "trade", _("Trade, customs and tourism")  # 商贸、海关、旅游
    MARKET = "market", _("Market and work-safety supervision")  # 市场监管、安全生产监管
    CONSTRUCTION = "construction", _("Urban and rural construction, environment")  # 城乡建设、环境保护
    SCIENCE = "science", _("Science and education")  # 科技、教育
    CULTURE = "culture", _("Culture, broadcasting and press")  # 文化、广电、新闻出版
    HEALTH = "health", _("Health and sport")  # 卫生、体育
    POPULATION = "population", _("Population, women and children")  # 人口与计划生育、妇女儿童工作
    LABOUR = "labour", _("Labour, personnel and supervision")  # 劳动、人事、监察
    SECURITY = "security", _("Public security, safety and justice")  # 公安、安全、司法
    CIVIL = "civil", _("Civil affairs, poverty relief and disaster relief")  # 民政、扶贫、救灾
    ETHNIC = "ethnic", _("Ethnic and religious affairs")  # 民族、宗教
    FOREIGN = "foreign", _("Foreign affairs")  # 对外事务
    OTHER = "other", _("Other")  # 其他


class WordSeverity(models.TextChoices):
    """错敏词 levels: a severe word blocks publishing, a warning is shown to the editor."""

    SEVERE = "severe", _("Severe: blocks publishing")
    WARNING = "warning", _("Warning")


class MessageKind(models.TextChoices):
    """What a citizen writes to a government site (R8.4)."""

    CONSULTATION = "consultation", _("Consultation")  # 咨询
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    CORRECTION = "correction", _("Error report on a page")  # 网民纠错 (R8.6): a mistake on a page, answered sooner


LETTER_KINDS = (MessageKind.CONSULTATION, MessageKind.COMPLAINT, MessageKind.SUGGESTION)  # what /messages/write/ offers


class CorrectionKind(models.TextChoices):
    """What is wrong on a page (网民纠错): stored as the report's subject."""

    TYPO = "typo", _("A wrong or missing character")  # 错别字
    LINK = "link", _("A link or file that does not open")  # 链接无法访问
    OUTDATED = "outdated", _("Wrong or outdated content")  # 内容错误或过时
    DISPLAY = "display", _("The page does not display properly")  # 页面显示异常
    OTHER = "other", _("Something else")  # 其他


class MessageState(models.TextChoices):
    RECEIVED = "received", _("Being handled")  # 办理中
    REPLIED = "replied", _("Replied")  # 已答复
    TRANSFERRED = (
        "transferred",
        _("Transferred to the 12345 hotline"),
    )  # 已转12345热线: replied with the ticket's answer


class ApplicationKind(models.TextChoices):
    """R8.5: what a unit applies for (网站开设与关停)."""

    OPEN = "open", _("Opening a site")  # 开设
    CLOSE = "close", _("Closing a site for good")  # 关停 (整合迁移)


class ApplicationState(models.TextChoices):
    AUTHORITY = "authority", _("Awaiting the competent authority")  # 待主管单位审核
    OPERATOR = "operator", _("Awaiting the platform operator")  # 待平台审批
    APPROVED = "approved", _("Approved")  # 已批准
    REFUSED = "refused", _("Refused")  # 未予批准


class ApplicationAction(models.TextChoices):
    SUBMIT = "submit", _("submitted")
    APPROVE = "approve", _("approved")
    REFUSE = "refuse", _("refused")


class SiteAction(models.TextChoices):
    CLOSE = "close", _("closed for migration")
    FINISH = "finish", _("closed for good")


class DisclosureMode(models.TextChoices):
    """公开方式 of an item in the 政府信息公开目录 (R8.8)."""

    ACTIVE = "active", _("Proactive disclosure")  # 主动公开
    ON_REQUEST = "on_request", _("Disclosure on request")  # 依申请公开


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("A citizen")  # 公民
    ORGANISATION = "organisation", _("Legal person or other organisation")  # 法人或其他组织


class DeliveryForm(models.TextChoices):
    """The form in which the applicant wants the information (信息的载体形式)."""

    PAPER = "paper", _("On paper")  # 纸质
    ELECTRONIC = "electronic", _("Electronic")  # 电子


class ReceiptWay(models.TextChoices):
    """How the applicant receives the reply (获取信息的方式)."""

    POST = "post", _("By post")  # 邮寄
    EMAIL = "email", _("By e-mail")  # 电子邮件
    PICKUP = "pickup", _("Collected in person")  # 自行领取


class DisclosureState(models.TextChoices):
    RECEIVED = "received", _("Being handled")  # 办理中
    CORRECTION = "correction", _("Waiting for the applicant's correction")  # 待补正
    REPLIED = "replied", _("Replied")  # 已答复
    ABANDONED = "abandoned", _("Deemed withdrawn")  # 视为放弃申请: not corrected in time (第三十条)


class DisclosureAction(models.TextChoices):
    EXTEND = "extend", _("extend the time limit of")  # 延期
    REQUEST_CORRECTION = "request_correction", _("send back for correction")  # 补正
    CORRECT = "correct", _("correct")
    REPLY = "reply", _("reply to")  # 答复
    ABANDON = "abandon", _("close as deemed withdrawn")  # 视为放弃, by the daily job only


class ReplyType(models.TextChoices):
    """The six kinds of 答复告知书 (《政府信息公开条例》第三十六条)."""

    DISCLOSED = "disclosed", _("Disclosed")  # 予以公开
    PARTLY = "partly", _("Partly disclosed")  # 部分公开
    REFUSED = "refused", _("Not disclosed")  # 不予公开
    NOT_EXIST = "not_exist", _("The information does not exist")  # 信息不存在
    NOT_OURS = "not_ours", _("Not this body's to disclose")  # 非本机关负责公开
    UNCLEAR = "unclear", _("The request is unclear")  # 申请内容不明确


class RefusalBasis(models.TextChoices):
    """Legal grounds for withholding (《政府信息公开条例》2019, 第十四条至第十六条)."""

    STATE_SECRET = "state_secret", _("A state secret (Article 14)")  # 国家秘密
    LAW_FORBIDS = "law_forbids", _("Disclosure forbidden by law or administrative regulation (Article 14)")
    SECURITY = "security", _("Would endanger national, public or economic security or social stability (Article 14)")
    TRADE_SECRET = "trade_secret", _("A trade secret (Article 15)")  # 商业秘密
    PRIVACY = "privacy", _("Personal privacy (Article 15)")  # 个人隐私
    INTERNAL = "internal", _("Internal affairs of the body (Article 16)")  # 内部事务信息
    PROCESS = "process", _("Process information: discussions, drafts, consultations, requests (Article 16)")
    ENFORCEMENT = "enforcement", _("Administrative enforcement case files (Article 16)")  # 行政执法案卷


class SamplingState(models.TextChoices):
    """A quarter's sampling inspection (抽查) of a platform's sites (R8.6)."""

    DRAWN = "drawn", _("Drawn, awaiting the platform operator")  # 已抽取, 待审核发布
    REPORTED = "reported", _("Report drafted, in review")  # 通报已起草, 审核中
    PUBLISHED = "published", _("Report published")  # 通报已发布


class SamplingAction(models.TextChoices):
    RECHECK = "recheck", _("check a sampled site again in")  # 复查
    COMMENT = "comment", _("comment on a sampled site of")  # 意见
    REPORT = "report", _("draft the report of")  # 起草通报
    PUBLISH = "publish", _("publish the report of")  # 通报发布: the end of its review chain
