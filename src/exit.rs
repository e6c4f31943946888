//! The exit statuses of every command, in one place: scripts and the
//! review desk's callers read them.

/// Exit status: the report has tally errors (or, for `review`, a report
/// with errors or one missing).
pub const EXIT_ERRORS: u8 = 1;
/// Exit status: the input could not be used.
pub const EXIT_UNUSABLE: u8 = 2;
