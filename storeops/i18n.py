"""The one catalogue of user-facing strings, in English and Chinese.

Every string a user reads goes through :func:`t`. Keys are stable, dotted names;
the values are ``(english, chinese)`` pairs with ``str.format`` fields. A test checks
that both languages carry the same fields, so a translation can never crash a format.
"""

from __future__ import annotations

import re
from typing import Final

LANGUAGES: Final = ("en", "zh")
_current = "en"


def set_language(lang: str) -> None:
    """Choose the language for every later :func:`t` call."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def current_language() -> str:
    return _current


def t(key: str, /, **fields: object) -> str:
    """The text for ``key`` in the current language, with ``fields`` filled in.

    A noun that goes with a count is written ``{count:row|rows}``: the first form when the
    count is 1, the second for any other number ("1 row", "2 rows", "0 rows"). Chinese has
    no plural, so its texts write ``{count}`` alone."""
    en, zh = CATALOGUE[key]
    text = zh if _current == "zh" else en
    if not fields:
        return text
    if "|" in text:
        text = _PLURAL.sub(lambda match: _plural(match, fields), text)
    return text.format(**fields)


_PLURAL = re.compile(r"\{(\w+):([^{}|]*)\|([^{}|]*)\}")


def _plural(match: re.Match[str], fields: dict[str, object]) -> str:
    """The form of ``{field:one|other}`` for the count in ``fields``."""
    name, one, other = match.groups()
    value = fields.get(name)
    try:
        count = int(str(value))
    except ValueError:  # not a whole number (1.5, a list): the plural
        return other
    return one if count == 1 else other


class Msg:
    """A catalogue text translated when shown, not when made: a message kept for later
    (a template problem listed on the dashboard) follows a language switch. Fields may
    be Msgs themselves."""

    __slots__ = ("fields", "key")

    def __init__(self, key: str, /, **fields: object) -> None:
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        return t(self.key, **self.fields)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.fields!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, str(v)) for k, v in self.fields.items()))))


def pick(en: str, zh: str) -> str:
    """Choose between two texts that come from data (templates), not from the catalogue."""
    if _current == "zh":
        return zh or en
    return en or zh


CATALOGUE: Final[dict[str, tuple[str, str]]] = {
    # --- general
    "app.title": ("storeops", "storeops 门店运营"),
    "app.subtitle": ("{store} · {date}", "{store} · {date}"),
    "common.cancel": ("Cancel", "取消"),
    "common.save": ("Save", "保存"),
    # --- template loading
    "tpl.err.read": ("cannot read the file: {error}", "无法读取文件：{error}"),
    "tpl.err.toml": ("not valid TOML: {error}", "不是有效的 TOML：{error}"),
    "tpl.err.missing": ("'{field}' is missing", "缺少“{field}”"),
    "tpl.err.type": (
        "'{field}' must be {expected} (found {found})",
        "“{field}”必须是{expected}（实际为 {found}）",
    ),
    "tpl.err.unknown": (
        "unknown field '{field}' (known: {known})",
        "未知字段“{field}”（可用字段：{known}）",
    ),
    "tpl.err.choice": (
        "'{field}' must be one of {choices} (found {found})",
        "“{field}”必须是 {choices} 之一（实际为 {found}）",
    ),
    "tpl.err.duplicate": ("{what} id '{id}' is used twice", "{what}编号“{id}”重复"),
    "tpl.err.empty": ("'{field}' must not be empty", "“{field}”不能为空"),
    "tpl.err.negative": ("'{field}' must not be negative", "“{field}”不能为负数"),
    "tpl.err.range": (
        "scale min ({min}) must be below max ({max}) and not negative",
        "量表最小值（{min}）必须小于最大值（{max}）且不为负",
    ),
    "tpl.err.labels": (
        "scale has {count} {count:label|labels} but {needed} {needed:value|values} ({min}–{max})",
        "量表有 {count} 个标签，但有 {needed} 个分值（{min}–{max}）",
    ),
    "tpl.err.text_lang": (
        "'{field}' needs an English ('en') or Chinese ('zh') text",
        "“{field}”需要英文（en）或中文（zh）文本",
    ),
    "tpl.err.not_for_type": (
        "'{field}' does not apply to {type} items",
        "“{field}”不适用于 {type} 类型的题目",
    ),
    "tpl.err.critical_threshold": (
        "critical_threshold must be stricter than nothing: it needs a threshold and direction",
        "critical_threshold 需要同时设置 threshold 和 direction",
    ),
    "tpl.err.bands_order": (
        "band minimums must go from highest to lowest and end at 0",
        "等级下限须从高到低排列，最后一个为 0",
    ),
    "tpl.err.weights": (
        "give every section a weight, or none (0 keeps a section out of the total)",
        "要么每个分区都设权重，要么都不设（权重 0 表示不计入总分）",
    ),
    "tpl.err.no_items": ("the template has no items", "模板中没有题目"),
    "tpl.warn.version": (
        "version is {version}: versions count up from 1",
        "版本号为 {version}:版本号应从 1 开始递增",
    ),
    "tpl.warn.weights": (
        "every section's weight is 0: no run of this template can have a score",
        "所有分区的权重都是 0:本模板的记录永远没有得分",
    ),
    "tpl.warn.long_text": (
        "{where}: a text of {length} characters (pasted by mistake?)",
        "{where}:文本长达 {length} 个字符(是否误粘贴?)",
    ),
    "tpl.warn.never_shown": (
        "item {item} can never be shown: its show_if names answers its item cannot be given",
        "题目 {item} 永远不会显示:其 show_if 所列答案不可能出现",
    ),
    "tpl.warn.scale_min": (
        'item {item}: a scale from {min} to {max} earns points × value ÷ {max}, so its lowest answer still earns {min}/{max} of them; add score_from = "min" to score from the lowest',
        '题目 {item}:{min} 到 {max} 的量表按 分值 × 值 ÷ {max} 计分,最低答案仍得 {min}/{max};如需从最低值起算,请加 score_from = "min"',
    ),
    "tpl.warn.no_score": (
        "item {item} has points but no option scores above 0: it can earn nothing",
        "题目 {item} 有分值,但没有选项得分大于 0:永远得不到分",
    ),
    "tpl.err.schedule_on": (
        "'on' is for a weekly schedule: one of {choices}",
        "“on”仅用于每周计划,取值:{choices}",
    ),
    "tpl.err.schedule_day": (
        "'day' is for a monthly schedule: a day of the month, 1 to 31 (31 means the month's last day)",
        "“day”仅用于每月计划:每月的第几天,1 到 31(31 表示月末)",
    ),
    "tpl.err.schedule_times": (
        "'times' is how many runs a period needs: 1 to 50",
        "“times”是每个周期需要完成的次数:1 到 50",
    ),
    "tpl.err.schedule_within": (
        "'within_days' is how many days after the due day a run still counts as on time: 0 to 366",
        "“within_days”是到期日后仍算按时完成的天数:0 到 366",
    ),
    "tpl.err.critical_no_fail": (
        "a critical choice item needs an option with fail = true (else it can never fail)",
        "关键的选择题需要至少一个 fail = true 的选项(否则永远不会不合格)",
    ),
    "tpl.err.option_key": (
        "option key '{id}' is reserved ('x' means N/A and 'hidden' a hidden item in imports)",
        "选项键“{id}”为保留字(导入时 x 表示不适用,hidden 表示隐藏题)",
    ),
    "tpl.err.too_many_options": (
        "{count} {count:option|options}: at most 9 (one number key each in the runner)",
        "{count} 个选项:最多 9 个(执行清单时每个选项对应一个数字键)",
    ),
    "tpl.err.show_if_target": (
        "'show_if' needs exactly one of 'item' (an earlier item's id) or 'store' (a store attribute)",
        "“show_if”须且只能有“item”(前面某题的编号)或“store”(门店属性)之一",
    ),
    "tpl.err.show_if_in": (
        "'show_if' needs 'in', a list of the answers (or attribute values) that show the item",
        "“show_if”需要“in”:显示本题的答案(或属性值)列表",
    ),
    "tpl.err.show_if_cycle": (
        "'show_if' names the item itself ('{other}'): it could never be shown",
        "“show_if”指向本题自身(“{other}”),本题将永远无法显示",
    ),
    "tpl.err.show_if_later": (
        "'show_if' names '{other}', which comes later: a condition may only name an earlier item",
        "“show_if”指向后面的题目“{other}”:条件只能指向前面的题目",
    ),
    "tpl.err.show_if_unknown": (
        "'show_if' names '{other}', which is not an item of this template",
        "“show_if”指向的“{other}”不是本模板的题目",
    ),
    "tpl.err.show_if_value": (
        "'show_if' on '{other}' lists {found}, which its answers can never be (they are {choices})",
        "“show_if”针对“{other}”列出的 {found} 不可能是该题的答案(可能的答案:{choices})",
    ),
    "tpl.err.not_above": (
        "'not_above' names '{other}', which is not another number item of this template",
        "“not_above”指向的“{other}”不是本模板中另一个数字题",
    ),
    "run.err.not_above": (
        "{value} is more than {other_item} ({other_value}): it cannot be",
        "{value} 大于 {other_item}（{other_value}），这不可能",
    ),
    "tpl.err.kind_field": (
        "a subject_kind field must be type = \"choice\" with a choice whose key is '{own}'",
        'subject_kind 字段必须是 type = "choice"，且有一个键为“{own}”的选项',
    ),
    "tpl.err.kind_twice": (
        'only one header field may have role = "subject_kind"',
        '只能有一个表头字段的 role 为 "subject_kind"',
    ),
    "tpl.err.after": (
        "'after' names '{other}', which is not a time field of this template",
        "“after”指向的“{other}”不是本模板的时间字段",
    ),
    "tpl.err.id_chars": (
        "id '{id}' may hold only letters, digits, '-', '_' and '.'",
        "编号“{id}”只能包含字母、数字、“-”、“_”和“.”",
    ),
    "tpl.err.control": (
        "'{field}' holds a control character ({chars}): take it out of the file",
        "“{field}”含有控制字符（{chars}）：请从文件中删除",
    ),
    "tpl.err.dup_file": (
        "template id '{id}' is already loaded from {other}",
        "模板编号“{id}”已由 {other} 载入",
    ),
    "tpl.err.no_folder": ("the folder does not exist", "文件夹不存在"),
    "tpl.where.template": ("template", "模板"),
    "tpl.where.section": ("section {id}", "分区 {id}"),
    "tpl.where.item": ("item {id}", "题目 {id}"),
    "tpl.where.header": ("header field {id}", "表头字段 {id}"),
    "tpl.where.band": ("band {id}", "等级 {id}"),
    "tpl.where.schedule": ("schedule", "计划"),
    "tpl.where.reaudit": ("reaudit", "复查"),
    "tpl.what.section": ("section", "分区"),
    "tpl.what.item": ("item", "题目"),
    "tpl.what.header": ("header field", "表头字段"),
    "tpl.what.option": ("option", "选项"),
    "tpl.what.choice": ("choice", "选项"),
    "tpl.expected.text": ("a text", "文本"),
    "tpl.expected.number": ("a number", "数字"),
    "tpl.expected.integer": ("a whole number", "整数"),
    "tpl.expected.bool": ("true or false", "true 或 false"),
    "tpl.expected.table": ("a table", "表"),
    "tpl.expected.list": ("a list", "列表"),
    "tpl.expected.bilingual": (
        'a table like {{ en = "…", zh = "…" }}',
        '形如 {{ en = "…", zh = "…" }} 的表',
    ),
    "tpl.type.pass_fail": ("pass/fail", "合格/不合格"),
    "tpl.type.scale": ("scale", "量表"),
    "tpl.type.number": ("number", "数值"),
    "tpl.type.text": ("text", "文本"),
    # --- templates in a spreadsheet (templates export / import)
    "sheet.problem": ("{at}: {message}", "{at}：{message}"),
    "sheet.at.cell": ("{sheet} row {row}, column {column}", "{sheet} 表第 {row} 行“{column}”列"),
    "sheet.at.row": ("{sheet} row {row}", "{sheet} 表第 {row} 行"),
    "sheet.at.column": ("{sheet}, column {column}", "{sheet} 表“{column}”列"),
    "sheet.at.sheet": ("sheet {sheet}", "{sheet} 表"),
    "sheet.at.csv_cell": ("row {row}, column {column}", "第 {row} 行“{column}”列"),
    "sheet.at.csv_row": ("row {row}", "第 {row} 行"),
    "sheet.err.read": ("cannot read the workbook: {error}", "无法读取工作簿：{error}"),
    "sheet.err.too_large": ("the file is over {limit} MB", "文件超过 {limit} MB"),
    "sheet.err.unpacked": (
        "the workbook unpacks to over {limit} MB: not a template",
        "工作簿解压后超过 {limit} MB：不是模板",
    ),
    "sheet.err.unknown_sheet": (
        "not a sheet of a template (they are {known})",
        "不是模板的工作表（模板的工作表为 {known}）",
    ),
    "sheet.err.sheet_twice": ("a sheet of this name is there twice", "同名工作表出现两次"),
    "sheet.err.no_sheet": (
        "the workbook has no sheet '{sheet}' (a template needs items, sections and settings)",
        "工作簿缺少“{sheet}”表（模板需要 items、sections 和 settings 三张表）",
    ),
    "sheet.err.csv_no_items": (
        "no items table: after the # rows, a row of column names (section, id, type, …)",
        "缺少题目表：# 开头的行之后，应有一行列名（section、id、type……）",
    ),
    "sheet.err.csv_no_sections": (
        "no sections: a #sections row naming their columns, then a #section row for each",
        "缺少分区：需要一行 #sections 列出分区的列名，再为每个分区写一行 #section",
    ),
    "sheet.err.csv_tag": (
        "unknown row kind '{tag}': a template CSV has #setting, #sections and #section rows",
        "未知的行类型“{tag}”：模板 CSV 只有 #setting、#sections 和 #section 行",
    ),
    "sheet.err.csv_section_first": (
        "a #section row before the #sections row that names its columns",
        "#section 行出现在列出列名的 #sections 行之前",
    ),
    "sheet.err.csv_late": (
        "a # row after the items table began: put #setting and #section rows above it",
        "# 开头的行出现在题目表之后：请把 #setting 和 #section 行放在题目表上方",
    ),
    "sheet.err.csv_cannot": (
        "a CSV holds settings, sections and items only, and this template also has {sheets}: "
        "export it as xlsx (or toml)",
        "CSV 只能容纳设置、分区和题目，而此模板还有 {sheets}：请导出为 xlsx（或 toml）",
    ),
    "sheet.what.header": ("header fields (sheet header)", "表头字段（header 表）"),
    "sheet.what.bands": ("grade bands (sheet bands)", "等级（bands 表）"),
    "sheet.err.cannot_hold": (
        "'{field}' cannot be written in a sheet as it is: keep this template in TOML",
        "“{field}”无法按原样写入表格：请保留此模板的 TOML 格式",
    ),
    "sheet.err.too_many_columns": ("more than {limit} columns", "超过 {limit} 列"),
    "sheet.err.formula": (
        "holds a formula ({formula}): type the value itself",
        "含有公式（{formula}）：请直接填写值",
    ),
    "sheet.err.error_value": ("holds an error ({value})", "含有错误值（{value}）"),
    "sheet.err.date": (
        "holds a date or time: a template cell holds text, a number or TRUE/FALSE",
        "含有日期或时间：模板单元格只能是文本、数字或 TRUE/FALSE",
    ),
    "sheet.err.unknown_column": (
        "unknown column (known: {known})",
        "未知列（可用列：{known}）",
    ),
    "sheet.err.column_twice": ("this column is there twice", "此列出现两次"),
    "sheet.err.no_name": ("values in a column without a name", "无列名的列中有值"),
    "sheet.err.missing_column": ("the sheet has no such column", "表中缺少此列"),
    "sheet.err.duplicate": (
        "id '{id}' is used twice (also row {other})",
        "编号“{id}”重复（另见第 {other} 行）",
    ),
    "sheet.err.unknown_section": (
        "no section '{id}' in the sections",
        "分区中没有“{id}”",
    ),
    "sheet.err.setting": (
        "unknown setting '{key}' (known: {known})",
        "未知设置“{key}”（可用设置：{known}）",
    ),
    "sheet.err.setting_twice": (
        "setting '{key}' is given twice (also row {other})",
        "设置“{key}”出现两次（另见第 {other} 行）",
    ),
    "sheet.err.both_texts": (
        "fill in '{column}' or '{column}::en' / '{column}::zh', not both",
        "请填写“{column}”或“{column}::en”/“{column}::zh”，不要同时填写",
    ),
    "sheet.err.text": ("'{value}' is not a text", "“{value}”不是文本"),
    "sheet.err.number": ("'{value}' is not a number", "“{value}”不是数字"),
    "sheet.err.bool": (
        "'{value}' is not TRUE or FALSE (or yes / no)",
        "“{value}”不是 TRUE 或 FALSE（或 yes / no）",
    ),
    "sheet.err.option": (
        "line {line} '{text}' is not an option: write key:label_en:label_zh:score, "
        "with :fail after a failing one",
        "第 {line} 行“{text}”不是选项：请写成 键:英文标签:中文标签:分值，不合格选项末尾加 :fail",
    ),
    "sheet.err.option_score": (
        "line {line}: the score '{value}' is not a number",
        "第 {line} 行：分值“{value}”不是数字",
    ),
    "sheet.err.label": (
        "line {line} '{text}' is not a label: write label_en:label_zh (\\: for a colon)",
        "第 {line} 行“{text}”不是标签：请写成 英文标签:中文标签（冒号写作 \\:）",
    ),
    "sheet.err.choice": (
        "line {line} '{text}' is not a choice: write key:label_en:label_zh",
        "第 {line} 行“{text}”不是选项：请写成 键:英文标签:中文标签",
    ),
    "sheet.err.show_if": (
        "'{text}' is not a condition: write item ITEM_ID in a,b or store ATTRIBUTE in a,b",
        "“{text}”不是条件：请写成 item 题目编号 in a,b 或 store 门店属性 in a,b",
    ),
    "sheet.err.on_fail": (
        "'{text}' is not a list of follow-ups such as note, action, evidence",
        "“{text}”不是后续要求列表（如 note, action, evidence）",
    ),
    "sheet.toml_comment": (
        "Made from {name} by storeops templates import.",
        "由 storeops templates import 从 {name} 生成。",
    ),
    # --- storage
    "store.locked": (
        "storeops is already open on this data folder ({path}){holder}. "
        "Close the other copy first; nothing was changed.",
        "storeops 已在此数据文件夹（{path}）中打开{holder}。请先关闭另一个窗口；未做任何更改。",
    ),
    "store.locked.holder": (
        " by process {pid} on {host} since {since}",
        "（{host} 上的进程 {pid}，自 {since} 起）",
    ),
    "store.corrupt": (
        "{path} could not be read ({error}). It was kept as {moved}; the rest of your data is "
        "loaded. Restore it from a backup or send it to support.",
        "无法读取 {path}（{error}）。已保留为 {moved}；其余数据已正常载入。请从备份恢复，或将其发送给技术支持。",
    ),
    "store.unreadable": (
        "{path} cannot be read ({error}). It was left as it is and will not be written to.",
        "无法读取 {path}（{error}）。文件保持原样，不会被写入。",
    ),
    "store.write_failed.nospace": (
        "The disk is full: {path} could not be saved. Free some space and try again; "
        "the previous version is intact.",
        "磁盘已满：无法保存 {path}。请释放空间后重试；之前的版本完好无损。",
    ),
    "store.write_failed.denied": (
        "No permission to write {path}. Check the folder's permissions; the previous version is intact.",
        "没有写入 {path} 的权限。请检查文件夹权限；之前的版本完好无损。",
    ),
    "store.write_failed.other": (
        "{path} could not be saved ({error}); the previous version is intact.",
        "无法保存 {path}（{error}）；之前的版本完好无损。",
    ),
    "store.write_blocked": (
        "{path} was not readable when storeops started, so it is not written to. "
        "Restore it from a backup, then restart.",
        "启动时无法读取 {path}，因此不会写入该文件。请从备份恢复后重新启动。",
    ),
    "store.newer_schema": (
        "The data in {path} was written by a newer storeops (data version {found}, this one "
        "knows {known}). Update storeops; nothing was changed.",
        "{path} 中的数据由更新版本的 storeops 写入（数据版本 {found}，本版本为 {known}）。"
        "请升级 storeops；未做任何更改。",
    ),
    "store.bad_schema": (
        "{path} does not say which data version it holds (found {found}). Restore it from a "
        "backup; nothing was changed.",
        "{path} 中的数据版本无效（{found}）。请从备份恢复；未做任何更改。",
    ),
    "store.not_dir": (
        "The data folder {path} cannot be used: {error}",
        "无法使用数据文件夹 {path}：{error}",
    ),
    "store.reason.empty": ("the file is empty", "文件为空"),
    "store.reason.blank": ("the file holds only blanks or zero bytes", "文件只有空白或零字节"),
    "store.reason.encoding": ("the file is not UTF-8 text", "文件不是 UTF-8 文本"),
    "store.reason.json": ("the file is not valid JSON: {error}", "文件不是有效的 JSON：{error}"),
    "store.reason.shape": ("the file does not hold storeops data", "文件中不是 storeops 数据"),
    "store.reason.not_folder": ("it is not a folder", "它不是文件夹"),
    "store.reason.readonly": ("opened read-only", "以只读方式打开"),
    "store.reason.is_folder": ("that is a folder; give a file name", "这是文件夹；请给出文件名"),
    "store.reason.no_folder": ("its folder does not exist", "所在文件夹不存在"),
    "export.err.data_folder": (
        "{path} is inside the data folder, which holds the store's own files; choose another "
        "folder",
        "{path} 位于数据文件夹内，那里存放门店自己的数据；请选择其他文件夹",
    ),
    "store.reason.data_folder": (
        "it is inside the data folder {folder}, which holds the store's own files; choose "
        "another folder",
        "它位于数据文件夹 {folder} 内，那里存放门店自己的数据；请选择其他文件夹",
    ),
    "store.write_refused": ("{path} was not written: {error}.", "未写入 {path}：{error}。"),
    "store.set_aside": (
        "{path}: {record} could not be read ({why}). It was set aside and is kept in the "
        "file as it is; everything else loads. Restore the file from a backup, or mend the "
        "record.",
        "{path}：{record}无法读取（{why}）。已将其搁置，并原样保留在文件中；其余数据已正常载入。"
        "请从备份恢复该文件，或修正这条记录。",
    ),
    "store.record": ("record no. {key}", "第 {key} 条记录"),
    "store.record.id": ("record no. {key} (id {id})", "第 {key} 条记录（id {id}）"),
    "store.left_out": (
        "{path}: run {id} is left out ({why}).",
        "{path}：记录 {id} 被略去（{why}）。",
    ),
    "store.moved_gap": (
        "{path} could not be read and was set aside as {moved}: what it held is missing. "
        "Restore it from a backup (storeops restore), or delete {moved} once you know it "
        "is lost.",
        "{path} 无法读取，已搁置为 {moved}：其中的数据缺失。请从备份恢复（storeops restore），"
        "或在确认数据已丢失后删除 {moved}。",
    ),
    "record.err.not_object": ("it is {found}, not a record", "它是 {found}，不是一条记录"),
    "record.err.key": ("its key {found} is not a record number", "其键 {found} 不是记录编号"),
    "record.err.table": (
        "{found} is not a part of the file storeops knows",
        "{found} 不是 storeops 认识的文件部分",
    ),
    "record.err.missing": ("{field} is missing", "缺少 {field}"),
    "record.err.type": (
        "{field} should be {expected}, not {found}",
        "{field} 应为{expected}，而不是 {found}",
    ),
    "record.err.value": (
        "{field} is {found}, which storeops does not know (it knows {known})",
        "{field} 为 {found}，storeops 不认识（可用：{known}）",
    ),
    "record.err.not_finished": (
        "a run in the history that was never finished (status {found})",
        "历史记录中有一条从未完成的记录（状态 {found}）",
    ),
    "record.err.weeks": (
        "it has {found} {found:week|weeks}, but {month} has {most}",
        "它有 {found} 周，但 {month} 只有 {most} 周",
    ),
    "record.err.template": (
        "its checklist {template} (version {hash}) is not installed or archived, so it "
        "cannot be scored",
        "其检查表 {template}（版本 {hash}）未安装也未存档，无法计分",
    ),
    "record.expected.text": ("a text", "文本"),
    "record.expected.object": ("an object {…}", "对象 {…}"),
    "record.expected.list": ("a list […]", "列表 […]"),
    "record.expected.integer": ("a whole number", "整数"),
    "record.expected.number": ("a number", "数字"),
    "record.expected.bool": ("true or false", "true 或 false"),
    "record.expected.time": ("a date and time (YYYY-MM-DDTHH:MM)", "日期时间（YYYY-MM-DDTHH:MM）"),
    "record.expected.date": ("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
    "record.expected.month": ("a month (YYYY-MM)", "月份（YYYY-MM）"),
    "record.expected.answer": (
        "yes/no, a number, a text or nothing",
        "是/否、数字、文本或空值",
    ),
    "store.waiting": (
        "storeops is open on {path}{holder}; waiting up to {seconds} s for it to finish …",
        "storeops 正在使用 {path}{holder}；最多等待 {seconds} 秒…",
    ),
    "file.not_regular": ("it is {kind}, not a regular file", "它是{kind}，不是普通文件"),
    "file.kind.folder": ("a folder", "文件夹"),
    "file.kind.fifo": ("a named pipe (FIFO)", "命名管道（FIFO）"),
    "file.kind.device": ("a device", "设备文件"),
    "file.kind.socket": ("a socket", "套接字"),
    "file.kind.other": ("a special file", "特殊文件"),
    "file.too_large": (
        "it is {size} MB, more than the {limit} MB allowed; split it into smaller files",
        "文件大小为 {size} MB，超过允许的 {limit} MB；请拆分成较小的文件",
    ),
    "file.dangling_link": (
        "it is a link to {target}, which does not exist",
        "它是指向 {target} 的链接，但该目标不存在",
    ),
    "backup.failed": (
        "The backup could not be written ({error}); your data is unchanged.",
        "无法写入备份（{error}）；数据未改变。",
    ),
    "backup.needs_lock": (
        "Restoring needs the data folder to itself: close storeops first.",
        "恢复时需要独占数据文件夹：请先关闭 storeops。",
    ),
    "backup.unreadable": (
        "The backup was not taken: {path} cannot be read ({error}). Fix or move that file, "
        "then back up again; your data is unchanged.",
        "未完成备份：无法读取 {path}（{error}）。请修复或移走该文件后重新备份；数据未改变。",
    ),
    "backup.changing": (
        "The backup was not taken: the data changed while it was being copied, {attempts} "
        "{attempts:time|times} in a row. Back up again when nobody is saving; your data is unchanged.",
        "未完成备份：复制期间数据连续 {attempts} 次发生变化。请在无人保存时重新备份；数据未改变。",
    ),
    "backup.refused": (
        "{path} cannot be restored: {reason}. Nothing was changed.",
        "无法恢复 {path}：{reason}。未做任何更改。",
    ),
    "backup.reason.missing": ("there is no such backup", "没有这个备份"),
    "backup.reason.not_zip": ("it is not a zip file", "它不是 zip 文件"),
    "backup.reason.damaged": ("it is damaged ({error})", "文件已损坏（{error}）"),
    "backup.reason.damaged_member": ("{name} in it is damaged", "其中的 {name} 已损坏"),
    "backup.reason.unsafe": (
        "it holds a file that would land outside the data folder ({name})",
        "其中包含会落在数据文件夹以外的文件（{name}）",
    ),
    "backup.reason.no_data": (
        "it holds no storeops data (no meta.json)",
        "其中没有 storeops 数据（缺少 meta.json）",
    ),
    "backup.reason.bad_json": (
        "{name} in it is not valid storeops data",
        "其中的 {name} 不是有效的 storeops 数据",
    ),
    "backup.reason.no_space": (
        "it needs {mb} MB and the disk has {free} MB free",
        "需要 {mb} MB，但磁盘仅剩 {free} MB",
    ),
    "backup.safety_failed": (
        "Nothing was restored: the current data could not be backed up first. {error}",
        "未恢复：无法先备份当前数据。{error}",
    ),
    "backup.restore_failed": (
        "The restore stopped part-way ({error}). The data from before is in the backup "
        "{safety}: run storeops restore {safety} to put it back.",
        "恢复中途停止（{error}）。恢复前的数据在备份 {safety} 中：运行 storeops restore {safety} 即可还原。",
    ),
    "doctor.fix.restore": (
        "Restore the file from a backup (storeops restore), or send it to support.",
        "从备份恢复该文件（storeops restore），或发送给技术支持。",
    ),
    "doctor.moved": (
        "Files moved aside as unreadable: {files}",
        "因无法读取而移到一旁的文件：{files}",
    ),
    "doctor.fix.moved": (
        "Their data is not in use. Restore a backup taken before, or delete them once checked.",
        "其中的数据未被使用。请恢复更早的备份，或确认后删除。",
    ),
    "doctor.files_ok": ("Every data file reads correctly.", "所有数据文件均可正常读取。"),
    "doctor.schema": (
        "Data version {found} (this storeops: {known}).",
        "数据版本 {found}（本程序：{known}）。",
    ),
    "doctor.orphans": (
        "Drafts whose checklist template is gone: {runs}",
        "检查表模板已不存在的草稿：{runs}",
    ),
    "doctor.fix.orphans": (
        "Put the template back in the templates folder, or finish them after restoring it.",
        "请把模板放回模板文件夹，恢复后再完成它们。",
    ),
    "doctor.drafts": (
        "{count} {count:checklist|checklists} in progress.",
        "进行中的检查表：{count} 份。",
    ),
    "doctor.templates_missing": (
        "Finished runs use templates that are neither installed nor archived: {ids}",
        "已完成记录使用的模板既未安装也未存档：{ids}",
    ),
    "doctor.fix.templates": (
        "Install those templates again (head office's templates folder).",
        "请重新安装这些模板（总部模板文件夹）。",
    ),
    "doctor.edited": (
        "Finished runs changed outside storeops (content no longer matches its hash): {runs}",
        "已完成记录在 storeops 之外被修改（内容与哈希不符）：{runs}",
    ),
    "doctor.fix.edited": (
        "Compare with a backup taken before and tell head office; storeops never edits a finished run.",
        "请与更早的备份比对并告知总部；storeops 从不修改已完成记录。",
    ),
    "doctor.chain": (
        "Finished runs whose predecessor is missing (a run was removed or changed): {runs}",
        "前一条记录缺失的已完成记录（有记录被删除或修改）：{runs}",
    ),
    "doctor.entries_edited": (
        "Amendments or review decisions added, changed or removed outside storeops: {runs}",
        "在 storeops 之外被添加、修改或删除的修正或审核决定：{runs}",
    ),
    "doctor.wrong_month": (
        "Finished runs in the wrong month file (moved by hand): {runs}",
        "位于错误月份文件中的已完成记录（被手动移动）：{runs}",
    ),
    "doctor.duplicates": (
        "Finished runs stored more than once (copied by hand): {runs}",
        "被重复保存的已完成记录（被手动复制）：{runs}",
    ),
    "doctor.run_unreadable": (
        "{file} holds a record that is not a finished run",
        "{file} 中有一条不是已完成记录的数据",
    ),
    "doctor.more": (" and {count} more", " 等另外 {count} 条"),
    "doctor.chain.head_missing": (
        "{file} is missing or unreadable, but the finished runs are chained: it, the newest run or a month file was removed",
        "{file} 缺失或无法读取，但已完成记录已链接：它本身、最新记录或某个月份文件被删除",
    ),
    "doctor.chain.rebuilt": (
        "{file} went missing and was made again from the runs at {at}: a run removed before then would not show",
        "{file} 曾缺失，已于 {at} 根据记录重建：此前被删除的记录无法发现",
    ),
    "doctor.chain.newest_missing": (
        "The newest finished run {run} ({file}) is missing: {file} or the run was removed",
        "最新的已完成记录 {run}（{file}）缺失：该文件或记录被删除",
    ),
    "doctor.chain.newest_changed": (
        "The newest finished run {run} no longer matches chain.json: it was changed and its hash made again outside storeops",
        "最新的已完成记录 {run} 与 chain.json 不符：它在 storeops 之外被修改并重新计算了哈希",
    ),
    "doctor.chain.count": (
        "{file} counts {recorded} finished {recorded:run|runs}; the month files hold {found}",
        "{file} 记录了 {recorded} 条已完成记录，月份文件中有 {found} 条",
    ),
    "doctor.chain.entries": (
        "{file} counts {recorded} {recorded:amendment or review decision|amendments and review decisions}; the runs hold {found}",
        "{file} 记录了 {recorded} 条修正和审核决定，记录中有 {found} 条",
    ),
    "doctor.chain.entry_missing": (
        "The newest amendment or review decision (run {run}) is missing or was changed",
        "最新的修正或审核决定（记录 {run}）缺失或被修改",
    ),
    "doctor.fix.chain": (
        "Compare with the newest backup (storeops backup --list, storeops restore) and tell head office; storeops never removes a finished run.",
        "请与最新备份比对（storeops backup --list、storeops restore）并告知总部；storeops 从不删除已完成记录。",
    ),
    "doctor.archive_edited": (
        "Archived templates changed outside storeops (content no longer matches the hash in the name): {files}",
        "在 storeops 之外被修改的存档模板（内容与文件名中的哈希不符）：{files}",
    ),
    "doctor.fix.archive": (
        "Restore them from a backup (storeops restore): a run is scored with the exact template it names.",
        "请从备份恢复（storeops restore）：记录按其指定的模板原样评分。",
    ),
    "doctor.index": (
        "The run index ({file}) does not match the runs for {count} {count:run|runs}: {runs}",
        "记录索引（{file}）有 {count} 条与记录不符：{runs}",
    ),
    "doctor.fix.index": (
        "Run storeops doctor --fix to rebuild it from the month files (it is only a list kept for speed: nothing is lost).",
        "运行 storeops doctor --fix 根据月份文件重建（它只是为提速保存的列表，不会丢失数据）。",
    ),
    "doctor.fixed.index": (
        "Rebuilt the run index ({file}) from the month files: {count} {count:run|runs}.",
        "已根据月份文件重建记录索引（{file}）：{count} 条记录。",
    ),
    "doctor.fixed.rebuilt": (
        "Accepted {file} as made again from the runs (the note about it is cleared).",
        "已接受根据记录重建的 {file}（相关提示已清除）。",
    ),
    "cli.opt.doctor_fix": (
        "Repair what can be repaired first: rebuild the run index from the month files (storeops must be closed).",
        "先修复可修复的问题：根据月份文件重建记录索引（须先关闭 storeops）。",
    ),
    "doctor.runs_ok": (
        "{count} finished {count:run|runs}, all intact.",
        "已完成记录 {count} 条，全部完好。",
    ),
    "doctor.in_use": (
        "storeops is open on this folder (process {pid} on {host}).",
        "storeops 正在使用此文件夹（{host} 上的进程 {pid}）。",
    ),
    "doctor.disk": ("Free disk space: {mb} MB.", "可用磁盘空间：{mb} MB。"),
    "doctor.disk_low": ("Free disk space is low: {mb} MB.", "可用磁盘空间不足：{mb} MB。"),
    "doctor.fix.disk": (
        "Free some space: saving fails on a full disk (nothing is lost, but nothing new is kept).",
        "请释放磁盘空间：磁盘满时无法保存（不会丢失数据，但新数据无法保存）。",
    ),
    "doctor.network": (
        "The data folder {path} is on a network drive.",
        "数据文件夹 {path} 位于网络驱动器上。",
    ),
    "doctor.fix.network": (
        "Move it to a local disk (storeops setup / --data-dir): locks and safe saving are unreliable over a network.",
        "请移到本地磁盘（--data-dir）：网络上的文件锁和安全保存不可靠。",
    ),
    "doctor.backups": (
        "{count} {count:backup|backups}, the last at {last}.",
        "共 {count} 个备份，最近一次 {last}。",
    ),
    "doctor.no_backups": ("No backup yet.", "尚无备份。"),
    "doctor.backup_failed": (
        "The last backup, at {at}, failed: {error}",
        "最近一次备份（{at}）失败：{error}",
    ),
    "doctor.fix.backup_failed": (
        "Fix what it names, then run storeops backup.",
        "请修复其中提到的问题，然后运行 storeops backup。",
    ),
    "doctor.fix.backup": (
        "Run storeops backup (the app also backs up when it starts).",
        "请运行 storeops backup（应用启动时也会自动备份）。",
    ),
    "doctor.healthy": ("Healthy.", "状态良好。"),
    "doctor.unhealthy": ("{count} {count:problem|problems} found.", "发现 {count} 个问题。"),
    "cli.doctor.help": (
        "Check the data folder and say how to fix what is wrong; exit 0 only when healthy.",
        "检查数据文件夹并给出修复方法；仅在状态良好时以 0 退出。",
    ),
    "cli.backup.help": (
        "Back up the data folder now (kept in its backups/ folder, rotated).",
        "立即备份数据文件夹（保存在 backups/ 中，自动轮换）。",
    ),
    "cli.backup.done": ("Backup written: {path}", "备份已写入：{path}"),
    "cli.backup.list": ("Backups (oldest first):", "备份（由旧到新）："),
    "cli.restore.help": (
        "Restore a backup; the current data is backed up first. Refused while the app is open.",
        "恢复备份；先备份当前数据。应用打开时不能恢复。",
    ),
    "cli.restore.done": (
        "Restored {path}. The data before it was kept as {safety}.",
        "已恢复 {path}。恢复前的数据已保存为 {safety}。",
    ),
    "cli.backup.auto_failed": ("Automatic backup failed: {error}", "自动备份失败：{error}"),
    "cli.output.followed": (
        "{link} is a link: wrote the file it points to, {target}",
        "{link} 是链接：已写入其指向的文件 {target}",
    ),
    # --- profile
    "profile.store_code": ("Store code", "门店编号"),
    "profile.store_name": ("Store name", "门店名称"),
    "profile.manager": ("Manager", "店长"),
    "profile.language": ("Language", "语言"),
    "profile.templates_dir": ("Extra templates folder", "附加模板文件夹"),
    "profile.err.required": ("{field} is required", "请填写{field}"),
    "profile.err.code": (
        "Store code may hold only letters, digits, '-' and '_' (at most 32)",
        "门店编号只能包含字母、数字、“-”和“_”（最多 32 个字符）",
    ),
    "profile.err.attribute": (
        "'{name}' is not a store attribute: write NAME=VALUE, the name in letters, digits, _ . -",
        "“{name}”不是有效的门店属性:请写成 NAME=VALUE,名称只用字母、数字、_ . -",
    ),
    "profile.err.lang": ("Language must be 'en' or 'zh'", "语言必须是“en”或“zh”"),
    # --- runs
    "run.err.unknown_item": (
        "item '{item}' is not in template {template}",
        "题目“{item}”不在模板 {template} 中",
    ),
    "run.err.bad_answer": (
        "'{value}' is not a valid answer for {item}: {why}",
        "“{value}”不是 {item} 的有效答案：{why}",
    ),
    "run.err.na_not_allowed": ("N/A is not allowed for this item", "此题不允许选择“不适用”"),
    "run.err.scale_range": (
        "choose a value from {min} to {max}",
        "请选择 {min} 到 {max} 之间的分值",
    ),
    "run.err.number": ("type a number", "请输入数字"),
    "run.err.negative": ("a count or time cannot be below zero", "次数或时间不能小于零"),
    "run.err.digits": ("write the number with the digits 0–9", "请用半角数字 0–9 填写"),
    "run.err.comma": (
        "write the number without a thousands separator, with a point for decimals (1000, 2.5)",
        "数字请不要加千位分隔符，小数请用小数点（1000、2.5）",
    ),
    "run.err.finished": (
        "run {run} is finished and cannot be changed; add an amendment",
        "记录 {run} 已完成，不能修改；请添加更正",
    ),
    "followup.missing.note": (
        "item {item} failed and needs a note saying what was found before the run can be finished",
        "题目 {item} 不合格,须先填写备注说明发现的问题,才能完成",
    ),
    "followup.missing.action": (
        "item {item} failed and needs a corrective action before the run can be finished",
        "题目 {item} 不合格,须先创建整改措施,才能完成",
    ),
    "run.err.open_items": (
        "{count} required {count:item|items} still unanswered",
        "还有 {count} 个必答题未作答",
    ),
    "run.err.not_found": ("no run with id {run}", "找不到编号为 {run} 的记录"),
    "run.err.not_finished": (
        "run {run} is not finished yet: change the answer itself",
        "记录 {run} 尚未完成：请直接修改答案",
    ),
    "run.err.amend_by": ("say who makes the amendment", "请填写更正人"),
    "run.err.amend_why": ("say why the run is amended", "请填写更正原因"),
    "run.err.header": ("fill in {fields} first", "请先填写{fields}"),
    "run.err.review": (
        "a visit that is {current} cannot become {status}",
        "状态为“{current}”的访店记录不能改为“{status}”",
    ),
    "run.err.review_by": ("say who reviews it", "请填写审核人"),
    "run.err.review_reason": ("say why it is returned", "请填写退回原因"),
    "review.status.submitted": ("Submitted", "已提交"),
    "review.status.accepted": ("Accepted", "已接受"),
    "review.status.returned": ("Returned", "已退回"),
    "run.err.signoff": ("a sign-off name is required", "需要签名确认人姓名"),
    # --- corrective actions
    "action.err.due": (
        "'{value}' is not a date: type YYYY-MM-DD or +N days",
        "“{value}”不是日期：请输入 YYYY-MM-DD 或 +天数",
    ),
    "action.err.description": ("describe what must be done", "请描述需要做什么"),
    "action.err.owner": ("name who will do it", "请填写负责人"),
    "action.err.priority": ("priority must be one of {choices}", "优先级必须是 {choices} 之一"),
    "action.err.status": ("status must be one of {choices}", "状态必须是 {choices} 之一"),
    "action.err.verify_before_done": (
        "only a done action can be verified",
        "只有已完成的整改项才能验证",
    ),
    "action.err.not_found": ("no corrective action with id {id}", "找不到编号为 {id} 的整改项"),
    "action.status.open": ("Open", "未开始"),
    "action.status.in_progress": ("In progress", "进行中"),
    "action.status.done": ("Done", "已完成"),
    "action.status.verified": ("Verified", "已验证"),
    "action.priority.high": ("High", "高"),
    "action.priority.medium": ("Medium", "中"),
    "action.priority.low": ("Low", "低"),
    "action.err.already": ("it is already {status}", "已经是“{status}”"),
    "action.err.backwards": (
        "an action does not move back: reopen it and say why",
        "整改项不能退回：请重新打开并说明原因",
    ),
    "action.err.verifier": ("say who verified it", "请填写验证人"),
    "action.err.reopen_open": (
        "only a done or verified action can be reopened",
        "只有已完成或已验证的整改项才能重新打开",
    ),
    "action.err.reason": ("say why it is reopened", "请说明重新打开的原因"),
    "action.err.edit_verified": (
        "a verified action is not changed: reopen it first",
        "已验证的整改项不能修改：请先重新打开",
    ),
    "action.err.no_change": ("Nothing changed.", "没有修改。"),
    "action.verified_by": ("Verified by {by} on {day}", "已由 {by} 于 {day} 验证"),
    "action.verified_on": ("Verified on {day}", "已于 {day} 验证"),
    "action.change": ("{field} {old} → {new}", "{field}：{old} → {new}"),
    "action.hist.raised": ("Raised ({status})", "建立（{status}）"),
    "action.hist.moved": ("→ {status}", "→ {status}"),
    "action.hist.note": ("{text}: {note}", "{text}：{note}"),
    "action.hist.edited": ("Changed {changes}", "修改 {changes}"),
    "cli.opt.evidence": (
        "a file that shows it was done (a photo); copied into the data folder and hashed; repeatable",
        "证明已完成的文件(如照片);会复制到数据文件夹并记录哈希;可重复",
    ),
    "cli.arg.evidence": ("the evidence files (photos, documents)", "凭证文件(照片、文档)"),
    "cli.opt.evidence_note": ("what the files show", "文件说明"),
    "cli.actions.attach.help": (
        "Attach evidence files to an action without moving it on",
        "为整改措施附上凭证文件(不改变状态)",
    ),
    "cli.actions.evidence_unreadable": (
        "{path} cannot be attached: {error}",
        "无法附上 {path}:{error}",
    ),
    "key.attach": ("Attach", "附凭证"),
    "evidence.title": ("Attach evidence", "附上凭证"),
    "evidence.intro": (
        "Choose the file that shows the fix (a photo): enter on a file in the tree, or type its path below.",
        "选择证明已整改的文件(如照片):在目录中选中文件按回车,或在下方输入路径。",
    ),
    "evidence.path": ("or type a file's path and press enter", "或输入文件路径后按回车"),
    "evidence.keys": (
        "↑↓ move · → / enter open a folder · enter on a file attaches · esc cancel",
        "↑↓ 移动 · → / 回车 打开文件夹 · 在文件上回车即附上 · esc 取消",
    ),
    "evidence.not_a_file": ("{path} is not a file", "{path} 不是文件"),
    "evidence.attached": ("Attached {name}", "已附上 {name}"),
    "evidence.attach_hint": ("Press u to attach a file.", "按 u 附上文件。"),
    "action.hist.evidence": ("evidence: {files}", "凭证:{files}"),
    "action.err.evidence_needed": (
        "this item's checklist asks for evidence to close its action: attach a file (a photo of the fix)",
        "该题所属清单要求整改完成时附上凭证:请附上文件(如整改后的照片)",
    ),
    "action.err.no_files": ("no file to attach", "没有要附上的文件"),
    "doctor.evidence_missing": (
        "Evidence file of action {id} is missing: {path}",
        "整改措施 {id} 的凭证文件缺失:{path}",
    ),
    "doctor.evidence_changed": (
        "Evidence file of action {id} is not what was attached (changed after it was attached): {path}",
        "整改措施 {id} 的凭证文件已被改动(与附上时不同):{path}",
    ),
    "doctor.fix.evidence": (
        "Restore the evidence folder from a backup.",
        "请从备份恢复 evidence 文件夹。",
    ),
    "doctor.evidence_ok": (
        "Evidence files: {count}, all as attached.",
        "凭证文件 {count} 个,均与附上时一致。",
    ),
    "action.hist.reopened": ("Reopened: {reason}", "重新打开：{reason}"),
    "action.detail.overdue": ("⚠ {due} (overdue)", "⚠ {due}（已逾期）"),
    "action.detail.raised": ("Raised", "建立"),
    "action.detail.no_item": (
        "(its text is not found: the checklist was changed or removed)",
        "（找不到题目内容：检查表已更改或删除）",
    ),
    "action.detail.history": ("History:", "记录："),
    # --- complaints, 三包 and the satisfaction survey (storeops/complaints.py, sanbao.py,
    # complaint_report.py, survey_report.py)
    "complaint.remedies": ("三包: {remedies} — {rule}", "三包：{remedies}——{rule}"),
    "complaint.category.product": ("Product quality", "商品质量"),
    "complaint.category.service": ("In-store service", "现场服务"),
    "complaint.category.after_sales": ("After-sales service", "售后服务"),
    "complaint.cause.defect": ("Product defect", "产品质量问题（原残）"),
    "complaint.cause.misuse": ("Misuse by the customer", "使用不当"),
    "complaint.cause.attitude": ("Service attitude", "服务态度"),
    "complaint.cause.service_quality": ("Service quality", "服务质量"),
    "complaint.cause.price": ("Price charged", "收费价格"),
    "complaint.cause.environment": ("Environment", "环境"),
    "complaint.cause.facilities": ("Facilities", "设施"),
    "complaint.cause.policy": ("Store policy", "制度"),
    "complaint.cause.other": ("Other", "其他"),
    "complaint.status.received": ("Received", "受理"),
    "complaint.status.analysed": ("Analysed", "已分析"),
    "complaint.status.countermeasure": ("Countermeasure set", "已定对策"),
    "complaint.status.replied": ("Replied to customer", "已反馈顾客"),
    "complaint.status.claimed": ("Claimed from supplier", "已向相关方索赔"),
    "complaint.status.closed": ("Closed", "已结案"),
    "complaint.given.return": ("Return (refund)", "退货"),
    "complaint.given.exchange": ("Exchange", "换货"),
    "complaint.given.repair": ("Repair", "维修"),
    "complaint.given.apology": ("Apology", "致歉"),
    "complaint.given.compensation": ("Compensation", "补偿"),
    "complaint.given.none": ("Nothing given", "未给予"),
    "complaint.outcome.no_answer": ("Not reached", "未接通"),
    "complaint.outcome.reached": ("Reached", "已联系"),
    "complaint.outcome.resolved": ("Resolved", "已解决"),
    "complaint.outcome.unhappy": ("Still unhappy", "仍不满意"),
    "complaint.yes": ("Yes", "是"),
    "complaint.no": ("No", "否"),
    "complaint.field.customer": ("Customer", "顾客"),
    "complaint.field.phone": ("Phone", "电话"),
    "complaint.field.received_on": ("Received on", "投诉日期"),
    "complaint.field.received_by": ("Received by", "受理人"),
    "complaint.field.category": ("Category", "类别"),
    "complaint.field.cause": ("Cause", "原因"),
    "complaint.field.product": ("Product", "商品"),
    "complaint.field.batch": ("Batch", "批次"),
    "complaint.field.product_category": ("Product category (warranty)", "商品类别（保修）"),
    "complaint.field.purchased": ("Purchased on", "购买日期"),
    "complaint.field.usage": ("Use and condition", "使用状况"),
    "complaint.field.altered": ("Altered (trousers hemmed)", "已修改（裤子改过裤长）"),
    "complaint.field.staff": ("Staff member", "服务人员"),
    "complaint.field.description": ("What happened", "事件经过"),
    "complaint.field.demand": ("Loss and demands", "损失及要求"),
    "complaint.field.status": ("Step", "处理进度"),
    "complaint.field.refund": ("Refunded (yuan)", "退款（元）"),
    "complaint.field.note": ("Note", "备注"),
    "complaint.field.outcome": ("How the call went", "回访结果"),
    "complaint.col.received": ("Received", "日期"),
    "complaint.col.status": ("Step", "进度"),
    "complaint.col.category": ("Category", "类别"),
    "complaint.col.cause": ("Cause", "原因"),
    "complaint.col.product": ("Product", "商品"),
    "complaint.col.about": ("What · cause", "对象·原因"),
    "complaint.col.remedies": ("三包", "三包"),
    "complaint.col.follow_up": ("Call", "回访"),
    "complaint.col.call_due": ("Call due", "回访日期"),
    "complaint.col.given": ("Given", "处理"),
    "complaint.detail.remedies": ("三包 owes", "三包可选"),
    "complaint.detail.rule": ("Rule", "依据"),
    "complaint.detail.given": ("Remedy given", "给予处理"),
    "complaint.detail.actions": ("Actions", "整改项"),
    "complaint.detail.follow_up": ("Follow-up call", "回访"),
    "complaint.detail.history": ("History:", "记录："),
    "complaint.detail.cause_open": ("not analysed yet", "尚未分析"),
    "complaint.detail.bought": ("bought {day}", "购于 {day}"),
    "complaint.detail.refund": ("refunded {amount} yuan", "退款 {amount} 元"),
    "complaint.detail.no_actions": ("none yet (the cause is the store's)", "暂无（原因在门店）"),
    "complaint.detail.call_due": ("due {day}", "{day} 到期"),
    "complaint.detail.call_overdue": ("⚠ due {day} (overdue)", "⚠ {day} 到期（已逾期）"),
    "complaint.detail.erased": ("erased on {day}", "已于 {day} 删除"),
    "complaint.detail.hidden": (
        "(hidden: --include-contact shows it)",
        "（已隐藏：用 --include-contact 显示）",
    ),
    "complaint.title.one": ("Complaint {id}", "投诉 {id}"),
    "complaint.hist.logged": ("Logged ({status})", "登记（{status}）"),
    "complaint.hist.moved": ("{status}", "{status}"),
    "complaint.hist.edited": ("Changed", "修改"),
    "complaint.hist.closed": ("Closed", "结案"),
    "complaint.hist.called": ("Follow-up call", "回访"),
    "complaint.hist.reopened": ("Reopened", "重新打开"),
    "complaint.hist.erased": ("Contact details erased", "联系方式已删除"),
    "complaint.hist.note": ("{text}: {note}", "{text}：{note}"),
    "complaint.err.not_found": ("No complaint with ID {id}.", "没有编号为 {id} 的投诉。"),
    "complaint.err.date": (
        "{field}: {value} is not a date (YYYY-MM-DD)",
        "{field}：{value} 不是日期（YYYY-MM-DD）",
    ),
    "complaint.err.future": ("{field}: {value} is after today", "{field}：{value} 晚于今天"),
    "complaint.err.yes_no": (
        "{field}: yes or no, not {value}",
        "{field}：请填 yes 或 no，而不是 {value}",
    ),
    "complaint.err.choice": (
        "{field}: {value} is not one of {choices}",
        "{field}：{value} 不在 {choices} 之中",
    ),
    "complaint.err.phone": (
        "Phone: {value} is not a phone number (digits, spaces, + - and brackets)",
        "电话：{value} 不是电话号码（数字、空格、+ - 和括号）",
    ),
    "complaint.err.long": ("{field} is too long", "{field}过长"),
    "complaint.err.bought_after": (
        "Purchased on {purchased}, after the complaint ({received})",
        "购买日期 {purchased} 晚于投诉日期（{received}）",
    ),
    "complaint.err.field": (
        "These cannot be changed here: {fields}",
        "这些内容不能在此修改：{fields}",
    ),
    "complaint.err.no_change": ("Nothing changed.", "没有改动。"),
    "complaint.err.closed": ("The complaint is closed.", "该投诉已结案。"),
    "complaint.err.only_close": (
        "Every step is done: close the complaint with the remedy given.",
        "各步骤均已完成：请以给予的处理结案。",
    ),
    "complaint.err.close_with_remedy": (
        "Closing asks for the remedy given: storeops complaints close.",
        "结案需要填写给予的处理：storeops complaints close。",
    ),
    "complaint.err.status": ("The step is one of {choices}", "步骤须为 {choices} 之一"),
    "complaint.err.backwards": (
        "It is at \u201c{status}\u201d already: steps only move forward.",
        "已处于\u201c{status}\u201d：步骤只能向前推进。",
    ),
    "complaint.err.remedy": (
        "The remedy given is one of {choices}",
        "给予的处理须为 {choices} 之一",
    ),
    "complaint.err.refund": (
        "The amount refunded is a number of yuan, 0 or more (not {value})",
        "退款金额须为 0 或以上的数字（元），而不是 {value}",
    ),
    "complaint.err.no_call": (
        "No follow-up call is due: the complaint is not closed, or the call was made.",
        "没有待回访：投诉尚未结案，或已回访。",
    ),
    "complaint.err.outcome": ("The outcome is one of {choices}", "回访结果须为 {choices} 之一"),
    "complaint.err.not_store": (
        "The cause ({cause}) is not the store's: corrective actions are for attitude, service "
        "quality, price, environment, facilities or policy. Set the cause first.",
        "原因（{cause}）不在门店：整改项适用于服务态度、服务质量、收费价格、环境、设施或制度。请先设定原因。",
    ),
    "complaint.err.by": ("Count by one of {choices}", "统计方式须为 {choices} 之一"),
    "complaint.doctor.ok": (
        "Complaints: {count} {count:complaint|complaints}, none keeps contact details more than {months} months after closing",
        "投诉：共 {count} 起，没有结案超过 {months} 个月仍保存联系方式的",
    ),
    "complaint.doctor.past": (
        "{count} {count:complaint|complaints} closed {months} months ago or more still hold the customer's name or phone: {ids}",
        "有 {count} 起结案已满 {months} 个月的投诉仍保存顾客姓名或电话：{ids}",
    ),
    "complaint.doctor.fix": (
        "Erase them: storeops complaints erase-contacts (storeops complaints settings --retention-months changes the period).",
        "删除：storeops complaints erase-contacts（用 storeops complaints settings --retention-months 修改期限）。",
    ),
    "complaint.report.title": ("Complaints by {by}", "投诉按{by}统计"),
    "complaint.by.category": ("category", "类别"),
    "complaint.by.cause": ("cause", "原因"),
    "complaint.by.product": ("product", "商品"),
    "complaint.by.staff": ("staff member", "员工"),
    "complaint.report.col.key": ("Group", "分类"),
    "complaint.report.col.count": ("Complaints", "投诉数"),
    "complaint.report.col.month": ("Month", "月份"),
    "complaint.report.col.change": ("Change", "变化"),
    "complaint.report.months": ("Complaints by month", "逐月投诉数"),
    "complaint.report.not_given": ("(not given)", "（未填写）"),
    "complaint.report.total": (
        "{count} {count:complaint|complaints}, {closed} closed, {reopened} reopened",
        "共 {count} 起投诉，已结案 {closed} 起，重新打开 {reopened} 起",
    ),
    "complaint.report.days": ("Mean days to close: {days}", "平均结案天数：{days}"),
    "complaint.report.calls": (
        "Follow-up calls made on time: {on_time} of {due}",
        "按时回访：{on_time} / {due}",
    ),
    "complaint.report.not_target": (
        "The number of complaints is a figure to chart, not a target: a complaint voiced is a chance to put things right.",
        "投诉数量用于图表跟踪，不是指标：顾客说出投诉，是我们改进的机会。",
    ),
    "complaint.tui.title": ("Complaint", "投诉"),
    "complaint.tui.new": ("Log a complaint", "登记投诉"),
    "complaint.tui.new_intro": (
        "Approach, apologise, introduce yourself, take the customer off the main aisle, ask their surname and listen. Then record it here: 三包 is worked out from the purchase date.",
        "主动接待、致歉、自我介绍、将顾客带离主通道、询问姓氏并耐心聆听。然后在此登记：三包按购买日期自动计算。",
    ),
    "complaint.tui.customer_hint": ("surname is enough, e.g. Ms Zhang", "留姓氏即可，如 张女士"),
    "complaint.tui.moved": ("Now: {status}", "当前：{status}"),
    "complaint.tui.close": ("Close the complaint", "结案"),
    "complaint.tui.closed": ("Closed. Follow-up call due {day}.", "已结案。回访日期 {day}。"),
    "complaint.tui.call": ("Follow-up call", "回访"),
    "complaint.tui.call_intro": (
        "Call {customer} on {phone}: is it resolved?",
        "致电 {customer}（{phone}）：问题是否已解决？",
    ),
    "complaint.tui.called": ("Call recorded: {outcome}.", "已记录回访：{outcome}。"),
    "complaint.tui.reopened": (
        "Still unhappy: the complaint is open again.",
        "仍不满意：投诉已重新打开。",
    ),
    "complaint.tui.action_title": ("Corrective action", "整改项"),
    "complaint.tui.action_intro": (
        "The cause is the store's ({cause}): who fixes it, by when?",
        "原因在门店（{cause}）：由谁整改，何时完成？",
    ),
    "complaint.tui.action": (
        "Action raised: {owner}, due {due}.",
        "已建立整改项：{owner}，期限 {due}。",
    ),
    "complaint.tui.edit": ("Change the complaint", "修改投诉"),
    "complaint.tui.count": ("{count} {count:complaint|complaints}", "{count} 起投诉"),
    "complaint.tui.calls_due": ("{count} {count:call|calls} due", "{count} 个待回访"),
    "complaint.tui.past_retention": (
        "{count} {count:complaint|complaints} past retention (storeops complaints erase-contacts)",
        "{count} 起超过保留期限（storeops complaints erase-contacts）",
    ),
    "complaint.tui.list_hint": (
        "A figure to chart, not a target: each complaint is a chance to do better.",
        "投诉数用于图表跟踪，不是指标：每一起投诉都是改进的机会。",
    ),
    "complaint.tui.figures": (
        "{count} {count:complaint|complaints} · mean days to close {days} · calls on time {on_time}/{due}",
        "{count} 起投诉 · 平均结案天数 {days} · 按时回访 {on_time}/{due}",
    ),
    "sanbao.remedy.return": ("Return", "退货"),
    "sanbao.remedy.exchange": ("Exchange", "换货"),
    "sanbao.remedy.repair": ("Repair", "维修"),
    "sanbao.none": ("none", "无"),
    "sanbao.rule.return": (
        "day {day} after purchase, within {limit} days: return, exchange or repair (a fault not caused by the customer)",
        "购买后第{day}天，在{limit}天内：可退货、换货或维修（非人为故障）",
    ),
    "sanbao.rule.exchange": (
        "day {day} after purchase, past the return days, within {limit}: exchange or repair, no return",
        "购买后第{day}天，已过退货期、在{limit}天内：可换货或维修，不能退货",
    ),
    "sanbao.rule.repair": (
        "day {day} after purchase, within the {limit}-day warranty: repair only",
        "购买后第{day}天，在{limit}天保修期内：只能维修",
    ),
    "sanbao.rule.expired": (
        "day {day} after purchase, past the {limit}-day warranty: nothing owed under 三包",
        "购买后第{day}天，已超过{limit}天保修期：不属三包范围",
    ),
    "sanbao.rule.user_caused": (
        "caused by the customer's use (misuse): nothing owed under 三包",
        "使用不当（人为造成）：不属三包范围",
    ),
    "sanbao.rule.no_purchase": ("no purchase date: 三包 does not apply", "无购买日期：不适用三包"),
    "sanbao.rule.altered": ("Altered trousers cannot be exchanged.", "修改过的裤子不能再换。"),
    "sanbao.setting.return_days": ("Return window (days after purchase)", "退货期限（购买后天数）"),
    "sanbao.setting.exchange_days": (
        "Exchange window (days after purchase)",
        "换货期限（购买后天数）",
    ),
    "sanbao.setting.warranty_days": (
        "Warranty, repair (days after purchase)",
        "保修期，维修（购买后天数）",
    ),
    "sanbao.setting.follow_up_days": ("Follow-up call (days after closing)", "回访（结案后天数）"),
    "sanbao.setting.retention_months": (
        "Contact details kept (months after closing)",
        "联系方式保留（结案后月数）",
    ),
    "sanbao.err.range": (
        "{field}: {value} is out of range (0 to 36500)",
        "{field}：{value} 超出范围（0 至 36500）",
    ),
    "sanbao.err.order": (
        "The exchange window ({exchange} days) cannot end before the return window ({ret} days)",
        "换货期限（{exchange} 天）不能早于退货期限（{ret} 天）",
    ),
    "sanbao.err.category": (
        "A product category's name is 1 to 32 characters: {category}",
        "商品类别名称须为 1 至 32 个字符：{category}",
    ),
    "sanbao.err.future": (
        "Purchased on {purchased}, after the complaint's day {on}",
        "购买日期 {purchased} 晚于投诉日期 {on}",
    ),
    "survey.col.dimension": ("Dimension", "维度"),
    "survey.col.expected": ("Expected H", "期望 H"),
    "survey.col.perceived": ("Found W", "感受 W"),
    "survey.col.gap": ("W − H", "W − H"),
    "survey.col.verdict": ("Customers were", "顾客"),
    "survey.col.answers": ("Surveys", "问卷数"),
    "survey.col.surveys": ("Surveys", "问卷数"),
    "survey.col.overall": ("Overall (mean of five)", "总体（五项平均）"),
    "survey.verdict.dissatisfied": ("dissatisfied (H > W)", "不满意（H > W）"),
    "survey.verdict.satisfied": ("satisfied (H = W)", "满意（H = W）"),
    "survey.verdict.very_satisfied": ("very satisfied (H < W)", "很满意（H < W）"),
    "survey.none": ("No surveys in the period.", "该期间没有问卷。"),
    "survey.by_month": ("By month: {months}", "按月：{months}"),
    "survey.overall": (
        "Overall, the mean of the five dimensions: {overall} of 5 ({count} {count:survey|surveys})",
        "总体（五个维度的平均值）：{overall} / 5（{count} 份问卷）",
    ),
    # --- staff
    "staff.err.empty": ("type a name", "请输入姓名"),
    "staff.err.long": ("a name has at most 40 characters", "姓名最多 40 个字符"),
    "staff.err.exists": ("{name} is already on the staff list", "{name} 已在员工名单中"),
    "staff.err.unknown": ("{name} is not on the staff list", "{name} 不在员工名单中"),
    # --- importing
    "import.problem": (
        "row {row}, column {column}: {message}",
        "第 {row} 行，“{column}”列：{message}",
    ),
    "import.problem.file": ("column {column}: {message}", "“{column}”列：{message}"),
    "import.err.read": ("cannot read the file: {error}", "无法读取文件：{error}"),
    "import.err.encoding": (
        "the file is neither UTF-8 nor GBK text",
        "文件既不是 UTF-8 也不是 GBK 文本",
    ),
    "import.err.json": ("not valid JSON: {error}", "不是有效的 JSON：{error}"),
    "import.err.json_shape": (
        "JSON must be a list of objects, one per visit",
        "JSON 必须是对象列表，每个对象一次访店",
    ),
    "import.err.csv": ("not valid CSV: {error}", "不是有效的 CSV：{error}"),
    "import.err.extra_cells": ("more cells than column names", "单元格数多于列名数"),
    "import.err.column": (
        "unknown column: not a header field or item of this template",
        "未知列：不是此模板的表头字段或题目",
    ),
    "import.err.hidden": (
        "an answer was given, but this item is hidden for this row (its show_if does not hold): leave it empty or write hidden",
        "本行该题为隐藏题(其显示条件不成立),却给了答案:请留空或填 hidden",
    ),
    "import.err.follow_up_note": (
        "item {item} failed and its template asks for a note: fill the {item}_note column",
        "题目 {item} 不合格,模板要求填写备注:请填写 {item}_note 列",
    ),
    "import.err.follow_up_action": (
        "item {item} failed and its template asks for a corrective action, which an import cannot raise: record this run in the app or the runner",
        "题目 {item} 不合格,模板要求创建整改措施,导入无法创建:请在应用中录入本次检查",
    ),
    "import.err.required": ("required, but empty", "必填，但为空"),
    "import.err.date": (
        "not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)",
        "不是日期（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）",
    ),
    "import.err.empty": ("the file holds no rows", "文件中没有数据行"),
    "import.err.duplicate_column": (
        "this column name is used twice; which one counts would be a guess",
        "此列名出现两次，无法确定以哪一列为准",
    ),
    "import.err.duplicate_key": (
        "this key is given twice in one object; which one counts would be a guess",
        "同一对象中此键出现两次，无法确定以哪一个为准",
    ),
    "import.err.not_a_value": (
        "a list or object where one value belongs",
        "此处应为单个值，却是列表或对象",
    ),
    "import.err.future": (
        "finished after now ({now})",
        "完成时间晚于现在（{now}）",
    ),
    "import.err.too_many_rows": (
        "more than {limit} rows; split the file into smaller ones",
        "超过 {limit} 行；请拆分成较小的文件",
    ),
    "import.err.too_many_columns": ("more than {limit} columns", "超过 {limit} 列"),
    "import.err.too_deep": (
        "nested more than {limit} levels deep; a visit file is a list of flat objects",
        "嵌套超过 {limit} 层；访店文件应为简单对象的列表",
    ),
    "import.err.too_many_values": (
        "more than {limit} objects and lists; a visit file is a list of flat objects, "
        "one per visit",
        "对象和列表超过 {limit} 个；访店文件应为简单对象的列表，每个对象一次访店",
    ),
    "import.err.more_problems": (
        "more problems are not listed: fix these {limit} first",
        "还有更多问题未列出：请先修复以上 {limit} 个",
    ),
    # --- goals
    "goals.err.month": (
        "'{value}' is not a month: type YYYY-MM",
        "“{value}”不是月份：请输入 YYYY-MM",
    ),
    "goals.err.week": (
        "week {number} is not in the plan of {month}",
        "{month} 的计划中没有第 {number} 周",
    ),
    "goals.err.type": ("goal type must be {choices}", "目标类型必须是 {choices}"),
    "goals.err.threshold": (
        "the threshold is a percentage above 0 and at most 100",
        "达标门槛是大于 0、不超过 100 的百分比",
    ),
    "goals.err.behaviours": (
        "write the goal as behaviours: what staff will visibly do",
        "请把目标写成行为：员工可被看到的具体做法",
    ),
    "goals.err.exists": ("{month} already has a plan", "{month} 已有计划"),
    "goals.err.no_plan": ("{month} has no plan to copy", "{month} 没有可复制的计划"),
    "goals.err.future": (
        "{day} is in the future: check in on the day or after it",
        "{day} 还没到：请在当天或之后填写",
    ),
    "goals.err.too_early": (
        "{day} is too long ago: a check-in can be for a day from {first}",
        "{day} 太久远了：只能为 {first} 及以后的日期填写",
    ),
    # --- exports and reports
    "export.err.level": ("level must be one of {choices}", "级别必须是 {choices} 之一"),
    "export.err.format": ("format must be one of {choices}", "格式必须是 {choices} 之一"),
    "export.err.xlsx_output": (
        "an Excel workbook needs a file: add -o FILE.xlsx",
        "Excel 工作簿需要写入文件：请加上 -o 文件.xlsx",
    ),
    "export.err.read": ("cannot read {path}: {error}", "无法读取 {path}：{error}"),
    "export.err.not_export": (
        "{path} is not a storeops CSV export",
        "{path} 不是 storeops 导出的 CSV",
    ),
    "export.err.levels": (
        "{path} is a {level}-level export, the first file is {first}-level: merge files of one level",
        "{path} 是 {level} 级导出，第一个文件是 {first} 级：请合并同一级别的文件",
    ),
    "export.err.version": (
        "{path} has column version {found}; this storeops writes {known}: export it again with the same version",
        "{path} 的列版本为 {found}；本版本为 {known}：请用相同版本重新导出",
    ),
    "export.err.nothing": ("no files to merge", "没有要合并的文件"),
    "export.done": ("{count} {count:row|rows} written to {path}", "已写入 {count} 行：{path}"),
    "export.incomplete": (
        "{count} {count:row|rows} written to {path}, but it is incomplete: {missing} "
        "{missing:part|parts} of the data could not be read (see the dashboard).",
        "已写入 {count} 行：{path}，但导出不完整：有 {missing} 处数据无法读取（见主页）。",
    ),
    "merge.done": (
        "{count} {count:row|rows} merged into {path}; {duplicates} duplicate {duplicates:row|rows} dropped",
        "已合并 {count} 行到 {path}；去掉重复行 {duplicates} 行",
    ),
    "html.store": ("Store", "门店"),
    "html.finished": ("Finished", "完成时间"),
    "html.by": ("Signed off by", "签名确认"),
    "html.started": ("Started", "开始时间"),
    "html.review": ("Review", "审核"),
    "html.review_entry": ("{status} by {by}, {at}", "{status}（{by}，{at}）"),
    "html.with_reason": ("{text}: {reason}", "{text}：{reason}"),
    "html.score": ("Score", "得分"),
    "html.score_line": ("Score: {score} · {band}", "得分：{score} · {band}"),
    "html.section": ("Section", "分区"),
    "html.strengths": ("Strengths", "亮点"),
    "html.critical": ("Critical failures", "关键项不合格"),
    "html.critical_mark": ("critical", "关键项"),
    "html.actions": ("Corrective actions", "整改项"),
    "html.no_actions": ("No corrective action was raised on it.", "本次没有建立整改项。"),
    "html.overdue": ("{due} (overdue)", "{due}（已逾期）"),
    "html.answers": ("Answers", "全部答案"),
    "html.item": ("Item", "题目"),
    "html.answer": ("Answer", "答案"),
    "html.result": ("Result", "结果"),
    "html.points": ("Points", "分数"),
    "html.note": ("Note: {note}", "备注：{note}"),
    "html.status.pass": ("Pass", "合格"),
    "html.status.fail": ("Fail", "不合格"),
    "html.status.na": ("N/A", "不适用"),
    "html.amendments": ("Amendments (original answers kept)", "更正记录（原始答案保留）"),
    "html.footer": (
        "Run {id} · {template} ({template_id} version {version}, template {hash})",
        "记录 {id} · {template}（{template_id} 第 {version} 版，模板 {hash}）",
    ),
    "report.trend.col.week": ("Week", "周"),
    "report.trend.col.count": ("Runs", "次数"),
    "report.trend.col.mean": ("Mean", "平均分"),
    "report.trend.col.range": ("Low–high", "最低–最高"),
    "report.trend.span": (
        "{template} · {first} – {last} ({first_day} – {last_day})",
        "{template} · {first} – {last}（{first_day} – {last_day}）",
    ),
    "report.trend.chart": ("Weekly mean {chart} {low}–{high}", "每周平均分 {chart} {low}–{high}"),
    "report.trend.chart_last": (
        "Last {count} {count:week|weeks} {chart} {low}–{high}",
        "最近 {count} 周 {chart} {low}–{high}",
    ),
    "report.pareto.col.item": ("Item", "题目"),
    "report.pareto.col.count": ("Failed", "不合格次数"),
    "report.pareto.col.pct": ("%", "%"),
    "report.pareto.col.cum": ("Cum. %", "累计 %"),
    "report.pareto.total": (
        "{total} failed {total:item|items} in {runs} {runs:run|runs}",
        "共 {runs} 次记录中 {total} 项不合格",
    ),
    "report.store.col.store": ("Store", "门店"),
    "report.store.col.template": ("Checklist", "检查表"),
    "report.store.col.runs": ("Runs", "次数"),
    "report.store.col.mean": ("Mean", "平均分"),
    "report.store.col.critical": ("Critical fails", "关键项不合格"),
    "report.run.failures": (
        "Failures of {id} ({title}, {score} {band}):",
        "{id}（{title}，{score} {band}）的不合格项：",
    ),
    "report.run.none": ("No failed items.", "没有不合格项。"),
    "report.html.done": ("Printable report written to {path}", "可打印报告已写入 {path}"),
    # --- scoring / bands
    "score.critical_failed": ("Critical failure: {item}", "关键项不合格：{item}"),
    # --- CLI
    "cli.help": (
        "storeops — store-operations checklists. With no command, opens the app.",
        "storeops —— 门店运营检查表。不带命令时打开应用。",
    ),
    "cli.opt.data_dir": (
        "Data folder (default: STOREOPS_DATA_DIR, else your user data folder).",
        "数据文件夹（默认：STOREOPS_DATA_DIR，否则为用户数据文件夹）。",
    ),
    "cli.opt.lang": (
        "Language: en or zh (default: the store profile's).",
        "语言：en 或 zh（默认：门店设置中的语言）。",
    ),
    "cli.opt.version": ("Show the version and exit.", "显示版本并退出。"),
    "cli.templates.help": (
        "List, show and validate checklist templates.",
        "列出、查看和校验检查表模板。",
    ),
    "cli.templates.list.help": (
        "List the templates that can be started.",
        "列出可用的检查表模板。",
    ),
    "cli.templates.show.help": (
        "Show one template's sections and items.",
        "查看一个模板的分区和题目。",
    ),
    "cli.templates.validate.help": (
        "Check template files; exit 1 on any problem.",
        "校验模板文件；有问题时以代码 1 退出。",
    ),
    "cli.templates.export.help": (
        "Write a template as an Excel workbook (xlsx), a CSV or TOML, to edit it in a spreadsheet.",
        "将模板写成 Excel 工作簿（xlsx）、CSV 或 TOML，以便在表格软件中编辑。",
    ),
    "cli.templates.import.help": (
        "Turn a template written in a spreadsheet (.xlsx or .csv) into DIR/<id>.toml; "
        "nothing is written if anything is wrong.",
        "将在表格中编写的模板（.xlsx 或 .csv）转换为 DIR/<编号>.toml；有任何问题则不写入。",
    ),
    "cli.opt.sheet_format": (
        "xlsx, csv or toml (default: from the -o file's ending, else xlsx).",
        "xlsx、csv 或 toml（默认按 -o 文件的扩展名，否则为 xlsx）。",
    ),
    "cli.opt.import_dir": (
        "The folder to write <id>.toml in (it must exist).",
        "写入 <编号>.toml 的文件夹（须已存在）。",
    ),
    "cli.opt.force": (
        "Replace DIR/<id>.toml if it is there already.",
        "若 DIR/<编号>.toml 已存在则替换。",
    ),
    "cli.arg.sheet_file": (
        "The template as a workbook (.xlsx) or CSV (.csv).",
        "模板工作簿（.xlsx）或 CSV（.csv）文件。",
    ),
    "cli.run.help": ("Open the app straight on a new checklist.", "打开应用并直接新建检查表。"),
    "cli.opt.auditor": ("Auditor's name (not asked again).", "审核人姓名（不再询问）。"),
    "cli.opt.subject": ("The person observed (not asked again).", "被观察人（不再询问）。"),
    "cli.runs.help": ("Finished checklists.", "已完成的检查表。"),
    "cli.runs.list.help": (
        "One line per finished checklist, newest first.",
        "每条已完成的检查表一行，最新在前。",
    ),
    "cli.runs.none": ("No finished checklists match.", "没有符合条件的已完成检查表。"),
    "cli.actions.help": ("Corrective actions.", "整改项。"),
    "cli.actions.list.help": (
        "List corrective actions, open and overdue first.",
        "列出整改项，未完成和逾期的在前。",
    ),
    "cli.actions.none": ("No corrective actions match.", "没有符合条件的整改项。"),
    "cli.actions.show.help": (
        "One action: its item, owner, due date, status and whole history.",
        "查看一个整改项：题目、负责人、期限、状态和全部记录。",
    ),
    "cli.actions.edit.help": (
        "Change an action's owner, due date or priority (kept in its history).",
        "修改整改项的负责人、期限或优先级（记入记录）。",
    ),
    "cli.actions.start.help": ("Mark an action in progress.", "将整改项标记为进行中。"),
    "cli.actions.done.help": (
        "Mark an action done, with a note of what was done.",
        "将整改项标记为已完成，并写明完成情况。",
    ),
    "cli.actions.verify.help": (
        "Verify a done action: records who verified it and when.",
        "验证已完成的整改项：记录验证人和时间。",
    ),
    "cli.actions.reopen.help": (
        "Reopen a done or verified action, saying why.",
        "重新打开已完成或已验证的整改项，并说明原因。",
    ),
    "cli.actions.moved": ("Action {id}: {status}.", "整改项 {id}：{status}。"),
    "cli.actions.edited": (
        "Action {id}: owner {owner}, due {due}, priority {priority}.",
        "整改项 {id}：负责人 {owner}，期限 {due}，优先级 {priority}。",
    ),
    "cli.actions.edit_nothing": (
        "give --owner, --due or --priority",
        "请给出 --owner、--due 或 --priority",
    ),
    "cli.complaints.help": (
        "The complaint log: customers' complaints, 三包 remedies, follow-up calls.",
        "投诉记录：顾客投诉、三包处理、回访。",
    ),
    "cli.complaints.add.help": (
        "Log a complaint; shows the 三包 remedies owed and the rule.",
        "登记一起投诉；显示应给予的三包处理及依据。",
    ),
    "cli.complaints.list.help": (
        "List complaints (never the customer's name or phone in the table).",
        "列出投诉（表格中不显示顾客姓名和电话）。",
    ),
    "cli.complaints.show.help": (
        "One complaint in full, with its history; --html writes a printable page.",
        "查看一起投诉的全部内容及记录；--html 生成可打印页面。",
    ),
    "cli.complaints.update.help": (
        "Change a complaint's fields, move it on (--status next), or raise a corrective action (--action).",
        "修改投诉内容、推进到下一步（--status next）或建立整改项（--action）。",
    ),
    "cli.complaints.close.help": (
        "Close a complaint with the remedy given; its follow-up call falls due.",
        "以给予的处理结案；随后安排回访。",
    ),
    "cli.complaints.follow_up.help": (
        "Record the follow-up call: no_answer, reached, resolved or unhappy (reopens it).",
        "记录回访结果：no_answer（未接通）、reached（已联系）、resolved（已解决）或 unhappy（仍不满意，重新打开）。",
    ),
    "cli.complaints.due.help": (
        "The follow-up calls due (by --day, today by default).",
        "到期的回访（截至 --day，默认今天）。",
    ),
    "cli.complaints.settings.help": (
        "Show or change the after-sales settings: 三包 windows, warranties, days to the follow-up call, months contact details are kept.",
        "查看或修改售后设置：三包期限、保修期、回访天数、联系方式保留月数。",
    ),
    "cli.complaints.erase.help": (
        "Erase the customer's name and phone from complaints closed longer ago than the retention months.",
        "删除结案超过保留期限的投诉中的顾客姓名和电话。",
    ),
    "cli.complaints.logged": ("Complaint {id} logged.", "投诉 {id} 已登记。"),
    "cli.complaints.none": ("No complaints.", "没有投诉。"),
    "cli.complaints.updated": ("Complaint {id} changed.", "投诉 {id} 已修改。"),
    "cli.complaints.moved": ("Complaint {id}: {status}.", "投诉 {id}：{status}。"),
    "cli.complaints.action": (
        "Corrective action {id} raised: {owner}, due {due}.",
        "已建立整改项 {id}：负责人 {owner}，期限 {due}。",
    ),
    "cli.complaints.closed": (
        "Complaint {id} closed; follow-up call due {day}.",
        "投诉 {id} 已结案；回访日期 {day}。",
    ),
    "cli.complaints.called": (
        "Complaint {id}: call recorded ({outcome}).",
        "投诉 {id}：已记录回访（{outcome}）。",
    ),
    "cli.complaints.reopened": (
        "Complaint {id}: the customer is still unhappy; it is open again.",
        "投诉 {id}：顾客仍不满意，已重新打开。",
    ),
    "cli.complaints.no_calls": ("No follow-up calls due.", "没有到期的回访。"),
    "cli.complaints.calls_title": ("Follow-up calls due by {day}:", "截至 {day} 到期的回访："),
    "cli.complaints.update_nothing": (
        "give a field to change, --status or --action",
        "请给出要修改的内容、--status 或 --action",
    ),
    "cli.complaints.bad_warranty": (
        "--warranty takes CATEGORY=DAYS, e.g. trousers=180 (not {value})",
        "--warranty 的格式为 类别=天数，例如 trousers=180（不是 {value}）",
    ),
    "cli.complaints.category_warranty": (
        "Warranty of {category}: {days} days",
        "{category} 的保修期：{days} 天",
    ),
    "cli.complaints.no_profile": (
        "Set up the store first (storeops setup).",
        "请先设置门店（storeops setup）。",
    ),
    "cli.complaints.erased": (
        "Contact details erased from {count} {count:complaint|complaints} closed {months} months ago or more.",
        "已删除 {count} 起结案已满 {months} 个月的投诉的联系方式。",
    ),
    "cli.complaints.would_erase": (
        "{count} {count:complaint|complaints} closed {months} months ago or more still hold contact details (--dry-run: nothing erased).",
        "有 {count} 起结案已满 {months} 个月的投诉仍保存联系方式（--dry-run：未删除）。",
    ),
    "cli.arg.complaint_id": (
        "The complaint's ID (storeops complaints list)",
        "投诉编号（见 storeops complaints list）",
    ),
    "cli.opt.complaint_contact": (
        "Show the customer's name and phone (masked or hidden without it).",
        "显示顾客姓名和电话（否则隐去）。",
    ),
    "cli.opt.complaint_html": (
        "Write a printable page of the complaint (contact details masked unless --include-contact).",
        "生成投诉的可打印页面（除非 --include-contact，否则联系方式隐去）。",
    ),
    "cli.opt.complaint_status": (
        "open, closed or all",
        "open（未结案）、closed（已结案）或 all（全部）",
    ),
    "cli.opt.complaint_step": (
        "Move on to a later step: analysed, countermeasure, replied, claimed, or next",
        "推进到后续步骤：analysed、countermeasure、replied、claimed，或 next（下一步）",
    ),
    "cli.opt.complaint_note": ("A note for the history", "写入记录的备注"),
    "cli.opt.complaint_action": (
        "Raise a corrective action (a cause of the store's only), with --owner and --due",
        "建立整改项（仅限门店原因），配合 --owner 和 --due",
    ),
    "cli.opt.complaint_remedy": ("What the customer was given", "给予顾客的处理"),
    "cli.opt.complaint_refund": ("Amount refunded (yuan)", "退款金额（元）"),
    "cli.opt.complaint_outcome": ("How the call went", "回访结果"),
    "cli.opt.complaint_by": (
        "Count by category, cause, product or staff",
        "按类别、原因、商品或员工统计",
    ),
    "cli.opt.category_warranty": (
        "A product category's warranty in days, CATEGORY=DAYS (0 removes it); may be repeated",
        "某商品类别的保修天数，格式 类别=天数（0 为删除）；可重复",
    ),
    "cli.opt.erase_dry_run": (
        "Only say which complaints would be erased",
        "只列出将被删除联系方式的投诉",
    ),
    "cli.staff.help": (
        "The staff list offered when choosing whom to observe.",
        "选择被观察人时提供的员工名单。",
    ),
    "cli.staff.list.help": ("List the staff names.", "列出员工姓名。"),
    "cli.staff.add.help": ("Add staff names.", "添加员工姓名。"),
    "cli.staff.remove.help": (
        "Take names off the list (past observations keep them).",
        "从名单中移除（以往观察记录保留）。",
    ),
    "cli.staff.none": ("The staff list is empty.", "员工名单为空。"),
    "cli.staff.added": ("Added {name}.", "已添加 {name}。"),
    "cli.staff.removed": ("Removed {name}.", "已移除 {name}。"),
    "cli.import.help": ("Import completed forms from a file.", "从文件导入已填写的表单。"),
    "cli.report.repeats.help": (
        "Items failing again and again: by how many consecutive runs (up to the latest, per checklist and, for observations, per associate) each has failed; two or more",
        "反复不合格的题目:按连续不合格的次数排列(截至最近一次,按清单,观察类按导购分开);两次及以上",
    ),
    "cli.report.complaints.help": (
        "Complaints analysed: counts with a Pareto (cumulative %), month over month, days to close, follow-up calls on time. A figure to chart, not a target.",
        "投诉分析：数量及排列图（累计 %）、逐月对比、结案天数、按时回访。用于图表跟踪，不是指标。",
    ),
    "cli.report.satisfaction.help": (
        "The customer satisfaction survey: each dimension's expectation H, perception W and the gap W − H, the overall mean of the five, and the trend by month.",
        "顾客满意度调查：各维度的期望值H、实际感受W及差值W−H、五个维度的总平均值及逐月趋势。",
    ),
    "report.repeats.none": ("No item has failed twice in a row.", "没有连续两次不合格的题目。"),
    "report.repeats.col.subject": ("Who", "对象"),
    "report.repeats.col.runs": ("Runs in a row", "连续次数"),
    "report.repeats.col.last": ("Last", "最近"),
    "cli.due.help": (
        "What is due today, per checklist: due, overdue, done or not scheduled, the day it is due, the periods missed in the last 4 weeks and why (its schedule or a re-audit after a bad result)",
        "今天各清单的待办情况:待完成、已逾期、已完成或未排期,到期日,过去 4 周漏做的周期数及原因(计划或不合格后的复查)",
    ),
    "cli.opt.fail_on_overdue": (
        "exit with code 1 when a checklist is overdue (for a task scheduler)",
        "有清单逾期时以退出码 1 结束(供计划任务使用)",
    ),
    "cli.schedule.help": (
        "How often each checklist is due, and the days the store is closed",
        "各清单的执行频率,以及门店休息日",
    ),
    "cli.schedule.list.help": (
        "Each checklist's schedule: the template's own or the store's",
        "各清单的计划:模板默认或本店设定",
    ),
    "cli.schedule.set.help": (
        "Change a checklist's schedule for this store, e.g. --every week --on tue --within-days 2",
        "修改本店某清单的计划,例如 --every week --on tue --within-days 2",
    ),
    "cli.schedule.off.help": (
        "Switch a checklist's schedule off for this store",
        "关闭本店某清单的计划",
    ),
    "cli.schedule.reset.help": ("Go back to the template's own schedule", "恢复为模板的默认计划"),
    "cli.schedule.closed.help": (
        "Mark days the store is closed (not scheduled, never missed); --open unmarks them",
        "标记门店休息日(不排期、不计漏做);--open 取消标记",
    ),
    "cli.opt.every": ("day, week or month", "day(每天)、week(每周)或 month(每月)"),
    "cli.opt.on_weekday": ("weekly: the day it is due (mon … sun)", "每周:到期的星期几(mon … sun)"),
    "cli.opt.month_day": (
        "monthly: the day of the month it is due (1–31)",
        "每月:到期的日期(1–31)",
    ),
    "cli.opt.times": ("runs each period needs (default 1)", "每个周期需完成的次数(默认 1)"),
    "cli.opt.within_days": (
        "days after the due day a run still counts as on time (default: by the period's end)",
        "到期日后仍算按时的天数(默认:周期结束前)",
    ),
    "cli.arg.template": ("the checklist's template id", "清单的模板编号"),
    "cli.arg.closed_days": ("days as YYYY-MM-DD", "日期,格式 YYYY-MM-DD"),
    "cli.opt.reopen_days": ("unmark the days (the store is open)", "取消标记(门店营业)"),
    "cli.err.bad_day_list": (
        "a day is not a date: write YYYY-MM-DD",
        "日期格式不对:请写 YYYY-MM-DD",
    ),
    "due.col.template": ("Checklist", "清单"),
    "due.col.status": ("Status", "状态"),
    "due.col.due_on": ("Due", "到期日"),
    "due.col.done": ("Done", "已做"),
    "due.col.missed": ("Missed (4 wk)", "漏做(4周)"),
    "due.col.reason": ("Why", "原因"),
    "due.status.due": ("due", "待完成"),
    "due.status.overdue": ("overdue", "已逾期"),
    "due.status.done": ("done", "已完成"),
    "due.status.not_scheduled": ("not scheduled", "未排期"),
    "due.closed": ("(closed)", "(休息)"),
    "due.reason.schedule": ("schedule", "计划"),
    "due.reason.re-audit": ("re-audit", "复查"),
    "due.none": ("No checklists.", "没有清单。"),
    "schedule.col.schedule": ("Schedule", "计划"),
    "schedule.col.source": ("Set by", "设定方"),
    "schedule.source.store": ("this store", "本店"),
    "schedule.source.template": ("template", "模板"),
    "schedule.source.none": ("—", "—"),
    "schedule.none": ("not scheduled", "未排期"),
    "schedule.daily": ("every day", "每天"),
    "schedule.weekly": ("every week, due {day}", "每周,{day}到期"),
    "schedule.monthly": ("every month, due on day {day}", "每月,{day} 日到期"),
    "schedule.times": (", {times} times", ",{times} 次"),
    "schedule.within": (", within {days} days", ",{days} 天内"),
    "schedule.closed_list": ("Closed: {days}", "休息日:{days}"),
    "schedule.done.set": ("{template}: {schedule}", "{template}:{schedule}"),
    "schedule.done.off": (
        "{template}: schedule switched off for this store",
        "{template}:本店已关闭该计划",
    ),
    "schedule.done.reset": (
        "{template}: back to the template's schedule",
        "{template}:已恢复模板默认计划",
    ),
    "schedule.done.closed": ("Marked closed: {days}", "已标记休息:{days}"),
    "schedule.done.opened": ("Marked open: {days}", "已取消休息:{days}"),
    "schedule.err.file": (
        "schedules.json: '{what}' could not be read and is left out (fix or remove it by hand)",
        "schedules.json:“{what}”无法读取,已忽略(请手工修正或删除)",
    ),
    "schedule.err.unreadable": (
        "schedules.json has parts that could not be read, so it is not written over: {problems}",
        "schedules.json 有无法读取的部分,为免覆盖,不予写入:{problems}",
    ),
    "weekday.mon": ("Monday", "周一"),
    "weekday.tue": ("Tuesday", "周二"),
    "weekday.wed": ("Wednesday", "周三"),
    "weekday.thu": ("Thursday", "周四"),
    "weekday.fri": ("Friday", "周五"),
    "weekday.sat": ("Saturday", "周六"),
    "weekday.sun": ("Sunday", "周日"),
    "cli.import.runs.help": (
        "Import finished runs of any checklist from a CSV or JSON file: one row per run, a column per header field and item (y/n/x, an option key, a number), optional ITEM_note and finished_at columns. All or nothing: a file with any problem imports nothing.",
        "从 CSV 或 JSON 文件导入任一清单的已完成记录:每行一条,每个表头字段和题目一列(y/n/x、选项键、数字),可选 ITEM_note 与 finished_at 列。全部或全不:文件有任何问题则不导入。",
    ),
    "cli.arg.runs_file": ("the CSV or JSON file to import", "要导入的 CSV 或 JSON 文件"),
    "cli.opt.import_template": (
        "the checklist (template id) the file's runs are of",
        "文件中记录所属的清单(模板编号)",
    ),
    "cli.opt.attribute": (
        "a store attribute that templates' conditions read, as NAME=VALUE (repeatable; NAME= removes it)",
        "模板条件读取的门店属性,格式 NAME=VALUE(可重复;NAME= 表示删除)",
    ),
    "cli.import.visits.help": (
        "Import mystery-shopper visits from CSV or JSON; a file with any problem imports nothing.",
        "从 CSV 或 JSON 导入神秘顾客访店记录；文件有任何问题时不导入任何内容。",
    ),
    "cli.import.refused": (
        "Nothing imported: {count} {count:problem|problems} in {path}",
        "未导入：{path} 中有 {count} 个问题",
    ),
    "cli.import.done": (
        "Imported {count} {count:visit|visits}; {duplicates} already imported {duplicates:was|were} skipped.",
        "已导入 {count} 条访店记录；跳过已导入的 {duplicates} 条。",
    ),
    "cli.visits.help": ("Mystery-shopper visits and their review.", "神秘顾客访店记录及审核。"),
    "cli.visits.list.help": ("List visits with their review status.", "列出访店记录及审核状态。"),
    "cli.visits.accept.help": (
        "Accept a submitted visit: it then counts in rankings and exports.",
        "接受已提交的访店记录：之后计入排名和导出。",
    ),
    "cli.visits.return.help": (
        "Return a submitted visit with a reason.",
        "退回已提交的访店记录并说明原因。",
    ),
    "cli.visits.done": ("Visit {id}: {status}.", "访店记录 {id}：{status}。"),
    "cli.report.help": ("Reports.", "报表。"),
    "cli.report.league.help": (
        "League table of stores and competitors from mystery-shopper visits.",
        "根据神秘顾客访店记录生成门店和竞争对手排名表。",
    ),
    "cli.opt.pending": (
        "Also count submitted visits not yet accepted.",
        "同时计入尚未接受的已提交记录。",
    ),
    "visit.col.target": ("Store / competitor", "门店/竞争对手"),
    "league.rank.other": ("C{rank}", "竞{rank}"),
    "visit.col.shopper": ("Shopper", "神秘顾客"),
    "visit.col.review": ("Review", "审核"),
    "league.col.rank": ("#", "名次"),
    "league.col.visits": ("Visits", "访店数"),
    "league.col.mean": ("Mean", "平均分"),
    "league.col.strengths": ("Strengths", "优势"),
    "league.col.weaknesses": ("Weaknesses", "弱项"),
    "league.col.critical": ("Critical", "关键项"),
    "cli.goals.help": (
        "Service goals: the month's plan and the daily check-in.",
        "服务目标：月计划和每日跟进。",
    ),
    "cli.goals.show.help": (
        "Print the month's plan and progress, as the goals screen shows it.",
        "打印本月计划和进展（与目标页面一致）。",
    ),
    "cli.goals.check_in.help": (
        "Open today's (or --day's) service check-in in the app.",
        "在应用中打开今日（或 --day 指定日期）的服务跟进。",
    ),
    "cli.export.help": (
        "Export finished checklists for head office: CSV (Excel-safe, UTF-8 with BOM) or JSON.",
        "为总部导出已完成的检查表：CSV（兼容 Excel，带 BOM 的 UTF-8）或 JSON。",
    ),
    "cli.merge.help": (
        "Merge CSV exports from several stores (same level); exact duplicate rows are dropped.",
        "合并多家门店的 CSV 导出（同一级别）；完全相同的行只保留一行。",
    ),
    "cli.report.trend.help": ("Score trend of a checklist by week.", "检查表得分的每周趋势。"),
    "cli.report.pareto.help": (
        "Pareto of failed items over a period: count, %, cumulative %.",
        "一段时间内不合格项的排列图：次数、%、累计 %。",
    ),
    "cli.report.run.help": (
        "The failures of one run, or with --html a printable report of it.",
        "一次记录的不合格项；加 --html 生成可打印报告。",
    ),
    "cli.report.stores.help": (
        "League of stores from merged run-level exports.",
        "根据合并的记录级导出生成门店排名。",
    ),
    "cli.report.stores.level": (
        "give run-level exports (storeops export --level run)",
        "请提供记录级导出（storeops export --level run）",
    ),
    "cli.demo.help": (
        "Open a made-up store with a few months of history, to try every screen (your data is not touched).",
        "打开一家带有几个月历史数据的演示门店，体验所有页面（不会动您的数据）。",
    ),
    "cli.opt.demo_folder": (
        "Where the demo store lives (default: a separate demo folder).",
        "演示门店的位置（默认：单独的演示文件夹）。",
    ),
    "cli.opt.demo_fresh": (
        "Make the history again even if the demo folder has some.",
        "即使演示文件夹已有数据，也重新生成。",
    ),
    "cli.opt.demo_no_open": (
        "Only make the data; do not open the app.",
        "只生成数据，不打开应用。",
    ),
    "cli.demo.made": (
        "Made {count} finished {count:checklist|checklists} in {path}",
        "已在 {path} 生成 {count} 份已完成的检查表",
    ),
    "cli.demo.same": (
        "The demo needs its own folder, not your data folder.",
        "演示需要单独的文件夹，不能使用您的数据文件夹。",
    ),
    "cli.setup.help": (
        "Set the store profile without opening the app.",
        "不打开应用，直接设置门店信息。",
    ),
    "cli.opt.format": ("Output format: table or json.", "输出格式：table 或 json。"),
    "cli.opt.hq_format": (
        "Output format: table, csv, json or xlsx (a workbook needs -o FILE.xlsx).",
        "输出格式：table、csv、json 或 xlsx（工作簿需要 -o 文件.xlsx）。",
    ),
    "cli.opt.export_format": (
        "File format: csv (for Excel and head office) or json (carries everything).",
        "文件格式：csv（供 Excel 和总部使用）或 json（包含全部内容）。",
    ),
    "cli.opt.level": (
        "One row per: run, answer or action (csv only).",
        "每行一条：run 检查表、answer 答案或 action 整改项（仅 csv）。",
    ),
    "cli.opt.template": (
        "Checklist template id (see: storeops templates list).",
        "检查表模板编号（见 storeops templates list）。",
    ),
    "cli.opt.from": ("First day to include.", "起始日期（含当天）。"),
    "cli.opt.to": ("Last day to include.", "截止日期（含当天）。"),
    "cli.opt.filter_subject": (
        "Only checklists about this person or visit target.",
        "只看关于此人或此访店对象的检查表。",
    ),
    "cli.opt.owner": ("Only actions of this owner.", "只看此负责人的整改项。"),
    "cli.opt.new_owner": ("The new owner.", "新的负责人。"),
    "cli.opt.new_due": (
        "The new due date: YYYY-MM-DD, or +N days from today.",
        "新的期限：YYYY-MM-DD，或 +N 表示今天起 N 天。",
    ),
    "cli.opt.new_priority": ("The new priority.", "新的优先级。"),
    "cli.opt.action_by": (
        "Who makes the change (default: the store's manager).",
        "操作人（默认：店长）。",
    ),
    "cli.opt.verifier": (
        "Who verified it (default: the store's manager).",
        "验证人（默认：店长）。",
    ),
    "cli.opt.done_note": ("What was done.", "完成情况。"),
    "cli.opt.verify_note": ("What was checked (optional).", "验证情况（可不填）。"),
    "cli.opt.reopen_reason": ("Why it is reopened.", "重新打开的原因。"),
    "cli.opt.output": (
        "Write to this file instead of the screen.",
        "写入此文件，而不是显示在屏幕上。",
    ),
    "cli.opt.status": (
        "Only visits in this review status: submitted, accepted or returned.",
        "只看此审核状态的访店记录：submitted 已提交、accepted 已接受或 returned 已退回。",
    ),
    "cli.opt.by": (
        "Reviewer's name (default: the store's manager).",
        "审核人姓名（默认：店长）。",
    ),
    "cli.opt.reason": ("Why the visit is returned.", "退回的原因。"),
    "cli.opt.window": (
        "How many of each target's latest visits count.",
        "每个访店对象计入最近几次访店。",
    ),
    "cli.opt.html": (
        "Write the report as a web page (HTML) to this file.",
        "把报告写成网页（HTML）保存到此文件。",
    ),
    "cli.opt.demo_months": ("Months of made-up history.", "虚构历史的月数。"),
    "cli.opt.backup_list": (
        "List the backups instead of taking one.",
        "列出已有备份，不新建备份。",
    ),
    "cli.opt.month": ("The month (default: this month).", "月份（默认：本月）。"),
    "cli.opt.day": ("The day (default: today).", "日期（默认：今天）。"),
    "cli.opt.store_code": (
        "Store code, carried by every record and export.",
        "门店编号，每条记录和导出都会带上。",
    ),
    "cli.opt.store_name": ("Store name.", "门店名称。"),
    "cli.opt.manager": ("Store manager's name.", "店长姓名。"),
    "cli.opt.language": (
        "Language of the app and its messages: en or zh.",
        "应用及提示信息的语言：en 或 zh。",
    ),
    "cli.opt.templates_dir": (
        "Folder with head office's own templates (empty: none).",
        "总部自定义模板所在文件夹（留空：不使用）。",
    ),
    "cli.arg.template_id": (
        "Checklist template id (see: storeops templates list).",
        "检查表模板编号（见 storeops templates list）。",
    ),
    "cli.arg.template_paths": (
        "Template files (.toml), or folders of them.",
        "模板文件（.toml）或包含模板文件的文件夹。",
    ),
    "cli.arg.staff_names": ("Staff names.", "员工姓名。"),
    "cli.arg.visits_file": (
        "CSV or JSON file of completed visit forms.",
        "已填写访店表单的 CSV 或 JSON 文件。",
    ),
    "cli.arg.run_id": (
        "ID of a finished checklist (see: storeops runs list).",
        "已完成检查表的编号（见 storeops runs list）。",
    ),
    "cli.arg.action_id": (
        "ID of a corrective action (see: storeops actions list).",
        "整改项的编号（见 storeops actions list）。",
    ),
    "cli.arg.exports": (
        "CSV exports of the same level, or folders of them.",
        "同一级别的 CSV 导出文件，或包含它们的文件夹。",
    ),
    "cli.arg.merged": (
        "Merged run-level CSV exports, or folders of them.",
        "合并后的检查表级 CSV 导出，或包含它们的文件夹。",
    ),
    "cli.arg.backup": (
        "Backup file (see: storeops backup --list).",
        "备份文件（见 storeops backup --list）。",
    ),
    "cli.col.id": ("ID", "编号"),
    "cli.col.version": ("Version", "版本"),
    "cli.col.title": ("Title", "名称"),
    "cli.col.items": ("Items", "题数"),
    "cli.col.source": ("Source", "来源"),
    "cli.col.weight": ("Weight", "权重"),
    "cli.col.type": ("Type", "类型"),
    "cli.col.points": ("Points", "分值"),
    "cli.col.flags": ("Flags", "标记"),
    "cli.col.text": ("Text", "内容"),
    "cli.flag.critical": ("critical", "关键"),
    "cli.flag.negative": ("should-not", "不应"),
    "cli.flag.na": ("N/A ok", "可不适用"),
    "cli.flag.bonus": ("bonus", "加分"),
    "cli.source.bundled": ("bundled", "自带"),
    "cli.source.custom": ("custom", "自定义"),
    "cli.templates.none": ("No templates found.", "没有找到模板。"),
    "cli.templates.problems": (
        "Problems in templates (the good ones still load):",
        "模板中的问题（其余模板仍可使用）：",
    ),
    "cli.templates.unknown": (
        "No template with id '{id}'. Known: {known}",
        "没有编号为“{id}”的模板。可用：{known}",
    ),
    "cli.validate.warning": ("warning: {message}", "提醒:{message}"),
    "cli.validate.ok": (
        "{path}: OK — template '{id}' v{version}, {items} {items:item|items}",
        "{path}：通过 —— 模板“{id}” 第 {version} 版，{items} 题",
    ),
    "cli.validate.bad": ("{path}: {count} {count:problem|problems}", "{path}：{count} 个问题"),
    "cli.validate.none": (
        "No template files (*.toml) found in {path}",
        "{path} 中没有模板文件（*.toml）",
    ),
    "cli.templates.exported": ("Wrote {id} to {path}.", "已将 {id} 写入 {path}。"),
    "cli.templates.export_bad": (
        "Template '{id}' cannot be written as {format}:",
        "模板“{id}”无法写成 {format}：",
    ),
    "cli.templates.imported": (
        "Wrote {path}: template '{id}' v{version}, {items} {items:item|items}.",
        "已写入 {path}：模板“{id}”第 {version} 版，{items} 题。",
    ),
    "cli.templates.import_bad": (
        "{path}: {count} {count:problem|problems}; nothing was written:",
        "{path}：{count} 个问题；未写入任何文件：",
    ),
    "cli.templates.import_kind": (
        "{name}: a template sheet is an .xlsx or .csv file",
        "{name}：模板表格应为 .xlsx 或 .csv 文件",
    ),
    "cli.templates.no_folder": ("{path} is not a folder", "{path} 不是文件夹"),
    "cli.templates.exists": (
        "{path} is there already: add --force to replace it",
        "{path} 已存在：加上 --force 可替换",
    ),
    "cli.setup.attributes": ("Store attributes: {pairs}", "门店属性:{pairs}"),
    "cli.setup.done": (
        "Store profile saved: {code} {name}, manager {manager}, language {lang}. Data folder: {path}",
        "门店信息已保存：{code} {name}，店长 {manager}，语言 {lang}。数据文件夹：{path}",
    ),
    "cli.setup.need": (
        "Give at least one of --store-code, --store-name, --manager, --lang, --templates-dir.",
        "请至少提供 --store-code、--store-name、--manager、--lang、--templates-dir 之一。",
    ),
    "cli.setup.first": (
        "No store profile yet: give --store-code, --store-name and --manager.",
        "尚未设置门店信息：请提供 --store-code、--store-name 和 --manager。",
    ),
    "cli.error": ("Error: {message}", "错误：{message}"),
    "cli.incomplete": (
        "Incomplete: some of the data could not be read ({count}) and is left out:",
        "不完整：有{count}处数据无法读取，已被略去：",
    ),
    "cli.incomplete.fix": (
        "storeops doctor says what to do. (Exit code 4: incomplete.)",
        "storeops doctor 会说明处理办法。（退出码 4：不完整。）",
    ),
    "cli.export.refused": (
        "Nothing was exported. Mend the data (storeops doctor says how), or add "
        "--allow-incomplete to export what can be read (a JSON export then lists the gaps).",
        "未导出任何内容。请修复数据（storeops doctor 会说明办法），或加上 --allow-incomplete "
        "导出可读取的部分（JSON 导出会列出缺失部分）。",
    ),
    "cli.export.incomplete": (
        "Exported with --allow-incomplete: the export lacks what is listed above.",
        "已按 --allow-incomplete 导出：导出中缺少上面列出的部分。",
    ),
    "cli.opt.allow_incomplete": (
        "Export even if part of the data cannot be read (what is missing is said, and listed "
        "in a JSON export's gaps).",
        "即使部分数据无法读取也导出（会说明缺少什么，并列在 JSON 导出的 gaps 中）。",
    ),
    "cli.opt.include_contact": (
        "Complaint level: write customers' names and phones unmasked (a warning is shown).",
        "complaint 级别：写出未隐去的顾客姓名和电话（会显示警告）。",
    ),
    "cli.export.contact_warning": (
        "Warning: --include-contact writes customers' names and phone numbers unmasked. Keep the file safe and delete it when done.",
        "警告：--include-contact 会写出未隐去的顾客姓名和电话。请妥善保管文件，用完后删除。",
    ),
    "cli.crash": (
        "storeops stopped because of an unexpected error ({error}). What was saved is kept. "
        "The details are in {path}: please send that file to support.",
        "storeops 因意外错误而停止（{error}）。已保存的内容不受影响。详情见 {path}：请将该文件发送给技术支持。",
    ),
    "cli.crash.no_log": (
        "storeops stopped because of an unexpected error ({error}). What was saved is kept. "
        "The details could not be written ({reason}).",
        "storeops 因意外错误而停止（{error}）。已保存的内容不受影响。无法写入详情（{reason}）。",
    ),
    "cli.report.stores.score": (
        "{path}, row {row}: the score {value} is not a number",
        "{path} 第 {row} 行：分数 {value} 不是数字",
    ),
    "cli.hq.help": (
        "Head office: every store's exports in one warehouse (needs storeops[hq])",
        "总部：把各门店的导出汇总到一个数据仓库（需要安装 storeops[hq]）",
    ),
    "cli.hq.ingest.help": (
        "Add store exports (CSV or JSON files, or folders) to the warehouse; the same file twice adds nothing",
        "把门店导出（CSV 或 JSON 文件，或文件夹）加入数据仓库；同一文件导入两次不会重复",
    ),
    "cli.arg.hq_exports": (
        "Store exports (CSV at any level, or JSON), or folders of them.",
        "门店导出文件（任意级别的 CSV，或 JSON），或包含它们的文件夹。",
    ),
    "cli.opt.hq_templates": (
        "A folder of the templates the stores used (for JSON exports; the bundled ones are always known)",
        "门店所用模板的文件夹（用于 JSON 导出；内置模板总是可用）",
    ),
    "cli.hq.report.help": (
        "league | heatmap | trend | pareto | repeats | completion across stores, from the warehouse",
        "跨门店报表：league | heatmap | trend | pareto | repeats | completion（来自数据仓库）",
    ),
    "cli.opt.warehouse": ("The warehouse folder", "数据仓库文件夹"),
    "cli.hq.workbook.help": (
        "One Excel workbook for the weekly meeting: league, heat map, trend, Pareto, repeat "
        "findings, completion, complaints and their causes",
        "每周例会用的 Excel 工作簿：排名、热力图、趋势、排列图、重复问题、完成情况、投诉及其原因",
    ),
    "hq.workbook.done": ("Workbook written to {path}", "工作簿已写入 {path}"),
    "cli.opt.stores": (
        "Store codes, comma separated, or @FILE with one code per line (a region)",
        "门店编号，以逗号分隔；或 @文件（每行一个编号，例如一个区域）",
    ),
    "cli.opt.period": ("trend: week or month", "趋势：week（周）或 month（月）"),
    "cli.opt.per_store": ("trend: one line per store", "趋势：每个门店一行"),
    "cli.arg.hq_report": (
        "league, heatmap, trend, pareto, repeats, completion or complaints",
        "league、heatmap、trend、pareto、repeats、completion 或 complaints",
    ),
    "hq.err.no_duckdb": (
        "The head-office commands need DuckDB and XlsxWriter: pip install 'storeops[hq]'",
        "总部命令需要 DuckDB 和 XlsxWriter：pip install 'storeops[hq]'",
    ),
    "hq.err.read": ("cannot read it: {error}", "无法读取：{error}"),
    "hq.err.not_export": (
        "not a storeops export (its first column is not export_version)",
        "不是 storeops 导出文件（第一列不是 export_version）",
    ),
    "hq.err.level": (
        "not a run, answer, action or complaint export (its columns say none of them)",
        "不是 run、answer、action 或 complaint 级别的导出（列名不符）",
    ),
    "hq.err.columns": ("columns missing: {columns}", "缺少列：{columns}"),
    "hq.err.version_cell": (
        "a row whose export_version is not a number",
        "有一行的 export_version 不是数字",
    ),
    "hq.err.future": (
        "made by a newer storeops (export version {found}; this one reads up to {known})",
        "由更新版本的 storeops 导出（导出版本 {found}；本版本最多读取 {known}）",
    ),
    "hq.err.stores": (
        "its rows name {count} different {count:store code|store codes}; one file is one store's export",
        "文件中出现 {count} 个不同的门店编号；一个文件应只属于一个门店",
    ),
    "hq.err.date": (
        "a row whose {column} is not a date (it begins '{value}'); each row is filed under "
        "its month",
        "有一行的 {column} 不是日期（开头为“{value}”）；每行按其月份归档",
    ),
    "hq.err.no_date": (
        "a row without its {column}; each row is filed under its month",
        "有一行缺少 {column}；每行按其月份归档",
    ),
    "hq.err.no_store": (
        "a row without a store code",
        "有一行没有门店编号",
    ),
    "hq.err.store_code": (
        "'{code}' is not a store code (letters, digits, - and _, up to 32)",
        "“{code}”不是有效的门店编号（字母、数字、- 和 _，最多 32 个）",
    ),
    "hq.err.duplicate": (
        "it holds {key} {count} {count:time|times}; an export holds each once",
        "文件中 {key} 出现了 {count} 次；一份导出中每项只应出现一次",
    ),
    "hq.err.not_json_export": (
        "not a storeops JSON export (it has no list of runs or complaints)",
        "不是 storeops 导出的 JSON（没有检查记录或投诉列表）",
    ),
    "hq.err.json_record": ("{record} cannot be read: {why}", "{record} 无法读取：{why}"),
    "hq.err.not_object": ("it is not an object", "不是一个对象"),
    "hq.err.no_field": ("it has no {field}", "缺少 {field}"),
    "hq.err.templates_folder": (
        "{path} is not a folder",
        "{path} 不是文件夹",
    ),
    "hq.json.left_out": (
        "{count} {count:run|runs} of {template} left out: its template ({hash}…) is not among "
        "the templates here; name the folder that holds it with --templates",
        "{template} 的 {count} 条检查记录未导入：找不到其模板（{hash}…）；"
        "请用 --templates 指定存放该模板的文件夹",
    ),
    "hq.note": ("Not all of {path} went in: {what}", "{path} 未全部导入：{what}"),
    "hq.err.by": (
        "--by is for the complaints report (store, category or cause)",
        "--by 只用于 complaints 报表（store、category 或 cause）",
    ),
    "cli.opt.hq_by": (
        "complaints: one row per store (default), or across the stores per category or cause "
        "with % and cumulative %.",
        "complaints 报表：每个门店一行（默认），或跨门店按类别（category）或原因（cause）汇总，"
        "含百分比和累计百分比。",
    ),
    "hq.err.no_checklist": (
        "the {report} report is not of one checklist: leave out --template",
        "{report} 报表不按检查表区分：请去掉 --template",
    ),
    "hq.err.period": ("--period is week or month", "--period 只能是 week 或 month"),
    "hq.err.no_warehouse": ("{path} is not a warehouse folder", "{path} 不是数据仓库文件夹"),
    "hq.ingested": (
        "Ingested {files} {files:file|files}: {rows} {rows:row|rows}",
        "已导入 {files} 个文件：{rows} 行",
    ),
    "hq.refused": ("Refused {path}: {why}", "已拒绝 {path}：{why}"),
    "hq.progress": ("file {number} of {total}", "第 {number} / {total} 个文件"),
    "header.err.date": (
        "'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20",
        "“{value}”不是日期：请写成 YYYY-MM-DD，例如 2026-11-20",
    ),
    "header.err.future": (
        "{value} is after today ({today})",
        "{value} 晚于今天（{today}）",
    ),
    "header.err.time": (
        "'{value}' is not a time of day: write it as HH:MM, 00:00 to 23:59",
        "“{value}”不是时刻：请写成 HH:MM，00:00 至 23:59",
    ),
    "header.err.choice": (
        "'{value}' is not one of the choices: {choices}",
        "“{value}”不是可选项之一：{choices}",
    ),
    "header.err.after": (
        "{value} is before {other} ({earlier})",
        "{value} 早于{other}（{earlier}）",
    ),
    "clock.err.env": (
        "{name}={value!r} is not an ISO date or time (e.g. 2026-11-20T09:00:00+08:00).",
        "{name}={value!r} 不是 ISO 日期或时间（例如 2026-11-20T09:00:00+08:00）。",
    ),
    "clock.err.system": (
        "The system clock cannot be moved; only a pinned clock can.",
        "系统时钟不能拨动，只有固定的时钟可以。",
    ),
    "cli.bad_lang": ("--lang must be 'en' or 'zh'", "--lang 必须是“en”或“zh”"),
    # --- TUI: form
    "form.hint": (
        "enter: next field / save · ctrl+s: save · escape: cancel",
        "回车：下一项/保存 · ctrl+s：保存 · escape：取消",
    ),
    "form.suggestions": ("e.g. {names} (→ completes)", "例如 {names}（→ 自动补全）"),
    "form.hint.choices": (
        "↑↓ or letters: choose · enter: next/save · ctrl+s: save · esc: cancel",
        "↑↓ 或首字母：选择 · 回车：下一项/保存 · ctrl+s：保存 · esc：取消",
    ),
    "form.choice.none": ("(none)", "（不填）"),
    "dialog.scroll_hint": (
        "↑↓ pgup pgdn: scroll · {keys}: close",
        "↑↓ pgup pgdn：滚动 · {keys}：关闭",
    ),
    "form.err.required": ("{field} is required", "请填写{field}"),
    # --- TUI: runner
    "run.header.intro": ("Fill in before you start (* required).", "开始前请填写（* 为必填）。"),
    "runner.help": (
        "An answer moves to the next open item. On a 'should not' item, y means the behaviour "
        "was seen. On a number item, n means it never happened (e.g. never greeted). "
        "Right after a failing answer, a raises the corrective action for the item just failed.",
        "作答后自动跳到下一个未答题。在“不应”行为题上，y 表示观察到该行为。在数值题上，n 表示未发生（如从未打招呼）。"
        "刚答出不合格时按 a，为刚才不合格的题建立整改项。",
    ),
    "runner.answer.none": ("not answered", "未作答"),
    "runner.answer.na": ("N/A", "不适用"),
    "runner.answer.pass": ("pass", "合格"),
    "runner.answer.fail": ("fail", "不合格"),
    "runner.answer.observed": ("seen (should not)", "观察到（不应）"),
    "runner.answer.not_observed": ("not seen", "未观察到"),
    "runner.list.should_not": ("should not: ", "不应："),
    "runner.list.observed": ("seen: ", "观察到："),
    "runner.list.not_observed": ("not seen: ", "未观察到："),
    "runner.list.hidden": ("hidden: ", "已隐藏："),
    "runner.action_after_fail": (
        "a: corrective action for {item}, just failed",
        "按 a：为刚才不合格的 {item} 建立整改项",
    ),
    "runner.answer.never": ("never happened", "未发生"),
    "runner.score": ("Score {score} · {answered}/{total}", "得分 {score} · {answered}/{total}"),
    "runner.score.none": ("—", "—"),
    "runner.current": ("Answer: {answer}", "答案：{answer}"),
    "runner.note": ("Note: {note}", "备注：{note}"),
    "runner.note.label": ("Note", "备注"),
    "runner.hint.pass_fail": ("y pass · n fail", "y 合格 · n 不合格"),
    "runner.hint.negative": (
        "Should NOT: y seen · n not seen",
        "不应：y 观察到 · n 未观察到",
    ),
    "runner.hint.scale": ("{min}-{max} choose a value", "{min}-{max} 选择分值"),
    "runner.hint.choice": ("{keys} choose · enter from a list", "{keys} 选择 · 回车 从列表选"),
    "runner.hint.number": (
        "0-9 or enter type the value · n never happened",
        "0-9 或回车 输入数值 · n 未发生",
    ),
    "runner.hint.stopwatch": (" · t stopwatch", " · t 秒表"),
    "runner.hint.threshold": (
        " · passes {direction} {threshold} {unit}",
        " · 达标 {direction} {threshold} {unit}",
    ),
    "runner.hint.text": ("enter type the text", "回车 输入文字"),
    "runner.hint.na": (" · x N/A", " · x 不适用"),
    "runner.stopwatch.running": ("⏱ {seconds} s — press t to stop", "⏱ {seconds} 秒 —— 按 t 停止"),
    "runner.critical": (
        "Critical item failed: {item}. Raise a corrective action.",
        "关键项不合格：{item}。请建立整改项。",
    ),
    "runner.critical.other": (
        "Critical item failed: {item}. A competitor's result: it fails the visit, and raises no action for your store.",
        "关键项不合格：{item}。这是竞争对手的结果：本次访店判为不合格，但不会为本店建立整改项。",
    ),
    "runner.all_answered": (
        "All items answered — ctrl+s to review and finish.",
        "所有题目已作答 —— 按 ctrl+s 检查并完成。",
    ),
    "runner.draft_kept": (
        "Draft kept: resume it from the dashboard.",
        "草稿已保留：可在首页继续。",
    ),
    "runner.repeat": ("{item} failed last time too", "{item} 上次也不合格"),
    "runner.repeat.action": (" — action “{action}”: {status}", " —— 整改项“{action}”：{status}"),
    "runner.repeat.again": ("again: {description}", "再次：{description}"),
    "runner.followup.ask_note": (
        "{item} failed: say what was found (needed to finish).",
        "{item} 不合格：请写明发现的问题（完成前必填）。",
    ),
    "runner.followup.owed": ("Still needed to finish: {what}", "完成前还需：{what}"),
    "runner.followup.note": ("c note", "c 备注"),
    "runner.followup.action": ("a corrective action", "a 整改项"),
    "runner.open.title": ("Still open from last time", "上次遗留的整改项"),
    "runner.open.intro": (
        "The last run ({day}) left {count} {count:action|actions} open:",
        "上次检查（{day}）还有 {count} 项整改未完成：",
    ),
    "runner.open.line": (
        "• {item}\n  {description} — {owner}, due {due} · {status}",
        "• {item}\n  {description} —— {owner}，期限 {due} · {status}",
    ),
    "runner.open.more": ("… and {count} more", "……另有 {count} 项"),
    "runner.open.continue": ("Continue", "继续"),
    "action.title": ("Corrective action", "整改项"),
    "action.field.description": ("What must be done", "整改内容"),
    "action.field.owner": ("Owner", "负责人"),
    "action.field.due": ("Due (YYYY-MM-DD or +days)", "期限（YYYY-MM-DD 或 +天数）"),
    "action.field.priority": ("Priority", "优先级"),
    "action.raised": ("Corrective action raised for {owner}.", "已为 {owner} 建立整改项。"),
    # --- TUI: review and result
    "review.title": ("Finish {title}", "完成 {title}"),
    "review.open": (
        "{count} required {count:item|items} still open: {items}",
        "还有 {count} 个必答题未作答：{items}",
    ),
    "review.more": (" and {count} more", " 等另外 {count} 题"),
    "review.total": ("Score {score} (raw {raw}) · {band}", "得分 {score}（原始分 {raw}）· {band}"),
    "review.signoff": ("Signed off by", "签名确认人"),
    "review.hint": (
        "enter or ctrl+s: finish and lock · escape: back to the checklist",
        "回车或 ctrl+s：完成并锁定 · escape：返回检查表",
    ),
    "review.back_hint": (
        "Answer them or mark them N/A first (escape: back).",
        "请先作答或标记为不适用（escape：返回）。",
    ),
    "result.headline": (
        "{title}: {score} · {band} — finished {when} by {by}",
        "{title}：{score} · {band} —— {when} 由 {by} 完成",
    ),
    "result.fact": ("{label}: {value}", "{label}：{value}"),
    "result.notes": ("{section}:", "{section}："),
    "result.vs_previous": ("By section, against the previous one:", "各分区得分（与上次相比）："),
    "result.first": ("By section (the first of its kind):", "各分区得分（首次）："),
    "result.trend": ("Last {count}: {spark}  {scores}", "最近 {count} 次：{spark}  {scores}"),
    "result.strengths": ("Strengths:", "亮点："),
    "result.failed": ("To improve ({count}):", "待改进（{count}）："),
    "result.failed_again": (
        "To improve ({count}; {again} failed the previous time too, first):",
        "待改进（{count}，其中 {again} 项上次也不合格，列在前面）：",
    ),
    "result.again": ("again · {item}", "再次 · {item}"),
    "result.no_failed": ("No failed points.", "没有不合格项。"),
    "result.action": (
        "→ {owner}, due {due}: {description}",
        "→ {owner}，期限 {due}：{description}",
    ),
    "result.no_action": ("→ no corrective action", "→ 尚无整改项"),
    # --- TUI: history, actions, amendments
    "hist.col.date": ("Finished", "完成时间"),
    "hist.col.template": ("Checklist", "检查表"),
    "hist.col.auditor": ("Auditor", "审核人"),
    "hist.col.subject": ("Subject", "对象"),
    "hist.col.score": ("Score", "得分"),
    "hist.col.band": ("Band", "等级"),
    "hist.count": ("{count} finished", "共 {count} 条"),
    "hist.page": (
        "the newest {shown} shown: f filters by checklist, period or person",
        "显示最新 {shown} 条：按 f 按检查表、时间或人员筛选",
    ),
    "hist.filter.template": ("Checklist id", "检查表编号"),
    "hist.filter.since": ("From date", "开始日期"),
    "hist.filter.until": ("To date", "结束日期"),
    "hist.filter.subject": ("Subject (person observed)", "对象（被观察人）"),
    "hist.filter.shown": ("{label}: {value}", "{label}：{value}"),
    "hist.err.date": ("'{value}' is not a date (YYYY-MM-DD)", "“{value}”不是日期（YYYY-MM-DD）"),
    "action.col.due": ("Due", "期限"),
    "action.col.status": ("Status", "状态"),
    "action.col.priority": ("Priority", "优先级"),
    "action.col.owner": ("Owner", "负责人"),
    "action.col.item": ("Item", "题目"),
    "action.col.description": ("What", "内容"),
    "action.count": ("{count} {count:action|actions}", "共 {count} 项"),
    "action.moved": ("Now: {status}", "当前状态：{status}"),
    "action.err.advance_closed": (
        "Already closed: v verifies a done action, r reopens it",
        "已关闭：按 v 验证已完成的整改项，按 r 重新打开",
    ),
    "action.done.title": ("Mark done", "标记为已完成"),
    "action.field.note": ("What was done", "完成情况"),
    "action.note.placeholder": ("optional", "可不填"),
    "action.verify.title": ("Verify", "验证"),
    "action.field.verifier": ("Verified by", "验证人"),
    "action.reopen.title": ("Reopen", "重新打开"),
    "action.field.reason": ("Why it is reopened", "重新打开的原因"),
    "action.edit.title": ("Change", "修改"),
    "action.edit.hint": (
        "enter: next · ↑/↓: priority · ctrl+s: save · escape: cancel",
        "回车：下一项 · ↑/↓：优先级 · ctrl+s：保存 · escape：取消",
    ),
    "action.edited": ("Changes saved.", "修改已保存。"),
    "result.answers": ("All answers:", "全部答案："),
    "result.amendments": (
        "Amendments (the original answers are kept):",
        "更正记录（原始答案保留）：",
    ),
    "result.amendment": ("  {at} · {by} · {why} · {items}", "  {at} · {by} · {why} · {items}"),
    "amend.item": ("Item (its answer now)", "题目（当前答案）"),
    "amend.answer": ("Corrected answer", "更正后的答案"),
    "amend.why": ("Why", "原因"),
    "amend.by": ("Amended by", "更正人"),
    "amend.intro": (
        "A finished checklist is never edited: the amendment is added and the original kept.",
        "已完成的检查表不会被修改：更正会另行记录，原始答案保留。",
    ),
    "amend.saved": ("Amendment saved.", "更正已保存。"),
    # --- TUI: coaching
    "team.col.name": ("Name", "姓名"),
    "team.col.count": ("Observed", "观察次数"),
    "team.col.latest": ("Latest", "最近得分"),
    "team.col.trend": ("Trend", "趋势"),
    "team.col.weakest": ("Weakest step", "最弱步骤"),
    "team.col.notes": ("Coaching notes", "辅导记录"),
    "team.summary": (
        "{title}: {count} {count:person|people} observed",
        "{title}：共观察 {count} 人",
    ),
    "team.associate": (
        "{name}: {count} {count:observation|observations} {trend}",
        "{name}：共 {count} 次观察 {trend}",
    ),
    "team.weakest": (
        "Weakest step lately: {step} ({count} failed or 'should not' {count:item|items}) — the focus for the next coaching",
        "近期最弱步骤：{step}（{count} 项不合格或“不应”行为）—— 下次辅导的重点",
    ),
    "team.no_weakest": ("No failed items in recent observations.", "近期观察中没有不合格项。"),
    "staff.summary": (
        "{count} on the staff list (offered when choosing whom to observe)",
        "员工名单共 {count} 人（选择被观察人时提供）",
    ),
    "key.staff": ("Staff list", "员工名单"),
    "key.add": ("Add", "添加"),
    "key.remove": ("Remove", "移除"),
    "key.team": ("Team", "辅导"),
    "key.section_na": ("Step N/A", "整步不适用"),
    "cmd.reports": ("Reports", "报表"),
    "cmd.reports.help": (
        "Coaching, mystery-shop visits and league table",
        "辅导、神秘顾客访店和排名表",
    ),
    "cmd.complaints": ("Complaint log", "投诉记录"),
    "cmd.complaints.help": (
        "Customer complaints, what 三包 owes, follow-up calls and the analysis",
        "顾客投诉、三包应给的处理、回访与分析",
    ),
    "cmd.complaint_new": ("Log a complaint", "登记投诉"),
    "cmd.complaint_new.help": (
        "Write down a customer's complaint as it is received",
        "在受理时记下顾客的投诉",
    ),
    "cmd.team": ("Coaching: team and associates", "辅导：团队和导购"),
    "cmd.team.help": (
        "Each associate's latest observation score and weakest step",
        "每位导购最近的观察得分和最弱步骤",
    ),
    "cmd.staff": ("Staff list", "员工名单"),
    "cmd.staff.help": ("Names offered when choosing whom to observe", "选择被观察人时提供的姓名"),
    "runner.section_na": (
        "{count} {count:item|items} of {section} marked N/A",
        "{section} 的 {count} 题已标记为不适用",
    ),
    "runner.section_na_refused": (
        "Some items of {section} cannot be N/A",
        "{section} 中有题目不能标记为不适用",
    ),
    # --- TUI: visits, league, reports
    "visit.summary": (
        "{count} {count:visit|visits}, {waiting} awaiting review (y accept · n return)",
        "共 {count} 条访店记录，{waiting} 条待审核（y 接受 · n 退回）",
    ),
    "visit.reason": ("Why is it returned?", "退回原因"),
    "league.summary": (
        "Mean of the last {window} accepted {window:visit|visits} · {count} {count:store or competitor|stores and competitors}",
        "最近 {window} 次已接受访店的平均分 · 共 {count} 家门店和竞争对手",
    ),
    "league.summary.pending": (
        "Mean of the last {window} {window:visit|visits}, submitted ones included · {count} {count:store or competitor|stores and competitors}",
        "最近 {window} 次访店的平均分（含待审核）· 共 {count} 家门店和竞争对手",
    ),
    "league.window": ("Visits per store (1–50)", "每家门店计入的访店次数（1–50）"),
    "league.err.window": ("type a whole number from 1 to 50", "请输入 1 到 50 的整数"),
    "report.menu.title": ("Reports", "报表"),
    "report.menu.trend": ("Score trend by week", "每周得分趋势"),
    "report.menu.pareto": ("Pareto of failed items", "不合格项排列图"),
    "report.menu.export": (
        "Export for head office (CSV / JSON / Excel)",
        "导出给总部（CSV / JSON / Excel）",
    ),
    "export.f.level": ("Level", "级别"),
    "export.f.format": ("Format", "格式"),
    "table.loading": ("Working it out…", "正在计算……"),
    "export.f.folder": ("Folder", "文件夹"),
    "export.f.template": ("Checklist", "检查表"),
    "export.all_templates": ("All checklists", "全部检查表"),
    "export.f.name": (
        "File name (follows what the file holds until you type your own)",
        "文件名（按导出内容自动命名，也可自行输入）",
    ),
    "export.level.run": ("run — one row per checklist", "run — 每份检查表一行"),
    "export.level.answer": ("answer — one row per item", "answer — 每题一行"),
    "export.level.action": ("action — corrective actions", "action — 整改项"),
    "export.level.complaint": (
        "complaint — customer complaints (names and phones masked)",
        "complaint — 顾客投诉（姓名和电话已隐去）",
    ),
    "export.format.csv": ("CSV (Excel)", "CSV（Excel）"),
    "export.format.json": ("JSON (everything)", "JSON（完整数据）"),
    "export.format.xlsx": ("Excel workbook (typed cells)", "Excel 工作簿（单元格带类型）"),
    "export.err.folder": ("{path} is not a folder", "{path} 不是文件夹"),
    "export.err.name": (
        "'{name}' is not a file name (no / or \\ in it)",
        "“{name}”不是文件名（不能包含 / 或 \\）",
    ),
    "export.exists.title": ("The file is there already", "文件已存在"),
    "export.exists.question": (
        "The folder {folder} already has\n{name}\nIt is not replaced unless you say so. "
        "This export can go under a free name:\n{free}",
        "文件夹 {folder} 中已有\n{name}\n除非您确认，否则不会覆盖。本次导出可另存为：\n{free}",
    ),
    "export.exists.free": ("Save as the new name", "另存为新文件名"),
    "export.exists.replace": ("Replace it", "覆盖"),
    "export.exists.back": ("Back", "返回"),
    "export.working": (
        "Exporting… you can keep working; you will be told when the file is written.",
        "正在导出……可以继续操作，文件写好后会提示。",
    ),
    "export.intro": (
        "Leave the dates empty for everything up to today. Only accepted mystery-shop visits are exported.",
        "日期留空即导出截至今天的全部记录。神秘顾客访店只导出已接受的记录。",
    ),
    "report.menu.team": (
        "Coaching: the team's observations and weakest steps",
        "辅导：团队观察结果和最弱步骤",
    ),
    "report.menu.visits": ("Mystery-shop visits: review and accept", "神秘顾客访店：审核与接受"),
    "report.menu.league": ("Mystery-shop league table", "神秘顾客排名表"),
    "report.menu.satisfaction": ("Customer satisfaction (H and W)", "顾客满意度（H 与 W）"),
    "cmd.report.trend.help": (
        "Each week's number of runs and their mean, lowest and highest score",
        "每周的记录数及平均、最低、最高得分",
    ),
    "cmd.report.pareto.help": (
        "The items failed most often, with their share of all failures",
        "最常不合格的项目及其在全部不合格中的占比",
    ),
    "cmd.report.visits.help": (
        "Mystery-shop visits waiting for review: accept or return them",
        "待审核的神秘顾客访店：接受或退回",
    ),
    "cmd.report.satisfaction.help": (
        "Each dimension's expectation H, perception W and the gap, from the surveys",
        "根据问卷得出各维度的期望值 H、实际感受 W 及其差距",
    ),
    "cmd.report.league.help": (
        "Stores and competitors ranked by their latest accepted visits",
        "按最近已接受访店排名的门店和竞争对手",
    ),
    "cmd.report.export.help": (
        "Write the period's results to a file for head office",
        "将所选期间的结果写入文件，交给总部",
    ),
    "report.menu.none": ("Install the {template} template first.", "请先安装 {template} 模板。"),
    "dash.calls_due": (
        "{count} {count:follow-up call|follow-up calls} to complainants due: v",
        "待回访投诉顾客 {count} 位:按 v",
    ),
    "dash.waiting": (
        "Mystery-shop visits awaiting review: {count}",
        "待审核的神秘顾客访店：{count} 条",
    ),
    "key.accept": ("Accept", "接受"),
    "key.return": ("Return", "退回"),
    "key.resubmit": ("Resubmit", "重新提交"),
    "key.window": ("Window", "次数"),
    "key.pending": ("Incl. pending", "含待审核"),
    "key.reports": ("Reports", "报表"),
    # --- TUI: goals
    "goals.col.week": ("Week", "周"),
    "goals.col.goal": ("Goal (as behaviours)", "目标（行为化）"),
    "goals.col.rate": ("Rate (target)", "达标率（门槛）"),
    "goals.col.days": ("Mo–Su", "一至日"),
    "goals.col.achieved": ("Achieved", "达成"),
    "goals.no_goal": ("— no goal yet: enter to write one", "—— 尚无目标：按回车填写"),
    "goals.summary": (
        "Service goals {month}: {achieved} of {weeks} {weeks:week|weeks} achieved",
        "{month} 服务目标：{weeks} 周中达成 {achieved} 周",
    ),
    "goals.summary.none": (
        "No plan for {month} yet: enter writes a week's goal, n starts from the examples or last month's plan.",
        "{month} 尚无计划：按回车填写一周目标，按 n 从示例或上月计划开始。",
    ),
    "goals.summary.text": ("Month summary: {text}", "月小结：{text}"),
    "goals.legend": (
        "Days: ✓ goal met · ✗ not met · ○ no count · · not checked in · [ ] other months",
        "每日：✓ 达标 · ✗ 未达标 · ○ 未计数 · · 未填写 · [ ] 切换月份",
    ),
    "goals.edit.title": ("Week {number} of {month}", "{month} 第 {number} 周"),
    "goals.edit.intro": (
        "Write the goal as behaviours staff can be seen doing (目标行为化), and the share of opportunities that must show it.",
        "把目标写成员工可被看到的具体行为（目标行为化），并设定需要做到的机会占比。",
    ),
    "goals.follow.intro": ("This week's goal-behaviour rate: {rate}", "本周目标行为达标率：{rate}"),
    "goals.new.intro": (
        "Start {month} from: Examples (sample weeks to adapt), Last month ({previous}'s plan) or Empty.",
        "{month} 的计划起点：示例（可修改的示例周）、上月（{previous} 的计划）或空白。",
    ),
    "goals.f.goal": ("Goal", "目标"),
    "goals.f.behaviours": ("Service goal as behaviours", "服务目标（行为化）"),
    "goals.f.type": ("Goal type", "目标类型"),
    "goals.type.weekly": ("Weekly", "周目标"),
    "goals.type.improvement": ("Improvement", "改进型"),
    "goals.f.measure": ("Measure (what is counted each day)", "衡量指标（每天统计什么）"),
    "goals.f.threshold": ("Threshold, % of opportunities", "达标门槛（机会数的百分比）"),
    "goals.f.actions": ("Actions", "行动"),
    "goals.f.follow_up": ("Follow-up result", "跟进结果"),
    "goals.f.achieved": ("Week goal achieved? (y / n)", "本周目标达成？（y / n）"),
    "goals.f.summary": ("What was achieved this month", "本月完成情况简要说明"),
    "goals.f.next_goal": ("Next month's follow-up goal", "下月跟进目标"),
    "goals.f.start": ("Start from", "起点"),
    "goals.start.examples": ("Examples", "示例"),
    "goals.start.last": ("Last month", "上月"),
    "goals.start.empty": ("Empty", "空白"),
    "goals.f.day": ("Day to check in (YYYY-MM-DD)", "填写日期（YYYY-MM-DD）"),
    "goals.err.achieved": ("type y, n or leave it empty", "请输入 y、n 或留空"),
    "goals.already": (
        "The check-in of {day} is done: here it is (amend it with m).",
        "{day} 的跟进已完成：可查看（按 m 更正）。",
    ),
    "goals.late": (
        "Checking in for {day}: it will be marked late.",
        "补填 {day} 的跟进：将标记为迟交。",
    ),
    "dash.goal": ("This week (W{number}): {goal}", "本周（第 {number} 周）：{goal}"),
    "dash.goal.none": ("No service goal this week: g plans it.", "本周尚无服务目标：按 g 制定。"),
    "dash.checked_in": ("Today's check-in: done ✓", "今日跟进：已完成 ✓"),
    "dash.not_checked_in": ("Today's check-in: not yet", "今日跟进：尚未填写"),
    "dash.week_rate": (
        "Week so far: {rate} (target {threshold}%) · streak {streak}",
        "本周至今：{rate}（门槛 {threshold}%）· 连续 {streak} 天",
    ),
    "key.goals": ("Goals", "目标"),
    "key.edit": ("Edit", "编辑"),
    "key.follow_up": ("Follow-up", "跟进结果"),
    "key.summary": ("Summary", "月小结"),
    "key.new_plan": ("New plan", "新计划"),
    "key.check_in": ("Check in", "填写跟进"),
    "key.prev_month": ("Prev month", "上月"),
    "key.next_month": ("Next month", "下月"),
    "cmd.goals": ("Service goals", "服务目标"),
    "cmd.goals.help": (
        "The month's plan of weekly goals and how each week is going",
        "本月每周目标计划及进展",
    ),
    "cmd.check_in": ("Today's service check-in", "今日服务目标跟进"),
    "cmd.check_in.help": (
        "Record how the team did against this week's goal",
        "记录团队本周目标的完成情况",
    ),
    # --- TUI: dashboard
    "dash.store": (
        "Store {code} · {name} · Manager {manager}",
        "门店 {code} · {name} · 店长 {manager}",
    ),
    "dash.today": ("Today is {date} ({weekday})", "今天是 {date}（{weekday}）"),
    "dash.templates": ("Start a new checklist", "新建检查表"),
    # the due list at the top of the dashboard (same list as `storeops due`)
    "dash.due.title": (
        "What is due today: {overdue} overdue, {due} due",
        "今日待办：{overdue} 项逾期，{due} 项待完成",
    ),
    "dash.due.all_done": ("What is due today: all done ✓", "今日待办：已全部完成 ✓"),
    "dash.due.nothing": (
        "What is due today: nothing is scheduled (s: the schedules)",
        "今日待办：没有排期的清单（按 s 设置计划）",
    ),
    "dash.due.missed": ("missed {count}", "漏做 {count} 次"),
    "dash.due.more": ("+{count} more (enter shows all)", "还有 {count} 项（按 enter 全部显示）"),
    "dash.due.done": ("Done: {titles}", "已完成：{titles}"),
    "dash.due.on_time": ("On time this month: {checklists}", "本月按时完成：{checklists}"),
    "dash.due.on_time_one": ("{title} {on_time}/{due}", "{title} {on_time}/{due}"),
    "dash.due.schedule": ("Schedule: {schedule}", "计划：{schedule}"),
    "dash.due.progress": (
        "Done this period: {done} of {needed}",
        "本期已完成：{done}/{needed}",
    ),
    "dash.due.reaudit": (
        "Due again after a failed result (re-audit).",
        "上次结果不合格，需要复查。",
    ),
    "dash.drafts": ("Continue a draft", "继续草稿"),
    "dash.draft": (
        "{title} · {who} · {when} · {answered}/{total}",
        "{title} · {who} · {when} · {answered}/{total}",
    ),
    "dash.draft.day": (
        "{title} · {who} · for {day} · {answered}/{total}",
        "{title} · {who} · {day} · {answered}/{total}",
    ),
    "dash.draft.late": (
        "{title} · {who} · for {day} (late) · {answered}/{total}",
        "{title} · {who} · 补填 {day} · {answered}/{total}",
    ),
    "dash.discard.title": ("Discard the draft?", "丢弃草稿？"),
    "dash.discard.question": (
        "{draft}\n\nIts answers and notes are deleted; this cannot be undone.",
        "{draft}\n\n其中的答案和备注将被删除，且无法恢复。",
    ),
    "dash.discard.actions": (
        "The corrective actions raised on it ({count}) are kept.",
        "其中提出的整改项仍保留（共 {count} 项）。",
    ),
    "dash.discard.yes": ("Discard", "丢弃"),
    "dash.discard.no": ("Keep it", "保留"),
    "dash.discarded": ("Draft discarded: {title}.", "已丢弃草稿：{title}。"),
    "dash.resume_offer": (
        "A checklist was left unfinished: it is at the top of the list, enter continues it.",
        "有未完成的检查表：已列在最上方，按回车继续。",
    ),
    "dash.draft_detail": (
        "A checklist in progress: enter continues where it stopped, d discards it.",
        "进行中的检查表：按回车从中断处继续，按 d 丢弃。",
    ),
    "dash.last_scores": ("Latest results", "最近结果"),
    "dash.last": ("{title}: {score} {band} ({date})", "{title}：{score} {band}（{date}）"),
    "dash.last_none": ("Nothing finished yet.", "尚无已完成的记录。"),
    "dash.actions": (
        "Corrective actions: {open} open, {overdue} overdue",
        "整改项：{open} 项未完成，{overdue} 项已逾期",
    ),
    "dash.overdue": (
        "  overdue {due} · {owner} · {description}",
        "  逾期 {due} · {owner} · {description}",
    ),
    "dash.no_templates": (
        "No checklist templates were found. Check the templates folder in setup.",
        "没有找到检查表模板。请在设置中检查模板文件夹。",
    ),
    "dash.problems": ("Template problems", "模板问题"),
    "dash.data.banner": (
        "⚠ Some of your data could not be read ({count}) and is left out of lists, reports "
        "and exports: {files}. It is kept as it was. p: details and what to do · x: hide",
        "⚠ 有{count}处数据无法读取，已从列表、报表和导出中略去：{files}。它们原样保留。"
        "p：详情与处理办法 · x：隐藏",
    ),
    "problems.title": ("Data that could not be read", "无法读取的数据"),
    "problems.none": ("Everything could be read.", "所有数据均可读取。"),
    "problems.fix": (
        "What to do: restore the file from a backup (storeops restore BACKUP; your current "
        "data is backed up first), or mend the record by hand, then start storeops again; "
        "storeops doctor checks the folder. Until then, every list, report and export that "
        "would include what is missing says so.",
        "处理办法：从备份恢复该文件（storeops restore 备份文件；会先备份当前数据），或手工修正该记录，"
        "然后重新启动 storeops；storeops doctor 可检查数据文件夹。在此之前，凡是本应包含缺失数据的"
        "列表、报表和导出都会注明。",
    ),
    "dash.template_detail": (
        "{title} — v{version}, {sections} {sections:section|sections}, {items} {items:item|items}",
        "{title} —— 第 {version} 版，{sections} 个分区，{items} 题",
    ),
    "weekday.0": ("Monday", "星期一"),
    "weekday.1": ("Tuesday", "星期二"),
    "weekday.2": ("Wednesday", "星期三"),
    "weekday.3": ("Thursday", "星期四"),
    "weekday.4": ("Friday", "星期五"),
    "weekday.5": ("Saturday", "星期六"),
    "weekday.6": ("Sunday", "星期日"),
    # --- TUI: keys
    "key.quit": ("Quit", "退出"),
    "key.help": ("Help", "帮助"),
    "key.palette": ("Commands", "命令"),
    # Textual's own key descriptions (its widgets' and the palette's; keys.TEXTUAL_TEXTS)
    "tx.up": ("Up", "上移"),
    "tx.down": ("Down", "下移"),
    "tx.left": ("Left", "左移"),
    "tx.right": ("Right", "右移"),
    "tx.first": ("First", "第一项"),
    "tx.last": ("Last", "最后一项"),
    "tx.page_up": ("Page up", "上一页"),
    "tx.page_down": ("Page down", "下一页"),
    "tx.page_left": ("Page left", "向左翻页"),
    "tx.page_right": ("Page right", "向右翻页"),
    "tx.scroll_up": ("Scroll up", "向上滚动"),
    "tx.scroll_down": ("Scroll down", "向下滚动"),
    "tx.scroll_left": ("Scroll left", "向左滚动"),
    "tx.scroll_right": ("Scroll right", "向右滚动"),
    "tx.scroll_home": ("Scroll to the top", "滚动到顶部"),
    "tx.scroll_end": ("Scroll to the bottom", "滚动到底部"),
    "tx.top": ("Top", "顶部"),
    "tx.bottom": ("Bottom", "底部"),
    "tx.home": ("Far left", "最左"),
    "tx.end": ("Far right", "最右"),
    "tx.select": ("Select", "选择"),
    "tx.toggle": ("Toggle", "选中 / 取消"),
    "tx.next_option": ("Next option", "下一个选项"),
    "tx.previous_option": ("Previous option", "上一个选项"),
    "tx.press": ("Press the button", "按下按钮"),
    "tx.submit": ("Submit", "提交"),
    "tx.focus_next": ("Next area", "下一区域"),
    "tx.focus_previous": ("Previous area", "上一区域"),
    "tx.copy": ("Copy the selected text", "复制所选文字"),
    "tx.cut": ("Cut the selected text", "剪切所选文字"),
    "tx.paste": ("Paste", "粘贴"),
    "tx.select_all": ("Select all", "全选"),
    "tx.select_start": ("Select to the start", "选到开头"),
    "tx.select_end": ("Select to the end", "选到末尾"),
    "tx.go_start": ("Go to the start", "到开头"),
    "tx.go_end": ("Go to the end", "到末尾"),
    "tx.cursor_left_select": ("Select left", "向左选择"),
    "tx.cursor_right_select": ("Select right", "向右选择"),
    "tx.word_left": ("A word left", "左移一个词"),
    "tx.word_right": ("A word right", "右移一个词"),
    "tx.word_left_select": ("Select a word left", "向左选择一个词"),
    "tx.word_right_select": ("Select a word right", "向右选择一个词"),
    "tx.accept": ("Right, or take the suggestion", "右移，或采用建议"),
    "tx.delete_left": ("Delete left", "向左删除"),
    "tx.delete_right": ("Delete right", "向右删除"),
    "tx.delete_word_left": ("Delete a word left", "向左删除一个词"),
    "tx.delete_word_right": ("Delete a word right", "向右删除一个词"),
    "tx.delete_all_left": ("Delete everything left", "删除左侧全部"),
    "tx.delete_all_right": ("Delete everything right", "删除右侧全部"),
    "tx.palette_close": ("Close the command palette", "关闭命令面板"),
    "tx.palette_next": ("Next command", "下一条命令"),
    "tx.palette_previous": ("Previous command", "上一条命令"),
    "tx.palette_first": ("First command", "第一条命令"),
    "tx.palette_last": ("Last command", "最后一条命令"),
    "tx.palette_open": ("Open the command palette", "打开命令面板"),
    "tx.quit": ("Quit the app and return to the command prompt", "退出程序，回到命令行"),
    "key.setup": ("Setup", "设置"),
    "key.language": ("中文", "English"),
    "key.open": ("Open", "打开"),
    "key.start_due": ("Start", "开始"),
    "key.switch_schedule": ("Off / back", "关闭 / 恢复"),
    "key.history": ("History", "历史"),
    "key.actions": ("Actions", "整改项"),
    "key.save": ("Save", "保存"),
    "key.cancel": ("Cancel", "取消"),
    "key.close": ("Close", "关闭"),
    "key.problems": ("Data problems", "数据问题"),
    "key.hide_problems": ("Hide the data problems", "隐藏数据问题"),
    "key.yes": ("Pass", "合格"),
    "key.no": ("Fail", "不合格"),
    "key.observed": ("Seen", "观察到"),
    "key.not_observed": ("Not seen", "未观察到"),
    "key.never": ("Never", "未发生"),
    "key.na": ("N/A", "不适用"),
    "key.scale": ("Scale", "分值"),
    "key.choose": ("Choose", "选择"),
    "key.type": ("Type", "输入"),
    "key.pick": ("Pick", "选取"),
    "key.stopwatch": ("Stopwatch", "秒表"),
    "key.note": ("Note", "备注"),
    "key.action": ("Action", "整改"),
    "key.finish": ("Finish", "完成"),
    "key.leave": ("Leave", "离开"),
    "key.back": ("Back", "返回"),
    "key.confirm": ("Finish", "完成"),
    "key.filter": ("Filter", "筛选"),
    "key.advance": ("Next status", "推进状态"),
    "key.verify": ("Verify", "验证"),
    "key.open_only": ("Open only", "只看未完成"),
    "key.overdue_only": ("Overdue only", "只看逾期"),
    "key.owner": ("Owner", "负责人"),
    "key.details": ("Details", "详情"),
    "key.reopen": ("Reopen", "重新打开"),
    "key.amend": ("Amend", "更正"),
    "key.discard": ("Discard", "丢弃"),
    "key.complaints": ("Complaints", "客诉"),
    "key.new_complaint": ("New", "登记"),
    "key.next_step": ("Next step", "下一步"),
    "key.close_case": ("Close case", "结案"),
    "key.call": ("Call back", "回访"),
    "key.analysis": ("Analysis", "分析"),
    "key.by": ("Group by", "分组"),
    "key.months": ("By month", "按月"),
    # --- TUI: setup
    "setup.title": ("Store setup", "门店设置"),
    "setup.intro": (
        "Tell storeops which store this PC belongs to. Every record and export carries the store code.",
        "请设置本电脑所属的门店。每条记录和导出文件都会带上门店编号。",
    ),
    "setup.saved": ("Store profile saved.", "门店信息已保存。"),
    "setup.placeholder.code": ("e.g. SH-021", "例如 SH-021"),
    "setup.placeholder.name": ("e.g. Nanjing Rd flagship", "例如 南京路旗舰店"),
    "setup.placeholder.manager": ("your name", "您的姓名"),
    "setup.placeholder.dir": (
        "optional: folder with head office templates",
        "可选：总部模板所在文件夹",
    ),
    "setup.attributes": (
        "Store attributes (one NAME=VALUE a line)",
        "门店属性（每行一个 NAME=VALUE）",
    ),
    "setup.placeholder.attributes": ("e.g. fitting_rooms=yes", "例如 fitting_rooms=yes"),
    "setup.schedules": (
        "Schedules (enter: switch off / back to the template's)",
        "检查计划（enter：本店关闭 / 恢复模板计划）",
    ),
    "setup.schedule_line": ("{title}: {schedule}", "{title}：{schedule}"),
    "setup.schedule_by": (" ({source})", "（{source}）"),
    "setup.schedule_none": (
        "{title} has no schedule of its own: `storeops schedule set` gives it one.",
        "{title} 没有默认计划：可用 storeops schedule set 设置。",
    ),
    "setup.closed": ("Days the store is closed (never missed)", "休息日（不计漏做）"),
    "setup.placeholder.closed": ("e.g. 2026-12-25 2027-01-01", "例如 2026-12-25 2027-01-01"),
    "setup.err.attribute_twice": (
        "Store attribute '{name}' is given twice",
        "门店属性“{name}”重复",
    ),
    "setup.err.closed_day": (
        "'{day}' is not a date: write the closed days as YYYY-MM-DD",
        "“{day}”不是日期：休息日请写成 YYYY-MM-DD",
    ),
    # --- TUI: help
    "help.title": ("Help", "帮助"),
    "help.body": (
        "Every action is also in the command palette (ctrl+p), by name.\n\nYour answers are saved as you give them, in the data folder:\n{path}",
        "所有操作也都可以在命令面板（ctrl+p）中按名称执行。\n\n您的每个答案都会立即保存在数据文件夹：\n{path}",
    ),
    # Textual's own palette commands and prompts (app.get_system_commands)
    "cmd.sys.theme": ("Theme", "配色主题"),
    "cmd.sys.theme.help": ("Change the colours of the app", "更换程序的配色"),
    "cmd.sys.quit": ("Quit", "退出"),
    "cmd.sys.quit.help": (
        "Quit storeops (every answer is already saved)",
        "退出 storeops（所有答案均已保存）",
    ),
    "cmd.sys.keys": ("Keys", "按键面板"),
    "cmd.sys.keys.show": (
        "Show the keys of this screen in a panel on the right",
        "在右侧面板显示本画面的按键",
    ),
    "cmd.sys.keys.hide": ("Hide the keys panel", "隐藏按键面板"),
    "cmd.sys.maximize": ("Maximize", "最大化"),
    "cmd.sys.maximize.help": ("Give the focused part the whole screen", "让当前区域占满画面"),
    "cmd.sys.minimize": ("Minimize", "还原"),
    "cmd.sys.minimize.help": ("Back to the normal layout", "恢复正常布局"),
    "cmd.sys.screenshot": ("Screenshot", "截图"),
    "cmd.sys.screenshot.help": (
        "Save a picture (SVG) of this screen",
        "将本画面保存为图片（SVG）",
    ),
    "cmd.sys.screenshot.saved": ("Screenshot saved: {path}", "截图已保存：{path}"),
    "cmd.sys.screenshot.failed": ("The screenshot was not saved: {error}", "截图未保存：{error}"),
    "cmd.palette.search": ("Search for commands…", "搜索命令…"),
    "cmd.palette.themes": ("Search for themes…", "搜索配色主题…"),
    "cmd.setup": ("Store setup", "门店设置"),
    "cmd.setup.help": (
        "Change store code, name, manager and language",
        "修改门店编号、名称、店长和语言",
    ),
    "cmd.language": ("Switch language", "切换语言"),
    "cmd.language.help": ("Switch between English and Chinese", "在英文和中文之间切换"),
    "cmd.start": ("Start: {title}", "开始：{title}"),
    "cmd.start.help": ("Start a new {title}", "新建一份{title}"),
    "cmd.history": ("History", "历史记录"),
    "cmd.history.help": (
        "Finished checklists, filtered and opened read-only",
        "已完成的检查表：筛选并只读查看",
    ),
    "cmd.actions": ("Corrective actions", "整改项"),
    "cmd.actions.help": (
        "Open and overdue corrective actions; move them on and verify",
        "未完成和逾期的整改项：推进和验证",
    ),
    "cmd.help": ("Help", "帮助"),
    "cmd.help.help": ("Show the keys and where data is kept", "显示按键说明和数据保存位置"),
}
