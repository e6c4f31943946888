//! The command line read: its definition in the user's language (help
//! texts, placeholders, headings), the parse, and what is said when it is
//! wrong — clap's errors in Chinese with their suggestions, a mistyped
//! first word caught before it names a new draft, and Chinese help wrapped
//! to the terminal by display width. The commands themselves are in
//! `cli`.
//!
//! clap renders help and errors in English; the Chinese is laid over its
//! output (`help_zh`) and its error context (`clap_zh`) rather than
//! replacing its renderer. The cost: a change in clap's wording of those
//! few words (`[OPTIONS]`, `[env: …]`) shows through until mapped here.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::{Cli, EXIT_UNUSABLE};
use crate::i18n::Lang;

/// Chinese help texts, by subcommand (`""` for the program) and argument
/// (`None` for the command's own description). The English ones are the
/// doc comments above.
const HELP_ZH: &[(&str, Option<&str>, &str)] = &[
    ("", None, "按 2021 年国家格式起草、检查和发布政府信息公开工作年度报告。"),
    (
        "",
        Some("lang"),
        "界面语言：zh（中文）或 en（英文）；默认按环境变量 NIANBAO_LANG，其次按系统语言环境，都未设置时为中文",
    ),
    ("", Some("file"), "在向导中打开的草稿（不存在时新建）"),
    ("", Some("previous"), "上年的报告：显示在各格旁边，并用于核对（上年结转、现行有效件数）"),
    (
        "",
        Some("ambiguous_width"),
        "终端如何显示宽度不明确的字符（“ ” … ① × 等）：auto 启动时询问终端，narrow 占一列，wide 占两列（PuTTY、Xshell、SecureCRT 设为“模糊宽度字符视为宽字符”时）；也可用环境变量 NIANBAO_AMBIGUOUS_WIDTH",
    ),
    ("edit", None, "在向导中打开草稿，可直接跳到某一格或某一节。"),
    ("edit", Some("file"), "草稿文件"),
    ("edit", Some("goto"), "单元格地址（如 requests.new.total）或栏目名（如 requests）"),
    ("edit", Some("previous"), "上年的报告：显示在各格旁边，并用于核对"),
    ("new", None, "新建草稿。"),
    ("new", Some("file"), "要创建的草稿文件（已存在则不覆盖）"),
    ("new", Some("organ"), "机关名称（全称）；用 --from 时可省略"),
    ("new", Some("from"), "从上年的报告开始：沿用机关名称、上年结转件数，并在向导中显示上年的“五”"),
    ("new", Some("year"), "报告年度（默认为上一年）"),
    ("new", Some("zeros"), "表格各格全部填 0（本年没有申请的机关）"),
    ("check", None, "按格式的勾稽关系检查草稿。"),
    ("check", Some("files"), "要检查的草稿（可以多个）"),
    ("check", Some("format"), "输出格式：text（文字）或 json"),
    ("check", Some("previous"), "上年的报告，用于跨年度核对"),
    (
        "export",
        None,
        "发布报告：HTML 网页、Markdown、纯文本、按官方模板排版的 Word 文档，或 PDF（需安装 LibreOffice）。",
    ),
    ("export", Some("file"), "草稿文件"),
    ("export", Some("to"), "导出格式：html、md、txt、docx（Word）或 pdf"),
    ("export", Some("output"), "写入此文件（文本格式默认输出到标准输出；Word 和 PDF 默认与草稿同名）"),
    ("export", Some("force"), "勾稽关系有错误时也导出，并覆盖已有的输出文件"),
    (
        "review",
        None,
        "审核汇总：一次检查一个或多个文件夹中各单位报送的全部年度报告（草稿、Word、PDF、网页、文本），与上年报告对应，列出未报送和重复报送的机关，并汇总。退出码 0：全部通过（可有提醒）；1：有错误、不完整、无法读取、未报送或重复报送；2：没有一份可读。",
    ),
    ("review", Some("dirs"), "报送报告所在的文件夹（可以多个）"),
    ("review", Some("previous"), "上年报告所在的文件夹（任何形式），按机关名称对应，用于跨年度核对"),
    ("review", Some("roster"), "应报送机关的名单，每行一个机关名称"),
    ("review", Some("output"), "把审核汇总写成一个 HTML 页面（计数、一览表、各报告的问题、图表）"),
    ("review", Some("format"), "输出格式：text（文字）或 json"),
    ("review", Some("sum"), "把各可读报告的合计写成一份新草稿（不覆盖已有文件）"),
    ("sum", None, "把同一年度多个机关的报告汇总成一套表格。"),
    ("sum", Some("files"), "要汇总的草稿"),
    ("sum", Some("output"), "汇总结果写入的草稿（不覆盖已有文件）"),
    ("sum", Some("organ"), "汇总报告的机关名称"),
    ("prose", None, "按表三起草“一（二）依申请公开”的标准表述并输出。"),
    ("prose", Some("file"), "草稿文件"),
    (
        "import",
        None,
        "把已发布的报告读成草稿：门户网站文字、浏览器复制的内容、保存的网页（HTML）、官方 PDF 或 Word（.docx）。退出码 0：各表各格都已找到；1：已写出草稿但不完整（列出待补的内容）；2：没有可用内容，未写任何文件。",
    ),
    ("import", Some("published"), "已发布的报告文件"),
    ("import", Some("output"), "要写出的草稿（不覆盖已有文件）"),
    ("import", Some("format"), "结尾摘要的格式：text（文字）或 json（供脚本使用）"),
    ("get", None, "输出一个单元格或文字栏目的内容。"),
    ("get", Some("file"), "草稿文件"),
    ("get", Some("address"), "地址，如 requests.new.total 或 overview.platforms"),
    ("diff", None, "列出两份草稿不同的栏目（地址：A → B），例如草稿与向导另存的副本。"),
    ("diff", Some("a"), "第一份草稿"),
    ("diff", Some("b"), "第二份草稿"),
    (
        "completions",
        None,
        "输出 bash、zsh 或 fish 的命令补全脚本（如 nianbao completions bash > /etc/bash_completion.d/nianbao）。",
    ),
    ("completions", Some("shell"), "shell 名称：bash、zsh、fish、elvish 或 powershell"),
    ("set", None, "写入一个单元格或文字栏目（写 \"\" 清空）。"),
    ("set", Some("file"), "草稿文件"),
    ("set", Some("address"), "地址，如 requests.new.total"),
    ("set", Some("value"), "要写入的值"),
];

