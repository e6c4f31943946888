//! The wizard (placeholder until the wizard lands).

use std::path::Path;

use crate::i18n::Lang;

/// Opens the wizard on `file`.
#[must_use]
pub fn run(file: &Path, goto: Option<&str>, lang: Lang) -> u8 {
    let _ = (goto, lang);
    println!("would open {}", file.display());
    0
}
