//! The screen as compact cells: what the wizard keeps of the frame on
//! screen, the rows of the next one, and the terminal writer's picture of
//! the terminal.
//!
//! Why not ratatui's `Buffer`: its cell holds the symbol as a string (24
//! bytes) beside styles the wizard never uses, 40-odd bytes in all, and
//! comparing two cells calls into a string comparison. A step change
//! rewrites nearly every row; at 120x40 the three copies of the screen
//! were half a megabyte to reset, compare and copy, and with the caches
//! cold after the pause between two keys that was most of what the key
//! cost. A [`Glyph`] is 8 bytes of plain integers: the symbol as its
//! character (or, for a cluster of several, a number standing for it) with
//! the columns it covers, measured once when it is drawn; and the colours
//! and attributes packed (a true colour, which the wizard's themes do not
//! use, as a number standing for the look). Two glyphs compare in one
//! instruction, and a step change that rewrites the screen reads half the
//! memory it read with 16-byte cells.
//!
//! A frame is still a ratatui `Buffer` wherever something outside the
//! writer needs one (the widget, the snapshot tests): [`Cells::to_buffer`].

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use ratatui_core::buffer::{Buffer, CellDiffOption};
use ratatui_core::layout::Rect;
use ratatui_core::style::{Color, Modifier, Style};

/// The bit that marks a symbol as a cluster number rather than a character
/// (characters take 21 bits).
const CLUSTER: u32 = 1 << 21;
/// The symbol's bits: a character, or the cluster bit and a number.
const SYMBOL: u32 = (1 << 22) - 1;

/// Clusters of several characters seen so far (a letter with a combining
/// mark, an emoji sequence), numbered in the order they were first drawn.
/// They are few (typed text is almost all single characters); each is kept
/// for the life of the process, so a number always means the same text.
static CLUSTERS: LazyLock<Mutex<Clusters>> = LazyLock::new(|| Mutex::new(Clusters::default()));

/// Cluster numbers by text, and texts by number.
#[derive(Default)]
struct Clusters {
    ids: HashMap<&'static str, u32>,
    texts: Vec<&'static str>,
}

/// One cell of the screen: one word, so two glyphs compare in one
/// instruction, and a row of 120 is 15 cache lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// The symbol (bits 0-21: a character, or [`CLUSTER`] and a cluster's
    /// number), the columns it covers (bits 22-25), and whether it is to
    /// be skipped (bit 26: covered by a wide glyph to its left in a way
    /// ratatui's measure does not know, an ambiguous character drawn wide;
    /// never written).
    text: u32,
    /// The look, packed into 32 bits ([`compact`]).
    look: u32,
}

/// Colours and attributes: foreground (bits 0-24, packed as by [`pack`]),
/// background (bits 25-49), modifiers (bits 50-63).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look(u64);

impl Look {
    /// The terminal's defaults.
    pub const DEFAULT: Look = Look(0);

    #[must_use]
    #[inline]
    pub fn new(fg: u32, bg: u32, modifier: Modifier) -> Look {
        Look(
            (u64::from(fg) & COLOUR)
                | ((u64::from(bg) & COLOUR) << BG_SHIFT)
                | (u64::from(modifier.bits()) << MODIFIER_SHIFT),
        )
    }

    /// The foreground colour, packed.
    #[must_use]
    #[inline]
    pub fn fg(self) -> u32 {
        (self.0 & COLOUR) as u32
    }

    /// The background colour, packed.
    #[must_use]
    #[inline]
    pub fn bg(self) -> u32 {
        ((self.0 >> BG_SHIFT) & COLOUR) as u32
    }

    #[must_use]
    #[inline]
    pub fn modifier(self) -> Modifier {
        Modifier::from_bits_truncate((self.0 >> MODIFIER_SHIFT) as u16)
    }

    /// Patched with `style`, as ratatui's `Cell::set_style` patches: colours
    /// given replace, modifiers are added and taken away.
    #[must_use]
    #[inline]
    pub fn patched(self, style: Style) -> Look {
        let fg = style.fg.map_or(self.fg(), pack);
        let bg = style.bg.map_or(self.bg(), pack);
        Look::new(fg, bg, (self.modifier() | style.add_modifier) - style.sub_modifier)
    }
}

const WIDTH_SHIFT: u32 = 22;
/// Widths up to 15 columns are kept (a grapheme is one or two).
const WIDTH_MAX: u32 = 0xf;
const SKIP: u32 = 1 << 26;
const BG_SHIFT: u32 = 25;
const MODIFIER_SHIFT: u32 = 50;
const COLOUR: u64 = (1 << BG_SHIFT) - 1;

