"""StreamField blocks shared by the editorial page types."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from articles import public_files

INLINE_FEATURES = ["bold", "italic", "link"]
PARAGRAPH_FEATURES = [*INLINE_FEATURES, "ol", "ul"]


class SectionBlock(blocks.StructBlock):
    """A headed section, like the numbered parts of a dispatch ("1. Công tác tuyên truyền…")."""

    heading = blocks.CharBlock(label=_("heading"), max_length=255)
    body = blocks.RichTextBlock(label=_("text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "title"
        label = _("Section")
        template = "blocks/section_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text and caption. Its template and its API representation
    leave out an image the public may not fetch (articles.public_files): the API gives `null`."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=500)

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context=context)
        request = (context or {}).get("request")
        if not public_files.is_public(value.get("image"), request):
            representation["image"] = None
        return representation

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "blocks/captioned_image_block.html"


class DirectiveBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES)
    section = SectionBlock()
    numbered_list = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_FEATURES),
        label=_("Numbered list"),
        template="blocks/numbered_list_block.html",
    )
    quote = QuoteBlock()


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES)
    section = SectionBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
