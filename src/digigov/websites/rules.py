"""Rule parameters of the website cluster (S8), registered at start-up by WebsitesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import PERCENT, WORKING_DAYS, register

DAYS = _("days")
MONTHS = _("months")

register(
    "websites.news_stale_days",
    14,
    label=_("A news column counts as not updated after"),
    source="R8.6",  # 国办: 要闻动态 2 周未更新
    unit=DAYS,
    minimum=1,
)
register(
    "websites.notices_stale_months",
    6,
    label=_("A notices or policy column counts as not updated after"),
    source="R8.6",  # 国办: 通知公告、政策文件 6 个月未更新
    unit=MONTHS,
    minimum=1,
)
register(
    "websites.column_page_size",
    20,
    label=_("Entries on one page of a column"),
    source="R8.2",
    unit=_("entries"),
    minimum=5,
    maximum=100,
)

register(
    "websites.search_rank_limit",
    2000,
    label=_("Search results ranked by relevance and counted by type, column and year, up to"),
    source="R8.2",
    unit=_("results"),
    minimum=100,
    maximum=20000,
)

# Interaction (R8.4)
register(
    "websites.message_reply_days",
    5,
    label=_("Citizens' letters answered within"),
    source="R8.4",
    unit=WORKING_DAYS,
    minimum=1,
    maximum=60,
)
register(
    "websites.letters_to_hotline",
    0,
    label=_(
        "Route every new consultation, complaint and suggestion straight to the 12345 hotline (1: yes, 0: no, the "
        "unit answers it or transfers it itself)"
    ),
    source="R5.1",  # the letters of R8.4 into the one hotline of R5.1
    unit=_("1 yes / 0 no"),
    minimum=0,
    maximum=1,
)
register(
    "websites.message_hourly_limit",
    3,
    label=_("Letters one address may send in an hour"),
    source="R8.4",
    unit=_("letters"),
    minimum=1,
    maximum=100,
)
register(
    "websites.opinion_hourly_limit",
    5,
    label=_("Opinions or survey answers one address may send in an hour"),
    source="R8.4",
    unit=_("answers"),
    minimum=1,
    maximum=1000,
)

# Disclosure on request (R8.8, 《政府信息公开条例》第三十三条)
register(
    "websites.disclosure_reply_days",
    20,
    label=_("Applications for disclosure answered within"),
    source="R8.8",
    unit=WORKING_DAYS,
    minimum=1,
    maximum=60,
)
register(
    "websites.disclosure_extension_days",
    20,
    label=_("An application for disclosure may be extended once by at most"),
    source="R8.8",
    unit=WORKING_DAYS,
    minimum=1,
    maximum=60,
)
register(
    "websites.disclosure_hourly_limit",
    3,
    label=_("Applications for disclosure one address may send in an hour"),
    source="R8.8",
    unit=_("applications"),
    minimum=1,
    maximum=100,
)
register(
    "websites.disclosure_correction_days",
    15,
    label=_("An applicant asked to correct an application for disclosure must do so within"),
    # 第三十条 asks for a 合理的补正期限 without a figure; 15 working days is the period the 条例 itself gives a
    # third party to answer a request (第三十二条): three weeks, room for a letter by post. With no correction by
    # then the application is deemed withdrawn (视为放弃申请).
    source="R8.8",
    unit=WORKING_DAYS,
    minimum=5,
    maximum=60,
)
register(
    "websites.disclosure_lookup_hourly_limit",
    10,
    label=_("Progress lookups of applications for disclosure one address may make in an hour"),
    # An applicant needs two or three (look up, download the reply, send a correction); guessing a number with a
    # mobile number at ten an hour finds nothing.
    source="R8.8",
    unit=_("lookups"),
    minimum=1,
    maximum=1000,
)

# Operations (R8.6)
register(
    "websites.error_report_reply_days",
    2,
    label=_("Netizen error reports answered within"),
    source="R8.6",
    unit=WORKING_DAYS,
    minimum=1,
)
register(
    "websites.quarterly_sampling_rate",
    30,
    label=_("Share of sites sampled each quarter, at least"),
    source="R8.6",  # 国办《政府网站发展指引》: 每季度抽查比例不低于30%, so no lower value may be set
    unit=PERCENT,
    minimum=30,
    maximum=100,
)
register(
    "websites.sampling_report_days",
    20,
    label=_("The platform operator reviews and publishes a quarter's sampling inspection within"),
    source="R8.6",  # the 国办 rule says only 及时公开; a month of working days leaves room for the review chain
    unit=WORKING_DAYS,
    minimum=1,
    maximum=60,
)
register(
    "websites.annual_report_due_month",
    1,
    # the website's annual report (R8.6) and the report on government information disclosure (R8.8, 《政府信息公开
    # 条例》第四十九条) are both due by 31 January, and both to-dos start on the same day (annual_report_warn_day)
    label=_("Annual reports (website, information disclosure) published by: month"),
    source="R8.6",
    unit=_("month"),
    minimum=1,
    maximum=12,
)
register(
    "websites.annual_report_due_day",
    31,
    label=_("Annual reports (website, information disclosure) published by: day"),
    source="R8.6",
    unit=_("day"),
    minimum=1,
    maximum=31,
)

# Lifecycle (R8.5)
register(
    "websites.migration_notice_days",
    30,
    label=_("Migration notice shown on a closing site's home page for"),
    source="R8.5",  # seed 000: 提前在网站首页显著位置悬挂迁移公告 (no figure given; one month chosen)
    unit=DAYS,
    minimum=1,
    maximum=365,
)
register(
    "websites.annual_report_warn_day",
    5,
    label=_("Annual report to-dos (website, information disclosure) given to each site's unit from: day of due month"),
    source="R8.6",  # seed 000: 年度报告于每年1月31日前向社会公开; the warning day is our choice
    unit=_("day"),
    minimum=1,
    maximum=31,
)
