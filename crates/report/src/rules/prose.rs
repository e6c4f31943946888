//! Numbers in prose: the counts that 一（二）依申请公开 quotes, checked
//! against 表三, and the standard sentences drafted from the tables.
//!
//! The check reads a number followed by 件 and decides what it counts from
//! the words before it in the same clause (收到 / 受理 / 新收, 上年结转,
//! 办结 / 答复, 结转下年度 / 下一年). A count of requests received may
//! include those carried over (`共受理…749件` is new + carried in), so
//! either total is accepted; a clause with none of the words says
//! nothing. It is a warning, not an error: prose is free and a number may
//! count something else; the message shows both values.

use crate::format::{self, FieldId, RULE_PROSE_NUMBERS, Severity};
use crate::model::{Report, Value};
use crate::rules::Diagnostic;

/// The narrative field whose numbers are checked.
pub const ON_REQUEST: &str = "overview.on_request";

/// What a quoted count refers to: clause keywords, most specific first,
/// and the 表三 row whose total it must equal.
/// `结转至2026年` (carried on into the next year) is carried out; `上年结转`
/// (carried in from last year) wins over it, and a bare `结转` is carried
/// in.
const MEANINGS: [(&[&str], &str); 6] = [
    (&["结转下年", "结转到下年", "转入下年", "下一年", "下年度", "顺延"], "carried_out"),
    (&["上年结转", "上年度结转", "从上年"], "carried_in"),
    (&["结转至", "结转到", "转至"], "carried_out"),
    (&["结转"], "carried_in"),
    (&["办结", "办理完毕", "答复", "共办理"], "outcome_total"),
    (&["收到", "受理", "新收", "接收"], "new"),
];

/// Counts quoted in a text: (the number, the 表三 row it refers to).
///
/// Linear in the text: a number's clause runs back to the last
/// punctuation mark or the previous quoted count, whichever is nearer, so
/// every character is looked at in one clause at most.
#[must_use]
pub fn quoted_counts(text: &str) -> Vec<(i64, &'static str)> {
    // Byte offsets into `text`: digits are one byte each, and a clause is
    // a slice of the text, not a copy.
    let digits = |from: usize| text.as_bytes()[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut out = Vec::new();
    let mut clause_start = 0;
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
        if matches!(c, '，' | '。' | '；' | '、' | '（' | '(' | ',' | ';' | '：' | ':') {
            clause_start = i + c.len_utf8();
        }
        if !c.is_ascii_digit() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        i += digits(i);
        if !text[i..].starts_with('件') {
            continue;
        }
        let number = &text[start..i];
        let clause = &text[clause_start..start];
        clause_start = i + '件'.len_utf8();
        let meaning = MEANINGS.iter().find(|(keys, _)| keys.iter().any(|k| clause.contains(k)));
        if let (Some((_, row)), Ok(n)) = (meaning, number.parse()) {
            out.push((n, *row));
        }
    }
    out
}

pub(crate) fn total(report: &Report, row: &str) -> Option<FieldId> {
    format::schema()
        .cell(&format::REQUESTS, row, "total")
        .filter(|&id| matches!(report.get(id), Value::Count(_)))
}

/// A row's total in 表三: as written, or the sum of its columns while the
/// total is still empty.
pub(crate) fn total_value(report: &Report, id: FieldId) -> i64 {
    match report.get(id) {
        Value::Count(Some(_)) => report.count_or_zero(id),
        _ => crate::rules::computed(report, id).unwrap_or(0),
    }
}

/// A warning for each count quoted in 一（二） that disagrees with the
/// total of its row in 表三.
#[must_use]
pub fn check(report: &Report) -> Vec<Diagnostic> {
    let Some(field) = format::schema().lookup(ON_REQUEST) else {
        return Vec::new();
    };
    let Value::Text(text) = report.get(field) else {
        return Vec::new();
    };
    let mut quoted = quoted_counts(text);
    // The same number quoted for the same row again is one warning.
    let mut seen = Vec::with_capacity(quoted.len());
    quoted.retain(|q| {
        let new = !seen.contains(q);
        seen.push(*q);
        new
    });
    quoted
        .into_iter()
        .filter_map(|(found, row)| {
            let cell = total(report, row)?;
            let expected = total_value(report, cell);
            // Requests received may be counted with those carried over.
            let with_carried = (row == "new")
                .then(|| total(report, "carried_in").map(|c| expected + total_value(report, c)))
                .flatten();
            (expected != found && with_carried != Some(found)).then(|| Diagnostic {
                severity: Severity::Warning,
                rule: RULE_PROSE_NUMBERS,
                cell: field,
                expected: Some(expected),
                found: Some(found),
                suspect: None,
                involved: vec![field, cell],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_read_with_their_meaning() {
        assert_eq!(quoted_counts("2023年度我局共收到依申请信息公开26件，及时回复"), vec![(26, "new")]);
        assert_eq!(
            quoted_counts(
                "市政府共受理政府信息公开申请1295件，办结1191件（含上年结转189件），均在法定期限内答复。"
            ),
            vec![(1295, "new"), (1191, "outcome_total"), (189, "carried_in")]
        );
        assert_eq!(quoted_counts("结转下年度继续办理3件"), vec![(3, "carried_out")]);
        assert_eq!(quoted_counts("结转下一年31件"), vec![(31, "carried_out")]);
        assert_eq!(
            quoted_counts("答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）"),
            vec![(3050, "outcome_total"), (34, "carried_in")]
        );
        // A real report's sentence, once read as carried in.
        assert_eq!(quoted_counts("其余结转至2026年6件"), vec![(6, "carried_out")]);
        assert_eq!(quoted_counts("上年结转至本年3件"), vec![(3, "carried_in")]);
        assert_eq!(quoted_counts("发布信息312条，培训2次"), vec![]);
        assert_eq!(quoted_counts("未收到依申请公开事项。"), vec![]);
    }
}
