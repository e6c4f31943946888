//! Every sentence the wizard says in its status line, in Chinese and
//! English, as named functions (gitui's `strings.rs`): the handlers say
//! which message, this file says it. Messages about the report itself (a
//! diagnostic, a file error, a value refused) come from the core's
//! `i18n` through `Localize`; the questions' texts are here too.

use std::path::Path;

use crate::i18n::Lang;

pub fn nothing_to_undo(lang: Lang) -> &'static str {
    lang.pick("没有可撤销的修改", "nothing to undo")
}

pub fn nothing_to_redo(lang: Lang) -> &'static str {
    lang.pick("没有可重做的修改", "nothing to redo")
}

pub fn cleared(lang: Lang) -> &'static str {
    lang.pick("已清空（u 撤销）", "cleared (u undoes)")
}

/// `=` on a cell whose break a typo elsewhere explains better: the user
/// picks which to change. `own`: what this cell would take, if a count fits.
pub fn pick_the_typo(lang: Lang, what: &str, now: &str, value: u64, own: Option<u64>) -> String {
    match (lang, own) {
        (Lang::Zh, Some(own)) => {
            format!("更可能是“{what}”输错（现为 {now}）。y 把它改为 {value}  n 仍把本格改为 {own}  Esc 取消")
        }
        (Lang::Zh, None) => format!("更可能是“{what}”输错（现为 {now}）。y 把它改为 {value}  Esc 取消"),
        (Lang::En, Some(own)) => format!(
            "more likely “{what}” is mistyped (holds {now}). y sets it to {value}  n sets this cell to {own}  Esc cancels"
        ),
        (Lang::En, None) => {
            format!("more likely “{what}” is mistyped (holds {now}). y sets it to {value}  Esc cancels")
        }
    }
}

pub fn negative_expected(lang: Lang) -> &'static str {
    lang.pick("应有值为负数，请先核对相关各项", "the expected value is negative: check the other cells first")
}

pub fn no_tally_error_here(lang: Lang) -> &'static str {
    lang.pick("此格没有勾稽错误", "this cell has no tally error")
}

pub fn no_tally_errors(lang: Lang) -> &'static str {
    lang.pick("没有勾稽错误", "no tally errors")
}

/// What an empty total waits for before `=` can fill it: its parts still
/// empty (an empty cell is not known to be 0 while the table is filled in).
pub fn waiting(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("合计待定：相关各格还有 {n} 格未填，填完后按 = 填入合计"),
        Lang::En => format!("total pending: {n} of its parts are still empty; once filled, = fills it in"),
    }
}

pub fn zero_filled(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已将 {n} 个空单元格填为 0（u 撤销）"),
        Lang::En => format!("filled {n} empty cells with 0 (u undoes)"),
    }
}

/// Answering "nothing to report" for a table: `drafted` when the
/// paragraphs it implies were drafted too.
pub fn answered_nothing(lang: Lang, n: usize, drafted: bool) -> String {
    match (lang, drafted) {
        (Lang::Zh, true) => {
            format!("已将 {n} 格填为 0，并起草了“（二）依申请公开”和“六”中信息处理费的段落（u 撤销）")
        }
        (Lang::Zh, false) => format!("已将 {n} 格填为 0（u 撤销）"),
        (Lang::En, true) => {
            format!("filled {n} cells with 0 and drafted 一（二） and 六's sentence on fees (u undoes)")
        }
        (Lang::En, false) => format!("filled {n} cells with 0 (u undoes)"),
    }
}

pub fn set_to(lang: Lang, what: &str, v: u64) -> String {
    match lang {
        Lang::Zh => format!("已将 {what} 改为 {v}（u 撤销）"),
        Lang::En => format!("set {what} to {v} (u undoes)"),
    }
}

pub fn fill_cell_by_cell(lang: Lang) -> &'static str {
    lang.pick("好的，请逐格填写本表", "fine: fill in the table cell by cell")
}

pub fn no_last_year_text(lang: Lang) -> &'static str {
    lang.pick(
        "没有上年报告的这一部分（用 --previous 指定上年的草稿）",
        "no last year's text for this part (give last year's draft with --previous)",
    )
}

