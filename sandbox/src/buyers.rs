//! The sandbox's test buyers: who can sign in on the hosted pages, their address books and
//! their payment instruments. Each instrument has a fixed [`InstrumentBehaviour`] that decides
//! how authorisations, captures and refunds made with it turn out.

use amazon_pay_shared::api::{Address, Buyer, BuyerProfile, Scope};
use serde::{Deserialize, Serialize};

/// A buyer who can sign in on the hosted pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestBuyer {
    /// Amazon-style buyer id (`amzn1.account.…`).
    pub buyer_id: String,
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// The address book (the first entry is the default).
    pub addresses: Vec<TestAddress>,
    /// The wallet (the first entry is the default).
    pub instruments: Vec<TestInstrument>,
}

/// One entry of a buyer's address book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestAddress {
    /// Id used by the hosted pages and [`crate::store::BuyerSelection`].
    pub id: String,
    /// The address as Amazon returns it.
    pub address: Address,
}

/// One payment instrument of a buyer's wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestInstrument {
    /// Id used by the hosted pages and [`crate::store::BuyerSelection`].
    pub id: String,
    /// What the buyer and `paymentPreferences[].paymentDescriptor` show, e.g. `Visa ****1111`.
    pub descriptor: String,
    /// How payments with it turn out.
    pub behaviour: InstrumentBehaviour,
}

/// How payments with an instrument turn out. Asynchronous steps complete after the configured
/// `async_delay_secs` of sandbox time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum InstrumentBehaviour {
    /// Everything succeeds.
    #[default]
    Approve,
    /// Authorisations are declined with `SoftDeclined`; the permission stays chargeable.
    SoftDecline,
    /// Authorisations are declined with `HardDeclined`; the permission becomes
    /// `NonChargeable` (`PaymentMethodInvalid`).
    HardDecline,
    /// With `canHandlePendingAuthorization` the authorisation is `AuthorizationInitiated`, then
    /// `Authorized` after the delay; without it, it is authorised at once.
    PendingThenApprove,
    /// With `canHandlePendingAuthorization` the authorisation is `AuthorizationInitiated`, then
    /// `Declined` (`SoftDeclined`) after the delay; without it, it is declined at once with
    /// `TransactionTimedOut`.
    PendingThenDecline,
    /// Authorisations succeed; every capture is asynchronous (`CaptureInitiated`, then
    /// `Captured` after the delay).
    CapturePending,
    /// Authorisations succeed; captures are declined (`ProcessingFailure`).
    CaptureDecline,
    /// Everything succeeds, but refunds stay `RefundInitiated` for 24 hours of sandbox time.
    RefundPending,
    /// Everything succeeds, but refunds end `Declined` (`AmazonRejected`) after the delay.
    RefundDecline,
    /// Amazon's card ending 3064: paying at Amazon ends the checkout session `Canceled` with
    /// `BuyerCanceled`.
    CheckoutBuyerCanceled,
    /// Amazon's card ending 3434: paying at Amazon ends the checkout session `Canceled` with
    /// `Declined`.
    CheckoutDeclined,
    /// Amazon's card ending 0701: the authorisation is `AuthorizationInitiated`, then
    /// `Authorized` after 30 seconds. Needs `canHandlePendingAuthorization: true` (and at
    /// checkout `paymentIntent: Authorize`), else `InvalidSandboxSimulationSpecified`.
    AuthorizationPendingThenApprove,
    /// Amazon's card ending 4354: the authorisation is `AuthorizationInitiated`, then
    /// `Declined` with `HardDeclined` after 30 seconds; same requirements as
    /// [`InstrumentBehaviour::AuthorizationPendingThenApprove`].
    AuthorizationPendingThenHardDecline,
}

