"""Admin form bases of the articles app.

- `CaptionAwareDocumentForm` is Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) with one
  extra rule: a WebVTT caption file is checked when it is uploaded (`validate_webvtt`, bounded in
  size, cues and cue length), so a broken or oversized track never reaches a video page.
- `CheckedMediaForm` is wagtailmedia's upload and edit form (WAGTAILMEDIA["MEDIA_FORM_BASE"], used
  by the media library, its chooser's upload tab and its edit view) with the file's content
  checked (`check_media_upload`: audio or video of the kind uploaded, matching its extension) and
  the thumbnail read as an image. A refused upload writes nothing: no row, no file.
"""

from django import forms
from django.core.files import File
from wagtail.documents.forms import BaseDocumentForm
from wagtailmedia.forms import BaseMediaForm

from articles.media_files import check_media_upload, validate_webvtt


class CaptionAwareDocumentForm(BaseDocumentForm):
    def clean_file(self) -> File:
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data and file.name.lower().endswith(".vtt"):
            validate_webvtt(file)
        return file


class CheckedMediaForm(BaseMediaForm):
    """wagtailmedia's form, refusing a file that is not what it claims to be; an empty duration is
    filled from the file when it states one."""

    def clean_file(self) -> File:
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            self.file_duration = check_media_upload(file, self.instance.type)
        return file

    def clean_thumbnail(self) -> File | None:
        thumbnail = self.cleaned_data.get("thumbnail")
        if thumbnail and "thumbnail" in self.changed_data:
            forms.ImageField().to_python(thumbnail)  # Pillow reads it; Django's message when it is no image
        return thumbnail

    def clean(self) -> dict:
        cleaned = super().clean()
        duration = getattr(self, "file_duration", None)
        if duration and "duration" in self.fields and not cleaned.get("duration"):
            cleaned["duration"] = round(duration, 2)
        return cleaned
