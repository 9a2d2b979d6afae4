//! The signer's wire types (`amazon_pay_shared::wire`, `api`, `cart`, `money`) to and from plain
//! JavaScript values, under the same camelCase names as their serde derives (a native test
//! round-trips each through both). Fields that take one of Amazon's values are written with
//! the vocabulary's `as_str` and read with its `parse`.

use amazon_pay_shared::api::{Address, BuyerProfile};
use amazon_pay_shared::cart::CartLine;
use amazon_pay_shared::money::Price;
use amazon_pay_shared::vocabulary::{ButtonColor, Placement, Vocabulary};
use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, BuyerRequest, CompleteOutcome, CompleteResponse,
    ConfigResponse, DisplayLimits, ErrorBody, ErrorDetail, PlaceOrderRequest, PlaceOrderResponse,
    QuoteResponse, ReviewResponse, SignInButtonRequest, SignInButtonResponse, SignedPayload,
    SubscriptionAccess,
};

use crate::js::codec::{Error, Fields, FromJs, ObjectBuilder, Sink, Source, ToJs};
use crate::vocabulary;

/// A required field holding one of Amazon's values, in `T`'s exact spelling.
fn known<T: Vocabulary, V: Source>(f: &Fields<'_, V>, key: &str) -> Result<T, Error> {
    let text: String = f.req(key)?;
    T::parse(&text).ok_or_else(|| unknown(&f.path(key), &text, T::NAMES))
}

/// `path: 'text' is not one of A, B, C`.
#[inline(never)]
fn unknown(path: &str, text: &str, names: &[&str]) -> Error {
    format!("{path}: {}", vocabulary::not_one_of(text, names))
}

impl FromJs for Price {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<Price, Error> {
        let f = Fields::new(value, path)?.only(&["amount", "currencyCode"])?;
        if f.get("amount").number().is_some() {
            return Err(format!(
                "{} must be a decimal string such as \"12.50\", not a number",
                f.path("amount")
            ));
        }
        Ok(Price {
            amount: f.req("amount")?,
            currency_code: f.req("currencyCode")?,
        })
    }
}

impl FromJs for CartLine {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<CartLine, Error> {
        let f = Fields::new(value, path)?.only(&["sku", "quantity"])?;
        Ok(CartLine {
            sku: f.req("sku")?,
            quantity: f.req("quantity")?,
        })
    }
}

impl FromJs for SignedPayload {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<SignedPayload, Error> {
        let f = Fields::new(value, path)?;
        Ok(SignedPayload {
            payload_json: f.req("payloadJSON")?,
            signature: f.req("signature")?,
            public_key_id: f.req("publicKeyId")?,
            algorithm: f.req("algorithm")?,
        })
    }
}

impl FromJs for ButtonResponse {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<ButtonResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(ButtonResponse {
            create_checkout_session_config: f.req("createCheckoutSessionConfig")?,
            estimated_order_amount: f.req("estimatedOrderAmount")?,
            product_type: known(&f, "productType")?,
            placement: known(&f, "placement")?,
        })
    }
}

impl FromJs for SignInButtonResponse {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<SignInButtonResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(SignInButtonResponse {
            sign_in_config: f.req("signInConfig")?,
        })
    }
}

impl FromJs for ButtonDefaults {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<ButtonDefaults, Error> {
        let f = Fields::new(value, path)?;
        Ok(ButtonDefaults {
            product_type: known(&f, "productType")?,
            placement: known(&f, "placement")?,
            button_color: known(&f, "buttonColor")?,
        })
    }
}

impl FromJs for DisplayLimits {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<DisplayLimits, Error> {
        let f = Fields::new(value, path)?;
        Ok(DisplayLimits {
            min_total: f.opt("minTotal")?,
            max_total: f.opt("maxTotal")?,
        })
    }
}

