//! Every sentence and label the screens say of their own — the wizard's
//! frame, detail lines and help, the review desk, the questions asked on
//! the plain terminal before a screen opens — in Chinese and English, as
//! named functions. Keys' meanings live with the keys (`keymap::BINDINGS`,
//! the desk's `KEYS`); messages about a report or a file come from the
//! core's `i18n`; the wizard's status-line sentences from the wizard
//! crate's `app::messages`; the command line's from `cli::messages`.

use std::path::Path;

use crate::i18n::Lang;
use crate::text::Ambiguous;

// --- before the screen -------------------------------------------------------

pub fn cannot_watch_terminal(lang: Lang) -> &'static str {
    lang.pick("无法读取终端：", "cannot watch the terminal: ")
}

pub fn cannot_set_up_terminal(lang: Lang) -> &'static str {
    lang.pick("无法设置终端：", "cannot set up the terminal: ")
}

pub fn needs_a_terminal(lang: Lang) -> &'static str {
    lang.pick(
        "向导需要在终端中运行；脚本请使用 nianbao check / get / set",
        "the wizard needs a terminal; scripts can use nianbao check / get / set",
    )
}

pub fn dumb_terminal(lang: Lang, term: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "这个终端（TERM={term}）不能移动光标，向导无法显示；请在完整的终端中运行（例如 TERM=xterm-256color），或使用 nianbao check / get / set"
        ),
        Lang::En => format!(
            "this terminal (TERM={term}) cannot move its cursor, so the wizard cannot be shown; run it in a full terminal (e.g. TERM=xterm-256color), or use nianbao check / get / set"
        ),
    }
}

/// ASCII only: the Linux console has no Chinese glyphs to show a Chinese
/// message with.
pub const LINUX_CONSOLE: &str = "WARNING: this is the Linux console (TERM=linux), which cannot draw\n\
     Chinese characters: the wizard's labels would show as boxes.\n\
     Connect over SSH from a terminal program (Xshell, PuTTY, a desktop\n\
     terminal), or use a console that draws Chinese (fbterm), and start\n\
     nianbao again. Press Enter to continue anyway, or Ctrl-C to stop.";

/// ASCII only: a GBK terminal shows this correctly. `lang_var`: `$LANG`.
pub fn locale_not_utf8(lang_var: &str) -> String {
    format!(
        "WARNING: the terminal locale is not UTF-8 (LANG={lang_var}).\n\
         nianbao shows Chinese text in UTF-8; a terminal set to GBK\n\
         (Xshell, SecureCRT, PuTTY) will show garbage. Set the session's\n\
         character encoding to UTF-8, run `export LANG=C.UTF-8`, and start\n\
         nianbao again. Press Enter to continue anyway, or Ctrl-C to stop."
    )
}

pub fn recovered_from_elsewhere(lang: Lang, place: &str) -> String {
    match lang {
        Lang::Zh => format!("恢复的内容取自 {place}（上次中断时草稿所在目录无法写入）"),
        Lang::En => format!(
            "the recovered work was kept in {place} (the draft's folder could not be written when the session was lost)"
        ),
    }
}

/// After a recovery file's error: renamed to `moved`, or left as it was.
pub fn unreadable_recovery(lang: Lang, moved: Option<&str>) -> String {
    match (moved, lang) {
        (Some(m), Lang::Zh) => format!("；这个恢复文件无法读取，已改名为 {m}，未改动其内容"),
        (Some(m), Lang::En) => {
            format!("; this recovery file cannot be read: it was renamed {m}, its content untouched")
        }
        (None, _) => lang
            .pick("；这个恢复文件无法读取，未改动", "; this recovery file cannot be read; it is untouched")
            .to_owned(),
    }
}

pub fn recovery_kept_elsewhere(lang: Lang, place: &str) -> String {
    match lang {
        Lang::Zh => format!("；在此之前，恢复内容改存到 {place}"),
        Lang::En => format!("; until then, unsaved work is kept in {place}"),
    }
}

pub fn notes_separator(lang: Lang) -> &'static str {
    lang.pick("；", "; ")
}

