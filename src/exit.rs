//! The exit statuses of every command, in one place: scripts and the
//! review desk's callers read them.

/// Exit status: the report has tally errors (or, for `review`, a report
/// with errors or one missing).
pub const EXIT_ERRORS: u8 = 1;
/// Exit status: the input could not be used.
pub const EXIT_UNUSABLE: u8 = 2;

/// The exit status of a review: 2 when no report could be read at all, 1
/// when a report has errors, is incomplete or unreadable, or one is
/// missing or sent twice, else 0.
#[must_use]
pub fn of_review(r: &crate::review::Review) -> u8 {
    use crate::review::Status;
    if r.entries.iter().all(|e| e.report.is_none()) {
        return EXIT_UNUSABLE;
    }
    let bad = r
        .entries
        .iter()
        .any(|e| matches!(e.status(), Status::Errors | Status::Incomplete | Status::Unreadable));
    if bad || !r.missing.is_empty() || !r.duplicates.is_empty() { EXIT_ERRORS } else { 0 }
}