impl FromJs for ConfigResponse {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<ConfigResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(ConfigResponse {
            version: f.req("version")?,
            merchant_id: f.req("merchantId")?,
            region: f.req("region")?,
            ledger_currency: f.req("ledgerCurrency")?,
            sandbox: f.req("sandbox")?,
            public_key_id: f.req("publicKeyId")?,
            checkout_language: f.opt("checkoutLanguage")?.unwrap_or_default(),
            checkout_js_url: f.req("checkoutJsUrl")?,
            button: f.req("button")?,
            display_limits: f.opt("displayLimits")?.unwrap_or(DisplayLimits {
                min_total: None,
                max_total: None,
            }),
        })
    }
}

impl FromJs for ErrorBody {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<ErrorBody, Error> {
        let f = Fields::new(value, path)?;
        let error = f.get("error");
        let e = Fields::new(&error, "error")?;
        Ok(ErrorBody {
            error: ErrorDetail {
                code: e.req("code")?,
                message: e.opt("message")?.unwrap_or_default(),
            },
        })
    }
}

impl FromJs for Address {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<Address, Error> {
        let f = Fields::new(value, path)?;
        Ok(Address {
            name: f.opt("name")?,
            address_line1: f.opt("addressLine1")?,
            address_line2: f.opt("addressLine2")?,
            address_line3: f.opt("addressLine3")?,
            city: f.opt("city")?,
            county: f.opt("county")?,
            district: f.opt("district")?,
            state_or_region: f.opt("stateOrRegion")?,
            postal_code: f.opt("postalCode")?,
            country_code: f.opt("countryCode")?,
            phone_number: f.opt("phoneNumber")?,
        })
    }
}

impl FromJs for ReviewResponse {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<ReviewResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(ReviewResponse {
            checkout_session_id: f.req("checkoutSessionId")?,
            state: f.req("state")?,
            reason_code: f.opt("reasonCode")?,
            buyer_name: f.opt("buyerName")?,
            buyer_email: f.opt("buyerEmail")?,
            buyer_phone: f.opt("buyerPhone")?,
            shipping_address: f.opt("shippingAddress")?,
            billing_address: f.opt("billingAddress")?,
            payment_descriptor: f.opt("paymentDescriptor")?,
            constraints: f.opt("constraints")?.unwrap_or_default(),
        })
    }
}

impl FromJs for QuoteResponse {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<QuoteResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(QuoteResponse {
            subtotal: f.opt("subtotal")?,
            shipping: f.opt("shipping")?,
            tax: f.opt("tax")?,
            tax_included: f.opt("taxIncluded")?.unwrap_or(false),
            total: f.req("total")?,
        })
    }
}

impl FromJs for PlaceOrderResponse {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<PlaceOrderResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(PlaceOrderResponse {
            amazon_pay_redirect_url: f.req("amazonPayRedirectUrl")?,
            amount: f.req("amount")?,
        })
    }
}

impl FromJs for CompleteOutcome {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<CompleteOutcome, Error> {
        match value.string().as_deref() {
            Some("Completed") => Ok(CompleteOutcome::Completed),
            Some("Pending") => Ok(CompleteOutcome::Pending),
            Some("Declined") => Ok(CompleteOutcome::Declined),
            Some("Canceled") => Ok(CompleteOutcome::Canceled),
            Some("Expired") => Ok(CompleteOutcome::Expired),
            _ => Err(format!("{path} is not a known outcome")),
        }
    }
}

impl FromJs for CompleteResponse {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<CompleteResponse, Error> {
        let f = Fields::new(value, path)?;
        Ok(CompleteResponse {
            outcome: f.req("outcome")?,
            state: f.opt("state")?.unwrap_or_default(),
            reason_code: f.opt("reasonCode")?,
            charge_id: f.opt("chargeId")?,
            charge_permission_id: f.opt("chargePermissionId")?,
            charge_state: f.opt("chargeState")?,
            subscription: f.opt("subscription")?,
        })
    }
}

