//! Times and statuses as the console writes them.

use amazon_pay_shared::lifecycle::TransactionStatus;

use crate::console::i18n::Lang;

/// `2026-12-04 21:15 UTC`.
pub fn when(unix: i64) -> String {
    let iso = amazon_pay_shared::time::format_extended(unix);
    format!("{} {} UTC", &iso[..10], &iso[11..16])
}

/// A status code with its name in the language: `仮売上 (AUTH)`, `Authorized (AUTH)`.
pub fn status(lang: Lang, code: &str) -> String {
    match code.parse::<TransactionStatus>() {
        Ok(s) => format!("{} ({code})", lang.t(s.label_en(), s.label_ja())),
        Err(_) => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_times_read_well() {
        assert_eq!(status(Lang::Ja, "AUTH"), "仮売上 (AUTH)");
        assert_eq!(status(Lang::En, "SALES"), "Captured (SALES)");
        assert_eq!(status(Lang::En, "ODD"), "ODD");
        assert_eq!(when(1_795_429_010), "2026-11-23 10:16 UTC");
    }
}
