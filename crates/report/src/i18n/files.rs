//! File errors in the user's language: a draft that could not be read
//! (where, what, what to do), the system's errors, what stands at a name,
//! and `Display` for [`FileError`] (the English text).

use std::fmt;

use super::{Lang, value_error};
use crate::format;
use crate::io::FileError;

/// ron's syntax errors in the user's words.
fn syntax_problem(code: &ron::Error, quoted: &str, lang: Lang) -> String {
    use ron::Error as E;
    match code {
        E::Eof => {
            lang.pick("文件提前结束：是否被截断了？", "the file ends too early: was it cut off?").to_owned()
        }
        E::ExpectedComma => lang.pick("此处缺少逗号", "a comma is missing here").to_owned(),
        E::ExpectedStructLikeEnd | E::ExpectedMapEnd | E::ExpectedArrayEnd => {
            lang.pick("此处缺少右括号 )，或缺少逗号", "a closing ) or a comma is missing here").to_owned()
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => lang
            .pick(
                "此处应为括号括起的一组字段，如 (total: 5, …)",
                "a group of fields in parentheses is expected here, like (total: 5, ...)",
            )
            .to_owned(),
        E::ExpectedString | E::ExpectedStringEnd => {
            lang.pick("文字没有用英文双引号括好", "text is not enclosed in double quotes").to_owned()
        }
        E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => lang
            .pick(
                "此处应为字段名（英文字母，如 total）",
                "a field name (letters, like total) is expected here",
            )
            .to_owned(),
        E::ExpectedMapColon => {
            lang.pick("字段名后缺少冒号 :", "a colon : is missing after the field name").to_owned()
        }
        E::UnexpectedChar(c) => match lang {
            Lang::Zh => format!("此处不应出现“{}”", nianbao_text::sanitize::visible_inline(&c.to_string())),
            Lang::En => {
                format!("unexpected “{}” here", nianbao_text::sanitize::visible_inline(&c.to_string()))
            }
        },
        E::UnclosedBlockComment => {
            lang.pick("注释 /* 没有结束的 */", "a /* comment has no closing */").to_owned()
        }
        E::TrailingCharacters => lang
            .pick("报告最后的右括号之后还有内容", "there is text after the report's closing parenthesis")
            .to_owned(),
        E::InvalidEscape(_) => lang.pick("文字中有无效的转义 \\", "an invalid \\ escape in text").to_owned(),
        E::InvalidValueForType { .. }
        | E::ExpectedInteger
        | E::ExpectedFloat
        | E::ExpectedOption
        | E::ExpectedOptionEnd
        | E::InvalidIntegerDigit { .. }
        | E::IntegerOutOfBounds => {
            format!("{quoted}{}", lang.pick("不是此处应有的值", "not the kind of value this field holds"))
        }
        _ => lang.pick("无法读取此处的内容", "cannot read the text here").to_owned(),
    }
}

/// Full-width punctuation an IME gives where RON needs the ASCII symbol.
fn is_full_width_symbol(c: char) -> bool {
    matches!(c, '，' | '：' | '（' | '）' | '“' | '”' | '；' | '＂' | '＃' | '［' | '］')
}

/// What a value of `kind` looks like in a draft.
fn value_shape(kind: format::Kind, lang: Lang) -> &'static str {
    match kind {
        format::Kind::Count => lang.pick(
            "件数写不带引号的整数，如 5；空单元格写 None",
            "a count is a bare whole number like 5; an empty cell is None",
        ),
        format::Kind::Amount => lang.pick(
            "金额写在英文双引号中的小数，如 \"4068.208\"；空单元格写 None",
            "an amount is a decimal in double quotes like \"4068.208\"; an empty cell is None",
        ),
        format::Kind::Year => lang.pick("年份写整数，如 2021", "a year is a whole number like 2021"),
        format::Kind::Date => lang.pick(
            "日期写在英文双引号中，如 \"2026年1月15日\"",
            "a date is written in double quotes like \"2026年1月15日\"",
        ),
        format::Kind::Text => lang.pick(
            "文字写在英文双引号中，如 \"……\"；文字中的双引号写作 \\\"",
            "text is written in double quotes like \"...\"; a quote inside it is written \\\"",
        ),
    }
}