/// The language asked for on the command line (`--lang zh|en`), else the
/// locale's: decided before parsing, so `--help` speaks it too.
fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        let value = if a == "--lang" { it.next() } else { a.strip_prefix("--lang=") };
        match value {
            Some("en") => return Lang::En,
            Some("zh") => return Lang::Zh,
            _ => {}
        }
    }
    Lang::from_env()
}

/// The command-line definition in `lang`: help texts, headings and the
/// built-in help and version flags.
#[must_use]
pub fn command(lang: Lang) -> clap::Command {
    let cmd = <Cli as clap::CommandFactory>::command();
    if lang == Lang::En {
        return cmd;
    }
    localise(cmd, "")
}

fn localise(mut cmd: clap::Command, name: &str) -> clap::Command {
    use clap::{Arg, ArgAction};
    for &(_, arg, zh) in HELP_ZH.iter().filter(|(sub, ..)| *sub == name) {
        cmd = match arg {
            None => cmd.about(zh).long_about(None),
            // Only arguments that exist: a table slip must not panic.
            // The possible values are named in the Chinese text itself.
            Some(a) if cmd.get_arguments().any(|x| x.get_id() == a) => cmd.mut_arg(a, |x| {
                let listed = x.get_action().takes_values() && !x.get_possible_values().is_empty();
                x.help(zh).long_help(None).hide_possible_values(listed)
            }),
            Some(_) => cmd,
        };
    }
    // clap's own help and version flags are made at build time; ours are
    // declared here with Chinese texts.
    cmd = cmd
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"))
        .subcommand_help_heading("命令")
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}");
    if name.is_empty() {
        cmd = cmd
            .disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"));
    }
    let args: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for a in args {
        cmd = cmd.mut_arg(a, |x| {
            let heading = if x.is_positional() { "参数" } else { "选项" };
            let x = x.help_heading(heading);
            // The placeholder in Chinese too (`<文件>`, not `<FILE>`).
            match value_name_zh(x.get_id().as_str()) {
                Some(name) if x.get_action().takes_values() => x.value_name(name),
                _ => x,
            }
        });
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub.clone(), |c| localise(c, &sub));
    }
    cmd
}

