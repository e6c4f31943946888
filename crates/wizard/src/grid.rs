//! The table grid: which cells a table shows in which order (the model the
//! cursor moves over), and its geometry at a given size (column widths,
//! header bands, label levels, scroll windows).
//!
//! Ours rather than ratatui's `Table`, which has no row spans, no
//! horizontal scrolling and cuts CJK silently; the view draws it (on the
//! terminal engine's canvas) from this geometry. Geometry is a pure
//! function of the table, the area and the scroll offsets, so `App::update`
//! can keep the focused cell in view with the same numbers the renderer
//! draws with.

use crate::format::{self, Band, FieldId, Layout, Table};
use crate::text::{self, Ambiguous};
use std::rc::Rc;

/// A table as a grid of navigable cells.
#[derive(Debug)]
pub struct Grid {
    pub table: &'static Table,
    /// Field ids of each grid row's cells, left to right.
    pub rows: Vec<Vec<FieldId>>,
    /// Column header leaves (path, label), one per value column.
    pub col_leaves: Vec<(Vec<&'static str>, &'static str)>,
    /// Row label leaves (path, label), one per grid row (empty for 表四).
    pub row_leaves: Vec<(Vec<&'static str>, &'static str)>,
    /// The merged header cells over the columns and beside the rows, with
    /// their level counts (worked out once: every frame draws them).
    col_bands: (Vec<Band>, usize),
    row_bands: (Vec<Band>, usize),
}