pub fn no_such_place(lang: Lang) -> &'static str {
    lang.pick("没有这个地址或栏目", "no such address or section")
}

pub fn recovery_conflict(lang: Lang, file: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "nianbao：{file} 有上次中断的会话留下的未保存修改，但草稿在那之后又被改动过（例如 nianbao set、其他编辑器或 git pull）。"
        ),
        Lang::En => format!(
            "nianbao: {file} has unsaved changes from a lost session, but the draft was changed after that session opened it (nianbao set, another editor, git pull)."
        ),
    }
}

pub fn recovery_differences(lang: Lang) -> &'static str {
    lang.pick("不同之处（地址：磁盘上的 → 恢复的）：", "differences (address: on disk → recovered):")
}

pub fn being_typed(lang: Lang) -> &'static str {
    lang.pick("正在输入、尚未确认：", "being typed, not confirmed:")
}

pub fn recovery_choices(lang: Lang, kept: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "r 恢复（采用恢复的内容，Ctrl-S 后覆盖磁盘上的版本）  d 丢弃恢复的内容  k 两者都保留（恢复的内容另存为 {kept}）  q 退出，不做任何改动"
        ),
        Lang::En => format!(
            "r restore (take the recovered version; Ctrl-S then replaces the one on disk)  d discard it  k keep both (the recovered version goes to {kept})  q quit, changing nothing"
        ),
    }
}

pub fn one_key(lang: Lang) -> &'static str {
    lang.pick("，按一个键", ", one key")
}

pub fn recovered_version_in(lang: Lang, path: &Path) -> String {
    format!("{}{}", lang.pick("恢复的内容已另存为 ", "the recovered version is in "), path.display())
}

/// The digits' meaning in the key bar and help (they are no binding).
pub fn type_digits(lang: Lang) -> &'static str {
    lang.pick("输入数字", "number")
}

// --- the wizard's frame ------------------------------------------------------

pub fn too_small(lang: Lang, min: (u16, u16), now: (u16, u16)) -> String {
    let ((mw, mh), (w, h)) = (min, now);
    match lang {
        Lang::Zh => format!("终端太小：至少需要 {mw}x{mh}，当前 {w}x{h}"),
        Lang::En => format!("Terminal too small: needs {mw}x{mh}, now {w}x{h}"),
    }
}

pub fn modified_marker(lang: Lang) -> &'static str {
    lang.pick(" [已修改]", " [modified]")
}

pub fn year_suffix(lang: Lang) -> &'static str {
    lang.pick("年度", "")
}

pub fn progress(lang: Lang, done: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("完成 {done}/{total} "),
        Lang::En => format!("done {done}/{total} "),
    }
}

/// The last step's name in the step bar, compact or in full.
pub fn check_step(lang: Lang, compact: bool) -> &'static str {
    if compact { lang.pick("检查", "Check") } else { lang.pick("检查与导出", "Check & export") }
}

pub fn last_year_title(lang: Lang) -> &'static str {
    lang.pick("上年报告（F6 逐段插入）：", "last year (F6 inserts a paragraph):")
}

pub fn not_filled(lang: Lang) -> &'static str {
    lang.pick("（未填写）", " (empty)")
}

pub fn editing(lang: Lang) -> &'static str {
    lang.pick("（正在编辑，Esc 完成）", " (editing; Esc when done)")
}

pub fn review_guidance(lang: Lang) -> &'static str {
    lang.pick(
        "检查与导出：下面列出全部勾稽错误和未填写的项目，选中后按 Enter 转到该格。没有错误后按 Ctrl-S 保存，再用 nianbao check 核对。",
        "Check & export: every tally error and empty field is listed below; Enter jumps to it. When there are no errors, Ctrl-S saves; nianbao check confirms.",
    )
}

pub fn review_summary(lang: Lang, errors: usize, empty: usize, done: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("勾稽错误 {errors} 个，未填写 {empty} 项；已完成 {done}/{total} 节"),
        Lang::En => format!("{errors} tally errors, {empty} empty fields; {done}/{total} sections complete"),
    }
}

