//! The shop's options from plain JavaScript values: the button's and the return pages'
//! options objects, carts, sizes, field selectors and the permission options (with the shop's
//! address); and the body of `POST /v1/permission-button`.

use crate::js::codec::{Error, Fields, FromJs, ObjectBuilder, Sink, Source, ToJs};
use crate::options::{FieldSelectors, RawButtonOptions, RawCart, RawPageOptions, RawSize, FIELD_NAMES};
use crate::permission::{PermissionButtonRequest, PermissionOptions, ShopAddress, ADDRESS_FIELDS};

impl FromJs for RawButtonOptions {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<RawButtonOptions, Error> {
        let f = Fields::new(value, path)?.only(&[
            "placement",
            "productType",
            "buttonColor",
            "size",
            "cart",
            "cartToken",
            "estimatedOrderAmount",
            "checkoutLanguage",
            "chargePermissionType",
            "recurringMetadata",
            "setupOnly",
            "address",
        ])?;
        Ok(RawButtonOptions {
            placement: f.opt("placement")?,
            product_type: f.opt("productType")?,
            button_color: f.opt("buttonColor")?,
            size: f.opt("size")?,
            cart: f.opt("cart")?,
            cart_token: f.opt("cartToken")?,
            estimated_order_amount: f.opt("estimatedOrderAmount")?,
            checkout_language: f.opt("checkoutLanguage")?,
            permission: permission_from_fields(&f)?,
        })
    }
}
impl FromJs for RawSize {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<RawSize, Error> {
        if let Some(name) = value.string() {
            return Ok(RawSize::Name(name));
        }
        let f = Fields::new(value, path)?.only(&["pc", "smartphone"])?;
        Ok(RawSize::PerWidth {
            pc: f.opt("pc")?,
            smartphone: f.opt("smartphone")?,
        })
    }
}
impl FromJs for RawCart {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<RawCart, Error> {
        let path = if path.is_empty() { "cart" } else { path };
        if value.is_array() {
            return Vec::from_js(value, path).map(RawCart::Lines);
        }
        let f = Fields::new(value, path)?.only(&["lines", "cartToken", "estimatedOrderAmount"])?;
        Ok(RawCart::Object {
            lines: f.opt("lines")?,
            cart_token: f.opt("cartToken")?,
            estimated_order_amount: f.opt("estimatedOrderAmount")?,
        })
    }
}
impl FromJs for FieldSelectors {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<FieldSelectors, Error> {
        let path = if path.is_empty() { "fields" } else { path };
        let f = Fields::new(value, path)?.only(&FIELD_NAMES)?;
        Ok(FieldSelectors {
            name: f.opt("name")?,
            postal_code: f.opt("postalCode")?,
            state_or_region: f.opt("stateOrRegion")?,
            city: f.opt("city")?,
            address_line1: f.opt("addressLine1")?,
            address_line2: f.opt("addressLine2")?,
            address_line3: f.opt("addressLine3")?,
            phone_number: f.opt("phoneNumber")?,
            email: f.opt("email")?,
        })
    }
}
impl FromJs for RawPageOptions {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<RawPageOptions, Error> {
        let f = Fields::new(value, path)?.only(&[
            "cart",
            "cartToken",
            "fields",
            "cartUrl",
            "checkoutSessionId",
            "buyerToken",
            "checkoutLanguage",
            "chargePermissionType",
            "recurringMetadata",
        ])?;
        Ok(RawPageOptions {
            cart: f.opt("cart")?,
            cart_token: f.opt("cartToken")?,
            fields: f.opt("fields")?,
            cart_url: f.opt("cartUrl")?,
            checkout_session_id: f.opt("checkoutSessionId")?,
            buyer_token: f.opt("buyerToken")?,
            checkout_language: f.opt("checkoutLanguage")?,
            permission: permission_from_fields(&f)?,
        })
    }
}

impl FromJs for ShopAddress {
    fn from_js<V: Source>(value: &V, path: &str) -> Result<ShopAddress, Error> {
        let path = if path.is_empty() { "address" } else { path };
        let f = Fields::new(value, path)?.only(&ADDRESS_FIELDS)?;
        let mut values: [Option<String>; 10] = Default::default();
        for (slot, name) in values.iter_mut().zip(ADDRESS_FIELDS) {
            *slot = f.opt(name)?;
        }
        ShopAddress::checked(values)
    }
}

impl ToJs for ShopAddress {
    fn to_js<S: Sink>(&self) -> S {
        let mut object = ObjectBuilder::default();
        for (value, name) in self.values.iter().zip(ADDRESS_FIELDS) {
            object = object.set_opt(name, value.as_ref());
        }
        object.build()
    }
}