/// A look in 32 bits: the named and indexed colours (9 bits each, as
/// [`pack`] packs them) and the nine attributes in place, or, for a true
/// colour, [`INTERNED`] and the look's number in [`LOOKS`]. Each look has
/// one form, so equal looks are equal numbers.
#[inline]
fn compact(look: Look) -> u32 {
    let (fg, bg) = (look.fg(), look.bg());
    if fg < 0x200 && bg < 0x200 {
        fg | bg << 9 | u32::from(look.modifier().bits() & 0x1ff) << 18
    } else {
        INTERNED | intern_look(look)
    }
}

/// The look [`compact`] made `c` from.
#[inline]
fn expand(c: u32) -> Look {
    if c & INTERNED == 0 {
        Look::new(c & 0x1ff, (c >> 9) & 0x1ff, Modifier::from_bits_truncate(((c >> 18) & 0x1ff) as u16))
    } else {
        interned_look(c & !INTERNED)
    }
}

/// The bit of a compact look that marks it as a number in [`LOOKS`].
const INTERNED: u32 = 1 << 31;

/// Looks with a true colour, numbered in the order they were first drawn.
/// The wizard's themes use none (a test's random styles do); each is kept
/// for the life of the process, so a number always means the same look.
static LOOKS: LazyLock<Mutex<Looks>> = LazyLock::new(|| Mutex::new(Looks::default()));

/// Looks numbered, and numbers by look.
#[derive(Default)]
struct Looks {
    ids: HashMap<u64, u32>,
    looks: Vec<Look>,
}

fn intern_look(look: Look) -> u32 {
    let mut guard = LOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&id) = guard.ids.get(&look.0) {
        return id;
    }
    let id = guard.looks.len() as u32 & !INTERNED;
    guard.looks.push(look);
    guard.ids.insert(look.0, id);
    id
}

fn interned_look(id: u32) -> Look {
    let guard = LOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.looks.get(id as usize).copied().unwrap_or(Look::DEFAULT)
}

impl Glyph {
    /// A plain blank, as on a freshly cleared screen.
    pub const BLANK: Glyph = Glyph { text: ' ' as u32 | (1 << WIDTH_SHIFT), look: 0 };

    /// A cell the writer does not know (or that a wide glyph covers).
    pub const UNKNOWN: Glyph = Glyph { text: SYMBOL, look: 0 };

    /// `symbol` (one grapheme), `width` columns wide, in the default look.
    #[must_use]
    pub fn new(symbol: &str, width: usize) -> Glyph {
        let mut chars = symbol.chars();
        let sym = match (chars.next(), chars.next()) {
            (Some(c), None) => c as u32,
            (None, _) => ' ' as u32,
            _ => intern(symbol),
        };
        let width = width.min(WIDTH_MAX as usize) as u32;
        Glyph { text: sym | (width << WIDTH_SHIFT), look: 0 }
    }

    /// A two-column character in the default look.
    #[must_use]
    #[inline]
    pub fn wide(c: char) -> Glyph {
        Glyph { text: c as u32 | (2 << WIDTH_SHIFT), look: 0 }
    }

    /// A one-column character in the default look.
    #[must_use]
    #[inline]
    pub fn narrow(c: char) -> Glyph {
        Glyph { text: c as u32 | (1 << WIDTH_SHIFT), look: 0 }
    }

    #[inline]
    fn sym(self) -> u32 {
        self.text & SYMBOL
    }

    #[must_use]
    #[inline]
    pub fn is_unknown(self) -> bool {
        self.sym() == SYMBOL
    }

    /// A plain space (whatever its look).
    #[must_use]
    #[inline]
    pub fn is_space(self) -> bool {
        self.sym() == ' ' as u32
    }

    /// The symbol as one byte, when it is ASCII.
    #[must_use]
    #[inline]
    pub fn ascii(self) -> Option<u8> {
        u8::try_from(self.sym()).ok().filter(u8::is_ascii)
    }

    /// The symbol's text (`tmp` holds a single character's bytes).
    #[must_use]
    #[inline]
    pub fn symbol(self, tmp: &mut [u8; 4]) -> &str {
        let sym = self.sym();
        if sym & CLUSTER != 0 {
            return cluster(sym & !CLUSTER);
        }
        char::from_u32(sym).unwrap_or(' ').encode_utf8(tmp)
    }

