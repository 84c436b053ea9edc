"""Matters the hotline does not take (国办发〔2020〕53号 三(二)): the keywords that suggest one to the agent, and the
standard wording the caller is told when the ticket is closed without dispatch."""

from django.utils.translation import gettext_lazy as _

from digigov.hotline.choices import NotTaken

WORDING = {
    NotTaken.LITIGATION: _(
        "Matters already in litigation, arbitration or administrative reconsideration are decided by those "
        "procedures; please follow your case with the court, arbitration body or reviewing authority."
    ),
    NotTaken.PETITION: _(
        "Petitions are handled under the Regulations on Letters and Visits; please submit yours to the letters and "
        "visits office (信访部门) by letter, online or in person."
    ),
    NotTaken.EMERGENCY: _(
        "For an emergency call 110 (police), 119 (fire), 120 (ambulance) or 122 (traffic accidents) at once; the "
        "12345 hotline does not dispatch emergency services."
    ),
    NotTaken.STATE_SECRET: _(
        "Matters involving state secrets cannot be taken by the 12345 hotline; please contact the competent "
        "authority through confidential channels."
    ),
}

KEYWORDS = {
    NotTaken.EMERGENCY: (
        "报警",
        "着火",
        "火灾",
        "失火",
        "急救",
        "救护车",
        "车祸",
        "交通事故",
        "110",
        "119",
        "120",
        "122",
    ),
    NotTaken.LITIGATION: ("起诉", "诉讼", "法院", "判决", "仲裁", "行政复议"),
    NotTaken.PETITION: ("信访", "上访"),
    NotTaken.STATE_SECRET: ("国家秘密", "涉密", "机密"),
}


def recognise(text: str) -> str | None:
    """The matter `text` most likely is (emergencies first), or None: a suggestion the agent confirms."""
    for matter, words in KEYWORDS.items():
        if any(word in (text or "") for word in words):
            return matter
    return None
