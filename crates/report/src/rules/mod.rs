//! Tally rules (勾稽关系): `validate(&Report) -> Vec<Diagnostic>`, pure.
//!
//! The relations themselves are declared in `format.rs` and expanded into
//! instances by the schema; this module only evaluates them. Each broken
//! instance gives one diagnostic at the instance's target cell, with
//! `expected` = the value that would make the instance hold there given the
//! other cells (it can be negative when no count could fix it), and the list
//! of every cell involved so the wizard and `set` can tell which diagnostics
//! touch a cell.

pub mod prose;

use crate::format::{self, FieldId, Kind, Place, Severity};
use crate::model::{Report, Value};

/// One broken rule instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub rule: &'static str,
    /// The cell the spec flags.
    pub cell: FieldId,
    pub expected: Option<i64>,
    pub found: Option<i64>,
    /// Every cell taking part in the broken relation (the flagged one first).
    pub involved: Vec<FieldId>,
    /// The cell most likely mistyped, and the value that makes every broken
    /// rule it takes part in hold (see [`suspects`]).
    pub suspect: Option<Suspect>,
}

/// A cell whose change alone explains broken tallies: a typo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspect {
    pub cell: FieldId,
    /// What the cell holds now (`None`: empty).
    pub found: Option<u64>,
    /// The value that makes every rule it breaks hold.
    pub value: u64,
}

impl Diagnostic {
    /// The cell's address.
    #[must_use]
    pub fn address(&self) -> &'static str {
        &format::schema().fields[self.cell].address
    }

    /// Whether `id` takes part in this diagnostic.
    #[must_use]
    pub fn involves(&self, id: FieldId) -> bool {
        self.involved.contains(&id)
    }
}

/// Checks a report against every in-year rule: errors first (in the order
/// of the format's tallies), then a `missing` warning for each empty field.
#[must_use]
pub fn validate(report: &Report) -> Vec<Diagnostic> {
    validate_with(report, &Kept::new(report))
}

/// What a check works out that a count changed from one number to another
/// alters only by a known amount (each tally's residual) or not at all
/// (which cells are empty, whether 表三 was started, the date's warning):
/// kept between checks, so that the check after such a change — the
/// commonest edit, a number typed over a number — reads only what the
/// change can alter. [`validate_with`] then gives exactly what
/// [`validate`] gives.
#[derive(Debug, Clone)]
pub struct Kept {
    balances: Balances,
    started: bool,
    date: Option<Diagnostic>,
    missing: Vec<Diagnostic>,
}

impl Kept {
    /// All of it worked out from `report`.
    #[must_use]
    pub fn new(report: &Report) -> Kept {
        Kept {
            balances: balances(report),
            started: requests_started(report),
            date: date(report),
            missing: missing(report).collect(),
        }
    }

    /// Follows one change of field `id`, which held `before` and now holds
    /// its value in `report` (the report as it is after the change): a
    /// table's count from one number to another moves the residuals of the
    /// instances it takes part in; any other change (the year, which the
    /// date's warning reads, among them) is worked out anew.
    pub fn follow(&mut self, report: &Report, id: FieldId, before: &Value) {
        let in_table = format::schema().fields.get(id).is_some_and(|f| matches!(f.place, Place::Cell { .. }));
        match (before, report.get(id)) {
            (Value::Count(Some(a)), Value::Count(Some(b))) if in_table => {
                // As `balances` sums them: wrapping, an overflowing count as i64::MAX.
                let a = i64::try_from(*a).unwrap_or(i64::MAX);
                let b = i64::try_from(*b).unwrap_or(i64::MAX);
                for (i, c) in flat().members(id) {
                    if let Some(r) = self.balances.residuals.get_mut(i) {
                        *r = r.wrapping_sub(c.wrapping_mul(a)).wrapping_add(c.wrapping_mul(b));
                    }
                }
            }
            _ => *self = Kept::new(report),
        }
    }
}

/// [`validate`], with what was kept from the last check (see [`Kept`]):
/// an empty cell counts as 0, as in the report once published.
#[must_use]
pub fn validate_with(report: &Report, kept: &Kept) -> Vec<Diagnostic> {
    // 表三 with nothing but last year's carried-over requests in it (a
    // draft just made by `new --from`) has not been started: its tallies
    // wait until something is typed, and `missing` lists its empty cells.
    let started = kept.started;
    judged(report, kept, |t, b, i| b.residuals[i] != 0 && (started || !in_requests(t.target)))
}