/// A review line's numbers: " 应为5 实为4".
pub fn expected_found(lang: Lang, expected: i64, found: i64) -> String {
    format!(" {}{expected} {}{found}", lang.pick("应为", "expected "), lang.pick("实为", "found "))
}

pub fn nothing_left(lang: Lang) -> &'static str {
    lang.pick("没有需要处理的问题", "nothing left to fix")
}

pub fn last_year_value(lang: Lang) -> &'static str {
    lang.pick("上年：", "last year: ")
}

/// After a broken rule's explanation: a likely typo elsewhere (`what`), or
/// that `=` fills the expected value.
pub fn fix_hint(lang: Lang, elsewhere: Option<&str>) -> String {
    match (elsewhere, lang) {
        (Some(what), Lang::Zh) => format!("。更可能是“{what}”输错（表中标 ?），按 = 选择改哪一格"),
        (Some(what), Lang::En) => format!(". More likely “{what}” is mistyped (marked ?): = lets you pick"),
        (None, _) => lang.pick("（按 = 填入应有值）", " (= fills it)").to_owned(),
    }
}

pub fn likely_typo_here(lang: Lang, value: u64) -> String {
    match lang {
        Lang::Zh => format!("此格很可能输错：改为 {value} 后相关勾稽关系全部成立（按 = 改正）"),
        Lang::En => {
            format!("this cell is likely mistyped: {value} makes every broken rule hold (= fixes it)")
        }
    }
}

pub fn computed(lang: Lang) -> &'static str {
    lang.pick("计算值：", "computed: ")
}

pub fn save_before_quit(lang: Lang) -> &'static str {
    lang.pick("有未保存的修改，要保存吗？", "There are unsaved changes. Save them?")
}

pub fn help_title(lang: Lang) -> &'static str {
    lang.pick("帮助（Esc 关闭，上下键滚动）", "Help (Esc closes, Up/Down scroll)")
}

/// The help's groups of keys: tables, editing a line, text sections,
/// editing text, the check.
pub fn help_groups(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("表格", "Tables"),
        lang.pick("编辑单元格或单行文字", "Editing a cell or line"),
        lang.pick("文字栏目", "Text sections"),
        lang.pick("编辑多行文字", "Editing text"),
        lang.pick("检查", "Check"),
    ]
}

pub fn marks_title(lang: Lang) -> &'static str {
    lang.pick("[标记]", "[Marks]")
}

pub fn marks(lang: Lang) -> &'static str {
    lang.pick(
        "步骤栏：. 未开始  ~ 部分填写  + 已完成  !N 有 N 个勾稽错误  [ ] 当前步骤。\n表格：. 未填  =N 合计未填、其余各格都已填、按它们应为 N  5!=7 填的是 5、应为 7  5! 填的是 5、有错（列太窄放不下应有值，见下方说明）  5? 很可能输错的一格（改正后各项成立，按 = 改正）。表格填写中，未填的格不当作 0：只核对已填的部分。",
        "Step bar: . not started  ~ partly filled  + complete  !N N tally errors  [ ] this step.\nTables: . empty  =N an empty total whose parts are all filled, and should be N  5!=7 holds 5, should be 7  5! holds 5 and is wrong (too narrow for the expected value: see the lines below)  5? the likely typo (= fixes it and every rule holds). While a table is filled in, an empty cell is not taken for 0: only what is filled is checked.",
    )
}

/// How the ambiguous width was chosen: asked of the terminal, or set.
pub fn width_source(lang: Lang, probed: bool) -> &'static str {
    if probed {
        lang.pick("（启动时检测终端得出）", " (asked the terminal at start-up)")
    } else {
        lang.pick(
            "（按 --ambiguous-width 或 NIANBAO_AMBIGUOUS_WIDTH 设定）",
            " (set by --ambiguous-width or NIANBAO_AMBIGUOUS_WIDTH)",
        )
    }
}