/// Reads `chargePermissionType`, `recurringMetadata: {frequency: {unit, value}}`,
/// `setupOnly` and `address` from the button options object; `None` without a
/// `chargePermissionType`.
#[inline(never)]
pub(crate) fn permission_from_fields<V: Source>(
    f: &Fields<'_, V>,
) -> Result<Option<PermissionOptions>, Error> {
    let kind: Option<String> = f.opt("chargePermissionType")?;
    let recurring = f.get("recurringMetadata");
    let recurring = (!recurring.is_nullish()).then_some(recurring);
    let setup_only: Option<bool> = f.opt("setupOnly")?;
    let address = f.get("address");
    let address = if address.is_nullish() {
        None
    } else {
        Some(ShopAddress::from_js(&address, "address")?)
    };
    let Some(kind) = kind else {
        if recurring.is_some() || setup_only.is_some() || address.is_some() {
            return Err("needs chargePermissionType".into());
        }
        return Ok(None);
    };
    let kind = PermissionOptions::kind_named(&kind)?;
    let frequency = match recurring {
        Some(recurring) => {
            let inner = Fields::new(&recurring, "recurringMetadata")?
                .only(&["frequency"])?
                .get("frequency");
            // Amazon's frequency has a unit and a value only; anything else is not read.
            let g = Fields::new(&inner, "recurringMetadata.frequency")?;
            let unit = PermissionOptions::unit_named(&g.req::<String>("unit")?)?;
            Some(PermissionOptions::frequency_named(
                unit,
                g.req::<String>("value")?,
            )?)
        }
        None => None,
    };
    Ok(Some(PermissionOptions {
        kind,
        frequency,
        setup_only: setup_only.unwrap_or(false),
        address,
    }))
}

