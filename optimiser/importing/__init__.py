"""Finance-bureau workbooks in (`allocate import`) and a workbook to fill in out (`allocate
template`).

    headers.py   the header dictionary (headers.yaml) and a dataset's `import_names`
    counties.py  county names to codes, with their variants; ambiguity said, never guessed
    names.py     fund sources and categories by name
    grid.py      a worksheet as a person sees it (merged cells, hidden rows, unsaved formulas)
    layout.py    where the tables are on a sheet: titles, units, header rows, notes
    meaning.py   what each column means for a table
    which.py     which table a block is
    values.py    one cell read: numbers typed as text, dashes, years, lists
    totals.py    合计 and 小计 checked against what they total
    rows.py      a block read into its table's rows, wide layouts made long
    output.py    the dataset folder written, with provenance
    report.py    import-report.txt and .html, and what the terminal says
    run.py       the whole import: read, ask, write atomically, check
    template.py  `allocate template`
    words.py     every sentence, in Chinese and English
"""
