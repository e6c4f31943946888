//! The wizard's screen geometry, in plain numbers: where the title, the
//! step bar, the guidance, the body, the detail lines and the key bar are
//! for a terminal size, and the narrative editor's place in the body. The
//! state reads it (scrolling, the editor's width) and the view draws on it
//! (converted to its own rectangles): both see the same layout.

/// Smallest usable terminal.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 18;
/// Lines below the body: label (2), meaning or rule (1), status (1).
pub const DETAIL: u16 = 4;

/// A rectangle of the screen, in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Area {
    #[must_use]
    pub const fn new(x: u16, y: u16, width: u16, height: u16) -> Area {
        Area { x, y, width, height }
    }
}

/// Size of the body area for a terminal of `w` x `h`.
#[must_use]
pub fn body_area(w: u16, h: u16, guidance: u16) -> (u16, u16) {
    (w, h.saturating_sub(2 + guidance + DETAIL + 1))
}

/// The regions of the screen, top to bottom.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub title: Area,
    pub steps: Area,
    pub guidance: Area,
    pub body: Area,
    pub detail: Area,
    pub keys: Area,
}

/// The regions of a screen `area` with `g` lines of guidance.
#[must_use]
pub fn areas(g: u16, area: Area) -> Areas {
    let (_, body_h) = body_area(area.width, area.height, g);
    let row = |y: u16, h: u16| Area::new(area.x, area.y + y, area.width, h);
    Areas {
        title: row(0, 1),
        steps: row(1, 1),
        guidance: row(2, g),
        body: row(2 + g, body_h),
        detail: row(2 + g + body_h, DETAIL),
        keys: row(area.height.saturating_sub(1), 1),
    }
}

/// The text fields' area, and beside it the reference panel with last
/// year's text of the focused narrative (`reference`: when last year's
/// report has one).
#[must_use]
pub fn fields_area(reference: bool, body: Area) -> (Area, Option<Area>) {
    if !reference || body.width < 60 {
        return (body, None);
    }
    let right = body.width * 2 / 5;
    let left = body.width - right - 1;
    (
        Area::new(body.x, body.y, left, body.height),
        Some(Area::new(body.x + left + 1, body.y, right, body.height)),
    )
}

/// Where the narrative editor's text goes in the fields' area.
#[must_use]
pub fn editor_rect(body: Area) -> Area {
    Area::new(body.x + 2, body.y + 1, body.width.saturating_sub(2), body.height.saturating_sub(1))
}

/// Columns and rows of the narrative editor on a screen of `size` with
/// `guidance` lines of guidance and, with `reference`, last year's panel.
#[must_use]
pub fn editor_size(size: (u16, u16), guidance: u16, reference: bool) -> (usize, usize) {
    let area = Area::new(0, 0, size.0, size.1);
    if area.width < MIN_W || area.height < MIN_H {
        return (usize::from(MIN_W), 1);
    }
    let r = editor_rect(fields_area(reference, areas(guidance, area).body).0);
    (usize::from(r.width), usize::from(r.height))
}