    #[must_use]
    #[inline]
    pub fn width(self) -> usize {
        ((self.text >> WIDTH_SHIFT) & WIDTH_MAX) as usize
    }

    #[must_use]
    #[inline]
    pub fn skip(self) -> bool {
        self.text & SKIP != 0
    }

    #[inline]
    pub fn set_skip(&mut self) {
        self.text |= SKIP;
    }

    /// The same symbol and width as `other`, keeping this cell's look (a
    /// cell written into is no longer one to skip).
    #[inline]
    pub fn set_symbol_of(&mut self, other: Glyph) {
        self.text = other.text & !SKIP;
    }

    /// Patches the look with a brush's style (see [`Look::patched`]) (without working the patch
    /// out again for a cell in the default look, as most are).
    #[inline]
    pub fn set_brush(&mut self, brush: Brush) {
        self.look =
            if self.look == 0 { brush.on_default } else { compact(expand(self.look).patched(brush.style)) };
    }

    #[must_use]
    #[inline]
    pub fn look(self) -> Look {
        expand(self.look)
    }

    /// This glyph with another look.
    #[must_use]
    #[inline]
    pub fn with_look(self, look: Look) -> Glyph {
        Glyph { text: self.text, look: compact(look) }
    }
}

/// A style to draw many cells with, and what it makes of the default look.
#[derive(Debug, Clone, Copy)]
pub struct Brush {
    style: Style,
    on_default: u32,
}

impl Brush {
    #[must_use]
    pub fn new(style: Style) -> Brush {
        Brush { style, on_default: compact(Look::DEFAULT.patched(style)) }
    }
}

/// A colour as one integer: 0 the terminal's default, 1-16 the named
/// colours, `0x100 | i` the indexed ones, `0x100_0000 | rgb` the true ones.
#[must_use]
pub fn pack(c: Color) -> u32 {
    match c {
        Color::Reset => 0,
        Color::Black => 1,
        Color::Red => 2,
        Color::Green => 3,
        Color::Yellow => 4,
        Color::Blue => 5,
        Color::Magenta => 6,
        Color::Cyan => 7,
        Color::Gray => 8,
        Color::DarkGray => 9,
        Color::LightRed => 10,
        Color::LightGreen => 11,
        Color::LightYellow => 12,
        Color::LightBlue => 13,
        Color::LightMagenta => 14,
        Color::LightCyan => 15,
        Color::White => 16,
        Color::Indexed(i) => 0x100 | u32::from(i),
        Color::Rgb(r, g, b) => 0x100_0000 | (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b),
    }
}

/// The colour [`pack`] made `n` from.
#[must_use]
pub fn unpack(n: u32) -> Color {
    const NAMED: [Color; 17] = [
        Color::Reset,
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    if n & 0x100_0000 != 0 {
        Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8)
    } else if n & 0x100 != 0 {
        Color::Indexed(n as u8)
    } else {
        NAMED.get(n as usize).copied().unwrap_or(Color::Reset)
    }
}

fn intern(s: &str) -> u32 {
    let mut guard = CLUSTERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&id) = guard.ids.get(s) {
        return CLUSTER | id;
    }
    // Numbers run up to the one that would read as an unknown cell; past
    // that (two million clusters), a replacement character stands in.
    let id = guard.texts.len() as u32;
    if id >= SYMBOL & !CLUSTER {
        return '\u{fffd}' as u32;
    }
    let text: &'static str = Box::leak(s.to_owned().into_boxed_str());
    guard.texts.push(text);
    guard.ids.insert(text, id);
    CLUSTER | id
}

fn cluster(id: u32) -> &'static str {
    let guard = CLUSTERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.texts.get(id as usize).copied().unwrap_or(" ")
}

/// A rectangle of glyphs, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cells {
    pub area: Rect,
    pub content: Vec<Glyph>,
}

impl Cells {
    /// A blank rectangle.
    #[must_use]
    pub fn new(area: Rect) -> Cells {
        Cells { area, content: vec![Glyph::BLANK; usize::from(area.width) * usize::from(area.height)] }
    }

    /// Row `row` (counted from the top of the area).
    #[inline]
    pub fn row_mut(&mut self, row: usize) -> &mut [Glyph] {
        let w = usize::from(self.area.width);
        let start = (row * w).min(self.content.len());
        let end = (start + w).min(self.content.len());
        &mut self.content[start..end]
    }

