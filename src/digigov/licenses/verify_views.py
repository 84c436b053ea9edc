"""The public verification pages (issue #12 item 5) under `/zwfw/licences/`: upload a licence file or paste what a
handheld scanner typed (`verify/`), and the page a phone camera opens from the 亮证 QR (`v/?p=…`). Both show one
plain verdict and only what the document or QR itself shows (the holder's code masked). The seal certificates
are published (`seals/<code>.pem`) so anyone can check a signature with openssl alone (docs/licences.md)."""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from digigov.core.errors import DomainError
from digigov.core.public import PublicChrome
from digigov.core.rules import rule
from digigov.core.uploads import UploadError, read_upload
from digigov.licenses import file_verify
from digigov.signing import api as signing


def _page(request, context: dict) -> TemplateResponse:
    context = {
        "chrome": PublicChrome.plain(),
        "breadcrumbs": [(_("Verify a licence"), None)],
        "max_mb": rule("licenses.verify_max_mb"),
        **context,
    }
    return TemplateResponse(request, "licenses/verify/verify.html", context)


@require_http_methods(["GET", "POST"])
def verify(request):
    """Upload a PDF or OFD, or paste a QR text; the verdict replaces nothing the visitor typed."""
    verdict, problem, text = None, "", ""
    if request.method == "POST":
        text = (request.POST.get("qr") or "").strip()[:4000]
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                data = read_upload(upload, max_mb=rule("licenses.verify_max_mb"))
                verdict = file_verify.verify_file(data, actor=request.user)
            elif text:
                verdict = file_verify.verify_qr(text, actor=request.user)
            else:
                problem = _("Choose a licence file, or paste the text of its QR code.")
        except UploadError as exc:
            problem = exc.message
        except DomainError as exc:
            problem = exc.message
    return _page(request, {"verdict": verdict, "problem": problem, "text": text})


@require_GET
def verify_qr(request):
    """What a phone camera opens: the verdict on the QR's signed text."""
    parameter = (request.GET.get("p") or "")[:4000]
    verdict = file_verify.verify_qr(parameter, actor=request.user) if parameter else None
    problem = "" if parameter else _("The address has no QR code data.")
    return _page(request, {"verdict": verdict, "problem": problem, "from_qr": True})


@require_GET
def seal_certificate(request, code: str):
    """A seal's published X.509 certificate (SM2), for checking signatures with openssl alone."""
    seal = signing.seal_by_code(code)
    if seal is None:
        raise Http404
    response = HttpResponse(signing.seal_certificate_pem(seal), content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="seal-{code}.pem"'
    return response
