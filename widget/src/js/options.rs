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
            .set("placement", &self.placement)
            .set_opt("frequencyUnit", self.frequency.as_ref().map(|f| f.unit.as_str()))
            .set_opt(
                "frequencyValue",
                self.frequency.as_ref().map(|f| f.value.as_str()),
            )
            .set_opt("setupOnly", self.setup_only.then_some(true))
            .set_opt("cart", self.cart.as_ref())
            .set_opt("cartToken", self.cart_token.as_ref())
            .set_opt("address", self.address.as_ref())
            .build()
    }
}