impl InstrumentBehaviour {
    /// Every behaviour.
    pub const ALL: [InstrumentBehaviour; 13] = [
        InstrumentBehaviour::Approve,
        InstrumentBehaviour::SoftDecline,
        InstrumentBehaviour::HardDecline,
        InstrumentBehaviour::PendingThenApprove,
        InstrumentBehaviour::PendingThenDecline,
        InstrumentBehaviour::CapturePending,
        InstrumentBehaviour::CaptureDecline,
        InstrumentBehaviour::RefundPending,
        InstrumentBehaviour::RefundDecline,
        InstrumentBehaviour::CheckoutBuyerCanceled,
        InstrumentBehaviour::CheckoutDeclined,
        InstrumentBehaviour::AuthorizationPendingThenApprove,
        InstrumentBehaviour::AuthorizationPendingThenHardDecline,
    ];

    /// Whether this is one of Amazon's simulated payment methods that only work with a
    /// pending authorisation (card endings 0701 and 4354).
    pub fn needs_pending_authorization(self) -> bool {
        matches!(
            self,
            InstrumentBehaviour::AuthorizationPendingThenApprove
                | InstrumentBehaviour::AuthorizationPendingThenHardDecline
        )
    }
}

/// Amazon's simulated payment methods, by card ending, as every test buyer's wallet has them
/// (`<prefix>-amazon-<ending>`): 1111, 0005, 4444, 9424 and 0000 succeed; 3064 cancels the
/// checkout (`BuyerCanceled`); 3434 declines it (`Declined`); 0701 authorises after 30
/// seconds; 4354 is declined (`HardDeclined`) after 30 seconds.
pub const AMAZON_SIMULATED_CARDS: [(&str, InstrumentBehaviour); 9] = [
    ("1111", InstrumentBehaviour::Approve),
    ("0005", InstrumentBehaviour::Approve),
    ("4444", InstrumentBehaviour::Approve),
    ("9424", InstrumentBehaviour::Approve),
    ("0000", InstrumentBehaviour::Approve),
    ("3064", InstrumentBehaviour::CheckoutBuyerCanceled),
    ("3434", InstrumentBehaviour::CheckoutDeclined),
    ("0701", InstrumentBehaviour::AuthorizationPendingThenApprove),
    ("4354", InstrumentBehaviour::AuthorizationPendingThenHardDecline),
];