pub fn width_note(lang: Lang, mode: Ambiguous, how: &str) -> String {
    match (mode, lang) {
        (Ambiguous::Narrow, Lang::Zh) => format!(
            "宽度不明确的字符（“ ” … ① ×）按一列显示{how}。若表格边框错位，说明终端把它们显示为两列：用 nianbao --ambiguous-width wide 启动，或设置环境变量 NIANBAO_AMBIGUOUS_WIDTH=wide。"
        ),
        (Ambiguous::Wide, Lang::Zh) => format!(
            "宽度不明确的字符（“ ” … ① ×）按两列显示{how}。若表格边框错位，用 nianbao --ambiguous-width narrow 启动，或设置环境变量 NIANBAO_AMBIGUOUS_WIDTH=narrow。"
        ),
        (Ambiguous::Narrow, Lang::En) => format!(
            "Ambiguous-width characters (“ ” … ① ×) are drawn one column wide{how}. If table borders look shifted, the terminal draws them two wide: start with nianbao --ambiguous-width wide, or set NIANBAO_AMBIGUOUS_WIDTH=wide."
        ),
        (Ambiguous::Wide, Lang::En) => format!(
            "Ambiguous-width characters (“ ” … ① ×) are drawn two columns wide{how}. If table borders look shifted, start with nianbao --ambiguous-width narrow, or set NIANBAO_AMBIGUOUS_WIDTH=narrow."
        ),
    }
}

pub fn new_draft(lang: Lang) -> &'static str {
    lang.pick("新建草稿：", "New draft: ")
}

pub fn type_organ(lang: Lang) -> &'static str {
    lang.pick(
        "请输入机关名称（例如：某某市某某局），按 Enter 确认：",
        "Type the organ's full name, then Enter:",
    )
}

// --- the review desk ---------------------------------------------------------

/// The desk's title: how many reports, clean, with errors, incomplete or
/// unreadable.
pub fn desk_title(lang: Lang, all: usize, clean: usize, errors: usize, bad: usize) -> String {
    match lang {
        Lang::Zh => format!(" 审核汇总  共 {all} 份：通过 {clean}，有错误 {errors}，不完整或无法读取 {bad}"),
        Lang::En => format!(
            " Review  {all} reports: {clean} clean, {errors} with errors, {bad} incomplete or unreadable"
        ),
    }
}

pub fn desk_total(lang: Lang, summed: usize) -> String {
    match lang {
        Lang::Zh => format!("合计（{summed} 份，同一机关只计一次）"),
        Lang::En => format!("total ({summed} reports, each organ once)"),
    }
}

pub fn filter(lang: Lang) -> &'static str {
    lang.pick("筛选：", "filter: ")
}

pub fn import_to(lang: Lang) -> &'static str {
    lang.pick("导入为草稿，保存到（Enter 确定，Esc 取消）：", "import to a draft at (Enter, Esc cancels): ")
}

pub fn no_problems(lang: Lang) -> &'static str {
    lang.pick("没有发现问题。", "No problems found.")
}

pub fn nothing_matches(lang: Lang) -> &'static str {
    lang.pick("没有符合筛选条件的报告。", "No report matches the filter.")
}

pub fn desk_help_title(lang: Lang) -> &'static str {
    lang.pick("审核汇总的按键（任意键返回）", "Review keys (any key returns)")
}

pub fn desk_marks(lang: Lang) -> &'static str {
    lang.pick(
        "↑↓ PgUp PgDn Home End 移动；j k g G 同上。状态：+ 通过 ~ 有提醒 . 不完整 ! 有错误 ? 无法读取",
        "↑↓ PgUp PgDn Home End move; j k g G too. Marks: + ok ~ warnings . incomplete ! errors ? unreadable",
    )
}

pub fn view_only(lang: Lang, form: &str) -> String {
    match lang {
        Lang::Zh => format!("只读查看：{form} 不是草稿，不会保存；要修改，请在审核列表中按 i 导入为草稿"),
        Lang::En => format!(
            "view-only: a .{form} file is not a draft and is not saved; press i in the review list to import it to a draft"
        ),
    }
}

pub fn imported_to(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("已导入为草稿：{path}"),
        Lang::En => format!("imported to the draft {path}"),
    }
}

pub fn draft_not_opened(lang: Lang) -> &'static str {
    lang.pick(
        "无法在向导中打开这份草稿（原因见终端上方的输出）",
        "the draft could not be opened in the wizard",
    )
}
