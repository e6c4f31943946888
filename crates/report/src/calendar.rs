//! Dates without a date library: the civil calendar from a day count, the
//! time a lock was taken, and the report year a clerk is working on.

/// `YYYY-MM-DD HH:MM UTC` of a time in seconds since the epoch.
#[must_use]
pub fn utc_time(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    let rem = secs % 86_400;
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

/// Year, month and day of a day count since 1970-01-01 (proleptic
/// Gregorian; H. Hinnant's civil-from-days).
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The year of the report being drafted today (system clock, UTC): see
/// [`report_year`].
#[must_use]
pub fn current_report_year() -> u16 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, _) = civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    report_year(year, month)
}

/// The year of the report an office drafts in `month` of `year`: from
/// October on, this year's (drafting starts before the year ends, for
/// publication by 31 January); January to September, last year's (the
/// report due on 31 January, or one being corrected).
#[must_use]
pub fn report_year(year: i64, month: u32) -> u16 {
    let y = if month >= 10 { year } else { year - 1 };
    u16::try_from(y).unwrap_or(2026)
}