/// [`validate_with`] for a draft being filled in (the wizard): an empty
/// cell is not known yet, not 0. A tally is broken only when no counts in
/// its empty cells could make it hold: a total already below the parts
/// typed so far, or every cell filled and the sum wrong. One still open is
/// left alone; [`unfilled_operands`] says what it waits for.
#[must_use]
pub fn validate_filled_with(report: &Report, kept: &Kept) -> Vec<Diagnostic> {
    // Last year's carried-over counts alone wait, as in `validate_with`.
    let started = kept.started;
    judged(report, kept, |t, b, i| b.broken_as_filled(i) && (started || !in_requests(t.target)))
}

/// The tallies that `broken` judges broken, then the prose, date and
/// missing-cell warnings.
fn judged(
    report: &Report,
    kept: &Kept,
    broken: impl Fn(&format::TallyInstance, &Balances, usize) -> bool,
) -> Vec<Diagnostic> {
    let schema = format::schema();
    let balances = &kept.balances;
    let suspects = suspects_of(report, balances);
    let mut out: Vec<Diagnostic> = schema
        .tallies
        .iter()
        .zip(&balances.residuals)
        .enumerate()
        .filter(|&(i, (t, _))| broken(t, balances, i))
        .map(|(_, (t, &r))| {
            let found = report.count_or_zero(t.target);
            Diagnostic {
                severity: Severity::Error,
                rule: t.rule,
                cell: t.target,
                expected: Some(found - r),
                found: count(report, t.target).map(|n| n as i64),
                involved: t.cells().collect(),
                suspect: suspects.iter().find(|s| t.cells().any(|c| c == s.cell)).copied(),
            }
        })
        .collect();
    out.extend(prose::check(report));
    out.extend(kept.date.clone());
    out.extend(kept.missing.iter().cloned());
    out
}

/// 落款日期: a date, and not after the deadline of 31 January next year.
fn date(report: &Report) -> Option<Diagnostic> {
    let id = format::schema().lookup("meta.date")?;
    let Value::Text(text) = report.get(id) else { return None };
    if text.trim().is_empty() {
        return None;
    }
    // `expected` carries the deadline's year when the date is late; none
    // when it is not a date at all.
    let deadline = match crate::model::parse_date(text) {
        None => None,
        Some((y, m, d)) => match report.year() {
            Some(year) if (u64::from(y), m, d) > (year + 1, 1, 31) => Some(Some(year as i64 + 1)),
            _ => return None,
        },
    };
    Some(Diagnostic {
        severity: Severity::Warning,
        rule: format::RULE_DATE,
        cell: id,
        expected: deadline.flatten(),
        found: None,
        involved: vec![id],
        suspect: None,
    })
}

fn missing(report: &Report) -> impl Iterator<Item = Diagnostic> + '_ {
    required().iter().filter(|&&id| report.get(usize::from(id)).is_empty()).map(|&id| {
        let id = usize::from(id);
        Diagnostic {
            severity: Severity::Warning,
            rule: format::RULE_MISSING,
            cell: id,
            expected: None,
            found: None,
            involved: vec![id],
            suspect: None,
        }
    })
}

/// The fields a complete report fills, in order, listed once: the check
/// after every change then reads the values, not every field's schema entry.
#[must_use]
pub fn required() -> &'static [u16] {
    static REQUIRED: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    REQUIRED.get_or_init(|| {
        let s = format::schema();
        (0..s.fields.len()).filter(|&id| !s.fields[id].optional()).map(|id| id as u16).collect()
    })
}