/// The Chinese placeholder of an argument's value, by the argument's id.
fn value_name_zh(id: &str) -> Option<&'static str> {
    Some(match id {
        "lang" => "语言",
        "ambiguous_width" => "宽度",
        "file" | "files" | "a" | "b" => "草稿",
        "previous" | "from" => "上年报告",
        "goto" | "address" => "地址",
        "organ" => "机关名称",
        "year" => "年度",
        "format" | "to" => "格式",
        "output" => "输出文件",
        "published" => "已发布的报告",
        "value" => "值",
        "shell" => "shell",
        "dir" => "目录",
        "dirs" => "文件夹",
        "roster" => "名单",
        "sum" => "汇总草稿",
        _ => return None,
    })
}

/// Parses the process's command line, with help in the user's language.
#[must_use]
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang_of_args(&args);
    let args = first_word(args, lang);
    let matches = command(lang).try_get_matches_from(args).unwrap_or_else(|e| clap_exit(&e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| clap_exit(&e, lang))
}

/// The first word of a command line that is not an option: `help [SUB]`
/// becomes `[SUB] --help`; a subcommand, an existing file or a `.ron` name
/// is left as it is; anything else is not taken for a new draft's name
/// (`nianbao chek 2026.ron` is a typo, not a draft called `chek`): the
/// command it resembles is suggested, or what to type instead, and the
/// program leaves with status 2.
fn first_word(mut args: Vec<std::ffi::OsString>, lang: Lang) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        if matches!(a, "--lang" | "--ambiguous-width" | "--previous") {
            i += 2;
        } else if a.starts_with('-') && a.contains('=') && a.starts_with("--") {
            i += 1;
        } else if a.starts_with('-') {
            return args;
        } else {
            break;
        }
    }
    let Some(word) = args.get(i).and_then(|a| a.to_str()).map(str::to_owned) else { return args };
    let cmd = command(lang);
    let subs: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    if word == "help" {
        args.remove(i);
        args.push("--help".into());
        return args;
    }
    if subs.contains(&word)
        || Path::new(&word).exists()
        || Path::new(&word).extension().is_some_and(|e| e == "ron")
    {
        return args;
    }
    let w: Vec<char> = word.chars().collect();
    let near = subs
        .iter()
        .map(|s| (crate::import::distance(&w, &s.chars().collect::<Vec<_>>()), s))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d);
    let shown = crate::sanitize::visible_inline(&word);
    let msg = super::messages::no_such_command(lang, &shown, near.map(|(_, s)| s.as_str()));
    eprintln!("nianbao: {msg}");
    std::process::exit(i32::from(EXIT_UNUSABLE))
}

/// Leaves on a command-line error, in the user's language. clap's message
/// quotes what was typed (`--lang` followed by an escape sequence, say):
/// it goes through the same gate as every other output, as plain text.
/// Help and the version are clap's own.
fn clap_exit(e: &clap::Error, lang: Lang) -> ! {
    use clap::error::ErrorKind as K;
    if lang == Lang::Zh && matches!(e.kind(), K::DisplayHelp | K::DisplayHelpOnMissingArgumentOrSubcommand) {
        let text = help_zh(&e.render().to_string(), help_width());
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        std::process::exit(if e.kind() == K::DisplayHelp { 0 } else { e.exit_code() })
    }
    if matches!(e.kind(), K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand) {
        e.exit()
    }
    let text = match lang {
        Lang::Zh => clap_zh(e).map_or_else(|| e.render().to_string(), |t| format!("nianbao: {t}\n")),
        Lang::En => e.render().to_string(),
    };
    let _ = std::io::stderr().lock().write_all(crate::sanitize::visible(&text).as_bytes());
    std::process::exit(e.exit_code())
}

/// The width help is wrapped to: `COLUMNS`, else the terminal's, else
/// none (help piped to a file keeps its lines whole).
fn help_width() -> usize {
    use std::os::fd::AsFd as _;
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .or_else(|| {
            let out = std::io::stdout();
            out.is_terminal()
                .then(|| rustix::termios::tcgetwinsize(out.as_fd()).ok().map(|w| usize::from(w.ws_col)))
                .flatten()
        })
        .filter(|&w| w >= 40)
        .unwrap_or(usize::MAX)
}

