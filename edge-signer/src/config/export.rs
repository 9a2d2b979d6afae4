//! The CSV export: how many ledger rows it reads per query while it streams.

use super::error::ConfigError;
use super::setting::Setting;
use super::settings::Settings;

/// The most (and default) ledger rows the export reads per query.
pub const MAX_PAGE_ROWS: u64 = 500;

/// Reads `EXPORT_PAGE_ROWS` (1 to 500, default 500; 0 counts as 1). Fewer rows per query make
/// more, smaller queries: the download is the same.
pub fn page_rows(s: &Settings<'_>) -> Result<i64, ConfigError> {
    let rows = s
        .integer(Setting::ExportPageRows, MAX_PAGE_ROWS, MAX_PAGE_ROWS)?
        .max(1);
    Ok(rows as i64)
}

#[cfg(test)]
mod tests {
    use super::super::error::Reason;
    use super::super::testing::{map, settings};
    use super::*;

    #[test]
    fn page_rows_default_and_bounds() {
        assert_eq!(page_rows(&settings(&map(&[]))).unwrap(), 500);
        assert_eq!(
            page_rows(&settings(&map(&[("EXPORT_PAGE_ROWS", "2")]))).unwrap(),
            2
        );
        assert_eq!(
            page_rows(&settings(&map(&[("EXPORT_PAGE_ROWS", "0")]))).unwrap(),
            1
        );
        let e = page_rows(&settings(&map(&[("EXPORT_PAGE_ROWS", "501")]))).unwrap_err();
        assert_eq!(
            (e.setting, e.reason),
            (Setting::ExportPageRows, Reason::NotAnInteger { max: 500 })
        );
    }
}
