from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from translit_api.integrations.wagtail.panels import TranslitReportPanel


class ArticlePage(Page):
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body"), TranslitReportPanel()]  # noqa: RUF012


class StreamArticlePage(Page):
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("heading", blocks.CharBlock()),
            (
                "quote",
                blocks.StructBlock(
                    [("text", blocks.RichTextBlock()), ("source", blocks.CharBlock())]
                ),
            ),
            ("facts", blocks.ListBlock(blocks.RichTextBlock())),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("body"), TranslitReportPanel()]  # noqa: RUF012
