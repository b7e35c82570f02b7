"""Every sentence of `allocate import`'s report and of `allocate template`, in Chinese and
English (the catalogue is held to both languages by the same test as the reports')."""

from __future__ import annotations

from optimiser.report.words import Words

TABLE_NAMES = {  # table: (Chinese, English), as the report and the template name them
    "counties": ("县名单", "counties"),
    "indicators": ("县指标", "indicators"),
    "sources": ("资金来源", "sources"),
    "budgets": ("预算", "budgets"),
    "categories": ("项目类别", "categories"),
    "needs": ("需求", "needs"),
    "projects": ("候选项目", "projects"),
    "history": ("历史分配", "history"),
    "commitments": ("已承诺支付", "commitments"),
    "loans": ("在贷资金", "loans"),
}


def table_words(table: str, lang: str) -> str:
    zh, en = TABLE_NAMES.get(table, (table, table))
    return f"{zh}（{table}.csv）" if lang == "zh" else f"{en} ({table}.csv)"


WORDS = Words(
    "import",
    {
        # the report's frame
        "title": {"zh": "工作簿导入报告", "en": "Workbook import report"},
        "template.written": {
            "zh": "已写入填报模板 {file}。填好后导入：{command}",
            "en": "Template written to {file}. Once filled in: {command}",
        },
        "template.folder": {"zh": "文件夹", "en": "FOLDER"},
        "head.written": {
            "zh": "已读取 {books} 个工作簿，数据集已写入 {folder}",
            "en": "{books} workbook(s) read; the dataset is written to {folder}",
        },
        "head.stopped": {
            "zh": "已读取 {books} 个工作簿；有 {count} 个问题需要决定，数据集未写入 {folder}"
            "（只写入了本报告）",
            "en": "{books} workbook(s) read; {count} question(s) to decide: the dataset is not "
            "written to {folder} (only this report is)",
        },
        "head.invalid": {
            "zh": "已读取 {books} 个工作簿，但组成的数据集未通过检查（{count} 个错误），"
            "未写入 {folder}（只写入了本报告）",
            "en": "{books} workbook(s) read, but the dataset they make fails its check "
            "({count} error(s)): not written to {folder} (only this report is)",
        },
        "book": {"zh": "工作簿 {book}", "en": "Workbook {book}"},
        "sheet": {"zh": "工作表「{sheet}」", "en": "Sheet '{sheet}'"},
        "section.read": {"zh": "读作", "en": "Read as"},
        "section.taken": {"zh": "采用", "en": "Taken"},
        "section.dropped": {"zh": "舍弃", "en": "Dropped"},
        "section.converted": {"zh": "转换", "en": "Converted"},
        "section.question": {
            "zh": "需要决定（导入已停止）",
            "en": "To decide (the import stopped)",
        },
        "section.dataset": {"zh": "数据集", "en": "The dataset"},
        "section.check": {
            "zh": "数据集检查（同 `allocate validate`）",
            "en": "The dataset's check (as `allocate validate`)",
        },
        "cell_prefix": {"zh": "{cells}：", "en": "{cells}: "},
        "exit": {"zh": "退出码 {code}", "en": "exit code {code}"},
        "files": {
            "zh": "报告：{txt}，{html}",
            "en": "Report: {txt}, {html}",
        },
        # what a sheet is read as
        "read.table": {
            "zh": "{table}（依据：{how}）",
            "en": "{table} (from {how})",
        },
        "how.option": {"zh": "--sheet 选项", "en": "the --sheet option"},
        "how.headers": {"zh": "表头", "en": "its headers"},
        "how.name": {
            "zh": "表头和工作表名称或标题",
            "en": "its headers and the sheet's name or title",
        },
        "read.skipped_sheet": {
            "zh": "不是数据表（{why}），未读取",
            "en": "not a table ({why}): not read",
        },
        "why.option": {"zh": "--sheet 选项指定跳过", "en": "--sheet says skip"},
        "why.name": {"zh": "说明或列表工作表", "en": "an instructions or list sheet"},
        "read.hidden_sheet": {
            "zh": "隐藏的工作表，未读取（如需导入，请取消隐藏）",
            "en": "a hidden sheet: not read (unhide it to import it)",
        },
        "read.empty_sheet": {"zh": "空工作表", "en": "an empty sheet"},
        "read.same_table": {
            "zh": "{table} 由 {count} 处表格合并而成：{places}",
            "en": "{table} is made of {count} tables: {places}",
        },
        # taken
        "taken.header": {"zh": "第 {rows} 行：表头", "en": "row(s) {rows}: the header"},
        "taken.continued": {
            "zh": "第 {row} 行在空行之后、没有表头：按上方第 {header} 行的表头读取",
            "en": "row {row}, after a blank row and with no header: read with the header of "
            "row(s) {header} above",
        },
        "taken.rows": {
            "zh": "{count} 行数据（第 {rows} 行）",
            "en": "{count} data row(s) (rows {rows})",
        },
        "taken.column": {
            "zh": "列「{label}」→ {column}{dims}",
            "en": "column '{label}' → {column}{dims}",
        },
        "taken.column_dims": {
            "zh": "列「{label}」→ {column}；{dims}",
            "en": "column '{label}' → {column}; {dims}",
        },
        # dropped
        "dropped.title": {"zh": "标题行：{text}", "en": "a title row: {text}"},
        "dropped.units": {
            "zh": "单位行：{text}（单位 {unit}）",
            "en": "a units row: {text} (unit {unit})",
        },
        "dropped.note": {"zh": "注释行：{text}", "en": "a note row: {text}"},
        "dropped.hidden_row": {
            "zh": "隐藏行 {row}：{text}（未导入；如需导入，请取消隐藏）",
            "en": "hidden row {row}: {text} (not imported; unhide it to import it)",
        },
        "dropped.hidden_column": {
            "zh": "隐藏列「{label}」（未导入；如需导入，请取消隐藏）",
            "en": "hidden column '{label}' (not imported; unhide it to import it)",
        },
        "dropped.index": {"zh": "序号列「{label}」", "en": "the 序号 column '{label}'"},
        "dropped.note_column": {"zh": "备注列「{label}」", "en": "a notes column '{label}'"},
        "dropped.total_column": {
            "zh": "合计列「{label}」（已核对：等于各列之和）",
            "en": "the total column '{label}' (checked: the columns add up to it)",
        },
        "dropped.total_column_unchecked": {
            "zh": "合计列「{label}」（没有可核对的列）",
            "en": "the total column '{label}' (no columns to check it against)",
        },
        "dropped.total_row": {
            "zh": "合计行「{label}」（已核对：等于各行之和）",
            "en": "the total row '{label}' (checked: the rows add up to it)",
        },
        "dropped.total_row_unchecked": {
            "zh": "合计行「{label}」（没有可核对的数字）",
            "en": "the total row '{label}' (no figures to check)",
        },
        "dropped.subtotal_row": {
            "zh": "小计行「{label}」（已核对）",
            "en": "the subtotal row '{label}' (checked)",
        },
        "dropped.subtotal_row_unchecked": {
            "zh": "小计行「{label}」（没有可核对的数字）",
            "en": "the subtotal row '{label}' (no figures to check)",
        },
        "dropped.city_row": {
            "zh": "市汇总行「{label}」（已核对：等于该市各县之和）",
            "en": "the city row '{label}' (checked: its counties add up to it)",
        },
        "dropped.city_row_unchecked": {
            "zh": "市分组行「{label}」",
            "en": "the city group row '{label}'",
        },
        "dropped.of_which": {
            "zh": "“其中”行「{label}」（部分之和，不导入）",
            "en": "an 'of which' row '{label}' (a part's sum, not imported)",
        },
        "dropped.label_row": {
            "zh": "没有数字的分组行「{label}」",
            "en": "a group row with no figures '{label}'",
        },
        # converted
        "converted.text": {
            "zh": "{count} 个以文字输入的数字读作数字（例：{example}）",
            "en": "{count} number(s) typed as text read as numbers (e.g. {example})",
        },
        "converted.percent": {
            "zh": "{count} 个百分数读作小数（例：{example}）",
            "en": "{count} percentage(s) read as fractions (e.g. {example})",
        },
        "converted.percent_header": {
            "zh": "表头注明 %：{count} 个数除以 100（例：{example}）",
            "en": "the header says %: {count} number(s) divided by 100 (e.g. {example})",
        },
        "converted.dash": {
            "zh": "{count} 个“-”等符号读作空（例：{example}）",
            "en": "{count} dash(es) read as empty (e.g. {example})",
        },
        "converted.year": {
            "zh": "{count} 个年份去掉“年”字（例：{example}）",
            "en": "{count} year(s) read without 年 (e.g. {example})",
        },
        "converted.one_number_list": {
            "zh": "{count} 个单个数字读作只有一项的列表（例：{example}）",
            "en": "{count} single number(s) read as a list of one (e.g. {example})",
        },
        "converted.word": {
            "zh": "{count} 个词换成数据集的取值：{example}",
            "en": "{count} word(s) read as the dataset's values: {example}",
        },
        "converted.county_name": {
            "zh": "{count} 个县名换成县代码（例：{example}）",
            "en": "{count} county name(s) read as codes (e.g. {example})",
        },
        "converted.county": {
            "zh": "{count} 个县名对应到县：{example}",
            "en": "{count} county name(s) matched to counties: {example}",
        },
        "converted.source": {
            "zh": "{count} 个资金来源名称换成代码：{example}",
            "en": "{count} source name(s) read as codes: {example}",
        },
        "converted.category": {
            "zh": "{count} 个项目类别名称换成代码：{example}",
            "en": "{count} category name(s) read as codes: {example}",
        },
        "converted.unit": {
            "zh": "列「{label}」的单位 {unit} 换算为 {to}（乘以 {factor}）",
            "en": "column '{label}': {unit} converted to {to} (times {factor})",
        },
        "converted.year_from_title": {
            "zh": "年度 {year} 取自标题或工作表名称",
            "en": "the year {year} is taken from the title or the sheet's name",
        },
        "converted.wide": {
            "zh": "每个资金来源、类别或年度一列：{columns} 列 × {rows} 行 → {long} 行（每个来源、县和年度一行）",
            "en": "one column per fund, category or year: {columns} column(s) × {rows} row(s) "
            "→ {long} row(s) (one per source, county and year)",
        },
        # questions
        "question.total_mismatch": {
            "zh": "合计 {total} 与 {range} 之和 {sum} 不符（相差 {difference}）：请改正合计或数字",
            "en": "the total {total} is not the sum of {range}, {sum} (a difference of "
            "{difference}): correct the total or the figures",
        },
        "question.total_counts_hidden": {
            "zh": "合计 {total} 含隐藏行 {hidden} 的数字（{range} 之和为 {sum}）：取消隐藏以导入"
            "这些行，或删除它们",
            "en": "the total {total} counts the hidden row(s) {hidden} ({range} add up to "
            "{sum}): unhide them to import them, or delete them",
        },
        "question.unknown_header": {
            "zh": "表头「{label}」不在表头词典中（作为{table}读取时）：改用词典中的名称，或在 "
            "policy.yaml 的 `import_names` 中加入它",
            "en": "the header '{label}' is not in the header dictionary (for {table}): use a "
            "name of the dictionary, or add it under import_names in policy.yaml",
        },
        "question.ambiguous_header": {
            "zh": "表头「{label}」可以指多个代码（{codes}）：请写出完整名称",
            "en": "the header '{label}' could be any of {codes}: write the full name",
        },
        "question.two_columns": {
            "zh": "两列都读作 {column}：请只保留一列",
            "en": "two columns read as {column}: keep one",
        },
        "question.no_unit": {
            "zh": "列「{label}」是金额，但没有注明单位：在表格上方加“单位：万元”（或元、亿元），或在表头写明（万元）",
            "en": "the column '{label}' holds money but states no unit: add 单位：万元 (or 元, "
            "亿元) above the table, or (万元) to the header",
        },
        "question.no_header_column": {
            "zh": "这些单元格有数字或文字，但所在列没有表头：请加上表头或删除",
            "en": "these cells hold values under no header: add a header or delete them",
        },
        "question.no_header": {
            "zh": "第 {rows} 行有数字，但上方没有能识别的表头",
            "en": "row(s) {rows} hold figures under no header that can be read",
        },
        "taken.empty_table": {
            "zh": "只有表头、没有数据行：这张表没有数据（导入后为空表）",
            "en": "a header with no rows: the table has no rows (it is imported empty)",
        },
        "question.not_a_number": {
            "zh": "“{value}”不是数字",
            "en": "'{value}' is not a number",
        },
        "question.not_a_year": {
            "zh": "“{value}”不是年份（如 2018）",
            "en": "'{value}' is not a year (such as 2018)",
        },
        "question.not_a_word": {
            "zh": "“{value}”不是可选的词之一：{words}",
            "en": "'{value}' is not one of the words this column takes: {words}",
        },
        "question.ambiguous_county": {
            "zh": "县名“{value}”可以指多个县：{choices}；请写出完整县名或所属市（如“晋城市城区”）",
            "en": "the county name '{value}' fits several counties: {choices}; write the full "
            "name or the city with it (such as 晋城市城区)",
        },
        "question.unknown_county": {
            "zh": "县名“{value}”不在数据集的县名单中（相近的：{near}）；请改正，或在 policy.yaml 的 "
            "`import_names.counties` 中加入",
            "en": "the county name '{value}' is not among the dataset's counties (nearest: "
            "{near}); correct it, or add it under import_names.counties in policy.yaml",
        },
        "question.ambiguous_source": {
            "zh": "资金来源“{value}”可以指多个来源：{choices}；请写出完整名称",
            "en": "the source '{value}' fits several sources: {choices}; write the full name",
        },
        "question.unknown_source": {
            "zh": "资金来源“{value}”不在数据集的资金来源中；请改正，或在 policy.yaml 的 `import_names.sources` 中加入",
            "en": "the source '{value}' is not among the dataset's sources; correct it, or add "
            "it under import_names.sources in policy.yaml",
        },
        "question.ambiguous_category": {
            "zh": "项目类别“{value}”可以指多个类别：{choices}；请写出完整名称",
            "en": "the category '{value}' fits several categories: {choices}; write the full name",
        },
        "question.unknown_category": {
            "zh": "项目类别“{value}”不在数据集的项目类别中；请改正，或在 policy.yaml 的 `import_names.categories` 中加入",
            "en": "the category '{value}' is not among the dataset's categories; correct it, "
            "or add it under import_names.categories in policy.yaml",
        },
        "question.no_table": {
            "zh": "认不出这是哪张表：最接近的是{best}，但缺少 {missing}；请改正表头，或用 --sheet "
            '"{sheet}=表名" 指定',
            "en": "no table recognised: the nearest is {best}, which lacks {missing}; correct "
            'the headers, or say which table with --sheet "{sheet}=TABLE"',
        },
        "question.no_table_at_all": {
            "zh": "认不出任何表格：没有找到表头（如“县（市、区）”“资金来源”“金额”）；请加上表头，"
            '或用 `--sheet "{sheet}=skip"` 跳过本表',
            "en": "no table recognised: no header found (such as 县（市、区）, 资金来源, 金额); "
            'add a header, or skip the sheet with --sheet "{sheet}=skip"',
        },
        "question.missing_columns": {
            "zh": "作为{table}读取，但缺少必填列：{missing}",
            "en": "read as {table}, but the required column(s) {missing} are missing",
        },
        "question.tie": {
            "zh": "表头同样适合 {tables}，工作表名称和标题都没有说明是哪一张：请用 --sheet "
            '"{sheet}=表名" 指定',
            "en": "the headers fit {tables} equally and neither the sheet's name nor a title "
            'says which: say it with --sheet "{sheet}=TABLE"',
        },
        "question.unsaved_formulas": {
            "zh": "{count} 个公式没有保存计算结果（文件不是由 Excel 或 WPS 保存的）：请用 Excel 或 "
            "WPS 打开并保存后再导入",
            "en": "{count} formula(s) hold no saved value (the file was not saved by Excel or "
            "WPS): open it in Excel or WPS, save it, and import it again",
        },
        "question.workbook.missing": {
            "zh": "文件不存在：请检查路径",
            "en": "no such file: check the path",
        },
        "question.workbook.folder": {
            "zh": "这是文件夹，不是工作簿",
            "en": "a folder, not a workbook",
        },
        "question.workbook.old_format": {
            "zh": "旧格式工作簿（.xls、.et 等）无法读取：请在 Excel 或 WPS 中打开，"
            "另存为“Excel 工作簿（.xlsx）”后再导入",
            "en": "an old-format workbook (.xls, .et, ...) is not read: open it in Excel or "
            "WPS, save it as Excel Workbook (.xlsx), and import that",
        },
        "question.workbook.not_workbook": {
            "zh": "不是 .xlsx 工作簿：请另存为“Excel 工作簿（.xlsx）”",
            "en": "not an .xlsx workbook: save it as Excel Workbook (.xlsx)",
        },
        "question.workbook.broken": {
            "zh": "无法打开这个 .xlsx 文件（文件损坏或并非工作簿）：请在 Excel 或 WPS 中打开并另存为 .xlsx",
            "en": "this .xlsx file cannot be opened (damaged, or not a workbook): open it in "
            "Excel or WPS and save it as .xlsx again",
        },
        "question.workbook.unreadable": {
            "zh": "无法读取这个文件（权限或磁盘问题）",
            "en": "this file cannot be read (permissions or the disk)",
        },
        "question.sheet_option": {
            "zh": '--sheet "{option}"：没有名为“{name}”的工作表（有：{sheets}）',
            "en": "--sheet \"{option}\": no sheet is called '{name}' (there are: {sheets})",
        },
        # the dataset
        "dataset.imported": {
            "zh": "{table}：{rows} 行，取自工作簿",
            "en": "{table}: {rows} row(s), from the workbooks",
        },
        "dataset.same_as_base": {
            "zh": "{table}：{rows} 行，取自工作簿（与 --base 相同，沿用其来源说明）",
            "en": "{table}: {rows} row(s), from the workbooks (the same as --base's: its "
            "provenance is kept)",
        },
        "dataset.from_base": {
            "zh": "{table}：取自 --base {base}",
            "en": "{table}: from --base {base}",
        },
        "dataset.file_from_base": {
            "zh": "{file}：取自 --base {base}",
            "en": "{file}: from --base {base}",
        },
        "dataset.no_base": {
            "zh": "没有 --base：policy.yaml 和工作簿中没有的表都没有来源；用 --base 指定一个现有数据集来补齐",
            "en": "no --base: policy.yaml and the tables the workbooks lack come from nowhere; "
            "give --base an existing dataset to fill them",
        },
        "dataset.provenance": {
            "zh": "导入的数字在 provenance.yaml 中记为 `estimate`（工作簿自己的数字，未与手头文件核对），"
            "并注明工作簿、工作表和单元格范围；如有文件依据，可改为 `seed clause` 并引用条款",
            "en": "the imported figures are `estimate` in provenance.yaml (the workbook's own "
            "figures, not checked against a document at hand), with the workbook, sheet and "
            "cells named; where a document at hand gives them, change the level to seed "
            "clause and cite the clause",
        },
        "check.none": {"zh": "没有问题", "en": "no problems"},
        "check.error": {"zh": "错误：{where}{text}", "en": "error: {where}{text}"},
        "check.warning": {"zh": "提示：{where}{text}", "en": "warning: {where}{text}"},
        "check.at": {"zh": "{cell}（{file}）：", "en": "{cell} ({file}): "},
        # the terminal
        "terminal.sheet": {"zh": "{where}：{what}", "en": "{where}: {what}"},
        "terminal.rows": {"zh": "{table} {rows} 行", "en": "{table}, {rows} row(s)"},
        "terminal.question": {"zh": "  {where} {cells}：{text}", "en": "  {where} {cells}: {text}"},
        "terminal.next": {
            "zh": "下一步：`allocate validate --data {folder}`；`allocate --year {year} --data {folder}`",
            "en": "Next: `allocate validate --data {folder}`; `allocate --year {year} --data {folder}`",
        },
        "refuse.not_empty": {
            "zh": "{folder} 不是空文件夹：请换一个新的或空的文件夹，或加 --replace 替换其中的内容",
            "en": "{folder} is not empty: choose a new or empty folder, or add --replace to "
            "replace what it holds",
        },
        "refuse.file": {
            "zh": "{folder} 是文件，不是文件夹：请换一个文件夹名",
            "en": "{folder} is a file, not a folder: choose a folder name",
        },
        "refuse.table": {
            "zh": '--sheet "{option}"：“{table}”不是表名；可用：{tables}，或 `skip`（跳过）',
            "en": "--sheet \"{option}\": '{table}' is not a table; use one of {tables}, or skip",
        },
        "refuse.option": {
            "zh": '--sheet "{option}"：应写成 工作表名=表名',
            "en": '--sheet "{option}": expected SHEET=TABLE',
        },
    },
)