/// Cross-year warnings against last year's report: carried-in requests must
/// equal last year's carried-out, and documents in force should follow
/// last year's count plus issued minus repealed.
#[must_use]
pub fn validate_against_previous(report: &Report, previous: &Report) -> Vec<Diagnostic> {
    let schema = format::schema();
    let mut out = Vec::new();
    let req = &format::REQUESTS;
    for col in req.uniform_columns().unwrap_or(&[]) {
        let (Some(cin), Some(cout)) =
            (schema.cell(req, "carried_in", col.key), schema.cell(req, "carried_out", col.key))
        else {
            continue;
        };
        let expected = previous.count_or_zero(cout);
        let found = report.count_or_zero(cin);
        if expected != found {
            out.push(Diagnostic {
                severity: Severity::Warning,
                rule: format::RULE_CARRY_OVER,
                cell: cin,
                expected: Some(expected),
                found: count(report, cin).map(|n| n as i64),
                involved: vec![cin],
                suspect: None,
            });
        }
    }
    for row in format::PROACTIVE.rows {
        let cell = |c: &str| schema.cell(&format::PROACTIVE, row.key, c);
        let (Some(issued), Some(repealed), Some(in_force)) =
            (cell("issued"), cell("repealed"), cell("in_force"))
        else {
            continue;
        };
        let expected =
            previous.count_or_zero(in_force) + report.count_or_zero(issued) - report.count_or_zero(repealed);
        let found = report.count_or_zero(in_force);
        if expected != found {
            out.push(Diagnostic {
                severity: Severity::Warning,
                rule: format::RULE_IN_FORCE,
                cell: in_force,
                expected: Some(expected),
                found: count(report, in_force).map(|n| n as i64),
                involved: vec![in_force, issued, repealed],
                suspect: None,
            });
        }
    }
    out
}

/// Whether a field is a count cell of a table (the cells tallies speak of).
#[must_use]
pub fn is_count_cell(id: FieldId) -> bool {
    let f = &format::schema().fields[id];
    matches!(f.place, Place::Cell { .. }) && f.kind == Kind::Count
}

/// What an empty cell should hold when it is the target of a tally
/// instance (the balance included) whose other cells are all filled: what
/// `=` fills in.
#[must_use]
pub fn expected_for_empty(report: &Report, id: FieldId) -> Option<i64> {
    sum_for_empty(report, id, true)
}

/// The computed value for an empty target cell, if `id` is the target of
/// a tally instance (the balance aside) whose other cells are all filled:
/// what the wizard shows dimmed in an empty total.
#[must_use]
pub fn computed(report: &Report, id: FieldId) -> Option<i64> {
    sum_for_empty(report, id, false)
}

fn sum_for_empty(report: &Report, id: FieldId, balance: bool) -> Option<i64> {
    if !matches!(report.get(id), Value::Count(None)) {
        return None;
    }
    let t = target_of(id, balance)?;
    let mut sum = 0i64;
    for (ids, sign) in [(&t.plus, 1i64), (&t.minus, -1)] {
        for &c in ids {
            let Value::Count(Some(n)) = report.get(c) else { return None };
            sum = sum.wrapping_add(sign.wrapping_mul(i64::try_from(*n).unwrap_or(i64::MAX)));
        }
    }
    Some(sum)
}

/// How many other cells of the tally whose target `id` is (an empty
/// total, or the carried-out count) are still empty: what its sum waits
/// for. `None` when `id` is not such a target or is filled.
#[must_use]
pub fn unfilled_operands(report: &Report, id: FieldId) -> Option<usize> {
    if !matches!(report.get(id), Value::Count(None)) {
        return None;
    }
    let t = target_of(id, true)?;
    Some(t.plus.iter().chain(&t.minus).filter(|&&c| report.get(c).is_empty()).count())
}

/// The tally instance whose target `id` is: a sum rule first, the balance
/// (表三's carried-out counts) when `balance` allows.
fn target_of(id: FieldId, balance: bool) -> Option<&'static format::TallyInstance> {
    let tallies = &format::schema().tallies;
    tallies
        .iter()
        .find(|t| t.target == id && t.rule != format::RULE_BALANCE)
        .or_else(|| if balance { tallies.iter().find(|t| t.target == id) } else { None })
}

fn in_requests(id: FieldId) -> bool {
    matches!(format::schema().fields[id].place, Place::Cell { table, .. } if table.key == format::REQUESTS.key)
}

/// Whether anything but the carried-in row of 表三 is filled.
fn requests_started(report: &Report) -> bool {
    let s = format::schema();
    (0..s.fields.len()).any(|id| match s.fields[id].place {
        Place::Cell { table, row, .. } if table.key == format::REQUESTS.key => {
            table.rows[row].key != "carried_in" && !report.get(id).is_empty()
        }
        _ => false,
    })
}