/// clap's help in Chinese throughout: its words (`[OPTIONS]`, `[env: …]`,
/// `[default: …]`) and headings' colons in Chinese, and every line
/// wrapped to `width` by display columns, continuation lines under the
/// text they continue.
fn help_zh(text: &str, width: usize) -> String {
    let mode = crate::text::Ambiguous::Narrow;
    let text = text
        .replace("[OPTIONS]", "[选项]")
        .replace("[COMMAND]", "[命令]")
        .replace("<COMMAND>", "<命令>")
        .replace("[env: ", "[环境变量：")
        .replace("[default: ", "[默认：")
        .replace("[possible values: ", "[可选：");
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.lines() {
        let line = match line.strip_suffix(':') {
            Some(h) if !h.starts_with(' ') && !h.is_empty() => format!("{h}："),
            _ => line.to_owned(),
        };
        if crate::text::width(&line, mode) <= width {
            out.push_str(&line);
            out.push('\n');
            continue;
        }
        // Where the text of the line starts: after its indent, and after a
        // name and the run of spaces that aligns the descriptions.
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let text_at = rest
            .find("  ")
            .and_then(|i| rest[i..].find(|c: char| c != ' ').map(|j| indent + i + j))
            .filter(|&at| crate::text::width(&line[..at], mode) < width / 2)
            .unwrap_or(indent);
        let lead = crate::text::width(&line[..text_at], mode);
        for (k, piece) in
            crate::text::wrap(&line[text_at..], width.saturating_sub(lead).max(20), mode).iter().enumerate()
        {
            if k == 0 {
                out.push_str(&line[..text_at]);
            } else {
                out.push_str(&" ".repeat(lead));
            }
            out.push_str(piece.trim_end());
            out.push('\n');
        }
    }
    out
}

/// clap's error in Chinese, from what it knows about it; `None` for the
/// kinds not translated (their English text is shown).
fn clap_zh(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    let get = |k: C| match e.get(k) {
        Some(V::String(s)) => Some(s.clone()),
        Some(V::Strings(v)) => Some(v.join("、")),
        Some(V::StyledStr(s)) => Some(s.to_string()),
        Some(V::StyledStrs(v)) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join("、")),
        _ => None,
    };
    let arg = get(C::InvalidArg).unwrap_or_default();
    let hint = "（nianbao --help 或 nianbao 命令 --help 查看用法）";
    let suggest = |what: Option<String>| what.map(|s| format!("；是不是 {s}？")).unwrap_or_default();
    Some(match e.kind() {
        K::MissingRequiredArgument => format!("缺少参数：{arg}{hint}"),
        K::InvalidValue => format!(
            "{arg} 的值“{}”无效{}{}",
            get(C::InvalidValue).unwrap_or_default(),
            get(C::ValidValue).map(|v| format!("；可用的值：{v}")).unwrap_or_default(),
            suggest(get(C::SuggestedValue))
        ),
        K::UnknownArgument => format!("不认识的参数：{arg}{}{hint}", suggest(get(C::SuggestedArg))),
        K::InvalidSubcommand => format!(
            "没有 {} 这个命令{}{hint}",
            get(C::InvalidSubcommand).unwrap_or_default(),
            suggest(get(C::SuggestedSubcommand))
        ),
        K::NoEquals | K::ValueValidation => format!("{arg} 的值有误{hint}"),
        K::TooManyValues | K::WrongNumberOfValues | K::TooFewValues => format!("{arg} 的值的个数不对{hint}"),
        K::ArgumentConflict => {
            format!("{arg} 不能与 {} 同时使用{hint}", get(C::PriorArg).unwrap_or_default())
        }
        K::MissingSubcommand => format!("缺少命令{hint}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Chinese help line names a command and an argument that exist:
    /// a renamed argument would otherwise lose its Chinese help silently.
    #[test]
    fn every_chinese_help_line_names_a_real_argument() {
        let cmd = <Cli as clap::CommandFactory>::command();
        for &(sub, arg, _) in HELP_ZH {
            let c = if sub.is_empty() {
                &cmd
            } else {
                cmd.find_subcommand(sub).unwrap_or_else(|| panic!("no command {sub}"))
            };
            if let Some(a) = arg {
                assert!(c.get_arguments().any(|x| x.get_id() == a), "{sub}: no argument {a}");
            }
        }
        // And every argument a user sees has its Chinese line.
        let visible = cmd.get_subcommands().filter(|c| !c.is_hide_set()).map(|c| (c.get_name(), c));
        for (sub, c) in std::iter::once(("", &cmd)).chain(visible) {
            for a in c.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = a.get_id().as_str();
                let global = cmd.get_arguments().any(|g| g.get_id() == id && g.is_global_set());
                assert!(
                    global && !sub.is_empty() || HELP_ZH.iter().any(|&(s, x, _)| s == sub && x == Some(id)),
                    "{sub} --{id} has no Chinese help"
                );
            }
        }
    }
}
