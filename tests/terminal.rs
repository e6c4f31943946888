//! The wizard and the terminal: the wizard driven by actions, whole
//! screens, ambiguous-width terminals, the terminal writer, byte budgets,
//! the real binary in a pty, and a terminal that goes away.
//!
//! One test binary per group (linking is most of a test build); each
//! module is its own file beside this one, and says what it specifies.
//! `tests/README.md` maps them.

mod common;

#[path = "ambiguous.rs"]
mod ambiguous;
#[path = "bytes.rs"]
mod bytes;
#[path = "drop.rs"]
mod drop;
#[path = "e2e.rs"]
mod e2e;
#[path = "screens.rs"]
mod screens;
#[path = "wizard.rs"]
mod wizard;
#[path = "writer.rs"]
mod writer;