/// A count cell's value (`None`: empty, or not a count).
fn count(report: &Report, id: FieldId) -> Option<u64> {
    match report.get(id) {
        Value::Count(c) => *c,
        _ => None,
    }
}

// --- culprits ----------------------------------------------------------------
//
// Every tally instance says `target = Σ plus − Σ minus`. Its residual is
// `target − Σ plus + Σ minus` (0 when it holds), and a change of `d` in a
// cell moves the residual of each instance the cell takes part in by
// `coef · d`: +1 for the target and the minus cells, −1 for the plus cells.
// A single typo breaks exactly the instances its cell takes part in (in
// 表三 its row's total and its column's sum: the broken row and column
// cross at it), so the suspects are the fewest cells, each alone in the
// broken instances it takes part in, whose changes zero every residual —
// found only when exactly one such set exists.

/// The residual of every tally instance, in the schema's order.
#[must_use]
pub fn residuals(report: &Report) -> Vec<i64> {
    balances(report).residuals
}

/// Each tally instance's residual (empty cells as 0), and which ways its
/// empty cells could still move it.
#[derive(Debug, Clone)]
struct Balances {
    residuals: Vec<i64>,
    /// Per instance: [`RISES`] when an empty cell enters its residual with
    /// +1 (the target, a minus cell), [`FALLS`] with −1 (a plus cell);
    /// 0 when every cell is filled.
    open: Vec<u8>,
}

/// An empty cell that, once filled, raises the instance's residual.
const RISES: u8 = 1;
/// An empty cell that, once filled, lowers the instance's residual.
const FALLS: u8 = 2;

impl Balances {
    fn complete(&self, i: usize) -> bool {
        self.open[i] == 0
    }

    /// Whether instance `i` cannot hold whatever its empty cells are
    /// filled with (counts are never negative): broken by what is filled
    /// alone. A complete instance is broken when its residual is not 0.
    fn broken_as_filled(&self, i: usize) -> bool {
        let (r, open) = (self.residuals[i], self.open[i]);
        (r > 0 && open & FALLS == 0) || (r < 0 && open & RISES == 0)
    }
}

/// [`Balances`] of every instance, in the schema's order: one read of
/// each of its cells.
fn balances(report: &Report) -> Balances {
    let tallies = &format::schema().tallies;
    let mut out =
        Balances { residuals: Vec::with_capacity(tallies.len()), open: Vec::with_capacity(tallies.len()) };
    let flat = flat();
    for i in 0..tallies.len() {
        let mut open = 0u8;
        // Wrapping, as a release build's sum would: counts that overflow
        // an i64 are not a panic.
        let mut r = 0i64;
        for (id, sign) in flat.terms(i) {
            let v = match report.get(id) {
                Value::Count(Some(n)) => i64::try_from(*n).unwrap_or(i64::MAX),
                other => {
                    if other.is_empty() {
                        open |= if sign > 0 { RISES } else { FALLS };
                    }
                    0
                }
            };
            r = r.wrapping_add(sign.wrapping_mul(v));
        }
        out.residuals.push(r);
        out.open.push(open);
    }
    out
}

/// How a cell enters an instance's residual: +1, −1, or 0 (not at all).
fn coef(t: &format::TallyInstance, id: FieldId) -> i64 {
    let plus = t.plus.iter().filter(|&&c| c == id).count() as i64;
    let minus = t.minus.iter().filter(|&&c| c == id).count() as i64;
    i64::from(t.target == id) - plus + minus
}

/// The tally instances laid out flat for the checks run on every change,
/// built once: each instance's cells one after another, and for each field
/// the instances it takes part in (two arrays read in order, not a vector
/// per instance and per field).
struct Flat {
    /// Where each instance's terms start in `terms` (and one past the last).
    starts: Vec<u16>,
    /// (cell, its sign in the residual): +1 for the target and the minus
    /// cells, −1 for the plus cells. Small numbers, so that the whole
    /// table is a few cache lines: the check after a keystroke reads it
    /// cold.
    terms: Vec<(u16, i16)>,
    /// Where each field's memberships start in `members` (and one past the last).
    member_starts: Vec<u16>,
    /// (instance, the field's coefficient there, never 0), field by field.
    members: Vec<(u16, i16)>,
}

