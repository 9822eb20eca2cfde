"""Where things stand on a statement-like sheet (statements, comparison, measures): title rows, three header rows, then the figures."""

HEADER_ROW = 4  # the column's label; the next row its span or scenario; KEY_ROW its period key
KEY_ROW = 6
FIRST_ROW = 7
LABEL_COL = 1
CONCEPT_COL = 2
FIRST_COL = 3
PRINT_COLUMNS_PER_PAGE = 14  # period columns on one printed page width
