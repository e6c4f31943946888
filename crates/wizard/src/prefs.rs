//! What the wizard remembers between sessions: `prefs` in
//! `$XDG_CONFIG_HOME/nianbao/` (or `~/.config/nianbao/`), `key = value`
//! lines. Unreadable or missing means the defaults; a failed write is
//! silently skipped (a preference is never worth an error).

use std::path::PathBuf;

fn path() -> Option<PathBuf> {
    // The XDG spec: a relative value is invalid and must be ignored.
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("nianbao").join("prefs"))
}

/// Whether the user folded the guidance text last time.
#[must_use]
pub fn guidance_folded() -> bool {
    path()
        .and_then(|p| crate::io::read_small(&p, 4096))
        .is_some_and(|t| t.lines().any(|l| l.replace(' ', "") == "guidance_folded=true"))
}

/// Remembers the guidance text's state.
pub fn set_guidance_folded(folded: bool) {
    let Some(p) = path() else { return };
    if let Some(dir) = p.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = crate::io::write_atomic(&p, format!("guidance_folded = {folded}\n").as_bytes());
}