impl FromJs for SubscriptionAccess {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<SubscriptionAccess, Error> {
        let f = Fields::new(value, path)?;
        Ok(SubscriptionAccess {
            id: f.req("id")?,
            token: f.req("token")?,
        })
    }
}

impl ToJs for SubscriptionAccess {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("id", &self.id)
            .set("token", &self.token)
            .build()
    }
}

impl FromJs for BuyerProfile {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<BuyerProfile, Error> {
        let f = Fields::new(value, path)?;
        Ok(BuyerProfile {
            buyer_id: f.req("buyerId")?,
            name: f.opt("name")?,
            email: f.opt("email")?,
            postal_code: f.opt("postalCode")?,
            country_code: f.opt("countryCode")?,
            phone_number: f.opt("phoneNumber")?,
            shipping_address: f.opt("shippingAddress")?,
            billing_address: f.opt("billingAddress")?,
            prime_membership_types: f.opt("primeMembershipTypes")?,
        })
    }
}

impl ToJs for Price {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("amount", &self.amount)
            .set("currencyCode", &self.currency_code)
            .build()
    }
}

impl ToJs for CartLine {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("sku", &self.sku)
            .set("quantity", self.quantity)
            .build()
    }
}

impl ToJs for SignedPayload {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("payloadJSON", &self.payload_json)
            .set("signature", &self.signature)
            .set("publicKeyId", &self.public_key_id)
            .set("algorithm", &self.algorithm)
            .build()
    }
}

impl ToJs for ButtonRequest {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("productType", self.product_type.as_str())
            .set("placement", self.placement.as_str())
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("amount", self.amount.as_ref())
            .set_opt("buttonColor", self.button_color.map(ButtonColor::as_str))
            .set_opt("bindingHash", self.binding_hash.as_ref())
            .build()
    }
}

impl ToJs for SignInButtonRequest {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set_opt("placement", self.placement.map(Placement::as_str))
            .set_opt("bindingHash", self.binding_hash.as_ref())
            .build()
    }
}

impl ToJs for BuyerRequest {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("buyerToken", &self.buyer_token)
            .set("state", &self.state)
            .build()
    }
}

impl ToJs for PlaceOrderRequest {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("amount", self.amount.as_ref())
            .build()
    }
}

impl ToJs for Address {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set_opt("name", self.name.as_ref())
            .set_opt("addressLine1", self.address_line1.as_ref())
            .set_opt("addressLine2", self.address_line2.as_ref())
            .set_opt("addressLine3", self.address_line3.as_ref())
            .set_opt("city", self.city.as_ref())
            .set_opt("county", self.county.as_ref())
            .set_opt("district", self.district.as_ref())
            .set_opt("stateOrRegion", self.state_or_region.as_ref())
            .set_opt("postalCode", self.postal_code.as_ref())
            .set_opt("countryCode", self.country_code.as_ref())
            .set_opt("phoneNumber", self.phone_number.as_ref())
            .build()
    }
}

impl ToJs for BuyerProfile {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("buyerId", &self.buyer_id)
            .set_opt("name", self.name.as_ref())
            .set_opt("email", self.email.as_ref())
            .set_opt("postalCode", self.postal_code.as_ref())
            .set_opt("countryCode", self.country_code.as_ref())
            .set_opt("phoneNumber", self.phone_number.as_ref())
            .set_opt("shippingAddress", self.shipping_address.as_ref())
            .set_opt("billingAddress", self.billing_address.as_ref())
            .set_opt("primeMembershipTypes", self.prime_membership_types.as_ref())
            .build()
    }
}

#[cfg(test)]
mod tests {
    //! Every wire type the widget reads or writes, through both serde (shared's derives: the
    //! signer's side) and this module: the same field names, the same optional fields left
    //! out, the same enum strings.

    use std::fmt::Debug;

