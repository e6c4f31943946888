//! The wizard's screen geometry ([`nianbao_wizard::geometry`]) in
//! ratatui's rectangles, for the view: the same layout the state scrolls
//! and sizes its editor by.

use nianbao_wizard::geometry::{self as g, Area};
use ratatui_core::layout::Rect;

pub use g::{DETAIL, MIN_H, MIN_W, body_area, editor_size};

fn area(r: Rect) -> Area {
    Area::new(r.x, r.y, r.width, r.height)
}

fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

/// The regions of the screen, top to bottom.
pub struct Areas {
    pub title: Rect,
    pub steps: Rect,
    pub guidance: Rect,
    pub body: Rect,
    pub detail: Rect,
    pub keys: Rect,
}

/// The regions of a screen `r` with `guidance` lines of guidance.
pub fn areas(guidance: u16, r: Rect) -> Areas {
    let a = g::areas(guidance, area(r));
    Areas {
        title: rect(a.title),
        steps: rect(a.steps),
        guidance: rect(a.guidance),
        body: rect(a.body),
        detail: rect(a.detail),
        keys: rect(a.keys),
    }
}

/// The text fields' area and, with `reference`, last year's panel beside.
pub fn fields_area(reference: bool, body: Rect) -> (Rect, Option<Rect>) {
    let (left, right) = g::fields_area(reference, area(body));
    (rect(left), right.map(rect))
}

/// Where the narrative editor's text goes in the fields' area.
pub fn editor_rect(body: Rect) -> Rect {
    rect(g::editor_rect(area(body)))
}