/// The message for a draft that could not be read: file, line, column,
/// the field, what is wrong, and what a value there should look like.
/// Never ron's own suggestions (raw identifiers are Rust's business).
#[must_use]
pub fn parse_error(d: &crate::io::ParseDetail, lang: Lang) -> String {
    use crate::model::Problem as P;
    if let Some((what, shape)) = structure_problem(&d.problem, lang) {
        let hint = lang.pick("提示：", "hint: ");
        return format!(
            "{}:{}:{}: {what}\n{hint}{shape}",
            nianbao_text::sanitize::path(&d.path),
            d.line,
            d.col
        );
    }
    let field = d.field.map(|id| &format::schema().fields[id]);
    let place = match (field, d.in_value, lang) {
        (Some(f), true, Lang::Zh) => format!("字段 {}：", f.address),
        (Some(f), true, Lang::En) => format!("field {}: ", f.address),
        (Some(f), false, Lang::Zh) => format!("字段 {} 之后：", f.address),
        (Some(f), false, Lang::En) => format!("after field {}: ", f.address),
        (None, ..) => String::new(),
    };
    let quoted = d
        .literal
        .as_deref()
        .map(|l| format!("`{}`{}", nianbao_text::sanitize::visible_inline(l), lang.pick("：", ": ")))
        .unwrap_or_default();
    let full_width = d.literal.as_deref().and_then(|l| l.chars().next()).filter(|c| is_full_width_symbol(*c));
    let mut shape = field.filter(|_| d.in_value).map(|f| value_shape(f.kind, lang).to_owned());
    let what = match (&d.problem, lang) {
        (P::Value(e), _) => format!("{quoted}{}", value_error(e, lang)),
        (P::Version(v), Lang::Zh) => {
            shape = Some("请检查文件开头的 format 一行".to_owned());
            format!(
                "格式版本“{}”不是本程序读取的“{}”（2021 年国家格式）",
                nianbao_text::sanitize::visible_inline(v),
                format::FORMAT_VERSION
            )
        }
        (P::Version(v), Lang::En) => {
            shape = Some("check the `format:` line at the top".to_owned());
            format!(
                "format version “{}” is not the “{}” this nianbao reads (the 2021 national format)",
                nianbao_text::sanitize::visible_inline(v),
                format::FORMAT_VERSION
            )
        }
        (P::NoVersion, Lang::Zh) => {
            format!("缺少 format 字段：草稿以 format: \"{}\" 开头", format::FORMAT_VERSION)
        }
        (P::NoVersion, Lang::En) => {
            format!("no `format` field: a draft starts with format: \"{}\"", format::FORMAT_VERSION)
        }
        (P::Twice(k), Lang::Zh) => {
            format!("字段 {} 写了两次，请删去一处", nianbao_text::sanitize::visible_inline(k))
        }
        (P::Twice(k), Lang::En) => {
            format!("the field {} is written twice; delete one", nianbao_text::sanitize::visible_inline(k))
        }
        (P::Unknown { found, expected }, _) => {
            shape = Some(format!(
                "{}{}",
                lang.pick("此处可用的字段：", "the fields here are: "),
                expected.join(", ")
            ));
            format!(
                "{}{}",
                lang.pick("没有这个字段：", "no such field: "),
                nianbao_text::sanitize::visible_inline(found)
            )
        }
        (P::Syntax, _) if full_width.is_some() => {
            let c = full_width.unwrap_or_default();
            match lang {
                Lang::Zh => format!("全角符号“{c}”：此处应为半角（英文）符号"),
                Lang::En => format!("full-width “{c}”: the ASCII (half-width) symbol is needed here"),
            }
        }
        // Told by `structure_problem` above.
        (P::Syntax | P::OpenString { .. }, _) => syntax_problem(&d.code, &quoted, lang),
    };
    let shape = shape.unwrap_or_else(|| {
        lang.pick(
            "改正此处，或对照 `nianbao new` 生成的草稿检查",
            "fix the file here, or compare it with a draft made by `nianbao new`",
        )
        .to_owned()
    });
    format!(
        "{}:{}:{}: {place}{what}\n{}{shape}",
        nianbao_text::sanitize::path(&d.path),
        d.line,
        d.col,
        lang.pick("提示：", "hint: ")
    )
}

/// An operating-system error in the user's language.
#[must_use]
pub fn os_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    let zh = match e.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::FileTooLarge => "超出允许的文件大小（ulimit -f）",
        K::ReadOnlyFilesystem => "文件系统是只读的",
        K::IsADirectory => "这是一个目录，不是文件",
        K::InvalidData => "内容无法读取",
        K::Interrupted | K::TimedOut => "操作被中断",
        _ => return e.to_string(),
    };
    zh.to_owned()
}

