//! Reports made from other reports: this year's draft from last year's, and
//! the sum of several agencies' reports (a county office's combined tables).

use rust_decimal::Decimal;

use crate::format::{self, Place};
use crate::model::{Report, Value};

/// This year's draft from last year's: the organ carried over, the year
/// one later (unless given), each column's 上年结转 filled with last year's
/// 结转下年度继续办理, and 五 opened with last year's problems so the user
/// can say how each was dealt with.
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
    if let Some(id) = s.lookup("problems")
        && let Value::Text(last) = previous.get(id)
        && !last.trim().is_empty()
    {
        let last_year = year.saturating_sub(1);
        r.set(
            id,
            Value::Text(format!(
                "（一）{last_year}年度存在问题的整改情况\n{last}\n（二）{year}年度存在的主要问题及改进措施\n"
            )),
        );
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
            let sum = parts.iter().try_fold(Decimal::ZERO, |acc, p| acc.checked_add(*p));
            match sum {
                Some(sum) => Value::Amount((!parts.is_empty()).then_some(sum)),
                None => {
                    return Err(SumError::TooLarge {
                        address: f.address.clone(),
                        value: "(beyond the exact decimal range)".to_owned(),
                    });
                }
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
