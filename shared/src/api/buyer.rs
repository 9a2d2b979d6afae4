//! The buyer profile of Get Buyer (`GET /v2/buyers/{buyerToken}`, Amazon Sign-in).

use serde::{Deserialize, Serialize};

use super::common::Address;

/// The buyer returned by Get Buyer after Amazon Sign-in. Which fields are present depends on
/// the `signInScopes` of the button. Unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuyerProfile {
    /// Amazon's stable id of the buyer.
    pub buyer_id: String,
    /// Name (scope `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address (scope `email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Postal code (scope `postalCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country code that goes with the postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Phone number (scope `phoneNumber`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Default shipping address (scope `shippingAddress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    /// Default billing address (scope `billingAddress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// Prime membership types (scope `primeStatus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prime_membership_types: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_buyer() {
        let b: BuyerProfile = serde_json::from_str(
            r#"{"buyerId":"amzn1.account.AEXAMPLEBUYER0003","name":"Jane Doe","email":"jane@example.com",
                "postalCode":"98101","countryCode":"US","phoneNumber":null,
                "shippingAddress":{"name":"Jane Doe","addressLine1":"410 Terry Ave N","city":"Seattle",
                    "stateOrRegion":"WA","postalCode":"98109","countryCode":"US","phoneNumber":"2065550100"},
                "billingAddress":null,"primeMembershipTypes":null,"newField":1}"#,
        )
        .unwrap();
        assert_eq!(b.buyer_id, "amzn1.account.AEXAMPLEBUYER0003");
        assert_eq!(b.postal_code.as_deref(), Some("98101"));
        assert_eq!(
            b.shipping_address.as_ref().unwrap().city.as_deref(),
            Some("Seattle")
        );
        assert_eq!(b.phone_number, None);
        let out = serde_json::to_value(&b).unwrap();
        assert!(out.get("phoneNumber").is_none() && out.get("newField").is_none());
        assert_eq!(serde_json::from_value::<BuyerProfile>(out).unwrap(), b);
    }

    #[test]
    fn scope_name_only() {
        let b: BuyerProfile = serde_json::from_str(r#"{"buyerId":"x","name":"N"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"buyerId":"x","name":"N"}"#
        );
    }
}
