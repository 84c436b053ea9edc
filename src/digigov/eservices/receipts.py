"""回执 (R4.2): the receipt of a submitted case as a PDF (WeasyPrint): number, item, department, applicant, submission
time, promised working days, the materials received, a QR code (segno) of the public progress address. The hall gives
it to the applicant, the counter to the clerk who took the application in: the same document."""

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from digigov.eservices.models import Case


def progress_address(request, case: Case) -> str:
    return request.build_absolute_uri(f"{reverse('eservices_hall_progress')}?no={case.number}")


def receipt_pdf(case: Case, progress: str) -> bytes:
    from weasyprint import HTML  # imported on use: loading pango costs ~0.3 s

    html = render_to_string(
        "eservices/hall_case_receipt.html",
        {
            "case": case,
            "received": list(case.materials.order_by("pk")),
            "progress": progress,
            "qr": segno.make(progress, error="m").svg_data_uri(scale=4, border=2),
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()
