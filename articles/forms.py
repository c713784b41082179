"""Admin form bases of the articles app.

`CaptionAwareDocumentForm` is Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) with one
extra rule: a WebVTT caption file is checked when it is uploaded, so a broken track never
reaches a video page.
"""

from django.core.files import File
from wagtail.documents.forms import BaseDocumentForm

from articles.media_files import validate_webvtt


class CaptionAwareDocumentForm(BaseDocumentForm):
    def clean_file(self) -> File:
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data and file.name.lower().endswith(".vtt"):
            validate_webvtt(file)
        return file