impl Flat {
    fn terms(&self, instance: usize) -> impl Iterator<Item = (FieldId, i64)> + '_ {
        let (from, to) = (self.starts[instance], self.starts[instance + 1]);
        self.terms[usize::from(from)..usize::from(to)]
            .iter()
            .map(|&(id, sign)| (usize::from(id), i64::from(sign)))
    }

    /// The instances `id` takes part in, with its coefficient in each.
    fn members(&self, id: FieldId) -> impl ExactSizeIterator<Item = (usize, i64)> + '_ {
        let (from, to) = (self.member_starts[id], self.member_starts[id + 1]);
        self.members[usize::from(from)..usize::from(to)].iter().map(|&(i, c)| (usize::from(i), i64::from(c)))
    }
}

fn flat() -> &'static Flat {
    static FLAT: std::sync::OnceLock<Flat> = std::sync::OnceLock::new();
    FLAT.get_or_init(|| {
        let s = format::schema();
        // The schema is fixed: its 212 fields, 42 instances and 372 terms
        // fit in 16 bits (`the_flat_tallies_fit_their_small_numbers`).
        let mut flat =
            Flat { starts: vec![0], terms: Vec::new(), member_starts: vec![0], members: Vec::new() };
        let mut by_field = vec![Vec::new(); s.fields.len()];
        for (i, t) in s.tallies.iter().enumerate() {
            flat.terms.push((t.target as u16, 1));
            flat.terms.extend(t.plus.iter().map(|&id| (id as u16, -1)));
            flat.terms.extend(t.minus.iter().map(|&id| (id as u16, 1)));
            flat.starts.push(flat.terms.len() as u16);
            let mut cells: Vec<FieldId> = t.cells().collect();
            cells.sort_unstable();
            cells.dedup();
            for id in cells {
                let c = coef(t, id);
                if c != 0 {
                    by_field[id].push((i as u16, c as i16));
                }
            }
        }
        for list in by_field {
            flat.members.extend(list);
            flat.member_starts.push(flat.members.len() as u16);
        }
        flat
    })
}

/// The cells most likely mistyped: the unique smallest set (up to three)
/// of cells whose corrections make every tally hold, each cell fixing the
/// broken instances it takes part in and no two sharing one. Empty when
/// every tally holds or no set (or more than one) explains the breaks.
#[must_use]
pub fn suspects(report: &Report) -> Vec<Suspect> {
    suspects_of(report, &balances(report))
}

/// More cells than this that could each fix some broken rule, and the
/// breaks are too many to name a typo: no suspect.
const MAX_CANDIDATES: usize = 48;

fn suspects_of(report: &Report, balances: &Balances) -> Vec<Suspect> {
    suspects_among(report, balances, MAX_CANDIDATES)
}

/// Whether `n` broken instances are more than the 64 bits of a mask.
/// Never true for this format (42 instances): any comparison here gives
/// the same results (skipped by cargo-mutants).
#[inline]
#[cfg_attr(mutants, mutants::skip)]
fn beyond_bits(n: usize) -> bool {
    n > 64
}

/// `r / c` for a tally coefficient `c` of +1 or -1, where dividing and
/// multiplying are the same (skipped by cargo-mutants).
#[inline]
#[cfg_attr(mutants, mutants::skip)]
fn unit_div(r: i64, c: i64) -> i64 {
    r / c
}

/// `d * c` for a tally coefficient `c` of +1 or -1, where multiplying
/// and dividing are the same (skipped by cargo-mutants).
#[inline]
#[cfg_attr(mutants, mutants::skip)]
fn unit_mul(d: i64, c: i64) -> i64 {
    d * c
}