impl ToJs for PermissionButtonRequest {
    fn to_js<S: Sink>(&self) -> S {
        ObjectBuilder::default()
            .set("kind", self.kind.as_str())
            .set("placement", self.placement.as_str())
            .set_opt("frequencyUnit", self.frequency.as_ref().map(|f| f.unit.as_str()))
            .set_opt(
                "frequencyValue",
                self.frequency.as_ref().map(|f| f.value.as_str()),
            )
            .set_opt("setupOnly", self.setup_only.then_some(true))
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("address", self.address.as_ref())
            .set_opt("bindingHash", self.binding_hash.as_ref())
            .build()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::error::WidgetError;
    use crate::options::{ButtonOptions, PageOptions, Placement};
    use crate::permission::{ChargePermissionType, FrequencyUnit};
    use crate::size::SizeName;

    /// The options object as `mountButton` reads it.
    fn button(value: Value) -> Result<ButtonOptions, WidgetError> {
        let raw = RawButtonOptions::from_js(&value, "").map_err(|e| WidgetError::option("options", e))?;
        ButtonOptions::from_raw(raw)
    }

    fn page(value: Value) -> Result<PageOptions, WidgetError> {
        let raw = RawPageOptions::from_js(&value, "").map_err(|e| WidgetError::option("options", e))?;
        PageOptions::from_raw(raw)
    }

    fn message(result: Result<impl std::fmt::Debug, WidgetError>) -> String {
        let e = result.unwrap_err();
        format!("{} {e}", e.code())
    }

    #[test]
    fn a_full_options_object() {
        let options = button(json!({
            "placement": "Cart", "productType": "PayAndShip", "buttonColor": "Gold",
            "size": {"pc": "small", "smartphone": "large"},
            "cart": {"lines": [{"sku": "TEA-1", "quantity": 2}],
                     "estimatedOrderAmount": {"amount": "2400", "currencyCode": "JPY"}},
            "checkoutLanguage": "ja_JP",
        }))
        .unwrap();
        assert_eq!(options.placement, Some(Placement::Cart));
        assert_eq!(options.size.pc, SizeName::Small);
        assert_eq!(options.size.smartphone, SizeName::Large);
        assert_eq!(options.cart.lines.as_ref().unwrap()[0].quantity, 2);
        assert_eq!(options.cart.estimated_order_amount.unwrap().minor(), 2400);
        assert_eq!(
            button(json!({"size": "large", "cart": [{"sku": "TEA-1", "quantity": 1}]}))
                .unwrap()
                .size
                .pc,
            SizeName::Large
        );
    }

    #[test]
    fn the_shops_input_is_strict() {
        assert_eq!(
            message(button(json!({"colour": "Gold"}))),
            "OPTION_INVALID option options: unknown field colour"
        );
        assert_eq!(
            message(button(
                json!({"cart": {"lines": [{"sku": "TEA-1", "quantity": 1, "price": 5}]}})
            )),
            "OPTION_INVALID option options: unknown field cart.lines[0].price"
        );
        assert_eq!(
            message(button(json!({"estimatedOrderAmount": {"amount": 12.5, "currencyCode": "JPY"}}))),
            "OPTION_INVALID option options: estimatedOrderAmount.amount must be a decimal string such as \"12.50\", not a number"
        );
        assert_eq!(
            message(button(json!({"cart": [{"sku": "TEA-1", "quantity": 1.5}]}))),
            "OPTION_INVALID option options: cart[0].quantity must be a whole number"
        );
        assert_eq!(
            message(button(json!([]))),
            "OPTION_INVALID option options: the value must be an object"
        );
        assert_eq!(
            message(button(json!({"placement": 3}))),
            "OPTION_INVALID option options: placement must be a string"
        );
        assert_eq!(
            message(button(json!({"cart": [{"sku": "TEA-1", "quantity": 0}]}))),
            "CART_INVALID cart: quantity of TEA-1 must be 1 to 999"
        );
        // null is as good as absent.
        assert_eq!(
            button(json!({"placement": null})).unwrap(),
            ButtonOptions::default()
        );
    }

    #[test]
    fn permission_options_follow_amazons_names() {
        let options = button(json!({
            "chargePermissionType": "Recurring",
            "recurringMetadata": {"frequency": {"unit": "Month", "value": "1"}},
            "cart": [{"sku": "TEA-1", "quantity": 1}],
        }))
        .unwrap();
        let permission = options.permission.unwrap();
        assert_eq!(permission.kind, ChargePermissionType::Recurring);
        assert_eq!(permission.frequency.unwrap().unit, FrequencyUnit::Month);
        let cases = [
            (
                json!({"setupOnly": true}),
                "OPTION_INVALID option options: needs chargePermissionType",
            ),
            (
                json!({"chargePermissionType": "Monthly", "cart": []}),
                "OPTION_INVALID option options: chargePermissionType: unknown",
            ),
            (
                json!({"chargePermissionType": "Recurring", "recurringMetadata": {"frequency": {"unit": "Fortnight"}}}),
                "OPTION_INVALID option options: frequency.unit: unknown",
            ),
            (
                json!({"chargePermissionType": "Recurring", "recurringMetadata": {"frequency": {"unit": "Day", "value": "0"}}}),
                "OPTION_INVALID option options: frequency.value: \"1\" to \"999\"",
            ),
            (
                json!({"chargePermissionType": "Recurring", "recurringMetadata": {"every": "month"}}),
                "OPTION_INVALID option options: unknown field recurringMetadata.every",
            ),
            (
                json!({"chargePermissionType": "PaymentMethodOnFile", "setupOnly": "yes"}),
                "OPTION_INVALID option options: setupOnly must be true or false",
            ),
            (
                json!({"chargePermissionType": "OneTime", "address": {"name": "x"}, "cart": [{"sku": "TEA-1", "quantity": 1}]}),
                "OPTION_INVALID option options: address: a required field is missing",
            ),
            (
                json!({"chargePermissionType": "PaymentMethodOnFile"}),
                "CART_INVALID cart: needs lines or a cart token",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(message(button(value.clone())), expected, "{value}");
        }
    }

    #[test]
    fn page_options_and_their_fields() {
        let options = page(json!({
            "cart": [{"sku": "TEA-1", "quantity": 3}], "cartUrl": "/cart",
            "fields": {"name": "#name", "postalCode": "#zip"},
            "checkoutSessionId": "c8f2a6e4", "chargePermissionType": "Recurring",
            "recurringMetadata": {"frequency": {"unit": "Week", "value": "2"}},
        }))
        .unwrap();
        let fields = options.fields.unwrap();
        assert_eq!(fields.postal_code.as_deref(), Some("#zip"));
        assert_eq!(options.permission.unwrap().frequency.unwrap().value, "2");
        assert_eq!(
            message(page(json!({"fields": {"zip": "#zip"}}))),
            "OPTION_INVALID option options: unknown field fields.zip"
        );
        assert_eq!(
            message(page(json!({"setupOnly": true}))),
            "OPTION_INVALID option options: unknown field setupOnly"
        );
    }

    #[test]
    fn the_shop_address_reads_and_writes_by_amazons_names() {
        let value = json!({"name": "山田 花子", "addressLine1": "千代田1-1", "postalCode": "100-0001",
                           "countryCode": "JP", "phoneNumber": "0312345678"});
        let address = ShopAddress::from_js(&value, "").unwrap();
        assert_eq!(address.to_js::<Value>(), value);
        assert_eq!(
            ShopAddress::from_js(&json!({"street": "x"}), "").unwrap_err(),
            "unknown field address.street"
        );
    }
}