/// F6 inserted last year's paragraph `k` (from 1) of `of`.
pub fn inserted_last_year(lang: Lang, k: usize, of: usize) -> String {
    match (lang, k == of) {
        (Lang::Zh, false) => format!("已插入上年第 {k} 段（共 {of} 段；再按 F6 插入下一段）"),
        (Lang::Zh, true) => format!("已插入上年最后一段（第 {k} 段；再按 F6 从第一段重新开始）"),
        (Lang::En, false) => format!("inserted last year's paragraph {k} of {of} (F6 again for the next)"),
        (Lang::En, true) => {
            format!("inserted last year's last paragraph ({k}; F6 again starts from the first)")
        }
    }
}

pub fn organ_still_empty(lang: Lang) -> &'static str {
    lang.pick(
        "机关名称还是空的：请输入发布报告的行政机关全称（如 某某市某某局），再按 Enter",
        "the organ's name is still empty: type the full name of the agency publishing the report, then Enter",
    )
}

pub fn cancelled(lang: Lang) -> &'static str {
    lang.pick("已取消", "cancelled")
}

pub fn edit_cancelled(lang: Lang) -> &'static str {
    lang.pick("已取消修改", "edit cancelled")
}

pub fn clipboard_empty(lang: Lang) -> &'static str {
    lang.pick(
        "还没有剪切或复制的文字（先用 Shift+方向键选择）；终端自己的粘贴也可以用",
        "nothing cut or copied yet (select with Shift+arrows first); the terminal's own paste works too",
    )
}

pub fn select_first(lang: Lang) -> &'static str {
    lang.pick("先用 Shift+方向键选择文字", "select text first with Shift+arrows")
}

/// `n` characters cut (`cut`) or copied.
pub fn cut_or_copied(lang: Lang, n: usize, cut: bool) -> String {
    match (lang, cut) {
        (Lang::Zh, true) => format!("已剪切 {n} 个字（Ctrl-V 粘贴）"),
        (Lang::Zh, false) => format!("已复制 {n} 个字（Ctrl-V 粘贴）"),
        (Lang::En, true) => format!("cut {n} characters (Ctrl-V pastes)"),
        (Lang::En, false) => format!("copied {n} characters (Ctrl-V pastes)"),
    }
}

pub fn paste_does_not_fit(lang: Lang) -> &'static str {
    lang.pick("粘贴的表格超出了本表的范围，未粘贴", "the pasted block does not fit the table; nothing pasted")
}

pub fn pasted(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已粘贴 {n} 格"),
        Lang::En => format!("pasted {n} cells"),
    }
}

pub fn export_exists(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Zh => format!("{} 已存在，再按一次同一个键覆盖它", path.display()),
        Lang::En => format!("{} exists; press the same key again to replace it", path.display()),
    }
}

pub fn exported(lang: Lang, path: &Path) -> String {
    format!("{}{}", lang.pick("已导出：", "exported: "), path.display())
}

pub fn not_exported(lang: Lang, errors: usize) -> String {
    match lang {
        Lang::Zh => format!("有 {errors} 个勾稽错误，未导出；请先改正（n 转到下一个错误）"),
        Lang::En => format!("{errors} tally errors: not exported; fix them first (n jumps to the next)"),
    }
}

/// Drafted from 表三: `undo` when the draft replaced the field (u undoes),
/// not when it went into the editor.
pub fn drafted_from_requests(lang: Lang, undo: bool) -> &'static str {
    if undo {
        lang.pick("已按表三起草，请修改润色（u 撤销）", "drafted from table 3; edit as needed (u undoes)")
    } else {
        lang.pick("已按表三起草，请修改润色", "drafted from table 3; edit as needed")
    }
}

/// The draft's directory cannot be written; `copy`: where Ctrl-S saves.
pub fn opened_read_only(lang: Lang, copy: Option<&Path>) -> String {
    match (copy, lang) {
        (Some(t), Lang::Zh) => {
            format!("只读打开：草稿所在目录不可写。Ctrl-S 另存为 {}，之后编辑该副本", t.display())
        }
        (Some(t), Lang::En) => format!(
            "opened read-only: the draft's directory cannot be written. Ctrl-S saves a copy as {} and goes on with it",
            t.display()
        ),
        (None, Lang::Zh) => {
            "只读打开：草稿所在目录、当前目录和主目录都不可写，无法保存；请把草稿复制到可写的目录再打开".to_owned()
        }
        (None, Lang::En) => "opened read-only: neither the draft's directory nor the current or home directory can be written; copy the draft somewhere writable and open it there".to_owned(),
    }
}