/// [`suspects_of`], giving up beyond `max` candidate cells.
fn suspects_among(report: &Report, balances: &Balances, max: usize) -> Vec<Suspect> {
    let tallies = &format::schema().tallies;
    let residuals = &balances.residuals;
    // An instance with an empty cell is unfinished, not evidence: an empty
    // cell is not a 0 typed by mistake.
    let broken: Vec<usize> =
        (0..tallies.len()).filter(|&i| residuals[i] != 0 && balances.complete(i)).collect();
    // Three cells take part in too few instances to fix more than 64 (see
    // the test `three_cells_take_part_in_fewer_than_64_instances`).
    if broken.is_empty() || beyond_bits(broken.len()) {
        return Vec::new();
    }
    // The broken instances as bits, in order.
    let bit = |i: usize| broken.binary_search(&i).ok().map(|k| 1u64 << k);
    // A candidate takes part only in broken instances, and one change of
    // it zeroes all of them: the same correction from each.
    // (cell, the value that fixes it, the broken instances it fixes)
    let mut candidates: Vec<(FieldId, u64, u64)> = Vec::new();
    let mut tried = vec![false; format::schema().fields.len()];
    let flat = flat();
    'cells: for id in broken.iter().flat_map(|&i| flat.terms(i).map(|(id, _)| id)) {
        if std::mem::replace(&mut tried[id], true) {
            continue;
        }
        let (mut delta, mut fixes) = (None, 0u64);
        for (i, c) in flat.members(id) {
            let r = residuals[i];
            if r == 0 {
                if balances.complete(i) {
                    continue 'cells;
                }
                continue;
            }
            let Some(b) = bit(i) else { continue };
            let d = -unit_div(r, c);
            if -unit_mul(d, c) != r || delta.is_some_and(|x| x != d) {
                continue 'cells;
            }
            delta = Some(d);
            fixes |= b;
        }
        let Some(d) = delta else { continue };
        if let Ok(value) = u64::try_from(report.count_or_zero(id) + d) {
            candidates.push((id, value, fixes));
        }
    }
    if candidates.len() > max {
        return Vec::new();
    }
    // A set must fix every broken instance, each exactly once.
    let sets: Vec<u64> = candidates.iter().map(|c| c.2).collect();
    let Some(set) = unique_smallest_cover(u64::MAX >> (64 - broken.len()), &sets) else { return Vec::new() };
    let mut named: Vec<Suspect> = set
        .into_iter()
        .map(|c| Suspect {
            cell: candidates[c].0,
            found: count(report, candidates[c].0),
            value: candidates[c].1,
        })
        .collect();
    named.sort_unstable_by_key(|s| s.cell);
    named
}

/// The one smallest exact cover of the bits of `all` by up to three of
/// `sets` (bit sets within `all`), as the sets' indices in increasing
/// order: none when no such cover exists, or when two or more of the
/// smallest size do.
fn unique_smallest_cover(all: u64, sets: &[u64]) -> Option<Vec<usize>> {
    let mut search = Covers { sets, all, chosen: Vec::with_capacity(3), found: Vec::new() };
    for size in 1..=3usize {
        search.walk(0, size);
        if !search.found.is_empty() {
            break;
        }
    }
    let mut set = search.found.pop()?;
    if !search.found.is_empty() {
        return None;
    }
    set.sort_unstable();
    Some(set)
}

/// A search for the exact covers of a bit set.
struct Covers<'a> {
    sets: &'a [u64],
    all: u64,
    chosen: Vec<usize>,
    /// The covers found; the walk stops at the second.
    found: Vec<Vec<usize>>,
}