/// What stands at a name where a plain file was expected.
#[must_use]
pub fn kind_name(kind: crate::io::Kind, lang: Lang) -> &'static str {
    use crate::io::Kind as K;
    match kind {
        K::Symlink => lang.pick("符号链接", "a symbolic link"),
        K::Fifo => lang.pick("命名管道（FIFO）", "a named pipe (FIFO)"),
        K::Directory => lang.pick("目录", "a directory"),
        K::Device => lang.pick("设备文件", "a device file"),
        K::Socket => lang.pick("套接字", "a socket"),
        K::HardLink => lang.pick("另一个文件的硬链接", "a second name (hard link) of another file"),
    }
}

/// A draft's structure broken (a string or a group left open): what to
/// say and the hint, where the parse error is better told that way.
fn structure_problem(problem: &crate::model::Problem, lang: Lang) -> Option<(String, String)> {
    use crate::model::Problem as P;
    match problem {
        P::OpenString { ends_line } => Some(match lang {
            Lang::Zh => (
                format!("这里开始的字符串一直到第 {ends_line} 行才结束：这一行很可能缺少结束的引号（\"）"),
                "在字符串结尾补上引号 \"（文字中的引号请写成 \\\" 或中文引号“”）".to_owned(),
            ),
            Lang::En => (
                format!(
                    "the string starting here only ends on line {ends_line}: its closing quote (\") is probably missing on this line"
                ),
                "close the string with a quote \" (a quote inside text is written \\\" or as “”)".to_owned(),
            ),
        }),
        P::Unknown { found, .. } if belongs_a_level_up(found) => {
            let name = found.rsplit('.').next().unwrap_or(found);
            let inside =
                nianbao_text::sanitize::visible_inline(found.rsplit_once('.').map_or("", |(p, _)| p))
                    .into_owned();
            Some(match lang {
                Lang::Zh => (
                    format!(
                        "{name} 是上一层的字段，却出现在 {inside} 之中：上一组字段的括号很可能没有闭合（缺少“)”）"
                    ),
                    "在上一组字段的末尾补上 )，例如 total: 0),".to_owned(),
                ),
                Lang::En => (
                    format!(
                        "{name} is a field one level up, found inside {inside}: the group of fields before it is probably not closed (a missing “)”)"
                    ),
                    "close the group of fields before it with ), e.g. total: 0),".to_owned(),
                ),
            })
        }
        _ => None,
    }
}

/// Whether an unknown field `a.b.c` is a field of the level above (`a.c`
/// exists): the sign of a group left open, its `)` missing.
fn belongs_a_level_up(found: &str) -> bool {
    let mut parts: Vec<&str> = found.split('.').collect();
    if parts.len() < 3 {
        return false;
    }
    let name = parts.pop().unwrap_or_default();
    parts.pop();
    parts.push(name);
    let up = parts.join(".");
    format::schema()
        .fields
        .iter()
        .any(|f| f.address == up || f.address.strip_prefix(up.as_str()).is_some_and(|r| r.starts_with('.')))
}

/// Who holds a lock, as the lock file says it (`pid 4242 on vm since
/// 2026-12-06 04:18 UTC`), in Chinese; anything else as it is.
fn holder_zh(holder: &str) -> String {
    let parsed = holder.strip_prefix("pid ").and_then(|rest| {
        let (pid, rest) = rest.split_once(" on ")?;
        let (host, since) = rest.split_once(" since ")?;
        let since = since.strip_suffix(" UTC")?;
        Some(format!("进程 {pid}，主机 {host}，自 {since}（UTC）起"))
    });
    parsed.unwrap_or_else(|| holder.to_owned())
}

