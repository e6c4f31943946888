//! The terminal engine: everything between a terminal and a screen of
//! text, knowing nothing of reports. Built for SSH: our own input loop
//! notices a lost terminal, sequences split by a slow link are joined, and
//! a frame writes only the rows and cells that changed, in as few bytes as
//! they need.
//!
//! - [`input`]: `poll(2)` on the terminal and a signal pipe; bytes decoded
//!   to crossterm's key events.
//! - [`cells`]: the packed glyphs and looks a screen is made of.
//! - [`canvas`]: a frame as drawing operations, row by row.
//! - [`screen`]: the last frame kept, the next one diffed against it.
//! - [`writer`]: the row diff written with the fewest bytes (cursor moves,
//!   colours, wide characters, OSC 52).
//!
//! Text is measured through `nianbao-text`, the one place widths come from.

pub mod canvas;
pub mod cells;
pub mod input;
pub mod screen;
pub mod writer;
