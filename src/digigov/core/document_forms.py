"""Wagtail's document library checks every upload like any other (core.uploads): by content, not by name.

settings.WAGTAILDOCS_DOCUMENT_FORM_BASE names this form, so the single and the multiple upload screens both use it.
"""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

from digigov.core import uploads
from digigov.core.rules import rule


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            limit = rule("core.document_max_mb")
            try:
                data = uploads.read_upload(upload, max_mb=limit)
                uploads.check_upload(data, filename=upload.name, kinds=uploads.DOCUMENTS, max_mb=limit)
            except uploads.UploadError as exc:
                raise ValidationError(exc.message, code="invalid") from None
        return upload