    use amazon_pay_shared::api::{Address, AddressDetails, BuyerProfile};
    use amazon_pay_shared::cart::CartLine;
    use amazon_pay_shared::money::Price;
    use amazon_pay_shared::permission_button::PermissionButtonRequest as SignerPermissionRequest;
    use amazon_pay_shared::vocabulary::{ButtonColor, Placement, ProductType};
    use amazon_pay_shared::wire::{
        ButtonDefaults, ButtonRequest, ButtonResponse, BuyerRequest, CompleteOutcome, CompleteResponse,
        ConfigResponse, DisplayLimits, ErrorBody, ErrorDetail, PlaceOrderRequest, PlaceOrderResponse,
        QuoteResponse, ReviewResponse, SignInButtonRequest, SignInButtonResponse, SignedPayload,
        SubscriptionAccess,
    };
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::{json, Value};

    use crate::js::codec::{FromJs, ToJs};
    use crate::permission::{
        ChargePermissionType, Frequency, FrequencyUnit, PermissionButtonRequest, PermissionOptions,
        ShopAddress, ADDRESS_FIELDS,
    };

    /// What the signer sends, the widget reads back as the same value.
    fn reads<T: FromJs + Serialize + PartialEq + Debug>(value: &T) {
        let json = serde_json::to_value(value).unwrap();
        let read = T::from_js(&json, "").unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(&read, value, "read from {json}");
    }

