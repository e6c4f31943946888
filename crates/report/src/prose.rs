//! The standard sentences drafted from the tables: 一（二）依申请公开's
//! counts, 六's sentence on fees, and what changes when the year or the
//! tables do. The check of the numbers quoted in prose is
//! [`crate::rules::prose`].

use crate::format::{self, FieldId};
use crate::model::{Report, Value};
use crate::rules::prose::{ON_REQUEST, total, total_value};

/// The narrative field of 六、其他需要报告的事项.
pub const OTHER_MATTERS: &str = "other_matters";

/// The sentence 六 must hold for an agency that charged no information
/// processing fee (《政府信息公开信息处理费管理办法》): an agency with no
/// requests charged none.
#[must_use]
pub fn draft_no_fees(report: &Report) -> String {
    let year = report.year().map(|y| format!("{y}年，")).unwrap_or_default();
    format!("{year}本机关未收取政府信息公开信息处理费。")
}

/// The narratives an agency with nothing to report can have drafted: 一（二）
/// from the tables and 六's sentence on fees, each only where it is empty
/// (the changes to make, for one undo step).
#[must_use]
pub fn drafts_for_nothing(report: &Report) -> Vec<(FieldId, Value)> {
    let s = format::schema();
    let mut out = Vec::new();
    for (address, text) in [(ON_REQUEST, draft_on_request(report)), (OTHER_MATTERS, draft_no_fees(report))] {
        if let Some(id) = s.lookup(address)
            && report.get(id).is_empty()
        {
            out.push((id, Value::Text(text)));
        }
    }
    out
}

/// A function that drafts a standard sentence from the report.
type Drafter = fn(&Report) -> String;

/// Drafted sentences that follow a change of the report's year: a
/// narrative still exactly as drafted for `before` (一（二）, 六's fee
/// sentence) is drafted again for `after`; one the user edited is left.
#[must_use]
pub fn redrafts(before: &Report, after: &Report) -> Vec<(FieldId, Value)> {
    let s = format::schema();
    let drafts: [(&str, Drafter); 2] = [(ON_REQUEST, draft_on_request), (OTHER_MATTERS, draft_no_fees)];
    drafts
        .into_iter()
        .filter_map(|(address, draft)| {
            let id = s.lookup(address)?;
            let Value::Text(text) = before.get(id) else { return None };
            let (old, new) = (draft(before), draft(after));
            (*text == old && new != old).then_some((id, Value::Text(new)))
        })
        .collect()
}

/// The standard sentences of 一（二）依申请公开, drafted from 表三 and 表四.
#[must_use]
pub fn draft_on_request(report: &Report) -> String {
    let s = format::schema();
    let req = &format::REQUESTS;
    let t = |row: &str| total(report, row).map_or(0, |id| total_value(report, id));
    let group =
        |prefix: &str| req.rows.iter().filter(|r| r.key.starts_with(prefix)).map(|r| t(r.key)).sum::<i64>();
    let appeal = |g: &str| s.cell(&format::APPEALS, g, "total").map_or(0, |id| total_value(report, id));
    let year = report.year().map(|y| format!("{y}年，")).unwrap_or_default();
    let (review, suits) = (appeal("review"), appeal("suit_direct") + appeal("suit_after_review"));
    if t("new") == 0 && t("carried_in") == 0 {
        // The standard sentences of an agency with nothing to report.
        let appeals = if review == 0 && suits == 0 {
            "未发生因政府信息公开引起的行政复议、行政诉讼。".to_owned()
        } else {
            format!("因政府信息公开被申请行政复议{review}件，被提起行政诉讼{suits}件。")
        };
        return format!("{year}本机关未收到政府信息公开申请，也没有上年结转的申请。{appeals}");
    }
    // A carried count of 0 is said in words (没有), not as “结转0件”.
    let carried_in = match t("carried_in") {
        0 => "没有上年结转的申请".to_owned(),
        n => format!("上年结转{n}件"),
    };
    let carried_out = match t("carried_out") {
        0 => "没有结转下年度继续办理的申请".to_owned(),
        n => format!("结转下年度继续办理{n}件"),
    };
    format!(
        "{year}本机关共收到政府信息公开申请{}件，{carried_in}。已办结{}件，其中予以公开{}件，部分公开{}件，不予公开{}件，无法提供{}件，不予处理{}件，其他处理{}件；{carried_out}。因政府信息公开被申请行政复议{}件，被提起行政诉讼{}件。",
        t("new"),
        t("outcome_total"),
        t("granted"),
        t("partly_granted"),
        group("denied_"),
        group("unavailable_"),
        group("dismissed_"),
        group("other_"),
        review,
        suits,
    )
}