    /// The same frame as a ratatui buffer.
    #[must_use]
    pub fn to_buffer(&self) -> Buffer {
        let mut buf = Buffer::empty(self.area);
        self.copy_into(&mut buf);
        buf
    }

    /// Writes the frame into `buf`, cell by cell, where the two overlap.
    pub fn copy_into(&self, buf: &mut Buffer) {
        let mut tmp = [0u8; 4];
        let w = usize::from(self.area.width);
        for (i, g) in self.content.iter().enumerate() {
            let x = self.area.x + (i % w.max(1)) as u16;
            let y = self.area.y + (i / w.max(1)) as u16;
            let Some(cell) = buf.cell_mut((x, y)) else { continue };
            cell.reset();
            cell.set_symbol(g.symbol(&mut tmp));
            let look = g.look();
            cell.fg = unpack(look.fg());
            cell.bg = unpack(look.bg());
            cell.modifier = look.modifier();
            if g.skip() {
                cell.set_diff_option(CellDiffOption::Skip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Colours of every kind: the default, named, indexed and true ones,
    /// at their edges.
    const COLOURS: [Color; 10] = [
        Color::Reset,
        Color::Black,
        Color::Red,
        Color::White,
        Color::DarkGray,
        Color::Indexed(0),
        Color::Indexed(255),
        Color::Rgb(0, 0, 0),
        Color::Rgb(255, 255, 255),
        Color::Rgb(1, 2, 3),
    ];

    #[test]
    fn colours_pack_and_unpack_to_themselves() {
        for c in COLOURS {
            assert_eq!(unpack(pack(c)), c);
        }
        assert_ne!(pack(Color::Indexed(0)), pack(Color::Reset));
        assert_ne!(pack(Color::Rgb(0, 0, 0)), pack(Color::Reset));
    }

    #[test]
    fn a_cluster_keeps_its_text_and_equal_clusters_are_equal_glyphs() {
        let mut tmp = [0u8; 4];
        let a = Glyph::new("e\u{301}", 1);
        assert_eq!(a.symbol(&mut tmp), "e\u{301}");
        assert_eq!(a, Glyph::new("e\u{301}", 1));
        assert_ne!(a, Glyph::new("e", 1));
        assert_eq!(Glyph::new("中", 2).symbol(&mut tmp), "中");
        assert_eq!(Glyph::new("中", 2).width(), 2);
    }

    #[test]
    fn a_glyph_is_one_word() {
        assert_eq!(std::mem::size_of::<Glyph>(), 8);
    }

    /// Every look survives packing, the true colours' too, and equal looks
    /// make equal glyphs, different ones different glyphs.
    #[test]
    fn looks_pack_into_a_glyph_and_back() {
        let mods =
            [Modifier::empty(), Modifier::BOLD, Modifier::all(), Modifier::REVERSED | Modifier::CROSSED_OUT];
        let mut seen = Vec::new();
        for fg in COLOURS {
            for bg in COLOURS {
                for &m in &mods {
                    let look = Look::new(pack(fg), pack(bg), m);
                    let g = Glyph::narrow('x').with_look(look);
                    assert_eq!(g.look(), look, "{fg:?} {bg:?} {m:?}");
                    assert_eq!(g, Glyph::narrow('x').with_look(Look::new(pack(fg), pack(bg), m)));
                    seen.push(g);
                }
            }
        }
        let n = seen.len();
        seen.sort_by_key(|g| (g.text, g.look));
        seen.dedup();
        assert_eq!(seen.len(), n, "two looks packed alike");
        assert!(
            Glyph::UNKNOWN.is_unknown()
                && !Glyph::BLANK.is_unknown()
                && !Glyph::wide('\u{10ffff}').is_unknown()
        );
        assert_eq!((Glyph::UNKNOWN.width(), Glyph::UNKNOWN.skip()), (0, false));
    }

    #[test]
    fn styles_patch_as_ratatui_patches_them() {
        let mut g = Glyph::narrow('a');
        // The first on the default look, the second patching it.
        g.set_brush(Brush::new(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
        g.set_brush(Brush::new(Style::new().bg(Color::Blue).remove_modifier(Modifier::BOLD)));
        let mut cell = ratatui_core::buffer::Cell::new("a");
        cell.set_style(Style::new().fg(Color::Red).add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
        cell.set_style(Style::new().bg(Color::Blue).remove_modifier(Modifier::BOLD));
        let look = g.look();
        assert_eq!(
            (unpack(look.fg()), unpack(look.bg()), look.modifier()),
            (cell.fg, cell.bg, cell.modifier)
        );
    }
}
