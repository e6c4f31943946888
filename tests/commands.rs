//! The binary on the command line: exit codes, messages and files for good
//! and bad input, files at the edges and in shared folders, recovery, and
//! the review desk.
//!
//! One test binary per group (linking is most of a test build); each
//! module is its own file beside this one, and says what it specifies.
//! `tests/README.md` maps them.

mod common;

#[path = "cli.rs"]
mod cli;
#[path = "edges.rs"]
mod edges;
#[path = "recovery_props.rs"]
mod recovery_props;
#[path = "review.rs"]
mod review;
#[path = "safety.rs"]
mod safety;
