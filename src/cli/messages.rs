//! Every sentence the command line says of its own, in Chinese and
//! English, as named functions: the commands say which message, this file
//! says it. Messages about a report, a file or a value come from the
//! core's `i18n` (`Localize`); the wizard's sentences are in the wizard
//! crate's `app::messages`, the screens' in `tui::messages`; the man
//! pages' sections in `manpages`.

use crate::i18n::Lang;

pub fn usage(lang: Lang) -> &'static str {
    lang.pick(
        "用法：nianbao 文件.ron（打开向导），或 nianbao --help 查看全部命令",
        "usage: nianbao FILE.ron (open the wizard), or nianbao --help for all commands",
    )
}

pub fn created(lang: Lang) -> &'static str {
    lang.pick("已创建新草稿：", "created a new draft: ")
}

pub fn summed(lang: Lang) -> &'static str {
    lang.pick("已汇总：", "summed: ")
}

pub fn written(lang: Lang) -> &'static str {
    lang.pick("已写入：", "written: ")
}

pub fn same_report_twice(lang: Lang, name: &str, other: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "警告：{name} 与 {other} 是同一份报告（同一文件，或机关名称和年度相同），将被重复计入；如非有意，请去掉其中一个"
        ),
        Lang::En => format!(
            "warning: {name} and {other} are the same report (the same file, or the same organ and year) and are counted twice; drop one unless that is intended"
        ),
    }
}

pub fn sum_input_has_errors(lang: Lang, name: &str, errors: usize) -> String {
    match lang {
        Lang::Zh => format!("{name}：{errors} 个勾稽错误（汇总结果也会有错误）"),
        Lang::En => format!("{name}: {errors} tally errors (the sum will have errors too)"),
    }
}

pub fn no_such_address(lang: Lang) -> &'static str {
    lang.pick(
        "没有这个地址（地址形如 requests.new.natural_person、overview.platforms）",
        "no such address (addresses look like requests.new.natural_person, overview.platforms)",
    )
}

pub fn similar_addresses(lang: Lang) -> &'static str {
    lang.pick("相近的地址：", "similar addresses:")
}

/// An empty value, where a value is shown (`diff`, the recovery prompt).
pub fn empty_shown(lang: Lang) -> &'static str {
    lang.pick("（空）", "(empty)")
}

pub fn file_unchanged(lang: Lang) -> &'static str {
    lang.pick("；文件未改动", "; the file is unchanged")
}

pub fn not_exported(lang: Lang, file: &str, errors: usize) -> String {
    match lang {
        Lang::Zh => format!("{file} 有 {errors} 个勾稽错误，未导出；改正后再导出，或加 --force 强制导出"),
        Lang::En => format!("{file} has {errors} tally errors; nothing exported. Fix them, or pass --force"),
    }
}

pub fn empty_cells_exported_as_zero(lang: Lang) -> &'static str {
    lang.pick("警告：以下空单元格按 0 导出：", "warning: these empty cells are exported as 0:")
}

pub fn empty_fields_exported_blank(lang: Lang) -> &'static str {
    lang.pick("警告：以下栏目未填写，导出后是空白：", "warning: these fields are empty and exported blank:")
}

pub fn binary_not_for_terminal(lang: Lang, ext: &str) -> String {
    match lang {
        Lang::Zh => format!("{ext} 文件不能显示在终端上；请重定向到文件，例如 > 报告.{ext}"),
        Lang::En => format!("a .{ext} file is not for a terminal; redirect it, e.g. > report.{ext}"),
    }
}

pub fn export_onto_itself(lang: Lang, shown: &str) -> String {
    match lang {
        Lang::Zh => format!("{shown} 就是要导出的草稿本身，不能覆盖；请用 -o 指定另一个文件"),
        Lang::En => format!("{shown} is the draft being exported; choose another file with -o"),
    }
}

pub fn export_onto_a_draft(lang: Lang, shown: &str) -> String {
    match lang {
        Lang::Zh => format!("{shown} 是一份草稿，导出不会覆盖草稿；请用 -o 指定另一个文件"),
        Lang::En => {
            format!("{shown} is a draft; an export never overwrites a draft; choose another file with -o")
        }
    }
}

pub fn export_target_exists(lang: Lang, shown: &str) -> String {
    match lang {
        Lang::Zh => format!("{shown} 已存在，未覆盖；加 --force 覆盖，或换一个文件名"),
        Lang::En => format!("{shown} already exists; not overwritten (--force replaces it)"),
    }
}

