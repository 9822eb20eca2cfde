"""The workbook's look: the colours of its marks and the fonts, fills and borders built from them once."""

from __future__ import annotations

# Marks (colours are RGB hex)
HEADER_FILL = "D9E1F2"
DERIVED_FILL = "DDEBF7"  # derived, written as a formula over its inputs
DERIVED_VALUE_FILL = "E4DFEC"  # derived, inputs not in the workbook: a value with a comment
CONFLICT_FILL = "F8CBAD"  # reports disagree, or a check finding on the figure
DERIVED_FONT = "1F4E79"
CONFLICT_FONT = "9C0006"
TARGET_FONT = "7F6000"
MUTED_FONT = "808080"
LINK_FONT = "0563C1"
FONT_NAME = "Calibri"
SECTION_FILL = "F2F2F2"


class Styles:
    """Fonts, fills and borders built once (openpyxl shares them between cells)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        def fill(rgb: str) -> PatternFill:
            return PatternFill("solid", start_color=rgb, end_color=rgb)

        def font(**kw) -> Font:
            return Font(name=FONT_NAME, size=kw.pop("size", 11), **kw)

        self.title = font(bold=True, size=14)
        self.note = font(italic=True, size=9, color=MUTED_FONT)
        self.bold = font(bold=True)
        self.key = font(size=8, color=MUTED_FONT)
        self.muted = font(italic=True, color=MUTED_FONT)
        self.derived = font(italic=True, color=DERIVED_FONT)
        self.derived_bold = font(italic=True, bold=True, color=DERIVED_FONT)
        self.conflict = font(bold=True, color=CONFLICT_FONT)
        self.target = font(color=TARGET_FONT)
        self.target_bold = font(bold=True, color=TARGET_FONT)
        self.link = font(color=LINK_FONT, underline="single")
        self.header_fill = fill(HEADER_FILL)
        self.section_fill = fill(SECTION_FILL)
        self.derived_fill = fill(DERIVED_FILL)
        self.derived_value_fill = fill(DERIVED_VALUE_FILL)
        self.conflict_fill = fill(CONFLICT_FILL)
        self.total_border = Border(top=Side(style="thin"))
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.indents = [Alignment(horizontal="left", indent=i) for i in range(16)]