impl Grid {
    #[must_use]
    pub fn new(table: &'static Table) -> Grid {
        let s = format::schema();
        let mut g = Grid {
            table,
            rows: Vec::new(),
            col_leaves: Vec::new(),
            row_leaves: Vec::new(),
            col_bands: (Vec::new(), 0),
            row_bands: (Vec::new(), 0),
        };
        match table.layout {
            Layout::Grid { .. } | Layout::Blocks { .. } => {
                for (ri, row) in table.rows.iter().enumerate() {
                    g.rows.push((0..row.columns.len()).map(|c| s.cell_id(table, ri, c)).collect());
                    g.row_leaves.push((row.path.to_vec(), row.label));
                }
                if let Some(cols) = table.uniform_columns() {
                    g.col_leaves = cols.iter().map(|c| (c.path.to_vec(), c.label)).collect();
                }
            }
            Layout::Groups => {
                let mut cells = Vec::new();
                for (ri, row) in table.rows.iter().enumerate() {
                    let mut path = row.path.to_vec();
                    path.push(row.label);
                    for (ci, col) in row.columns.iter().enumerate() {
                        cells.push(s.cell_id(table, ri, ci));
                        g.col_leaves.push((path.clone(), col.label));
                    }
                }
                g.rows.push(cells);
            }
        }
        let bands = |leaves: &[(Vec<&'static str>, &'static str)]| {
            let leaves: Vec<(&[&'static str], &'static str)> =
                leaves.iter().map(|(p, l)| (p.as_slice(), *l)).collect();
            format::header_bands(&leaves)
        };
        g.col_bands = bands(&g.col_leaves);
        // No row labels (表四): no label levels either.
        g.row_bands = if g.row_leaves.is_empty() { (Vec::new(), 0) } else { bands(&g.row_leaves) };
        g
    }

    /// Column bands and level count of the header.
    #[must_use]
    pub fn col_bands(&self) -> (&[Band], usize) {
        (&self.col_bands.0, self.col_bands.1)
    }

    /// Row label bands and level count.
    #[must_use]
    pub fn row_bands(&self) -> (&[Band], usize) {
        (&self.row_bands.0, self.row_bands.1)
    }

    /// Position of a field in the grid.
    #[must_use]
    pub fn find(&self, id: FieldId) -> Option<(usize, usize)> {
        self.rows
            .iter()
            .enumerate()
            .find_map(|(r, cells)| cells.iter().position(|&c| c == id).map(|c| (r, c)))
    }

    /// Number of value columns a full row has.
    #[must_use]
    pub fn max_cols(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Where things go when a grid is drawn in an area.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Geometry {
    /// Widths of the label levels (empty for 表四); one space between them.
    /// Shared: a geometry is handed out several times a frame, and a copy
    /// costs no allocation.
    pub levels: Rc<[usize]>,
    /// Total label area width, excluding the `|` separator.
    pub label_w: usize,
    /// Width of one value column (one space between columns).
    pub value_w: usize,
    /// First visible value column and how many are visible.
    pub col_offset: usize,
    pub cols_visible: usize,
    /// Lines used by each header level (表三, 表四) or per block header.
    pub header_lines: Rc<[usize]>,
    /// First visible grid row and how many fit.
    pub row_offset: usize,
    pub rows_visible: usize,
}

impl Geometry {
    #[must_use]
    pub fn header_height(&self) -> usize {
        self.header_lines.iter().sum()
    }

    /// x offset (from the area's left) of value column `c`, if visible.
    #[must_use]
    pub fn col_x(&self, c: usize) -> Option<usize> {
        if c < self.col_offset || c >= self.col_offset + self.cols_visible {
            return None;
        }
        Some(self.values_x() + (c - self.col_offset) * (self.value_w + 1))
    }

    /// x offset of the first value column.
    #[must_use]
    pub fn values_x(&self) -> usize {
        if self.label_w == 0 { 0 } else { self.label_w + 1 }
    }
}

/// Width of a value column: room for the widest plausible number and the
/// flagged form `12!=15`, at least as wide as the narrowest header word.
const MIN_VALUE_W: usize = 6;
const MIN_LABEL_W: usize = 22;

/// Lays a grid out in `width` x `height`, keeping `focus` (row, col) in view
/// starting from the previous offsets.
#[must_use]
pub fn geometry(
    grid: &Grid,
    width: usize,
    height: usize,
    focus: (usize, usize),
    offsets: (usize, usize),
    mode: Ambiguous,
) -> Geometry {
    // Asked for several times a frame (scrolling, drawing, the cursor) and
    // on every move: the layout, which does not depend on the focus, is
    // kept per table and size; only the scroll offsets are worked out.
    type Key = (&'static str, usize, usize, bool);
    thread_local! {
        static KEPT: std::cell::RefCell<Vec<(Key, Geometry)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let key: Key = (grid.table.key, width, height, mode == Ambiguous::Wide);
    let kept = KEPT.with(|k| k.borrow().iter().find(|(k, _)| *k == key).map(|(_, g)| g.clone()));
    let mut g = kept.unwrap_or_else(|| {
        let g = compute_geometry(grid, width, height, mode);
        KEPT.with(|k| {
            let mut k = k.borrow_mut();
            if k.len() >= 16 {
                k.clear();
            }
            k.push((key, g.clone()));
        });
        g
    });
    if !matches!(grid.table.layout, Layout::Blocks { .. }) {
        g.row_offset = text::scroll_to(focus.0, offsets.0, g.rows_visible, grid.rows.len());
        g.col_offset = text::scroll_to(focus.1, offsets.1, g.cols_visible, grid.max_cols());
    }
    g
}

fn compute_geometry(grid: &Grid, width: usize, height: usize, mode: Ambiguous) -> Geometry {
    let ncols = grid.max_cols();
    match grid.table.layout {
        Layout::Blocks { .. } => blocks_geometry(grid, width, mode),
        Layout::Grid { .. } | Layout::Groups => {
            let (bands, row_levels) = grid.row_bands();
            let has_labels = row_levels > 0;
            // Value width: wider on wide screens, up to the widest leaf label.
            let widest_leaf = grid.col_leaves.iter().map(|(_, l)| text::width(l, mode)).max().unwrap_or(4);
            let mut value_w = MIN_VALUE_W;
            let min_label = if has_labels { MIN_LABEL_W } else { 0 };
            let fits = |vw: usize| min_label + usize::from(has_labels) + ncols * (vw + 1) <= width + 1;
            while value_w < widest_leaf.max(8) && fits(value_w + 1) && width >= 120 {
                value_w += 1;
            }
            // On a wide screen the row labels come first: narrower value
            // columns (not below 7) rather than cut labels beside a gap.
            let labels_fit = |vw: usize| {
                let levels = label_levels(width.saturating_sub(ncols * (vw + 1)), row_levels);
                bands.iter().filter(|b| b.level + b.depth == levels.len()).all(|b| {
                    let w = levels[b.level..].iter().sum::<usize>() + b.depth - 1;
                    text::width(b.text, mode) <= w
                })
            };
            while width >= 120 && has_labels && value_w > MIN_VALUE_W + 1 && !labels_fit(value_w) {
                value_w -= 1;
            }
            let needed_values = ncols * (value_w + 1);
            let (label_w, cols_visible) = if !has_labels {
                (0, ((width + 1) / (value_w + 1)).clamp(1, ncols.max(1)))
            } else if width >= min_label + 1 + needed_values.saturating_sub(1) {
                (width - needed_values, ncols)
            } else {
                let avail = width.saturating_sub(min_label + 1) + 1;
                (
                    min_label.min(width.saturating_sub(value_w + 2)),
                    (avail / (value_w + 1)).clamp(1, ncols.max(1)),
                )
            };
            let levels = if has_labels { label_levels(label_w, row_levels) } else { Vec::new() };
            let (_, col_levels) = grid.col_bands();
            let leaf_lines = grid
                .col_leaves
                .iter()
                .map(|(_, l)| text::wrap_balanced(l, value_w, mode).len())
                .max()
                .unwrap_or(1)
                .min(2);
            let mut header_lines = vec![1; col_levels.max(1)];
            if let Some(last) = header_lines.last_mut() {
                *last = leaf_lines;
            }
            let header: usize = header_lines.iter().sum();
            let rows_visible = height.saturating_sub(header).max(1);
            // The offsets are set by `geometry` for the focus.
            Geometry {
                levels: levels.into(),
                label_w,
                value_w,
                col_offset: 0,
                cols_visible,
                header_lines: header_lines.into(),
                row_offset: 0,
                rows_visible,
            }
        }
    }
}

fn label_levels(label_w: usize, n: usize) -> Vec<usize> {
    match n {
        0 => Vec::new(),
        1 => vec![label_w],
        _ => {
            // Group levels get a narrow column each (their text runs down
            // the rows they span); the leaf level gets the rest.
            // On a wide screen the innermost group level is wide enough for
            // a heading like （三）不予公开 on one line.
            let inner = label_w.saturating_sub(n - 1);
            let wide = inner >= 60;
            let group_w = if wide { 10 } else { (inner / 7).clamp(4, 12) & !1 };
            let mut v = vec![group_w; n - 1];
            if n > 2 {
                v[n - 2] = if wide { 16 } else { (inner / 5).clamp(6, 16) & !1 };
            }
            let used: usize = v.iter().sum();
            v.push(inner.saturating_sub(used));
            v
        }
    }
}

fn blocks_geometry(grid: &Grid, width: usize, mode: Ambiguous) -> Geometry {
    let ncols = grid.max_cols();
    // Value columns as wide as the headers of the three-column block
    // (本年制发件数); a one-column row spans all three.
    let widest = grid
        .table
        .rows
        .iter()
        .filter(|r| r.columns.len() == ncols)
        .flat_map(|r| r.columns.iter())
        .map(|c| text::width(c.label, mode))
        .max()
        .unwrap_or(MIN_VALUE_W);
    let value_w = widest.max(MIN_VALUE_W);
    let label_w = width.saturating_sub(ncols * (value_w + 1)).max(8);
    // Each block has a title line and a header line above its rows. The
    // rows scroll together with those lines, which `view::block_lines`
    // does; the row window here is the whole table.
    let mut distinct: Vec<_> = grid.row_leaves.iter().map(|(p, _)| p.first().copied()).collect();
    distinct.dedup();
    Geometry {
        levels: Rc::new([label_w]),
        label_w,
        value_w,
        col_offset: 0,
        cols_visible: ncols,
        header_lines: vec![2; distinct.len()].into(),
        row_offset: 0,
        rows_visible: grid.rows.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_fit_80_columns_without_horizontal_scroll() {
        let g = Grid::new(&format::REQUESTS);
        let geo = geometry(&g, 80, 15, (0, 0), (0, 0), Ambiguous::Narrow);
        assert_eq!(geo.cols_visible, 7);
        assert_eq!(geo.label_w + 1 + 7 * (geo.value_w + 1) - 1, 80);
        assert_eq!(geo.levels.iter().sum::<usize>() + geo.levels.len() - 1, geo.label_w);
    }

    #[test]
    fn appeals_scroll_horizontally_at_80_columns() {
        let g = Grid::new(&format::APPEALS);
        assert_eq!(g.rows.len(), 1);
        assert_eq!(g.rows[0].len(), 15);
        let geo = geometry(&g, 80, 15, (0, 14), (0, 0), Ambiguous::Narrow);
        assert!(geo.cols_visible < 15);
        assert!(geo.col_x(14).is_some(), "focused last column must be visible: {geo:?}");
        assert!(geo.col_x(0).is_none());
    }

    #[test]
    fn focus_row_stays_visible() {
        let g = Grid::new(&format::REQUESTS);
        let geo = geometry(&g, 80, 12, (24, 3), (0, 0), Ambiguous::Narrow);
        assert!(geo.row_offset <= 24 && 24 < geo.row_offset + geo.rows_visible);
    }
}
