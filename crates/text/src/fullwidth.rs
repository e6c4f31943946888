//! Full-width digits (０–９, U+FF10–U+FF19), which Chinese input methods
//! type and Chinese documents print: the one place they are recognised and
//! folded to ASCII.

/// Whether `c` is an ASCII or a full-width decimal digit.
#[inline]
#[must_use]
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_wide_digit(c)
}

/// Whether `c` is a full-width decimal digit (０–９).
#[inline]
#[must_use]
pub fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// `c` with a full-width digit folded to its ASCII twin; anything else as
/// it is.
#[inline]
#[must_use]
pub fn fold(c: char) -> char {
    if is_wide_digit(c) { char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c) } else { c }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wide_digit_folds_to_its_ascii_twin() {
        for (wide, ascii) in "０１２３４５６７８９".chars().zip('0'..='9') {
            assert!(is_digit(wide) && is_wide_digit(wide));
            assert_eq!(fold(wide), ascii);
        }
        for c in ['a', '.', '，', '〇', '/', ':'] {
            assert!(!is_digit(c));
            assert_eq!(fold(c), c);
        }
    }
}
