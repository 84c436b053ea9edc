"""Who may do what on a government site (R8.1, R8.7): the organiser's staff edit their site; the platform operator
(platform administrators) opens sites and sees all. Per-site Wagtail groups scope the page tree itself."""

from digigov.core.choices import Role

EDITORS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)  # may place and take out items
REPOST_REVIEWERS = (Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)  # may repost another unit's item (保密审查, R8.7)
DISCLOSURE_EXTENDERS = (Role.REVIEWER, Role.LEADER)  # may extend a disclosure application's limit (条例 第三十三条)
SAMPLERS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)  # the platform operator's staff on a sampling