pub fn nothing_imported(lang: Lang) -> &'static str {
    lang.pick(
        "没有找到任何表格或正文栏目，未写入草稿",
        "no table and no section of the report was found; no draft written",
    )
}

pub fn no_drafts_in_directory(lang: Lang) -> &'static str {
    lang.pick("目录中没有草稿（.ron 文件）", "no drafts (.ron files) in this directory")
}

pub fn more_empty_fields(lang: Lang, hidden: usize) -> String {
    match lang {
        Lang::Zh => format!("……另有 {hidden} 项未填写（--format json 列出全部）"),
        Lang::En => format!("... and {hidden} more empty fields (--format json lists all)"),
    }
}

pub fn file_summary(lang: Lang, file: &str, errors: usize, warnings: usize) -> String {
    match lang {
        Lang::Zh => format!("{file}：{errors} 个错误，{warnings} 个警告"),
        Lang::En => format!("{file}: {errors} errors, {warnings} warnings"),
    }
}

/// `check`'s " expected 5, found 4" after a diagnostic's address (`found`
/// already shown as a number or as empty); only what was found when no
/// count fits (`expected` negative).
pub fn expected_found(lang: Lang, expected: i64, found: &str) -> String {
    if expected >= 0 {
        match lang {
            Lang::Zh => format!(" 应为 {expected}，实为 {found}"),
            Lang::En => format!(" expected {expected}, found {found}"),
        }
    } else {
        format!(" {} {found}", lang.pick("实为", "found"))
    }
}

pub fn no_report_files(lang: Lang) -> &'static str {
    lang.pick(
        "没有找到报告文件（.ron、.docx、.pdf、.html、.txt、.md）",
        "no report files found (.ron, .docx, .pdf, .html, .txt, .md)",
    )
}

pub fn nothing_to_sum(lang: Lang) -> &'static str {
    lang.pick("没有可以汇总的报告（没有一份可读，或年度不一）", "no reports to sum (none readable)")
}

pub fn total(lang: Lang) -> &'static str {
    lang.pick("合计", "total")
}

pub fn summed_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 份"),
        Lang::En => format!("{n} summed"),
    }
}

pub fn reports_read(lang: Lang, all: usize, read: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {all} 份，可读 {read} 份"),
        Lang::En => format!("{all} reports, {read} readable"),
    }
}

/// A first word that is no command and no file: the command it resembles,
/// or how to name a draft.
pub fn no_such_command(lang: Lang, shown: &str, near: Option<&str>) -> String {
    match (near, lang) {
        (Some(s), Lang::Zh) => format!("没有 {shown} 这个命令；是不是 {s}？（nianbao --help 列出全部命令）"),
        (Some(s), Lang::En) => {
            format!("there is no command {shown}; did you mean {s}? (nianbao --help lists them all)")
        }
        (None, Lang::Zh) => format!(
            "{shown} 既不是 nianbao 的命令，也不是已有的文件；打开或新建草稿请给出以 .ron 结尾的文件名（如 nianbao {shown}.ron），全部命令见 nianbao --help"
        ),
        (None, Lang::En) => format!(
            "{shown} is neither a nianbao command nor an existing file; to open or start a draft give a name ending in .ron (nianbao {shown}.ron); nianbao --help lists the commands"
        ),
    }
}

/// What `import` wrote and found (`complete`: every cell placed).
pub fn imported(lang: Lang, shown: &str, s: &crate::import::Summary, complete: bool) -> String {
    let (t, c, x, sep) = match lang {
        Lang::Zh => ("表格", "单元格", "正文栏目", "，"),
        Lang::En => ("tables", "cells", "sections", ", "),
    };
    let counts = format!(
        "{t} {}/{}{sep}{c} {}/{}{sep}{x} {}/{}",
        s.tables_found, s.tables, s.cells_placed, s.cells, s.sections_found, s.sections
    );
    match (lang, complete) {
        (Lang::Zh, true) => format!("已导入：{shown}（{counts}）；用 nianbao check 核对勾稽关系"),
        (Lang::Zh, false) => format!("已导入：{shown}（{counts}）；草稿不完整，请按上面的清单补填"),
        (Lang::En, true) => {
            format!("imported: {shown} ({counts}); nianbao check tells whether its tallies hold")
        }
        (Lang::En, false) => {
            format!("imported: {shown} ({counts}); incomplete: fill in what the list above names")
        }
    }
}
