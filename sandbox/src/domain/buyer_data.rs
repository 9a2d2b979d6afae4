//! What a checkout shows of the buyer: the choice made on the hosted page, reduced to the
//! requested scopes, and the delivery restrictions the chosen address must satisfy.

use amazon_pay_shared::api::{
    Address, AddressRestrictionType, Buyer, DeliverySpecifications, PaymentPreference, ProductType, Scope,
    SpecialRestriction,
};
use serde::{Deserialize, Serialize};

use crate::buyers::InstrumentBehaviour;

/// The buyer's choices on the hosted page, copied from the test buyer so that the session keeps
/// them even if the list of test buyers changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuyerChoice {
    /// The buyer.
    pub buyer: Buyer,
    /// The chosen address's id.
    pub address_id: String,
    /// The chosen address (shipping address for PayAndShip).
    pub address: Address,
    /// The billing address of the instrument (the buyer's default address).
    pub billing_address: Option<Address>,
    /// The chosen instrument's id.
    pub instrument_id: String,
    /// The instrument's display text.
    pub descriptor: String,
    /// How the instrument behaves.
    pub behaviour: InstrumentBehaviour,
}

/// The buyer fields of a session or permission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuyerData {
    /// `buyer`.
    pub buyer: Option<Buyer>,
    /// `shippingAddress`.
    pub shipping_address: Option<Address>,
    /// `billingAddress`.
    pub billing_address: Option<Address>,
    /// `paymentPreferences`.
    pub payment_preferences: Option<Vec<PaymentPreference>>,
}

/// The choice as a session shows it. Without `scopes` Amazon gives everything except the
/// billing address; with them, only what is listed (the buyer id always). PayOnly has no
/// shipping address; an APB session (`addressDetails`) shows the address the merchant sent.
pub fn scoped(
    choice: &BuyerChoice,
    scopes: Option<&[Scope]>,
    product_type: &ProductType,
    address_details: Option<&Address>,
) -> BuyerData {
    let has = |scope: Scope| match scopes {
        None => scope != Scope::BillingAddress,
        Some(list) => list.contains(&scope),
    };
    let buyer = Buyer {
        buyer_id: choice.buyer.buyer_id.clone(),
        name: choice.buyer.name.clone().filter(|_| has(Scope::Name)),
        email: choice.buyer.email.clone().filter(|_| has(Scope::Email)),
        phone_number: choice
            .buyer
            .phone_number
            .clone()
            .filter(|_| has(Scope::PhoneNumber)),
        prime_membership_types: None,
        shipping_address: None,
        billing_address: None,
    };
    let shipping_address = match product_type {
        ProductType::PayOnly => None,
        _ => Some(address_details.cloned().unwrap_or_else(|| choice.address.clone())),
    };
    BuyerData {
        buyer: Some(buyer),
        shipping_address,
        billing_address: choice
            .billing_address
            .clone()
            .filter(|_| has(Scope::BillingAddress)),
        payment_preferences: Some(vec![PaymentPreference {
            payment_descriptor: Some(choice.descriptor.clone()),
        }]),
    }
}

fn contains_ignore_case(haystack: Option<&str>, needle: &str) -> bool {
    haystack.is_some_and(|h| h.to_lowercase().contains(needle))
}

/// Whether an address satisfies the session's `deliverySpecifications`; the error says why not.
pub fn check_delivery(spec: Option<&DeliverySpecifications>, address: &Address) -> Result<(), String> {
    let Some(spec) = spec else { return Ok(()) };
    let lines = [
        address.address_line1.as_deref(),
        address.address_line2.as_deref(),
        address.address_line3.as_deref(),
    ];
    for restriction in spec.special_restrictions.iter().flatten() {
        let (needles, what): (&[&str], &str) = match restriction {
            SpecialRestriction::RestrictPoBoxes => (&["po box", "p.o. box", "私書箱"], "PO boxes"),
            SpecialRestriction::RestrictPackstations => (&["packstation"], "Packstations"),
            _ => continue,
        };
        if lines
            .iter()
            .any(|l| needles.iter().any(|n| contains_ignore_case(*l, n)))
        {
            return Err(format!("the merchant does not ship to {what}"));
        }
    }
    let Some(restrictions) = &spec.address_restrictions else {
        return Ok(());
    };
    let country = address.country_code.as_deref().unwrap_or_default();
    let entry = restrictions.restrictions.as_ref().and_then(|m| m.get(country));
    let listed = |list: &Option<Vec<String>>, value: &Option<String>| {
        list.as_ref()
            .is_some_and(|l| value.as_ref().is_some_and(|v| l.iter().any(|x| x == v)))
    };
    let matches = entry.map(|r| {
        let states = r.states_or_regions.as_ref().is_some_and(|l| !l.is_empty());
        let zips = r.zip_codes.as_ref().is_some_and(|l| !l.is_empty());
        (!states && !zips)
            || listed(&r.states_or_regions, &address.state_or_region)
            || listed(&r.zip_codes, &address.postal_code)
    });
    let allowed = match restrictions.restriction_type {
        Some(AddressRestrictionType::Allowed) => matches == Some(true),
        Some(AddressRestrictionType::NotAllowed) => matches != Some(true),
        _ => true,
    };
    if allowed {
        Ok(())
    } else {
        Err(format!("the merchant does not ship to this address in {country}"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use amazon_pay_shared::api::{AddressRestrictions, RegionRestriction};

    use super::*;

    fn address(country: &str, state: &str, line1: &str) -> Address {
        Address {
            address_line1: Some(line1.into()),
            state_or_region: Some(state.into()),
            country_code: Some(country.into()),
            postal_code: Some("100-0001".into()),
            ..Address::default()
        }
    }

    fn spec(
        kind: AddressRestrictionType,
        country: &str,
        states: Option<Vec<String>>,
    ) -> DeliverySpecifications {
        let mut map = BTreeMap::new();
        map.insert(
            country.to_owned(),
            RegionRestriction {
                states_or_regions: states,
                zip_codes: None,
            },
        );
        DeliverySpecifications {
            special_restrictions: Some(vec![SpecialRestriction::RestrictPoBoxes]),
            address_restrictions: Some(AddressRestrictions {
                restriction_type: Some(kind),
                restrictions: Some(map),
            }),
        }
    }

    #[test]
    fn restrictions() {
        let tokyo = address("JP", "東京都", "千代田1-1");
        let allowed_tokyo = spec(AddressRestrictionType::Allowed, "JP", Some(vec!["東京都".into()]));
        assert!(check_delivery(Some(&allowed_tokyo), &tokyo).is_ok());
        assert!(check_delivery(Some(&allowed_tokyo), &address("JP", "大阪府", "x")).is_err());
        assert!(check_delivery(Some(&allowed_tokyo), &address("US", "WA", "x")).is_err());
        assert!(check_delivery(Some(&allowed_tokyo), &address("JP", "東京都", "PO Box 12")).is_err());
        let no_us = spec(AddressRestrictionType::NotAllowed, "US", None);
        assert!(check_delivery(Some(&no_us), &address("US", "WA", "x")).is_err());
        assert!(check_delivery(Some(&no_us), &tokyo).is_ok());
        assert!(check_delivery(None, &tokyo).is_ok());
    }
}
