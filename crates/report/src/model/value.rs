//! A cell's value: counts, amounts, years, dates and text, parsed from what
//! a user types (full-width digits, thousands separators) and shown back.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::format::Kind;
use nianbao_text::fullwidth;

/// Largest count accepted in a cell. Larger numbers are certainly typing
/// mistakes in this report, and the cap keeps every sum far from overflow.
pub const MAX_COUNT: u64 = 999_999_999;

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text; the empty string means "not written yet".
    Text(String),
    /// A count or a year; `None` means "not filled yet" (not zero).
    Count(Option<u64>),
    /// An exact decimal amount; `None` means "not filled yet".
    Amount(Option<Decimal>),
}

impl Value {
    /// The value of a field not filled yet.
    #[must_use]
    pub fn empty(kind: Kind) -> Value {
        match kind {
            Kind::Text | Kind::Date => Value::Text(String::new()),
            Kind::Count | Kind::Year => Value::Count(None),
            Kind::Amount => Value::Amount(None),
        }
    }

    /// Zero for a count or amount cell (`None` for text and years).
    #[must_use]
    pub fn zero(kind: Kind) -> Option<Value> {
        match kind {
            Kind::Count => Some(Value::Count(Some(0))),
            Kind::Amount => Some(Value::Amount(Some(Decimal::ZERO))),
            Kind::Text | Kind::Year | Kind::Date => None,
        }
    }

    /// Whether the field is still empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) => s.trim().is_empty(),
            Value::Count(v) => v.is_none(),
            Value::Amount(v) => v.is_none(),
        }
    }

    /// The value as the CLI prints it (empty for an empty field).
    #[must_use]
    pub fn display(&self) -> String {
        self.to_string()
    }
}

/// As the CLI prints it (nothing for an empty field).
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Count(Some(n)) => write!(f, "{n}"),
            Value::Amount(Some(d)) => write!(f, "{d}"),
            Value::Count(None) | Value::Amount(None) => Ok(()),
        }
    }
}

/// Why a typed value was refused.
/// Its sentences, Chinese and English (`Display` is the English one),
/// are in `i18n::value_error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueError {
    /// A minus sign in a count or amount.
    Negative,
    /// Something that is not a number.
    NotANumber,
    /// A fraction where a whole number is needed.
    NotWhole,
    /// Larger than [`MAX_COUNT`] (or an implausible year).
    TooLarge,
    /// A year outside 2000–2100.
    BadYear,
    /// A line break in a one-line field.
    Multiline,
    /// Spaces or stray commas between digits: two numbers, not one.
    Several,
    /// More decimal places than an amount holds exactly.
    TooPrecise,
    /// Not a date in a form we read.
    NotADate,
}

/// Folds full-width digits and punctuation typed through a Chinese IME
/// (`１２３`, `．`, `，`) into ASCII and drops thousands separators.
///
/// # Errors
/// [`ValueError::Several`] when spaces or commas that are not thousands
/// separators split the digits (`12 34`, `1259,36`): two numbers pasted or
/// typed into one cell are never joined into one.
fn normalise_number(s: &str) -> Result<String, ValueError> {
    let folded: String = s
        .chars()
        .map(|c| match c {
            c if fullwidth::is_wide_digit(c) => fullwidth::fold(c),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '\u{3000}' => ' ',
            other => other,
        })
        .collect();
    let folded = folded.trim();
    if folded.chars().any(char::is_whitespace) {
        return Err(ValueError::Several);
    }
    if !folded.contains(',') {
        return Ok(folded.to_owned());
    }
    let (int, frac) = folded.split_once('.').map_or((folded, None), |(i, f)| (i, Some(f)));
    let groups: Vec<&str> = int.trim_start_matches(['+', '-']).split(',').collect();
    let grouped = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && !frac.is_some_and(|f| f.contains(','));
    if !grouped {
        return Err(ValueError::Several);
    }
    Ok(folded.replace(',', ""))
}