/// A file error in the user's language.
#[must_use]
#[allow(clippy::too_many_lines)] // a message table: one arm per error and language
pub fn file_error(e: &crate::io::FileError, lang: Lang) -> String {
    use crate::io::FileError as F;
    use nianbao_text::sanitize::{path as p, visible, visible_inline};
    match (e, lang) {
        (F::Parse(d), _) => parse_error(d, lang),
        (F::Read { path, source }, Lang::En) => {
            format!("{}: cannot read: {}", p(path), os_error(source, lang))
        }
        (F::NotUtf8 { path, line, col }, Lang::En) => format!(
            "{}:{line}:{col}: the file is not UTF-8 text\nhint: nianbao drafts are UTF-8; if it was saved as GBK, convert it first: iconv -f GBK -t UTF-8 {} > fixed.ron",
            p(path),
            p(path)
        ),
        (F::Write { path, source }, Lang::En) => format!(
            "{}: cannot save: {} (the previous file, if any, is unchanged)",
            p(path),
            os_error(source, lang)
        ),
        (F::Locked { path, holder }, Lang::En) => format!(
            "{}: already open in another nianbao window ({}); close that one first (two editors would overwrite each other's work)",
            p(path),
            visible_inline(holder)
        ),
        (F::ReadOnly { path }, Lang::En) => format!(
            "{}: the file is read-only; nianbao does not rewrite it unless asked (make it writable with `chmod u+w {}`, or save elsewhere)",
            p(path),
            p(path)
        ),
        (F::Unreadable { path, reason }, Lang::En) => {
            format!(
                "{}: not written, because the result could not be read back: {}",
                p(path),
                visible(reason)
            )
        }
        (F::Planted { path, kind }, Lang::En) => format!(
            "{}: {} stands where nianbao would write; nothing was written there and nothing it points to was touched. If you did not put it there, remove it (rm {}) and try again",
            p(path),
            kind_name(*kind, lang),
            p(path)
        ),
        (F::NotAFile { path, kind }, Lang::En) => format!(
            "{}: this is {}, not a file; nianbao reads drafts from plain files (copy it to a file first)",
            p(path),
            kind_name(*kind, lang)
        ),
        (F::TooLarge { path, size, limit }, Lang::En) => format!(
            "{}: {size} bytes, more than any report nianbao reads ({limit} at most); not read. Is it the right file?",
            p(path)
        ),
        (F::LockedElsewhere { path }, Lang::En) => format!(
            "{}: this file is already open in another nianbao window under another of its names (a hard link); close that one first (two editors would overwrite each other's work)",
            p(path)
        ),
        (F::Exists { path }, Lang::En) => format!(
            "{}: already exists; nianbao will not overwrite it (open it with `nianbao edit {}`, or choose another name)",
            p(path),
            p(path)
        ),
        (F::Read { path, source }, Lang::Zh) => format!("{}：无法读取：{}", p(path), os_error(source, lang)),
        (F::NotUtf8 { path, line, col }, Lang::Zh) => format!(
            "{}:{line}:{col}：文件不是 UTF-8 编码\n提示：nianbao 草稿使用 UTF-8；如是 GBK 编码，请先转换：iconv -f GBK -t UTF-8 {} > fixed.ron",
            p(path),
            p(path)
        ),
        (F::Write { path, source }, Lang::Zh) => {
            format!("{}：保存失败：{}（原文件如有，未改动）", p(path), os_error(source, lang))
        }
        (F::Locked { path, holder }, Lang::Zh) => format!(
            "{}：已在另一个 nianbao 窗口中打开（{}）；请先关闭那个窗口（两处同时编辑会互相覆盖）",
            p(path),
            visible_inline(&holder_zh(holder))
        ),
        (F::ReadOnly { path }, Lang::Zh) => format!(
            "{}：文件是只读的，nianbao 不会擅自改写（可用 chmod u+w {} 改为可写，或另存）",
            p(path),
            p(path)
        ),
        (F::Unreadable { path, reason }, Lang::Zh) => {
            format!("{}：结果无法读回，未写入：{}", p(path), visible(reason))
        }
        (F::Planted { path, kind }, Lang::Zh) => format!(
            "{}：这里是一个{}，而 nianbao 要在这里写自己的文件；没有写入，它指向的文件也未被改动。如果不是您放的，请删除它（rm {}）后再试",
            p(path),
            kind_name(*kind, lang),
            p(path)
        ),
        (F::NotAFile { path, kind }, Lang::Zh) => format!(
            "{}：这是一个{}，不是文件；nianbao 只从普通文件读取草稿（请先复制为文件）",
            p(path),
            kind_name(*kind, lang)
        ),
        (F::TooLarge { path, size, limit }, Lang::Zh) => {
            format!(
                "{}：文件有 {size} 字节，超过 nianbao 可读取的上限（{limit} 字节），未读取；请确认文件是否正确",
                p(path)
            )
        }
        (F::LockedElsewhere { path }, Lang::Zh) => format!(
            "{}：这个文件已用另一个名字（硬链接）在另一个 nianbao 窗口中打开；请先关闭那个窗口（两处同时编辑会互相覆盖）",
            p(path)
        ),
        (F::Exists { path }, Lang::Zh) => format!(
            "{}：文件已存在，nianbao 不会覆盖（用 nianbao edit {} 打开，或换一个文件名）",
            p(path),
            p(path)
        ),
    }
}

/// Said after a save that could not keep a draft's comments in place.
#[must_use]
pub fn comments_copy(copy: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            format!("；草稿中的注释无法原样保留，原文件已另存为 {}", nianbao_text::sanitize::path(copy))
        }
        Lang::En => format!(
            "; the draft's comments could not be kept in place: the file as it was is kept as {}",
            nianbao_text::sanitize::path(copy)
        ),
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&file_error(self, Lang::En))
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FileError::Read { source, .. } | FileError::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}