/// Amazon's simulated cards for the buyer whose ids start with `prefix`.
fn amazon_cards(prefix: &str) -> Vec<TestInstrument> {
    AMAZON_SIMULATED_CARDS
        .iter()
        .map(|(ending, behaviour)| TestInstrument {
            id: format!("{prefix}-amazon-{ending}"),
            descriptor: format!("Amazon simulation card ****{ending}"),
            behaviour: *behaviour,
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn address(
    id: &str,
    name: &str,
    line1: &str,
    line2: Option<&str>,
    city: Option<&str>,
    state: Option<&str>,
    postal: &str,
    country: &str,
    phone: &str,
) -> TestAddress {
    TestAddress {
        id: id.to_owned(),
        address: Address {
            name: Some(name.to_owned()),
            address_line1: Some(line1.to_owned()),
            address_line2: line2.map(str::to_owned),
            address_line3: None,
            city: city.map(str::to_owned),
            county: None,
            district: None,
            state_or_region: state.map(str::to_owned),
            postal_code: Some(postal.to_owned()),
            country_code: Some(country.to_owned()),
            phone_number: Some(phone.to_owned()),
        },
    }
}

fn instrument(id: &str, descriptor: &str, behaviour: InstrumentBehaviour) -> TestInstrument {
    TestInstrument {
        id: id.to_owned(),
        descriptor: descriptor.to_owned(),
        behaviour,
    }
}

/// The test buyers: a Japanese buyer, a US buyer and a German (EU) buyer. Together their
/// instruments cover every [`InstrumentBehaviour`]; the first buyer, address and instrument are
/// the defaults of the hosted pages.
pub fn test_buyers() -> Vec<TestBuyer> {
    use InstrumentBehaviour::*;
    vec![
        TestBuyer {
            buyer_id: "amzn1.account.SANDBOXBUYERJP0001".to_owned(),
            name: "山田 花子".to_owned(),
            email: "hanako.yamada@example.jp".to_owned(),
            phone: "0312345678".to_owned(),
            addresses: vec![
                address(
                    "jp-home",
                    "山田 花子",
                    "千代田1-1",
                    Some("パレスビル3F"),
                    Some("千代田区"),
                    Some("東京都"),
                    "100-0001",
                    "JP",
                    "0312345678",
                ),
                address(
                    "jp-office",
                    "山田 花子",
                    "梅田3-1-3",
                    None,
                    Some("大阪市北区"),
                    Some("大阪府"),
                    "530-0001",
                    "JP",
                    "0661234567",
                ),
            ],
            instruments: vec![
                instrument("jp-visa", "Visa ****1111", Approve),
                instrument(
                    "jp-jcb-pending",
                    "JCB ****9100 (sandbox only: pending authorization)",
                    PendingThenApprove,
                ),
                instrument(
                    "jp-mc-capture-pending",
                    "Mastercard ****9200 (sandbox only: capture pending)",
                    CapturePending,
                ),
            ]
            .into_iter()
            .chain(amazon_cards("jp"))
            .collect(),
        },
        TestBuyer {
            buyer_id: "amzn1.account.SANDBOXBUYERUS0002".to_owned(),
            name: "Jane Doe".to_owned(),
            email: "jane.doe@example.com".to_owned(),
            phone: "2065550100".to_owned(),
            addresses: vec![
                address(
                    "us-home",
                    "Jane Doe",
                    "410 Terry Ave N",
                    None,
                    Some("Seattle"),
                    Some("WA"),
                    "98109",
                    "US",
                    "2065550100",
                ),
                address(
                    "us-work",
                    "Jane Doe",
                    "1600 Amphitheatre Pkwy",
                    Some("Building 4"),
                    Some("Mountain View"),
                    Some("CA"),
                    "94043",
                    "US",
                    "6505550101",
                ),
                address(
                    "us-parents",
                    "John Doe",
                    "350 Fifth Avenue",
                    Some("Floor 20"),
                    Some("New York"),
                    Some("NY"),
                    "10118",
                    "US",
                    "2125550102",
                ),
            ],
            instruments: vec![
                instrument("us-visa", "Visa ****1111", Approve),
                instrument(
                    "us-amex-soft",
                    "American Express ****9300 (sandbox only: soft decline)",
                    SoftDecline,
                ),
                instrument(
                    "us-discover-hard",
                    "Discover ****1117 (sandbox only: hard decline)",
                    HardDecline,
                ),
            ]
            .into_iter()
            .chain(amazon_cards("us"))
            .collect(),
        },
        TestBuyer {
            buyer_id: "amzn1.account.SANDBOXBUYEREU0003".to_owned(),
            name: "Erika Mustermann".to_owned(),
            email: "erika.mustermann@example.de".to_owned(),
            phone: "+49301234567".to_owned(),
            addresses: vec![
                address(
                    "eu-berlin",
                    "Erika Mustermann",
                    "Heidestraße 17",
                    None,
                    Some("Berlin"),
                    None,
                    "10557",
                    "DE",
                    "+49301234567",
                ),
                address(
                    "eu-paris",
                    "Erika Mustermann",
                    "5 Avenue Anatole France",
                    None,
                    Some("Paris"),
                    None,
                    "75007",
                    "FR",
                    "+33123456789",
                ),
            ],
            instruments: vec![
                instrument("eu-mc", "Mastercard ****5100", Approve),
                instrument(
                    "eu-visa-pending-decline",
                    "Visa ****0002 (sandbox only: pending, then declined)",
                    PendingThenDecline,
                ),
                instrument(
                    "eu-visa-capture-decline",
                    "Visa ****0010 (sandbox only: capture declined)",
                    CaptureDecline,
                ),
                instrument(
                    "eu-amex-refund-pending",
                    "American Express ****8431 (sandbox only: refund pending)",
                    RefundPending,
                ),
                instrument(
                    "eu-mc-refund-decline",
                    "Mastercard ****4445 (sandbox only: refund declined)",
                    RefundDecline,
                ),
            ]
            .into_iter()
            .chain(amazon_cards("eu"))
            .collect(),
        },
    ]
}

/// The test buyer with this id.
pub fn find_buyer(buyer_id: &str) -> Option<TestBuyer> {
    test_buyers().into_iter().find(|b| b.buyer_id == buyer_id)
}

impl TestBuyer {
    /// The address with this id.
    pub fn address(&self, id: &str) -> Option<&TestAddress> {
        self.addresses.iter().find(|a| a.id == id)
    }

    /// The instrument with this id.
    pub fn instrument(&self, id: &str) -> Option<&TestInstrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// The buyer object of a Checkout Session or Charge Permission (all scopes).
    pub fn to_buyer(&self) -> Buyer {
        Buyer {
            buyer_id: self.buyer_id.clone(),
            name: Some(self.name.clone()),
            email: Some(self.email.clone()),
            phone_number: Some(self.phone.clone()),
            prime_membership_types: None,
            shipping_address: None,
            billing_address: None,
        }
    }

    /// The Get Buyer answer (Amazon Sign-in), reduced to the signed `signInScopes`: the buyer id
    /// always; `name`, `email`, `phoneNumber`; `postalCode` (with its `countryCode`);
    /// `shippingAddress` and `billingAddress` (the default address); `primeStatus`
    /// (`primeMembershipTypes`, which no test buyer has).
    pub fn to_profile(&self, scopes: &[Scope]) -> BuyerProfile {
        let has = |scope: Scope| scopes.contains(&scope);
        let default = self.addresses.first().map(|a| a.address.clone());
        let postal = default.as_ref().filter(|_| has(Scope::PostalCode));
        BuyerProfile {
            buyer_id: self.buyer_id.clone(),
            name: Some(self.name.clone()).filter(|_| has(Scope::Name)),
            email: Some(self.email.clone()).filter(|_| has(Scope::Email)),
            postal_code: postal.and_then(|a| a.postal_code.clone()),
            country_code: postal.and_then(|a| a.country_code.clone()),
            phone_number: Some(self.phone.clone()).filter(|_| has(Scope::PhoneNumber)),
            shipping_address: default.clone().filter(|_| has(Scope::ShippingAddress)),
            billing_address: default.filter(|_| has(Scope::BillingAddress)),
            prime_membership_types: None,
        }
    }
}

/// Every scope Amazon Sign-in knows.
pub const ALL_SCOPES: [Scope; 7] = [
    Scope::Name,
    Scope::Email,
    Scope::PostalCode,
    Scope::ShippingAddress,
    Scope::PhoneNumber,
    Scope::BillingAddress,
    Scope::PrimeStatus,
];

/// The scopes of a sign-in button without `signInScopes`: `name` and `email`, as Amazon
/// documents for the sign-in-and-setup button (our choice for the plain sign-in button).
pub const DEFAULT_SIGN_IN_SCOPES: [Scope; 2] = [Scope::Name, Scope::Email];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buyers_cover_every_behaviour_and_have_unique_ids() {
        let buyers = test_buyers();
        assert!(buyers.len() >= 3);
        for behaviour in InstrumentBehaviour::ALL {
            assert!(
                buyers
                    .iter()
                    .flat_map(|b| &b.instruments)
                    .any(|i| i.behaviour == behaviour),
                "{behaviour:?}"
            );
        }
        let mut ids: Vec<&str> = buyers
            .iter()
            .flat_map(|b| {
                std::iter::once(b.buyer_id.as_str())
                    .chain(b.addresses.iter().map(|a| a.id.as_str()))
                    .chain(b.instruments.iter().map(|i| i.id.as_str()))
            })
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(buyers.iter().any(|b| b
            .addresses
            .iter()
            .any(|a| a.address.state_or_region.as_deref() == Some("東京都"))));
        for b in &buyers {
            assert!((2..=3).contains(&b.addresses.len()) && !b.instruments.is_empty());
        }
    }
}