    /// What the widget sends is exactly serde's JSON, and serde reads it back.
    fn writes<T: ToJs + Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
        let ours: Value = value.to_js();
        assert_eq!(ours, serde_json::to_value(value).unwrap());
        assert_eq!(&serde_json::from_value::<T>(ours).unwrap(), value);
    }

    fn both<T: FromJs + ToJs + Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
        reads(value);
        writes(value);
    }

    fn text(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    fn price(amount: &str) -> Price {
        Price {
            amount: amount.to_owned(),
            currency_code: "JPY".to_owned(),
        }
    }

    fn payload() -> SignedPayload {
        SignedPayload {
            payload_json: r#"{"storeId":"amzn1.application-oa2-client.test"}"#.to_owned(),
            signature: "c2lnbmF0dXJl".to_owned(),
            public_key_id: "SANDBOX-AEXAMPLEKEY".to_owned(),
            algorithm: "AMZN-PAY-RSASSA-PSS-V2".to_owned(),
        }
    }

    fn full_address() -> Address {
        Address {
            name: text("山田 花子"),
            address_line1: text("千代田1-1"),
            address_line2: text("パレスビル3F"),
            address_line3: text("301"),
            city: text("千代田区"),
            county: text("county"),
            district: text("district"),
            state_or_region: text("東京都"),
            postal_code: text("100-0001"),
            country_code: text("JP"),
            phone_number: text("0312345678"),
        }
    }

    fn lines() -> Vec<CartLine> {
        vec![CartLine::new("TEA-1", 2), CartLine::new("CUP-9", 999)]
    }

    #[test]
    fn prices_lines_and_payloads_both_ways() {
        both(&price("1200"));
        both(&price("12.50"));
        both(&CartLine::new("TEA-1", 3));
        both(&payload());
    }

    #[test]
    fn requests_the_widget_sends() {
        for &product_type in ProductType::CHECKOUT {
            for &placement in Placement::ALL {
                for &button_color in ButtonColor::ALL {
                    writes(&ButtonRequest {
                        product_type,
                        placement,
                        cart: Some(lines()),
                        cart_token: text("v1.token.mac"),
                        amount: Some(price("2400")),
                        button_color: Some(button_color),
                        binding_hash: Some(amazon_pay_shared::binding::hash_secret(
                            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
                        )),
                    });
                }
            }
        }
        writes(&ButtonRequest {
            product_type: ProductType::PayOnly,
            placement: Placement::Product,
            cart: None,
            cart_token: None,
            amount: None,
            button_color: None,
            binding_hash: None,
        });
        for &placement in Placement::ALL {
            writes(&SignInButtonRequest {
                placement: Some(placement),
                binding_hash: None,
            });
        }
        writes(&SignInButtonRequest {
            placement: None,
            binding_hash: Some(amazon_pay_shared::binding::hash_secret(
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
            )),
        });
        writes(&BuyerRequest {
            buyer_token: "abc.DEF-_=+/".into(),
            state: "h.1.m".into(),
        });
        writes(&PlaceOrderRequest {
            cart: Some(lines()),
            cart_token: text("v1.token.mac"),
            amount: Some(price("3200")),
        });
        writes(&PlaceOrderRequest {
            cart: None,
            cart_token: None,
            amount: None,
        });
    }

    #[test]
    fn answers_the_widget_reads() {
        for &product_type in ProductType::ALL {
            for &placement in Placement::ALL {
                reads(&ButtonResponse {
                    create_checkout_session_config: payload(),
                    estimated_order_amount: price("2400"),
                    product_type,
                    placement,
                });
            }
        }
        reads(&SignInButtonResponse {
            sign_in_config: payload(),
        });
        for display_limits in [
            DisplayLimits {
                min_total: Some(price("1000")),
                max_total: Some(price("5000")),
            },
            DisplayLimits {
                min_total: None,
                max_total: None,
            },
        ] {
            reads(&ConfigResponse {
                version: "v1".into(),
                merchant_id: "A2TESTMERCHANT".into(),
                region: "jp".into(),
                ledger_currency: "JPY".into(),
                sandbox: true,
                public_key_id: "SANDBOX-AEXAMPLEKEY".into(),
                checkout_language: "ja_JP".into(),
                checkout_js_url: "https://static-fe.payments-amazon.com/checkout.js".into(),
                button: ButtonDefaults {
                    product_type: ProductType::PayAndShip,
                    placement: Placement::Cart,
                    button_color: ButtonColor::Gold,
                },
                display_limits,
            });
        }
        for &product_type in ProductType::ALL {
            for &placement in Placement::ALL {
                for &button_color in ButtonColor::ALL {
                    reads(&ButtonDefaults {
                        product_type,
                        placement,
                        button_color,
                    });
                }
            }
        }
        // A value outside Amazon's set, or not a string, is refused naming the field.
        for (defaults, message) in [
            (
                json!({"productType": "PayAndShip", "placement": "Cart", "buttonColor": "Red"}),
                "button.buttonColor: 'Red' is not one of Gold, LightGray, DarkGray",
            ),
            (
                json!({"productType": "payonly", "placement": "Cart", "buttonColor": "Gold"}),
                "button.productType: 'payonly' is not one of PayAndShip, PayOnly, SignIn",
            ),
            (
                json!({"productType": "PayOnly", "placement": 1, "buttonColor": "Gold"}),
                "button.placement must be a string",
            ),
            (
                json!({"productType": "PayOnly", "buttonColor": "Gold"}),
                "button.placement is missing",
            ),
        ] {
            assert_eq!(ButtonDefaults::from_js(&defaults, "button").unwrap_err(), message);
            assert!(serde_json::from_value::<ButtonDefaults>(defaults).is_err());
        }
        let moon = json!({
            "createCheckoutSessionConfig": serde_json::to_value(payload()).unwrap(),
            "estimatedOrderAmount": {"amount": "1", "currencyCode": "JPY"},
            "productType": "PayOnly",
            "placement": "Moon",
        });
        assert_eq!(
            ButtonResponse::from_js(&moon, "").unwrap_err(),
            "placement: 'Moon' is not one of Home, Product, Cart, Checkout, Other"
        );
        reads(&ErrorBody {
            error: ErrorDetail {
                code: "SKU_UNKNOWN".into(),
                message: "TEA-9 is not in the catalog".into(),
            },
        });
        reads(&ReviewResponse {
            checkout_session_id: "c8f2a6e4-0000-4000-8000-000000000001".into(),
            state: "Open".into(),
            reason_code: text("BuyerCanceled"),
            buyer_name: text("山田 花子"),
            buyer_email: text("hanako.yamada@example.jp"),
            buyer_phone: text("0312345678"),
            shipping_address: Some(full_address()),
            billing_address: Some(full_address()),
            payment_descriptor: text("Visa ****1111"),
            constraints: vec!["BuyerNotAssociated".into()],
        });
        reads(&ReviewResponse {
            checkout_session_id: "c8f2a6e4-0000-4000-8000-000000000001".into(),
            state: "Canceled".into(),
            reason_code: None,
            buyer_name: None,
            buyer_email: None,
            buyer_phone: None,
            shipping_address: None,
            billing_address: None,
            payment_descriptor: None,
            constraints: Vec::new(),
        });
        reads(&PlaceOrderResponse {
            amazon_pay_redirect_url: "https://pay.amazon.co.jp/checkout/processing".into(),
            amount: price("3200"),
        });
        reads(&QuoteResponse {
            subtotal: Some(price("3200")),
            shipping: Some(price("500")),
            tax: Some(price("0")),
            tax_included: true,
            total: price("3700"),
        });
        reads(&QuoteResponse {
            subtotal: None,
            shipping: None,
            tax: None,
            tax_included: false,
            total: price("3700"),
        });
    }

    #[test]
    fn every_outcome_of_complete() {
        for outcome in [
            CompleteOutcome::Completed,
            CompleteOutcome::Pending,
            CompleteOutcome::Declined,
            CompleteOutcome::Canceled,
            CompleteOutcome::Expired,
        ] {
            reads(&CompleteResponse {
                outcome,
                state: "Completed".into(),
                reason_code: text("Declined"),
                charge_id: text("S01-2222222-2222222-C000001"),
                charge_permission_id: text("P01-1111111-1111111"),
                charge_state: text("Captured"),
                subscription: None,
            });
        }
        reads(&CompleteResponse {
            outcome: CompleteOutcome::Expired,
            state: "Canceled".into(),
            reason_code: None,
            charge_id: None,
            charge_permission_id: None,
            charge_state: None,
            subscription: None,
        });
        // A recurring checkout: the subscription it started and the buyer's token.
        let access = SubscriptionAccess {
            id: "sub-P01-1111111-1111111".into(),
            token: "s1.sub-P01-1111111-1111111.1800000000.abc_-".into(),
        };
        both(&access);
        reads(&CompleteResponse {
            outcome: CompleteOutcome::Completed,
            state: "Completed".into(),
            reason_code: None,
            charge_id: text("S01-2222222-2222222-C000001"),
            charge_permission_id: text("P01-1111111-1111111"),
            charge_state: text("Authorized"),
            subscription: Some(access),
        });
        let unknown = json!({"outcome": "Refunded", "state": "Completed"});
        assert!(CompleteResponse::from_js(&unknown, "").is_err());
    }

    #[test]
    fn addresses_and_buyers_both_ways() {
        both(&full_address());
        both(&Address::default());
        both(&BuyerProfile {
            buyer_id: "amzn1.account.SANDBOXBUYERJP0001".into(),
            name: text("山田 花子"),
            email: text("hanako.yamada@example.jp"),
            postal_code: text("100-0001"),
            country_code: text("JP"),
            phone_number: text("0312345678"),
            shipping_address: Some(full_address()),
            billing_address: Some(Address::default()),
            prime_membership_types: Some(vec!["JP_PRIME".into()]),
        });
        both(&BuyerProfile {
            buyer_id: "amzn1.account.SANDBOXBUYERJP0001".into(),
            ..BuyerProfile::default()
        });
    }

    /// The shop's address as the widget holds it, and as the signer reads it.
    fn shop_address(all: bool) -> (ShopAddress, AddressDetails) {
        let values = [
            "山田 花子",
            "千代田1-1",
            "パレスビル3F",
            "301",
            "千代田区",
            "district",
            "東京都",
            "100-0001",
            "JP",
            "0312345678",
        ];
        // The widget's required fields, and the prefecture Amazon requires in JP.
        let required = [
            "name",
            "addressLine1",
            "stateOrRegion",
            "postalCode",
            "countryCode",
            "phoneNumber",
        ];
        let fields: Vec<(&str, &str)> = ADDRESS_FIELDS
            .iter()
            .zip(values)
            .filter(|(name, _)| all || required.contains(name))
            .map(|(name, value)| (*name, value))
            .collect();
        let value = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        };
        let details = AddressDetails {
            name: value("name"),
            address_line1: value("addressLine1"),
            address_line2: value("addressLine2"),
            address_line3: value("addressLine3"),
            city: value("city"),
            district_or_county: value("districtOrCounty"),
            state_or_region: value("stateOrRegion"),
            postal_code: value("postalCode"),
            country_code: value("countryCode"),
            phone_number: value("phoneNumber"),
        };
        (ShopAddress::new(&fields).unwrap(), details)
    }

    /// The widget's permission-button body is the signer's `PermissionButtonRequest`, field for
    /// field (the signer refuses unknown fields).
    #[test]
    fn the_permission_button_body_is_the_signers() {
        let (address, details) = shop_address(true);
        let (short, short_details) = shop_address(false);
        let cases = [
            (
                PermissionOptions::recurring(Frequency::new(FrequencyUnit::Month, "1").unwrap()),
                Some(lines()),
                None,
                None,
            ),
            (
                PermissionOptions::payment_method_on_file(),
                None,
                text("v1.token.mac"),
                None,
            ),
            (PermissionOptions::setup_only(), None, None, None),
            (
                PermissionOptions::payment_method_on_file().with_address(address.clone()),
                Some(lines()),
                None,
                Some(details),
            ),
            (
                PermissionOptions {
                    kind: ChargePermissionType::OneTime,
                    frequency: None,
                    setup_only: false,
                    address: Some(short),
                },
                Some(lines()),
                None,
                Some(short_details),
            ),
        ];
        for &unit in FrequencyUnit::ALL {
            let options = PermissionOptions::recurring(Frequency::new(unit, "999").unwrap());
            let ours: Value = PermissionButtonRequest {
                kind: options.kind,
                placement: Placement::Cart,
                frequency: options.frequency.clone(),
                setup_only: false,
                cart: Some(lines()),
                cart_token: None,
                address: None,
                binding_hash: None,
            }
            .to_js();
            let read: SignerPermissionRequest = serde_json::from_value(ours).unwrap();
            assert_eq!(read.frequency_unit, Some(unit));
        }
        for (options, cart, cart_token, address) in cases {
            let request = PermissionButtonRequest {
                kind: options.kind,
                placement: Placement::Product,
                frequency: options.frequency.clone(),
                setup_only: options.setup_only,
                cart: cart.clone(),
                cart_token: cart_token.clone(),
                address: options.address.clone(),
                binding_hash: None,
            };
            let expected = SignerPermissionRequest {
                kind: options.kind,
                placement: Placement::Product,
                setup_only: options.setup_only,
                frequency_unit: options.frequency.as_ref().map(|f| f.unit),
                frequency_value: options.frequency.as_ref().map(|f| f.value.clone()),
                cart,
                cart_token,
                address,
                binding_hash: None,
            };
            let ours: Value = request.to_js();
            assert_eq!(ours, serde_json::to_value(&expected).unwrap());
            let read: SignerPermissionRequest = serde_json::from_value(ours).unwrap();
            assert_eq!(read, expected);
            read.plan().unwrap();
        }
    }

    #[test]
    fn a_disagreement_is_caught() {
        // The helpers fail on a misspelt field: a price the widget would write as `currency`.
        let misspelt = json!({"amount": "1200", "currency": "JPY"});
        assert!(Price::from_js(&misspelt, "").is_err());
        assert!(serde_json::from_value::<Price>(misspelt).is_err());
    }
}