/// A date as people write it: `2026年1月15日`, `2026-01-15`, `2026.1.15`,
/// `2026/1/15` (full-width digits too); `None` for anything else or a day
/// the calendar does not have.
#[must_use]
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let folded: String = s
        .trim()
        .chars()
        .map(|c| match c {
            c if fullwidth::is_wide_digit(c) => fullwidth::fold(c),
            _ => c,
        })
        .collect();
    let parts: Vec<&str> = folded
        .trim_end_matches('日')
        .split(['年', '月', '-', '.', '/', '．', '－', '／'])
        .map(str::trim)
        .collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let num = |t: &str| {
        (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((2000..=2100).contains(&y) && (1..=days).contains(&d)).then_some((y, m, d))
}

/// Parses user input for a field of `kind`. An empty input clears the field.
///
/// # Errors
/// A [`ValueError`] saying why the input is not a valid value.
pub fn parse_value(kind: Kind, input: &str, multiline: bool) -> Result<Value, ValueError> {
    match kind {
        Kind::Text => {
            if !multiline && input.contains('\n') {
                return Err(ValueError::Multiline);
            }
            Ok(Value::Text(input.to_owned()))
        }
        Kind::Date => {
            let t = input.trim();
            if t.is_empty() {
                return Ok(Value::Text(String::new()));
            }
            parse_date(t).map(|(y, m, d)| Value::Text(format!("{y}年{m}月{d}日"))).ok_or(ValueError::NotADate)
        }
        Kind::Count | Kind::Year => {
            let s = normalise_number(input)?;
            if s.is_empty() {
                return Ok(Value::Count(None));
            }
            let n = parse_count(&s)?;
            if kind == Kind::Year && !(2000..=2100).contains(&n) {
                return Err(ValueError::BadYear);
            }
            Ok(Value::Count(Some(n)))
        }
        Kind::Amount => {
            let s = normalise_number(input)?;
            if s.is_empty() {
                return Ok(Value::Amount(None));
            }
            parse_amount(&s).map(|d| Value::Amount(Some(d)))
        }
    }
}

fn parse_count(s: &str) -> Result<u64, ValueError> {
    if s.starts_with('-') {
        return Err(ValueError::Negative);
    }
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(ValueError::NotANumber);
    }
    if let Some((int, frac)) = digits.split_once('.') {
        if frac.chars().any(|c| c != '0') || int.is_empty() || frac.contains('.') {
            return Err(ValueError::NotWhole);
        }
        return parse_count(int);
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(ValueError::TooLarge),
    }
}

fn parse_amount(s: &str) -> Result<Decimal, ValueError> {
    if s.starts_with('-') {
        return Err(ValueError::Negative);
    }
    let valid = s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|&c| c == '.').count() <= 1
        && s.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(ValueError::NotANumber);
    }
    let digits = s.strip_prefix('+').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if int.len() > 9 {
        return Err(ValueError::TooLarge);
    }
    // The exact decimal type holds 28 significant digits; rather than round
    // what the user wrote, refuse it.
    if frac.len() > 28 || int.len() + frac.len() > 28 {
        return Err(ValueError::TooPrecise);
    }
    let d = Decimal::from_str(digits).map_err(|_| ValueError::TooPrecise)?;
    if d > Decimal::from(MAX_COUNT) {
        return Err(ValueError::TooLarge);
    }
    if d.normalize().scale() as usize != frac.len() {
        return Err(ValueError::TooPrecise);
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_value_accepts_ime_digits_and_refuses_bad_counts() {
        assert_eq!(parse_value(Kind::Count, "１２", false), Ok(Value::Count(Some(12))));
        assert_eq!(parse_value(Kind::Count, "1,234", false), Ok(Value::Count(Some(1234))));
        assert_eq!(parse_value(Kind::Count, "", false), Ok(Value::Count(None)));
        assert_eq!(parse_value(Kind::Count, "-1", false), Err(ValueError::Negative));
        assert_eq!(parse_value(Kind::Count, "1.5", false), Err(ValueError::NotWhole));
        assert_eq!(parse_value(Kind::Count, "abc", false), Err(ValueError::NotANumber));
        assert_eq!(parse_value(Kind::Count, "99999999999999999999999", false), Err(ValueError::TooLarge));
        assert_eq!(parse_value(Kind::Count, "1000000000", false), Err(ValueError::TooLarge));
        assert_eq!(parse_value(Kind::Year, "1999", false), Err(ValueError::BadYear));
        assert_eq!(parse_value(Kind::Text, "a\nb", false), Err(ValueError::Multiline));
    }

    #[test]
    fn amounts_keep_their_digits() {
        let v = parse_value(Kind::Amount, "4068.208", false);
        assert_eq!(v.map(|v| v.display()), Ok("4068.208".to_owned()));
        assert_eq!(parse_value(Kind::Amount, "-3", false), Err(ValueError::Negative));
        assert_eq!(parse_value(Kind::Amount, "1.2.3", false), Err(ValueError::NotANumber));
    }
}
