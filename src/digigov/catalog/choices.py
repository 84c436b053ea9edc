"""Constants of the resource catalogue, named as the national compilation guide (发改高技〔2017〕1272号) names them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueCategory(models.TextChoices):
    """The three top classes (类) of the catalogue."""

    BASE = "base", _("Base resources")  # 基础信息资源
    THEME = "theme", _("Thematic resources")  # 主题信息资源
    DEPARTMENT = "department", _("Departmental resources")  # 部门信息资源


class BaseTopic(models.TextChoices):
    """The base resources (项 under 基础) that may only be shared unconditionally (R1.9)."""

    POPULATION = "population", _("Population")  # 人口
    LEGAL_ENTITY = "legal_entity", _("Legal entities")  # 法人单位
    NATURAL_RESOURCES = "natural_resources", _("Natural resources and spatial geography")  # 自然资源和空间地理
    SOCIAL_CREDIT = "social_credit", _("Social credit")  # 社会信用
    E_LICENCE = "e_licence", _("E-licences")  # 电子证照


UNCONDITIONAL_ONLY_TOPICS = {
    BaseTopic.POPULATION,
    BaseTopic.LEGAL_ENTITY,
    BaseTopic.NATURAL_RESOURCES,
    BaseTopic.E_LICENCE,
}


class ShareType(models.TextChoices):
    UNCONDITIONAL = "unconditional", _("Unconditional sharing")  # 无条件共享
    CONDITIONAL = "conditional", _("Conditional sharing")  # 有条件共享
    NOT_SHARED = "not_shared", _("Not shared")  # 不予共享


class ShareMethod(models.TextChoices):
    API = "api", _("Interface (API)")  # 接口
    FILE = "file", _("File download")  # 文件下载
    DATABASE = "database", _("Database exchange")  # 库表交换


class OpenType(models.TextChoices):
    UNCONDITIONAL = "unconditional", _("Open unconditionally")  # 无条件开放
    CONDITIONAL = "conditional", _("Open conditionally")  # 有条件开放
    NOT_OPEN = "not_open", _("Not open")  # 不予开放


class LegalBasisKind(models.TextChoices):
    """What may justify conditional or no sharing (R1.2)."""

    LAW = "law", _("Law")  # 法律
    ADMIN_REGULATION = "admin_regulation", _("Administrative regulation")  # 行政法规
    MINISTRY_RULE = "ministry_rule", _("Ministry rule")  # 部门规章
    CENTRAL_POLICY = "central_policy", _("Central Committee or State Council policy")  # 党中央、国务院政策文件


class UpdateCycle(models.TextChoices):
    REALTIME = "realtime", _("Real time")  # 实时
    DAILY = "daily", _("Daily")  # 每日
    WEEKLY = "weekly", _("Weekly")  # 每周
    MONTHLY = "monthly", _("Monthly")  # 每月
    QUARTERLY = "quarterly", _("Quarterly")  # 每季度
    HALF_YEARLY = "half_yearly", _("Half-yearly")  # 每半年
    YEARLY = "yearly", _("Yearly")  # 每年
    IRREGULAR = "irregular", _("Irregular")  # 不定期


class ResourceFormat(models.TextChoices):
    """信息资源格式 (the guide's top formats)."""

    DATABASE = "database", _("Database table")  # 数据库
    SPREADSHEET = "spreadsheet", _("Spreadsheet")  # 电子表格
    DOCUMENT = "document", _("Electronic document")  # 电子文件
    IMAGE = "image", _("Image")  # 图形图像
    MEDIA = "media", _("Audio and video")  # 流媒体
    OTHER = "other", _("Other")  # 自描述格式


class ItemDataType(models.TextChoices):
    """The national data-type list for information items (信息项数据类型)."""

    CHAR = "C", _("String (C)")  # 字符型
    NUMBER = "N", _("Number (N)")  # 数值型
    MONEY = "Y", _("Currency (Y)")  # 货币型
    DATE = "D", _("Date (D)")  # 日期型
    DATETIME = "T", _("Date and time (T)")  # 日期时间型
    BOOLEAN = "L", _("Logical (L)")  # 逻辑型
    MEMO = "M", _("Memo (M)")  # 备注型
    GENERAL = "G", _("General (G)")  # 通用型
    BINARY = "B", _("Binary (B)")  # 二进制
    IMAGE = "I", _("Image (I)")  # 图像型
    FILE = "F", _("File (F)")  # 文件型


class SensitiveKind(models.TextChoices):
    """What masking (脱敏) an item needs at the gateway unless a grant allows raw values."""

    NONE = "", _("Not sensitive")
    ID_NUMBER = "id_number", _("ID number")
    PHONE = "phone", _("Phone number")
    ADDRESS = "address", _("Address")
    NAME = "name", _("Personal name")
    OTHER = "other", _("Other sensitive")


class ResourceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    SUBMITTED = "submitted", _("Submitted for review")  # 待审核
    RETURNED = "returned", _("Returned for changes")  # 退回修改
    PUBLISHED = "published", _("Published")  # 已发布
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤销


class SharingStop(models.TextChoices):
    """Why a resource that was shared may no longer be (R1.2, R1.9): its grants are suspended for this reason."""

    WITHDRAWN = "withdrawn", _("The resource was withdrawn from the catalogue")  # 资源已撤销
    NOT_SHARED = "not_shared", _("The resource is now not shared")  # 资源改为不予共享


class DemandStatus(models.TextChoices):
    OPEN = "open", _("Awaiting match")  # 待匹配
    MATCHED = "matched", _("Matched to the catalogue")  # 已匹配
    ASKED = "asked", _("Provider asked to respond")  # 已转提供方
    PLANNED = "planned", _("Provider will provide")  # 提供方承诺提供
    UNMET = "unmet", _("Unmet")  # 无法满足
