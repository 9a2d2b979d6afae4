//! The signer's wire types (`amazon_pay_shared::wire`, `api`, `cart`, `money`) to and from plain
//! JavaScript values, under the same camelCase names as their serde derives (a native test
//! round-trips each through both).

use amazon_pay_shared::api::{Address, BuyerProfile};
use amazon_pay_shared::cart::CartLine;
use amazon_pay_shared::money::Price;
use amazon_pay_shared::wire::{
    ButtonDefaults, ButtonRequest, ButtonResponse, CompleteOutcome, CompleteResponse, ConfigResponse,
    DisplayLimits, ErrorBody, ErrorDetail, PlaceOrderRequest, PlaceOrderResponse, ReviewResponse,
    SignInButtonRequest, SignInButtonResponse, SignedPayload,
};

use crate::js::codec::{Error, Fields, FromJs, ObjectBuilder, Sink, Source, ToJs};

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
            product_type: f.req("productType")?,
            placement: f.req("placement")?,
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
            product_type: f.req("productType")?,
            placement: f.req("placement")?,
            button_color: f.req("buttonColor")?,
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
        })
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
            .set("productType", &self.product_type)
            .set("placement", &self.placement)
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("amount", self.amount.as_ref())
            .set_opt("buttonColor", self.button_color.as_ref())
            .build()
    }
}

impl ToJs for SignInButtonRequest {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set_opt("placement", self.placement.as_ref())
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
