//! The report core's layers, kept one way: the format knows nothing of the
//! model, the model nothing of the rules, and none of them names the files,
//! the import, the export or the messages above them. And the core itself
//! names no terminal and no command line. A dependency that goes up is a
//! compile error between crates; inside this crate it is this test.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let p = entry.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its unit tests (which may look anywhere)
/// and without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every use of `crate::<above>` in the files of `layer`.
fn reaching_up(layer: &str, above: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let dir = root.join(layer);
    if dir.is_dir() {
        sources(&dir, &mut files);
    }
    let file = root.join(format!("{layer}.rs"));
    if file.is_file() {
        files.push(file);
    }
    assert!(!files.is_empty(), "no sources for the layer {layer}");
    let mut found = Vec::new();
    for f in files {
        let code = code(&f);
        for a in above {
            for pattern in [format!("crate::{a}::"), format!("crate::{a};"), format!("crate::{{{a}")] {
                if code.contains(&pattern) {
                    found.push(format!("{} names {pattern}", f.display()));
                }
            }
        }
    }
    found
}

#[test]
fn lower_layers_never_name_the_upper_ones() {
    let upper = ["io", "import", "export", "i18n", "prose", "combine"];
    let layers: [(&str, &[&str]); 3] =
        [("format", &["model", "rules", "calendar"]), ("model", &["rules"]), ("rules", &[])];
    let mut found = Vec::new();
    for (layer, also) in layers {
        let above: Vec<&str> = upper.iter().chain(also).copied().collect();
        found.extend(reaching_up(layer, &above));
    }
    assert!(found.is_empty(), "a lower layer names an upper one:\n{}", found.join("\n"));
}

#[test]
fn the_format_is_a_leaf_of_the_crate() {
    let found =
        reaching_up("format", &["model", "rules", "io", "import", "export", "i18n", "prose", "combine"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The checker sees a planted upward name: it is not a test that cannot
/// fail.
#[test]
fn the_checker_finds_an_upward_name() {
    let dir = std::env::temp_dir().join(format!("nianbao-layers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let f = dir.join("x.rs");
    std::fs::write(&f, "use crate::i18n::Lang;\n// crate::io:: in a comment is fine\n#[cfg(test)]\nmod tests {\n use crate::io::load;\n}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let code = code(&f);
    assert!(code.contains("crate::i18n::"));
    assert!(!code.contains("crate::io::"), "comments and unit tests are not the layer's code");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The core builds without the terminal, the command line and system
/// calls beyond std's: its manifest names none of their crates (clap only
/// behind a feature).
#[test]
fn the_core_depends_on_no_terminal_and_no_command_line() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let deps = manifest.split("[dependencies]").nth(1).and_then(|d| d.split("\n[").next()).unwrap_or("");
    // rustix too: the core's file safety needs only std and libc's
    // constants; the reading child's limits are set by the binary.
    for name in ["ratatui", "crossterm", "signal-hook", "rustix"] {
        assert!(!deps.lines().any(|l| l.trim_start().starts_with(name)), "the report core depends on {name}");
    }
    let clap = deps.lines().find(|l| l.trim_start().starts_with("clap")).unwrap_or("clap optional = true");
    assert!(clap.contains("optional = true"), "clap must stay optional: {clap}");
    // Tested without them too: no tempfile (rustix), proptest without fork.
    let dev = manifest.split("[dev-dependencies]").nth(1).and_then(|d| d.split("\n[").next()).unwrap_or("");
    for name in ["rustix", "tempfile", "signal-hook"] {
        assert!(!dev.lines().any(|l| l.trim_start().starts_with(name)), "the core's tests depend on {name}");
    }
    let proptest = dev.lines().find(|l| l.trim_start().starts_with("proptest")).unwrap_or("");
    assert!(proptest.contains("default-features = false"), "proptest's fork brings tempfile: {proptest}");
}

/// The crates below the terminal shell stay free of it: the wizard's
/// state machine and the text measures depend on no terminal crate, and
/// the wizard on no command line.
#[test]
fn the_wizard_and_the_text_crate_name_no_terminal() {
    for (krate, forbidden) in [
        ("wizard", &["ratatui", "crossterm", "rustix", "signal-hook", "clap"][..]),
        ("text", &["ratatui", "crossterm"]),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(krate).join("Cargo.toml");
        let manifest = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let deps = manifest.split("[dependencies]").nth(1).and_then(|d| d.split("\n[").next()).unwrap_or("");
        assert!(!deps.trim().is_empty(), "{krate}: no dependencies section read");
        for name in forbidden {
            assert!(!deps.lines().any(|l| l.trim_start().starts_with(name)), "{krate} depends on {name}");
        }
    }
}

/// Every sentence the tool says of its own, in Chinese and English, lives
/// in a messages file (gitui's `strings.rs`): the core's `i18n/`, the
/// review's `review/messages.rs`, the wizard's `app/messages.rs`, the
/// command line's `cli/messages.rs`, the screens' `tui/messages.rs`. Also
/// allowed: documents that are text by nature — the review page's template
/// (`review/html.rs`), the man pages' sections (`cli/manpages.rs`) and the
/// Chinese help table (`cli/args.rs`). A `.pick("…")` or a `Lang::Zh =>`
/// arm with Chinese text anywhere else fails here, with the place.
#[test]
fn every_sentence_lives_in_a_messages_file() {
    const HOMES: &[&str] = &[
        "crates/report/src/i18n/",
        "crates/report/src/review/messages.rs",
        "crates/report/src/review/html.rs",
        "crates/wizard/src/app/messages.rs",
        "src/cli/messages.rs",
        "src/cli/manpages.rs",
        "src/cli/args.rs",
        "src/tui/messages.rs",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    let mut dirs = vec![root.join("src")];
    for krate in ["report", "wizard", "term", "text"] {
        dirs.push(root.join("crates").join(krate).join("src"));
    }
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 50, "{} files read", files.len());
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut strays = Vec::new();
    for path in files {
        let name = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if HOMES.iter().any(|h| name.starts_with(h)) || name.ends_with("tests.rs") {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap_or_default();
        // Unit tests speak of messages; they do not say them.
        let code = code.split("#[cfg(test)]").next().unwrap_or("");
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let next = lines.get(i + 1).copied().unwrap_or("");
            let picked =
                line.contains(".pick(\"") || (line.trim_end().ends_with(".pick(") && next.contains('"'));
            let arm = line.contains("Lang::Zh") && (cjk(line) || cjk(next));
            if picked || arm {
                strays.push(format!("{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(strays.is_empty(), "sentences outside the messages files:\n{}", strays.join("\n"));
}
