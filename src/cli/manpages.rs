//! Man pages for the program and each visible subcommand, in English
//! (`DIR/man1/`) and Chinese (`DIR/zh_CN/man1/`), the layout of
//! `/usr/share/man`. The names, synopses and options come from the same
//! clap definitions as `--help` (in the page's language); the sections
//! clap knows nothing of — EXIT STATUS on every page, ENVIRONMENT and
//! FILES on `nianbao(1)` — are written here.

use std::fmt::Write as _;
use std::path::Path;

use crate::exit::{EXIT_ERRORS, EXIT_UNUSABLE};
use crate::i18n::Lang;
use crate::io;

/// One section of a page: its heading and its tagged paragraphs.
struct Section {
    heading: &'static str,
    items: &'static [(&'static str, &'static str)],
}

fn exit_status(lang: Lang) -> Section {
    // The statuses are those of `crate::exit`; the test
    // `man_pages_say_exit_status_environment_and_files` reads them here.
    const _: () = assert!(EXIT_ERRORS == 1 && EXIT_UNUSABLE == 2);
    match lang {
        Lang::En => Section {
            heading: "EXIT STATUS",
            items: &[
                (
                    "0",
                    "Success. check: no tally rule broken in any file (warnings allowed). diff: the drafts \
                     are equal. review: every report clean and none missing.",
                ),
                (
                    "1",
                    "check and export: a tally rule is broken (export writes nothing without --force). \
                     diff: the drafts differ. review: a report has errors, is incomplete or unreadable, \
                     or one is missing or sent twice.",
                ),
                (
                    "2",
                    "The input could not be used: a file unreadable, malformed, too large or held by a \
                     wizard; a wrong argument. review: no report could be read at all.",
                ),
            ],
        },
        Lang::Zh => Section {
            heading: "退出状态",
            items: &[
                (
                    "0",
                    "成功。check：所有文件都没有勾稽错误（可以有警告）；diff：两份草稿相同；review：\
                     所有报告均无问题，也无缺报。",
                ),
                (
                    "1",
                    "check 和 export：有勾稽关系不成立（export 不加 --force 时不写文件）；diff：两份草稿\
                     不同；review：有报告存在错误、未填完或无法读取，或有机关缺报、重复报送。",
                ),
                (
                    "2",
                    "输入无法使用：文件无法读取、格式错误、过大或正被向导打开；参数有误；review：\
                     一份报告也读不出。",
                ),
            ],
        },
    }
}

fn environment(lang: Lang) -> Section {
    match lang {
        Lang::En => Section {
            heading: "ENVIRONMENT",
            items: &[
                (
                    "NIANBAO_LANG",
                    "zh or en: the language of the screens, messages and help when --lang is not given \
                     (a server installed in English gets Chinese with NIANBAO_LANG=zh). Unset, the locale \
                     decides (LC_ALL, LC_MESSAGES, LANG): English unless it names Chinese.",
                ),
                (
                    "NIANBAO_AMBIGUOUS_WIDTH",
                    "auto, narrow or wide: how the terminal draws East Asian ambiguous-width characters \
                     (“ ” … ① ×), as --ambiguous-width. auto asks the terminal at start-up.",
                ),
                ("NO_COLOR", "Set and not empty: no colours, marks and bold only."),
                (
                    "XDG_CONFIG_HOME",
                    "Where the wizard keeps its preferences (see FILES). Only an absolute path counts \
                     (the XDG rule); otherwise ~/.config.",
                ),
                (
                    "LANG, LC_ALL, LC_CTYPE",
                    "The locale. In a GBK locale the command line says how to switch to UTF-8, the only \
                     encoding nianbao writes.",
                ),
            ],
        },
        Lang::Zh => Section {
            heading: "环境变量",
            items: &[
                (
                    "NIANBAO_LANG",
                    "zh 或 en：未给 --lang 时界面、提示和帮助所用的语言（以英文安装的服务器设 \
                     NIANBAO_LANG=zh 即得中文）。未设时由区域设置（LC_ALL、LC_MESSAGES、LANG）决定：\
                     不是中文的区域设置用英文。",
                ),
                (
                    "NIANBAO_AMBIGUOUS_WIDTH",
                    "auto、narrow 或 wide：终端显示东亚“宽度不定”字符（“ ” … ① ×）的宽度，同 \
                     --ambiguous-width。auto 在启动时询问终端。",
                ),
                ("NO_COLOR", "设置且不为空时不用颜色，只用标记和粗体。"),
                (
                    "XDG_CONFIG_HOME",
                    "向导保存偏好设置的位置（见“文件”）。只认绝对路径（XDG 规范），否则用 ~/.config。",
                ),
                (
                    "LANG、LC_ALL、LC_CTYPE",
                    "区域设置。区域设置为 GBK 时，命令行会提示如何改用 UTF-8（nianbao 只输出 UTF-8）。",
                ),
            ],
        },
    }
}

