"""The licences' fixed lists (S6: R6.1, R6.2); other apps may import this module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolderKind(models.TextChoices):
    """持证主体类型: a person (identified by the GB 11643 ID number) or a legal person (GB 32100 credit code)."""

    PERSON = "person", _("Natural person")  # 自然人
    LEGAL_PERSON = "legal_person", _("Legal person or other organisation")  # 法人和其他组织


class LicenceStatus(models.TextChoices):
    """A licence's standing. Expiry is not a status: it follows from `valid_until` and today."""

    VALID = "valid", _("Valid (licence)")  # 有效
    CANCELLED = "cancelled", _("Cancelled (licence)")  # 注销: ended at the holder's request or by law
    REVOKED = "revoked", _("Revoked (licence)")  # 吊销: withdrawn as a penalty


class VersionKind(models.TextChoices):
    """Why a licence version exists."""

    ISSUED = "issued", _("Issued (licence)")  # 颁发
    CHANGED = "changed", _("Changed (licence)")  # 变更
    RENEWED = "renewed", _("Renewed (licence)")  # 延续/换证


class IssueSource(models.TextChoices):
    """How the issuing department produced the licence (R6.1)."""

    HAND = "hand", _("Entered by hand")  # 手工录入
    BATCH = "batch", _("Batch import")  # 批量导入
    API = "api", _("Department system")  # 系统接口
    CASE = "case", _("Concluded service case")  # 办件办结
    COUNTER = "counter", _("Checked at a counter")  # 窗口核验 (trust grade B)
    HOLDER = "holder", _("Provided by the holder")  # 持证人上传 (trust grades C, D)


class TrustGrade(models.TextChoices):
    """电子证照可信等级 (国办函〔2019〕108号 practice): how far a licence record can be relied on."""

    A = "A", _("A: issued and sealed by the issuing agency, usable directly")
    B = "B", _("B: checked against the original at a counter")
    C = "C", _("C: uploaded by the holder, original checked")
    D = "D", _("D: declared by the holder under a signed promise")


class UseKind(models.TextChoices):
    """用证: each way a licence is used, recorded and shown to its holder (R6.2)."""

    SHOWN = "shown", _("Shown on site")  # 亮证
    AUTHORISED = "authorised", _("Used under the holder's authorisation")  # 授权用证
    CASE = "case", _("Used in a service case")  # 办件用证
    VERIFIED = "verified", _("Verified")  # 核验
    DOWNLOADED = "downloaded", _("Downloaded by the holder")  # 下载


class ItemKind(models.TextChoices):
    """The kind of value of a licence type's own metadata item; each is validated as such."""

    TEXT = "text", _("Text (value)")
    DATE = "date", _("Date (value)")
    NUMBER = "number", _("Number (value)")
    ID_NUMBER = "id_number", _("Resident ID number")
    USCC = "uscc", _("Unified social credit code")
    DIVISION = "division", _("Division code")


# --------------------------------------------------------------------------- wallet: what a holder provides (C, D)


class ProvisionKind(models.TextChoices):
    """How a holder added a licence the platform did not issue (国办函〔2019〕108号 grades C and D)."""

    SCAN = "scan", _("Scan uploaded by the holder")  # 上传扫描件 (grade C once the original is checked)
    PROMISE = "promise", _("Declared under a signed promise")  # 告知承诺 (grade D)


class ProvisionState(models.TextChoices):
    """A holder's upload waits for a clerk to see the original; a promise is recorded at once."""

    PENDING = "pending", _("Waiting for the original to be checked")  # 待核验原件
    RECORDED = "recorded", _("Recorded in the wallet")  # 已入卡包
    REFUSED = "refused", _("Refused at the check")  # 核验未通过
