//! Reports made from other reports: this year's draft from last year's, and
//! the sum of several agencies' reports (a county office's combined tables).

use rust_decimal::Decimal;

use crate::format::{self, Place};
use crate::model::{Report, Value};

/// This year's draft from last year's: the organ carried over, the year
/// one later (unless given), each column's 上年结转 filled with last year's
/// 结转下年度继续办理. Last year's 五 is not copied (the step would look
/// done): the wizard shows it beside the editor instead.
#[must_use]
pub fn next_year(previous: &Report, organ: Option<&str>, year: Option<u16>) -> Report {
    let year = year.or_else(|| previous.year().and_then(|y| u16::try_from(y + 1).ok())).unwrap_or(2000);
    let mut r = Report::draft(organ.unwrap_or(previous.organ()), year);
    let s = format::schema();
    let req = &format::REQUESTS;
    for col in req.uniform_columns().unwrap_or(&[]) {
        if let (Some(cin), Some(cout)) =
            (s.cell(req, "carried_in", col.key), s.cell(req, "carried_out", col.key))
        {
            r.set(cin, previous.get(cout).clone());
        }
    }
    r
}

/// Why reports cannot be summed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SumError {
    /// The inputs report on different years (or one has no year).
    #[error("the reports are for different years: {0}")]
    Years(String),
    /// Nothing to sum.
    #[error("no reports to sum")]
    Empty,
    /// A summed count is larger than a draft can hold.
    #[error("{address}: the sum {value} is larger than a draft holds (counts up to {max}); nothing was written", max = crate::model::MAX_COUNT)]
    TooLarge { address: String, value: String },
    /// Summed amounts would need more digits than an exact amount holds.
    #[error(
        "{address}: the exact sum needs more than the 28 significant digits an amount holds; nothing was written"
    )]
    Inexact { address: String },
}

impl SumError {
    /// The message in the user's language.
    #[must_use]
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match (self, lang) {
            (_, crate::i18n::Lang::En) => self.to_string(),
            (SumError::Years(list), _) => format!("各报告的年度不同：{list}"),
            (SumError::Empty, _) => "没有可汇总的报告".to_owned(),
            (SumError::TooLarge { address, value }, _) => format!(
                "{address}：合计 {value} 超出草稿可容纳的范围（最大 {}），未写入任何文件",
                crate::model::MAX_COUNT
            ),
            (SumError::Inexact { address }, _) => {
                format!("{address}：金额的精确合计超过 28 位有效数字，为免四舍五入未写入任何文件")
            }
        }
    }
}

/// The cell-wise sum of reports of one year: counts added, fees added as
/// exact decimals, a cell empty only where it is empty in every input;
/// text left empty for the user.
///
/// # Errors
/// [`SumError`] when the years differ or there is no input.
pub fn sum(reports: &[(String, Report)], organ: &str) -> Result<Report, SumError> {
    let first = reports.first().ok_or(SumError::Empty)?;
    let year = first.1.year();
    if year.is_none() || reports.iter().any(|(_, r)| r.year() != year) {
        let list: Vec<String> = reports
            .iter()
            .map(|(name, r)| {
                format!("{name}: {}", r.year().map_or_else(|| "?".to_owned(), |y| y.to_string()))
            })
            .collect();
        return Err(SumError::Years(list.join(", ")));
    }
    let mut total = Report::draft(organ, u16::try_from(year.unwrap_or(0)).unwrap_or(0));
    let s = format::schema();
    for (id, f) in s.fields.iter().enumerate() {
        if !matches!(f.place, Place::Cell { .. }) {
            continue;
        }
        let values = reports.iter().map(|(_, r)| r.get(id));
        let summed = if f.kind == format::Kind::Amount {
            let parts: Vec<Decimal> =
                values.filter_map(|v| if let Value::Amount(a) = v { *a } else { None }).collect();
            // Exact or refused: an addition that had to round (the result has
            // fewer decimal places than an addend) is as bad as an overflow.
            let sum = parts.iter().try_fold(Decimal::ZERO, |acc, p| {
                acc.checked_add(*p).filter(|s| s.scale() >= acc.scale().max(p.scale()))
            });
            match sum {
                Some(sum) => Value::Amount((!parts.is_empty()).then_some(sum)),
                None => return Err(SumError::Inexact { address: f.address.clone() }),
            }
        } else {
            let parts: Vec<u64> =
                values.filter_map(|v| if let Value::Count(c) = v { *c } else { None }).collect();
            let sum: u128 = parts.iter().map(|&n| u128::from(n)).sum();
            if sum > u128::from(crate::model::MAX_COUNT) {
                return Err(SumError::TooLarge { address: f.address.clone(), value: sum.to_string() });
            }
            Value::Count((!parts.is_empty()).then(|| u64::try_from(sum).unwrap_or(u64::MAX)))
        };
        total.set(id, summed);
    }
    Ok(total)
}
