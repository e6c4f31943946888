//! The official 2021 national format as data: the one place where labels,
//! addresses, guidance and tally relations live.
//!
//! Everything else (the RON schema in `model`, the rules, the wizard, the
//! exporters) walks these declarations; no label or address is typed
//! anywhere else. The source is 国办公开办函〔2021〕30号 as transcribed in
//! `shared/spec/format-2021.md`.
//!
//! Design choice: a table is a list of rows, each row a list of value
//! columns, and both rows and columns carry a *path* of group labels above
//! them. The official merged headers (row spans and column spans) are
//! derived from those paths by [`header_bands`], so a group label such as
//! 法人或其他组织 is written once and its span can never disagree with the
//! columns under it. The cost is that a table whose official layout is not
//! a plain grid (表二's blocks, 表四's single data row) names its layout in
//! [`Layout`] and the renderers handle each of the three shapes.
//!
//! Layers, one way: `types` (the shapes) <- `tables` (the content) <-
//! `tally` (the relations) <- `schema` (the flat index and the header
//! bands). This file only re-exports them.

mod schema;
mod tables;
mod tally;
mod types;

pub use schema::*;
pub use tables::{APPEALS, PROACTIVE, REQUESTS, SECTIONS, TABLES};
pub use tally::*;
pub use types::*;

#[cfg(test)]
mod tests {
    use super::tables::*;
    use super::*;

    #[test]
    fn addresses_are_unique_and_complete() {
        let s = schema();
        assert_eq!(s.by_address.len(), s.fields.len());
        // 4 front matter + 6 overview (lead and （一）…（五）) + 2 text + the cells
        let cells = |t: &Table| t.rows.iter().map(|r| r.columns.len()).sum::<usize>();
        assert_eq!(cells(&PROACTIVE), 10);
        assert_eq!(cells(&REQUESTS), 25 * 7);
        assert_eq!(cells(&APPEALS), 15);
        assert_eq!(s.fields.len(), 4 + 6 + 1 + 1 + 10 + 175 + 15);
        for a in [
            "requests.new.natural_person",
            "appeals.review.total",
            "overview.platforms",
            "overview.lead",
            "proactive.fees.amount",
            "proactive.normative_docs.in_force",
            "meta.organ",
            "preamble",
            "problems",
            "other_matters",
        ] {
            assert!(s.lookup(a).is_some(), "{a}");
        }
    }

    #[test]
    fn tally_instances_per_spec() {
        let s = schema();
        let count = |rule| s.tallies.iter().filter(|t| t.rule == rule).count();
        assert_eq!(count(RULE_BALANCE), 7);
        assert_eq!(count(RULE_ROW_TOTAL), 25);
        assert_eq!(count(RULE_OUTCOME_TOTAL), 7);
        assert_eq!(count(RULE_GROUP_TOTAL), 3);
        let ot = s.tallies.iter().find(|t| t.rule == RULE_OUTCOME_TOTAL).map(|t| t.plus.len());
        assert_eq!(ot, Some(21));
    }

    #[test]
    fn requests_header_matches_official_spans() {
        let cols = REQUESTS.uniform_columns().unwrap_or(&[]);
        let leaves: Vec<_> = cols.iter().map(|c| (c.path, c.label)).collect();
        let (bands, levels) = header_bands(&leaves);
        assert_eq!(levels, 3);
        let find = |t: &str| bands.iter().find(|b| b.text == t).cloned();
        let b = find("申请人情况").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (7, 1, 0));
        let b = find("自然人").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (1, 2, 1));
        let b = find("法人或其他组织").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (5, 1, 1));
        let b = find("商业企业").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (1, 1, 2));
    }

    #[test]
    fn requests_row_labels_span_22_rows() {
        let leaves: Vec<_> = REQUESTS.rows.iter().map(|r| (r.path, r.label)).collect();
        let (bands, levels) = header_bands(&leaves);
        assert_eq!(levels, 3);
        let span = |t: &str| bands.iter().find(|b| b.text == t).map(|b| (b.span, b.depth));
        assert_eq!(span(RESULTS), Some((22, 1)));
        assert_eq!(span(DENIED), Some((8, 1)));
        assert_eq!(span(UNAVAILABLE), Some((3, 1)));
        assert_eq!(span(DISMISSED), Some((5, 1)));
        assert_eq!(span(OTHER), Some((3, 1)));
        assert_eq!(span("一、本年新收政府信息公开申请数量"), Some((1, 3)));
        assert_eq!(span("（一）予以公开"), Some((1, 2)));
        assert_eq!(span("（七）总计"), Some((1, 2)));
    }
}
