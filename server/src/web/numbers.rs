//! Numbers as the page's language writes them, with ICU4X's CLDR data: a
//! decimal comma and a space between thousands in Swedish ("1 234,5"), a
//! point and a comma in English ("1,234.5").

use icu_decimal::{input::Decimal, DecimalFormatter};
use icu_locale_core::Locale;

/// `value` with `fraction` digits after the decimal separator.
pub fn decimal(tag: &str, value: f64, fraction: u8) -> String {
    let scale = 10f64.powi(i32::from(fraction));
    let mut d = Decimal::from((value * scale).round() as i64);
    d.multiply_pow10(-i16::from(fraction));
    format(tag, &d)
}

/// A whole number.
pub fn whole(tag: &str, value: u64) -> String {
    format(tag, &Decimal::from(value))
}

fn format(tag: &str, d: &Decimal) -> String {
    let Ok(locale) = tag.parse::<Locale>() else {
        return d.to_string();
    };
    match DecimalFormatter::try_new(locale.into(), Default::default()) {
        Ok(formatter) => formatter.format(d).to_string(),
        // Every language has data compiled in; this is only a fallback.
        Err(_) => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_has_a_decimal_comma_and_english_a_point() {
        assert_eq!(decimal("sv", 136.66, 1), "136,7");
        assert_eq!(decimal("en", 136.66, 1), "136.7");
        assert_eq!(decimal("sv", 4.0, 1), "4,0");
        // Thousands: a no-break space in Swedish, a comma in English.
        assert_eq!(whole("sv", 12_345), "12\u{a0}345");
        assert_eq!(whole("en", 12_345), "12,345");
    }
}
