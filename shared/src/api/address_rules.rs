//! The checks of `addressDetails`, the address a shop passes with the Additional Payment Button
//! (`ProcessOrder` + `PayAndShip`), as Amazon's "address formatting and validation" page states
//! them per country group, plus the field lengths of Amazon's address fields.
//!
//! | countries | required besides name, addressLine1, postalCode, countryCode, phoneNumber |
//! |---|---|
//! | JP | stateOrRegion (the prefecture); city optional |
//! | the EU list (GB/UK and the EU members) | city; stateOrRegion optional |
//! | every other country (the US rules) | city and stateOrRegion |
//!
//! `stateOrRegion` is refused for UK, GB, SG, AE and MX, which do not have it.

use super::field_error::{check_len, join, ApiFieldError};
use super::input::AddressDetails;

/// Longest `name`, in characters.
pub const NAME_MAX: usize = 50;
/// Longest `addressLine1`.
pub const LINE1_MAX: usize = 180;
/// Longest `addressLine2` and `addressLine3`.
pub const LINE_MAX: usize = 60;
/// Longest `city`, `districtOrCounty` and `stateOrRegion`.
pub const AREA_MAX: usize = 50;
/// Longest `postalCode` and `phoneNumber`.
pub const CODE_MAX: usize = 20;

/// Countries where Amazon applies its EU address rules.
const EU_RULES: [&str; 29] = [
    "UK", "GB", "DE", "FR", "IT", "ES", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "GR", "HU",
    "IE", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "SE",
];
/// Countries whose addresses have no `stateOrRegion`.
const NO_STATE: [&str; 5] = ["UK", "GB", "SG", "AE", "MX"];