impl Covers<'_> {
    /// Finds the covers of what `covered` leaves of `all` by `left` more
    /// sets. The lowest bit not yet covered is in exactly one set of any
    /// cover, so trying each set that has it in turn meets every cover once.
    fn walk(&mut self, covered: u64, left: usize) {
        if self.found.len() > 1 {
            return;
        }
        let rest = self.all & !covered;
        if rest == 0 {
            // Covered with sets to spare cannot happen: the search by fewer
            // sets would have found this cover and stopped.
            self.found.push(self.chosen.clone());
            return;
        }
        if left == 0 {
            return;
        }
        let lowest = rest & rest.wrapping_neg();
        for (c, &set) in self.sets.iter().enumerate() {
            if set & lowest != 0 && set & covered == 0 {
                self.chosen.push(c);
                self.walk(covered | set, left - 1);
                self.chosen.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    /// Every combination of `size` out of `0..n`, the plain way.
    fn combinations(size: usize, n: usize) -> Vec<Vec<usize>> {
        if size == 0 {
            return vec![Vec::new()];
        }
        (0..n)
            .flat_map(|last| {
                combinations(size - 1, last).into_iter().map(move |mut c| {
                    c.push(last);
                    c
                })
            })
            .collect()
    }

    /// The smallest exact covers found by trying every combination of one,
    /// then two, then three sets.
    fn covers_by_trying_all(all: u64, sets: &[u64]) -> Option<Vec<usize>> {
        for size in 1..=3 {
            let found: Vec<Vec<usize>> = combinations(size, sets.len())
                .into_iter()
                .filter(|combo| {
                    // Every bit of `all` in exactly one set of the combination.
                    (0..64).all(|b| {
                        combo.iter().filter(|&&c| sets[c] & (1 << b) != 0).count()
                            == usize::from(all & (1 << b) != 0)
                    })
                })
                .collect();
            match found.len() {
                0 => {}
                1 => return found.into_iter().next(),
                _ => return None,
            }
        }
        None
    }

    #[test]
    fn combinations_are_all_there() {
        assert_eq!(combinations(2, 4), [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]]);
        assert_eq!(combinations(3, 3), [[0, 1, 2]]);
    }

    proptest::proptest! {
        /// The search by the first uncovered instance finds what trying
        /// every combination finds: the cover, or that there is none or
        /// more than one of the smallest size.
        #[test]
        fn the_cover_search_agrees_with_trying_every_combination(
            n in 1usize..9,
            raw in proptest::collection::vec(proptest::collection::vec(0usize..9, 1..4), 0..16),
        ) {
            // n broken instances; each candidate fixes a few of them.
            let all = u64::MAX >> (64 - n);
            let sets: Vec<u64> = raw
                .into_iter()
                .map(|s| s.into_iter().filter(|&i| i < n).fold(0u64, |m, i| m | 1 << i))
                .filter(|&m| m != 0)
                .collect();
            proptest::prop_assert_eq!(unique_smallest_cover(all, &sets), covers_by_trying_all(all, &sets));
        }
    }

    /// The search for suspects gives up beyond 64 broken instances, which
    /// three cells could not fix: no cell takes part in more than 21.
    #[test]
    fn three_cells_take_part_in_fewer_than_64_instances() {
        let flat = flat();
        let most = (0..format::schema().fields.len()).map(|id| flat.members(id).len()).max().unwrap_or(0);
        assert!(most > 0 && 3 * most < 64, "{most}");
    }

    /// The flat tables hold the schema's instances exactly, in 16 bits:
    /// every instance's cells with their signs, every field's memberships
    /// with its coefficients.
    #[test]
    fn the_flat_tallies_fit_their_small_numbers() {
        let s = format::schema();
        assert!(s.fields.len() < usize::from(u16::MAX) && s.tallies.len() < usize::from(u16::MAX));
        let flat = flat();
        for (i, t) in s.tallies.iter().enumerate() {
            let want: Vec<(FieldId, i64)> = std::iter::once((t.target, 1))
                .chain(t.plus.iter().map(|&id| (id, -1)))
                .chain(t.minus.iter().map(|&id| (id, 1)))
                .collect();
            assert_eq!(flat.terms(i).collect::<Vec<_>>(), want, "{}", t.rule);
        }
        for id in 0..s.fields.len() {
            let want: Vec<(usize, i64)> = s
                .tallies
                .iter()
                .enumerate()
                .map(|(i, t)| (i, coef(t, id)))
                .filter(|&(_, c)| c != 0)
                .collect();
            assert_eq!(flat.members(id).collect::<Vec<_>>(), want, "{}", s.fields[id].address);
        }
    }

    /// Up to the cap the candidates are searched; one more and none is named.
    #[test]
    fn suspects_are_searched_among_at_most_the_cap_of_candidates() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/fuxin-2021.ron");
        let mut r = crate::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let s = format::schema();
        // Two typos with three candidate cells (as in tests/rules.rs).
        for address in ["requests.new.natural_person", "requests.outcome_total.total"] {
            let id = s.lookup(address).unwrap_or_else(|| panic!("{address}"));
            let v = u64::try_from(r.count_or_zero(id)).unwrap_or(0);
            r.set(id, Value::Count(Some(v + 1)));
        }
        let res = balances(&r);
        assert_eq!(suspects_among(&r, &res, 3).len(), 2);
        assert!(suspects_among(&r, &res, 2).is_empty());
        assert_eq!(suspects_of(&r, &res).len(), 2);
    }
}
