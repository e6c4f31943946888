//! Fingerprints of what the screen shows, so a frame draws only what
//! changed: one for the whole state ([`view_key`]) and one per table cell
//! ([`cell_stamps`]). They are the view's business: the wizard's state
//! knows nothing of them.

use crate::format::{self, FieldId, Severity};
use crate::model::Value;
use crate::rules;
use crate::text::Ambiguous;
use crate::tui::app::{App, Mode};
use crate::tui::canvas;

/// A fingerprint of everything the screen shows: when a key leaves it
/// unchanged, nothing needs laying out or drawing.
#[must_use]
pub fn view_key(app: &App) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = canvas::Fx::default();
    (app.step, app.cursor, app.offset, app.help, app.help_scroll, app.quitting).hash(&mut h);
    (app.modified, app.revision, app.size, app.guidance_folded, app.ambiguous == Ambiguous::Wide)
        .hash(&mut h);
    app.status.as_ref().map(|s| (&s.text, s.error)).hash(&mut h);
    app.ask.is_some().hash(&mut h);
    app.path.as_os_str().hash(&mut h);
    match &app.mode {
        Mode::Normal => 0u8.hash(&mut h),
        Mode::EditLine { field, line } => {
            (1u8, field, line.text(), line.before_caret().len()).hash(&mut h);
        }
        Mode::EditText { field, editor } => {
            (2u8, field, editor.text(), editor.caret(), editor.selection(), editor.top()).hash(&mut h);
            editor.caret_screen().hash(&mut h);
        }
        Mode::NewDraft { line } => (3u8, line.text(), line.before_caret().len()).hash(&mut h),
    }
    h.finish()
}

/// Per field, a fingerprint of what its table cell shows, apart from the
/// focus and the text being typed: its value, the sum an empty total will
/// hold, the first tally error flagged there with the value expected, and
/// whether it is the likely typo. A table row is drawn again only when a
/// fingerprint of one of its cells changes. For the step's table (0
/// elsewhere); [`super::Painter`] keeps them per revision and step.
#[must_use]
pub fn cell_stamps(app: &App) -> Vec<u64> {
    use compact_str::ToCompactString;
    let n = format::schema().fields.len();
    let mut stamps = vec![0; n];
    let Some(grid) = app.grid() else { return stamps };
    // As the view reads them: the first error with an expected value
    // at a cell, and whether any diagnostic names the cell as a typo
    // (a few cells at most: looked up in short lists).
    let mut firsts: Vec<(FieldId, (Option<i64>, i64))> = Vec::new();
    let mut typos: Vec<FieldId> = Vec::new();
    let mut flagged = vec![false; n];
    for d in &app.diagnostics {
        if d.severity == Severity::Error
            && let Some(expected) = d.expected
            && !firsts.iter().any(|(id, _)| *id == d.cell)
        {
            firsts.push((d.cell, (d.found, expected)));
            flagged[d.cell] = true;
        }
        if let Some(sp) = d.suspect {
            typos.push(sp.cell);
            flagged[sp.cell] = true;
        }
    }
    for &id in grid.rows.iter().flatten() {
        let value = match app.report.get(id) {
            Value::Count(v) => canvas::key(v),
            other => canvas::key(other.to_compact_string()),
        };
        let flags = flagged[id]
            .then(|| (firsts.iter().find(|(c, _)| *c == id).map(|(_, f)| *f), typos.contains(&id)));
        stamps[id] = canvas::key((value, rules::computed(&app.report, id), flags));
    }
    stamps
}