fn present(value: Option<&String>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

fn required(prefix: &str, name: &str, value: Option<&String>) -> Result<(), ApiFieldError> {
    if present(value) {
        Ok(())
    } else {
        Err(ApiFieldError::Empty {
            field: join(prefix, name),
        })
    }
}

impl AddressDetails {
    fn fields(&self) -> [(&'static str, Option<&String>, usize); 10] {
        [
            ("name", self.name.as_ref(), NAME_MAX),
            ("addressLine1", self.address_line1.as_ref(), LINE1_MAX),
            ("addressLine2", self.address_line2.as_ref(), LINE_MAX),
            ("addressLine3", self.address_line3.as_ref(), LINE_MAX),
            ("city", self.city.as_ref(), AREA_MAX),
            ("districtOrCounty", self.district_or_county.as_ref(), AREA_MAX),
            ("stateOrRegion", self.state_or_region.as_ref(), AREA_MAX),
            ("postalCode", self.postal_code.as_ref(), CODE_MAX),
            ("countryCode", self.country_code.as_ref(), 2),
            ("phoneNumber", self.phone_number.as_ref(), CODE_MAX),
        ]
    }

    /// Checks the address under the JSON path `prefix`: lengths, no control characters, a
    /// two-letter `countryCode`, and the fields its country requires or refuses (module docs).
    pub fn validate_at(&self, prefix: &str) -> Result<(), ApiFieldError> {
        for (name, value, max) in self.fields() {
            check_len(prefix, name, value.map(String::as_str), max)?;
            if value.is_some_and(|v| v.chars().any(char::is_control)) {
                return Err(ApiFieldError::Invalid {
                    field: join(prefix, name),
                    reason: "must not contain control characters",
                });
            }
        }
        required(prefix, "name", self.name.as_ref())?;
        required(prefix, "addressLine1", self.address_line1.as_ref())?;
        required(prefix, "postalCode", self.postal_code.as_ref())?;
        required(prefix, "countryCode", self.country_code.as_ref())?;
        required(prefix, "phoneNumber", self.phone_number.as_ref())?;
        let country = self
            .country_code
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_ascii_uppercase();
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(ApiFieldError::Invalid {
                field: join(prefix, "countryCode"),
                reason: "must be a two-letter country code (ISO 3166-1 alpha-2)",
            });
        }
        let country = country.as_str();
        if NO_STATE.contains(&country) {
            if present(self.state_or_region.as_ref()) {
                return Err(ApiFieldError::Invalid {
                    field: join(prefix, "stateOrRegion"),
                    reason: "is not supported for this countryCode (UK, GB, SG, AE, MX)",
                });
            }
        } else if !EU_RULES.contains(&country) {
            required(prefix, "stateOrRegion", self.state_or_region.as_ref())?;
        }
        if country != "JP" {
            required(prefix, "city", self.city.as_ref())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokyo() -> AddressDetails {
        AddressDetails {
            name: Some("山田 太郎".into()),
            address_line1: Some("六本木1-1-1".into()),
            city: Some("港区".into()),
            state_or_region: Some("東京都".into()),
            postal_code: Some("106-0032".into()),
            country_code: Some("JP".into()),
            phone_number: Some("0312345678".into()),
            ..AddressDetails::default()
        }
    }

    fn refused(address: &AddressDetails) -> (String, &'static str) {
        let e = address.validate_at("addressDetails").unwrap_err();
        (e.field().to_owned(), e.code())
    }

    #[test]
    fn japan_needs_the_prefecture_not_the_city() {
        assert_eq!(tokyo().validate_at("addressDetails"), Ok(()));
        let no_city = AddressDetails {
            city: None,
            ..tokyo()
        };
        assert_eq!(no_city.validate_at("addressDetails"), Ok(()));
        let no_prefecture = AddressDetails {
            state_or_region: Some("  ".into()),
            ..tokyo()
        };
        assert_eq!(
            refused(&no_prefecture),
            ("addressDetails.stateOrRegion".into(), "FIELD_EMPTY")
        );
        let lower = AddressDetails {
            country_code: Some("jp".into()),
            ..tokyo()
        };
        assert_eq!(lower.validate_at("addressDetails"), Ok(()));
    }

    #[test]
    fn each_country_group_has_its_rules() {
        let us = AddressDetails {
            city: Some("Seattle".into()),
            state_or_region: Some("WA".into()),
            postal_code: Some("98101".into()),
            country_code: Some("US".into()),
            ..tokyo()
        };
        assert_eq!(us.validate_at(""), Ok(()));
        let us_no_state = AddressDetails {
            state_or_region: None,
            ..us.clone()
        };
        assert_eq!(refused(&us_no_state).0, "addressDetails.stateOrRegion");
        let us_no_city = AddressDetails { city: None, ..us };
        assert_eq!(refused(&us_no_city).0, "addressDetails.city");

        let de = AddressDetails {
            city: Some("Köln".into()),
            state_or_region: None,
            postal_code: Some("50667".into()),
            country_code: Some("DE".into()),
            ..tokyo()
        };
        assert_eq!(de.validate_at(""), Ok(()));
        let de_no_city = AddressDetails { city: None, ..de };
        assert_eq!(refused(&de_no_city).0, "addressDetails.city");

        for country in ["GB", "UK", "SG", "AE", "MX"] {
            let with_state = AddressDetails {
                city: Some("City".into()),
                state_or_region: Some("Region".into()),
                country_code: Some(country.into()),
                ..tokyo()
            };
            assert_eq!(
                refused(&with_state),
                ("addressDetails.stateOrRegion".into(), "FIELD_INVALID"),
                "{country}"
            );
            let without = AddressDetails {
                state_or_region: None,
                ..with_state
            };
            assert_eq!(without.validate_at(""), Ok(()), "{country}");
        }
    }

    #[test]
    fn every_field_has_its_limits() {
        for (field, missing) in [
            (
                "name",
                AddressDetails {
                    name: None,
                    ..tokyo()
                },
            ),
            (
                "addressLine1",
                AddressDetails {
                    address_line1: None,
                    ..tokyo()
                },
            ),
            (
                "postalCode",
                AddressDetails {
                    postal_code: None,
                    ..tokyo()
                },
            ),
            (
                "countryCode",
                AddressDetails {
                    country_code: None,
                    ..tokyo()
                },
            ),
            (
                "phoneNumber",
                AddressDetails {
                    phone_number: None,
                    ..tokyo()
                },
            ),
        ] {
            assert_eq!(
                refused(&missing),
                (format!("addressDetails.{field}"), "FIELD_EMPTY")
            );
        }
        for code in ["JPN", "J", "1P", "日本"] {
            let bad = AddressDetails {
                country_code: Some(code.into()),
                ..tokyo()
            };
            assert_eq!(refused(&bad).0, "addressDetails.countryCode", "{code}");
        }
        // Exactly at each limit (in characters, not bytes), then one past.
        let at = AddressDetails {
            name: Some("名".repeat(NAME_MAX)),
            address_line1: Some("a".repeat(LINE1_MAX)),
            address_line2: Some("b".repeat(LINE_MAX)),
            address_line3: Some("c".repeat(LINE_MAX)),
            city: Some("市".repeat(AREA_MAX)),
            district_or_county: Some("d".repeat(AREA_MAX)),
            state_or_region: Some("県".repeat(AREA_MAX)),
            postal_code: Some("1".repeat(CODE_MAX)),
            phone_number: Some("0".repeat(CODE_MAX)),
            ..tokyo()
        };
        assert_eq!(at.validate_at(""), Ok(()));
        let past = AddressDetails {
            address_line2: Some("b".repeat(LINE_MAX + 1)),
            ..at
        };
        assert_eq!(
            refused(&past),
            ("addressDetails.addressLine2".into(), "FIELD_TOO_LONG")
        );
        let control = AddressDetails {
            address_line1: Some("六本木\n1-1-1".into()),
            ..tokyo()
        };
        assert_eq!(
            refused(&control),
            ("addressDetails.addressLine1".into(), "FIELD_INVALID")
        );
    }
}
