from digigov.websites.models.disclosure import DisclosureApplication, DisclosureLookup, DisclosureReport
from digigov.websites.models.interaction import (
    InterviewPage,
    SolicitationComment,
    SolicitationPage,
    SurveyField,
    SurveyPage,
    SurveySubmission,
)
from digigov.websites.models.library import LibraryItem, Placement
from digigov.websites.models.messages import Message
from digigov.websites.models.operations import AnnualReport, DutyShift, Inspection
from digigov.websites.models.pages import ColumnPage, PortalHomePage
from digigov.websites.models.review import ConfidentialityReviewTask, RoleApprovalTask
from digigov.websites.models.sampling import SampledSite, SamplingRound
from digigov.websites.models.sites import SiteApplication, SiteProfile
from digigov.websites.models.words import SensitiveWord

__all__ = [
    "AnnualReport",
    "DutyShift",
    "Inspection",
    "ColumnPage",
    "ConfidentialityReviewTask",
    "DisclosureApplication",
    "DisclosureLookup",
    "DisclosureReport",
    "RoleApprovalTask",
    "SampledSite",
    "SamplingRound",
    "InterviewPage",
    "LibraryItem",
    "Message",
    "Placement",
    "PortalHomePage",
    "SensitiveWord",
    "SiteApplication",
    "SolicitationComment",
    "SolicitationPage",
    "SurveyField",
    "SurveyPage",
    "SurveySubmission",
    "SiteProfile",
]