fn files(lang: Lang) -> Section {
    match lang {
        Lang::En => Section {
            heading: "FILES",
            items: &[
                (
                    ".FILE.lock",
                    "Beside a draft FILE while a wizard has it open, naming who holds it (user, host, \
                     process, since when). set, new, import and sum do not write a draft whose lock is \
                     held. The lock ends with its process, however it ends; a link planted at that name \
                     is refused, never followed.",
                ),
                (
                    ".FILE.recover",
                    "Everything typed into FILE and not saved, written when the connection drops, the \
                     terminal closes or the wizard is told to stop, and whenever the user pauses. The \
                     next start offers to restore it.",
                ),
                ("FILE.recovered.ron", "The recovered draft, when asked to keep both it and FILE."),
                (
                    "FILE.mine.ron",
                    "The wizard's version, when FILE was changed on disk after the wizard read it \
                     (nianbao diff FILE FILE.mine.ron shows the differences).",
                ),
                (
                    "$XDG_CONFIG_HOME/nianbao/prefs",
                    "What the wizard remembers between sessions (~/.config/nianbao/prefs when \
                     XDG_CONFIG_HOME is not set).",
                ),
            ],
        },
        Lang::Zh => Section {
            heading: "文件",
            items: &[
                (
                    ".FILE.lock",
                    "向导打开草稿 FILE 期间放在它旁边，写明由谁打开（用户、主机、进程、开始时间）。\
                     set、new、import、sum 不写入被锁定的草稿。进程无论怎样结束，锁都随之解除；\
                     有人在此处放置链接时拒绝使用，绝不跟随。",
                ),
                (
                    ".FILE.recover",
                    "FILE 中已输入但未保存的全部内容：连接断开、终端关闭、向导被要求退出时写入，\
                     停顿时也会写入。下次打开时询问是否恢复。",
                ),
                ("FILE.recovered.ron", "选择“两份都保留”时恢复出的草稿。"),
                (
                    "FILE.mine.ron",
                    "向导读入 FILE 之后 FILE 在磁盘上被改动时，向导的版本存到这里（用 nianbao diff \
                     FILE FILE.mine.ron 查看差别）。",
                ),
                (
                    "$XDG_CONFIG_HOME/nianbao/prefs",
                    "向导在两次使用之间记住的设置（未设 XDG_CONFIG_HOME 时为 ~/.config/nianbao/prefs）。",
                ),
            ],
        },
    }
}

/// `clap_mangen`'s own headings, in Chinese for the `zh_CN` pages.
const HEADINGS_ZH: &[(&str, &str)] = &[
    ("NAME", "名称"),
    ("SYNOPSIS", "概述"),
    ("DESCRIPTION", "描述"),
    ("OPTIONS", "选项"),
    ("SUBCOMMANDS", "命令"),
    ("VERSION", "版本"),
    ("AUTHORS", "作者"),
];

/// Text for a roff paragraph: backslashes escaped, and a line never
/// starting with a control character.
fn roff_text(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with(['.', '\'']) { format!("\\&{s}") } else { s }
}

fn render_section(out: &mut String, section: &Section) {
    let _ = writeln!(out, ".SH \"{}\"", section.heading);
    for (term, text) in section.items {
        let _ = writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff_text(term), roff_text(text));
    }
}

/// One page: `clap_mangen`'s rendering of `cmd`, its headings in `lang`,
/// and our sections before VERSION (or at the end).
fn page(cmd: clap::Command, lang: Lang, top: bool) -> std::io::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    let rendered = String::from_utf8_lossy(&buf).into_owned();
    let mut extra = String::new();
    render_section(&mut extra, &exit_status(lang));
    if top {
        render_section(&mut extra, &environment(lang));
        render_section(&mut extra, &files(lang));
    } else {
        let _ = writeln!(extra, ".SH \"{}\"\nnianbao(1)", lang.pick("参见", "SEE ALSO"));
    }
    let mut out = String::new();
    let mut placed = false;
    for line in rendered.lines() {
        if let Some(heading) = line.strip_prefix(".SH ") {
            if heading.trim_matches('"') == "VERSION" && !placed {
                out.push_str(&extra);
                placed = true;
            }
            if lang == Lang::Zh {
                let bare = heading.trim_matches('"');
                if let Some((_, zh)) = HEADINGS_ZH.iter().find(|(en, _)| *en == bare) {
                    let _ = writeln!(out, ".SH \"{zh}\"");
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
        // Ragged right, no hyphenation: justified Chinese lines stretch
        // the spaces around every Latin word.
        if line.starts_with(".TH ") {
            out.push_str(".ad l\n.nh\n");
        }
    }
    if !placed {
        out.push_str(&extra);
    }
    Ok(out)
}

/// `nianbao manpages DIR`: `DIR/man1/*.1` in English and
/// `DIR/zh_CN/man1/*.1` in Chinese, one page for the program and one for
/// each visible subcommand.
pub(super) fn write_all(dir: &Path) -> Result<(), String> {
    for (lang, sub) in [(Lang::En, "man1"), (Lang::Zh, "zh_CN/man1")] {
        let folder = dir.join(sub);
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let cmd = super::args::command(lang);
        let mut pages = vec![("nianbao".to_owned(), cmd.clone(), true)];
        pages.extend(cmd.get_subcommands().filter(|c| !c.is_hide_set()).map(|c| {
            let name = format!("nianbao-{}", c.get_name());
            (name.clone(), c.clone().name(name), false)
        }));
        for (name, cmd, top) in pages {
            let path = folder.join(format!("{name}.1"));
            let text = page(cmd, lang, top).map_err(|e| format!("{}: {e}", path.display()))?;
            io::write_atomic(&path, text.as_bytes())
                .map_err(|e| format!("{}: {}", path.display(), crate::i18n::file_error(&e, Lang::En)))?;
        }
    }
    Ok(())
}