pub fn saved_as(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Zh => format!("已另存为 {}；之后的保存都写入这个文件", path.display()),
        Lang::En => format!("saved as {}; later saves go to this file", path.display()),
    }
}

/// `why`: the file error, already in `lang`.
pub fn save_failed(lang: Lang, why: &str) -> String {
    format!("{}{why}", lang.pick("保存失败：", "save failed: "))
}

pub fn saved(lang: Lang, path: &Path, errors: usize) -> String {
    match lang {
        Lang::Zh => format!("已保存 {}（{errors} 个错误）", path.display()),
        Lang::En => format!("saved {} ({errors} errors)", path.display()),
    }
}

pub fn read_only_draft(lang: Lang) -> &'static str {
    lang.pick(
        "草稿是只读文件，未保存；再按一次 Ctrl-S 仍然保存",
        "the draft is read-only: not saved; press Ctrl-S again to save anyway",
    )
}

/// The draft changed on disk: this version went to `target` (`differ`:
/// how many fields differ), or saving there failed too (`Err`, the file
/// error already in `lang`).
pub fn saved_elsewhere(
    lang: Lang,
    path: &Path,
    result: Result<&Path, &str>,
    differ: Option<usize>,
) -> String {
    match (result, lang) {
        (Ok(target), Lang::Zh) => format!(
            "{} 在打开后被其他程序改动{}，未覆盖；你的版本已另存为 {}（nianbao diff 两个文件可查看差异）",
            path.display(),
            differ.map(|n| format!("（与你的版本有 {n} 处不同）")).unwrap_or_default(),
            target.display()
        ),
        (Ok(target), Lang::En) => format!(
            "{} was changed by something else since it was opened{}: not overwritten; your version is saved as {} (nianbao diff shows the differences)",
            path.display(),
            differ.map(|n| format!(" ({n} fields differ from yours)")).unwrap_or_default(),
            target.display()
        ),
        (Err(e), Lang::Zh) => format!("草稿在打开后被改动，未覆盖；另存也失败了：{e}"),
        (Err(e), Lang::En) => {
            format!("the draft changed on disk: not overwritten; saving elsewhere failed too: {e}")
        }
    }
}

pub fn restored(lang: Lang) -> &'static str {
    lang.pick(
        "已恢复上次未保存的修改（Ctrl-S 保存；Ctrl-Q 后选 d 放弃）",
        "restored unsaved changes from the last session (Ctrl-S keeps them; Ctrl-Q then d drops them)",
    )
}

pub fn question_requests(lang: Lang) -> &'static str {
    lang.pick(
        "本年度是否收到政府信息公开申请？ y 是（逐格填写）  n 否（本表全部填 0 并起草相应段落）",
        "Any requests for government information this year? y yes (fill the table)  n no (fill it with 0 and draft the paragraph)",
    )
}

pub fn question_appeals(lang: Lang) -> &'static str {
    lang.pick(
        "本年度是否有政府信息公开行政复议、行政诉讼？ y 是  n 否（本表全部填 0）",
        "Any administrative reconsideration or litigation about disclosure this year? y yes  n no (fill the table with 0)",
    )
}

pub fn question_rules(lang: Lang) -> &'static str {
    lang.pick(
        "本年是否制发、废止规章或行政规范性文件？ y 是  n 否（制发、废止件数填 0）",
        "Were any rules or normative documents issued or repealed this year? y yes  n no (issued and repealed set to 0)",
    )
}

pub fn question_actions(lang: Lang) -> &'static str {
    lang.pick(
        "本年是否有行政许可、行政处罚、行政强制或行政事业性收费？ y 是  n 否（相应各格填 0）",
        "Any licensing, penalties, enforcement or administrative fees this year? y yes  n no (those cells set to 0)",
    )
}

pub fn select_on_request_first(lang: Lang) -> &'static str {
    lang.pick("请先选中“（二）依申请公开”再按 F5", "select 一（二）依申请公开 first, then F5")
}

/// The review desk's `i` on a draft.
pub fn already_a_draft(lang: Lang) -> &'static str {
    lang.pick("这已经是草稿：按 Enter 编辑", "this is a draft already: Enter edits it")
}

/// The review desk's Enter on a file that could not be read.
pub fn unreadable_not_opened(lang: Lang) -> &'static str {
    lang.pick("这份文件无法读取，不能打开；原因见下方", "this file could not be read; why is below")
}
