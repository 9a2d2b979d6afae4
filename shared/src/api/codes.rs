//! States, reason codes and the other string enums of the API objects, all open
//! (see [`OpenEnum`](super::OpenEnum)): a value Amazon adds later parses as `Unknown`.
//! [`PaymentIntent`], [`FrequencyUnit`], [`ChargePermissionType`] and [`ProductType`] take
//! their known values from the closed sets of the same names in [`crate::vocabulary`].

use super::open_enum::open_enum;

open_enum! {
    /// `statusDetails.state` of a Checkout Session.
    ///
    /// `Open` → `Completed` (Complete Checkout Session) or `Canceled` (see [`ReasonCode`]).
    pub enum CheckoutSessionState {
        /// Initial state: the session can be read, updated and, once the buyer was redirected,
        /// completed. It stays open for 24 hours.
        Open => "Open",
        /// Checkout was completed; the session carries `chargePermissionId` (and `chargeId`
        /// when the payment intent authorised).
        Completed => "Completed",
        /// The session can no longer be used; the reason code says why.
        Canceled => "Canceled",
    }
}

open_enum! {
    /// `statusDetails.state` of a Charge Permission.
    pub enum ChargePermissionState {
        /// Charges can be created.
        Chargeable => "Chargeable",
        /// No charge can be created until the reasons are resolved (often by the buyer).
        NonChargeable => "NonChargeable",
        /// Final: closed by the merchant, the buyer or Amazon, or expired.
        Closed => "Closed",
    }
}

open_enum! {
    /// `statusDetails.state` of a Charge.
    pub enum ChargeState {
        /// An asynchronous authorisation is pending (up to 24 hours).
        AuthorizationInitiated => "AuthorizationInitiated",
        /// Authorised; can be captured or canceled for 30 days.
        Authorized => "Authorized",
        /// An asynchronous capture is pending.
        CaptureInitiated => "CaptureInitiated",
        /// Captured (the final success state); refunds can be created.
        Captured => "Captured",
        /// Final: canceled or expired unused.
        Canceled => "Canceled",
        /// Final: the authorisation or capture was declined.
        Declined => "Declined",
    }
}

open_enum! {
    /// `statusDetails.state` of a Refund. Refunds are always asynchronous.
    pub enum RefundState {
        /// The initial state of every refund.
        RefundInitiated => "RefundInitiated",
        /// The money went back to the buyer.
        Refunded => "Refunded",
        /// The refund failed; refund the buyer another way.
        Declined => "Declined",
    }
}

open_enum! {
    /// A `reasonCode` in the `statusDetails` of any object: the union of the Checkout Session,
    /// Charge Permission, Charge and Refund vocabularies.
    pub enum ReasonCode {
        /// The buyer canceled (Checkout Session, Charge) or canceled the Charge Permission.
        BuyerCanceled => "BuyerCanceled",
        /// Checkout Session not completed within 24 hours, or Charge Permission expired.
        Expired => "Expired",
        /// Amazon canceled the object (for a Checkout Session: service unavailable, not a decline).
        AmazonCanceled => "AmazonCanceled",
        /// Checkout Session: generic decline (fraud, failed MFA, payment instrument problem).
        Declined => "Declined",
        /// Charge Permission: the last charge was declined; the buyer must update the payment method.
        PaymentMethodInvalid => "PaymentMethodInvalid",
        /// Charge Permission: the buyer deleted the payment method.
        PaymentMethodDeleted => "PaymentMethodDeleted",
        /// Charge Permission: the buyer deleted the billing address.
        BillingAddressDeleted => "BillingAddressDeleted",
        /// Charge Permission: the payment method expired.
        PaymentMethodExpired => "PaymentMethodExpired",
        /// Charge Permission: the payment method is not allowed for this permission.
        PaymentMethodNotAllowed => "PaymentMethodNotAllowed",
        /// Charge Permission: no payment method is set.
        PaymentMethodNotSet => "PaymentMethodNotSet",
        /// Charge Permission: a charge is already in progress.
        ChargeInProgress => "ChargeInProgress",
        /// Charge Permission: the buyer did not verify the amount (multi-factor authentication).
        MfaFailed => "MFAFailed",
        /// Charge Permission closed by the merchant (Close Charge Permission).
        MerchantClosed => "MerchantClosed",
        /// Charge Permission closed or Charge canceled by the merchant.
        MerchantCanceled => "MerchantCanceled",
        /// Charge Permission closed by the buyer.
        BuyerClosed => "BuyerClosed",
        /// Charge Permission closed by Amazon (e.g. a one-time permission fully captured).
        AmazonClosed => "AmazonClosed",
        /// Charge: authorised but not captured within 30 days.
        ExpiredUnused => "ExpiredUnused",
        /// Charge: canceled because its permission was closed with `cancelPendingCharges`.
        ChargePermissionCanceled => "ChargePermissionCanceled",
        /// Charge: declined, a retry may succeed.
        SoftDeclined => "SoftDeclined",
        /// Charge: declined, a retry will not succeed.
        HardDeclined => "HardDeclined",
        /// Charge or Refund: rejected by Amazon (for a charge, the permission is canceled too).
        AmazonRejected => "AmazonRejected",
        /// Charge or Refund: internal processing failure.
        ProcessingFailure => "ProcessingFailure",
        /// Charge: Amazon could not decide in time.
        TransactionTimedOut => "TransactionTimedOut",
        /// Listed by the .NET SDK's reason codes; which state carries it is not documented.
        AmountNotSet => "AmountNotSet",
        /// Listed by the .NET SDK's reason codes; which state carries it is not documented.
        TransactionAmountExceeded => "TransactionAmountExceeded",
    }
}

open_enum! {
    /// `constraintId` of a Checkout Session constraint: data still missing before the buyer
    /// can be redirected to `amazonPayRedirectUrl`.
    pub enum ConstraintId {
        /// No buyer is associated yet: hand the session id back to the button.
        BuyerNotAssociated => "BuyerNotAssociated",
        /// `paymentDetails.chargeAmount` is not set.
        ChargeAmountNotSet => "ChargeAmountNotSet",
        /// `webCheckoutDetails.checkoutResultReturnUrl` is not set.
        CheckoutResultReturnUrlNotSet => "CheckoutResultReturnUrlNotSet",
        /// `paymentDetails.paymentIntent` is not set.
        PaymentIntentNotSet => "PaymentIntentNotSet",
        /// `recurringMetadata.frequency` is not set on a recurring session.
        RecurringFrequencyNotSet => "RecurringFrequencyNotSet",
    }
}

open_enum! {
    /// `paymentDetails.paymentIntent`.
    pub enum PaymentIntent from PaymentIntent {
        /// Only create a Charge Permission; authorise and capture later.
        Confirm,
        /// Authorise now, capture later.
        Authorize,
        /// Authorise and capture now (cannot be combined with pending authorisation).
        AuthorizeWithCapture,
    }
}

open_enum! {
    /// `recurringMetadata.frequency.unit`.
    pub enum FrequencyUnit from FrequencyUnit {
        /// Yearly.
        Year,
        /// Monthly.
        Month,
        /// Weekly.
        Week,
        /// Daily.
        Day,
        /// No fixed schedule.
        Variable,
    }
}

open_enum! {
    /// `chargePermissionType`.
    pub enum ChargePermissionType from ChargePermissionType {
        /// A single purchase (the default).
        OneTime,
        /// A subscription.
        Recurring,
        /// A saved wallet for later, merchant-initiated charges.
        PaymentMethodOnFile,
    }
}

open_enum! {
    /// `productType` of a button and its Checkout Session.
    pub enum ProductType from ProductType {
        /// Physical goods: payment and shipping address.
        PayAndShip,
        /// Digital goods: payment only.
        PayOnly,
        /// Amazon Sign-in only.
        SignIn,
    }
}

open_enum! {
    /// `webCheckoutDetails.checkoutMode`.
    pub enum CheckoutMode {
        /// The buyer completes checkout on Amazon's page straight after the button click.
        ProcessOrder => "ProcessOrder",
    }
}

open_enum! {
    /// A buyer-data scope, in `scopes` (Checkout Session) or `signInScopes` (Sign-in payload).
    pub enum Scope {
        /// The buyer's name.
        Name => "name",
        /// The buyer's email address.
        Email => "email",
        /// The buyer's phone number.
        PhoneNumber => "phoneNumber",
        /// The billing address.
        BillingAddress => "billingAddress",
        /// The shipping address.
        ShippingAddress => "shippingAddress",
        /// The buyer's postal code.
        PostalCode => "postalCode",
        /// The buyer's Prime membership.
        PrimeStatus => "primeStatus",
    }
}

open_enum! {
    /// `releaseEnvironment` of an object. The spelling follows Amazon's samples; another
    /// spelling is kept as `Unknown`.
    pub enum ReleaseEnvironment {
        /// Real payments.
        Live => "Live",
        /// Amazon Pay's test environment.
        Sandbox => "Sandbox",
    }
}

open_enum! {
    /// `deliverySpecifications.specialRestrictions` entry.
    pub enum SpecialRestriction {
        /// No PO boxes.
        RestrictPoBoxes => "RestrictPOBoxes",
        /// No Packstations (DE parcel lockers).
        RestrictPackstations => "RestrictPackstations",
    }
}

open_enum! {
    /// `deliverySpecifications.addressRestrictions.type`.
    pub enum AddressRestrictionType {
        /// Only the listed regions are allowed.
        Allowed => "Allowed",
        /// The listed regions are not allowed.
        NotAllowed => "NotAllowed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_with_acronyms_keep_amazon_spelling() {
        assert_eq!(ReasonCode::MfaFailed.as_str(), "MFAFailed");
        assert_eq!(ReasonCode::from("MFAFailed"), ReasonCode::MfaFailed);
        assert_eq!(SpecialRestriction::RestrictPoBoxes.as_str(), "RestrictPOBoxes");
        assert_eq!(Scope::PhoneNumber.as_str(), "phoneNumber");
    }

    #[test]
    fn reason_code_vocabulary_is_complete() {
        for code in [
            "BuyerCanceled",
            "Expired",
            "AmazonCanceled",
            "Declined",
            "PaymentMethodInvalid",
            "PaymentMethodDeleted",
            "BillingAddressDeleted",
            "PaymentMethodExpired",
            "PaymentMethodNotAllowed",
            "PaymentMethodNotSet",
            "ChargeInProgress",
            "MFAFailed",
            "MerchantClosed",
            "MerchantCanceled",
            "BuyerClosed",
            "AmazonClosed",
            "ExpiredUnused",
            "ChargePermissionCanceled",
            "SoftDeclined",
            "HardDeclined",
            "AmazonRejected",
            "ProcessingFailure",
            "TransactionTimedOut",
        ] {
            assert!(ReasonCode::from(code).is_known(), "{code}");
        }
        // Every known value parses back to itself.
        for value in ReasonCode::KNOWN_VALUES {
            assert_eq!(ReasonCode::from(*value).as_str(), *value);
        }
    }

    #[test]
    fn open_enums_know_exactly_the_vocabulary() {
        use crate::vocabulary;

        assert_eq!(ProductType::KNOWN_VALUES, vocabulary::ProductType::NAMES);
        for closed in vocabulary::ProductType::ALL {
            let open = ProductType::from(*closed);
            assert_eq!(open.as_str(), closed.as_str());
            assert_eq!(ProductType::from_wire(closed.as_str()), open);
            assert_eq!(open.known(), Some(*closed));
        }
        for closed in vocabulary::ChargePermissionType::ALL {
            assert_eq!(ChargePermissionType::from(*closed).known(), Some(*closed));
        }
        for closed in vocabulary::FrequencyUnit::ALL {
            assert_eq!(FrequencyUnit::from(closed.as_str()).known(), Some(*closed));
        }
        for closed in vocabulary::PaymentIntent::ALL {
            assert_eq!(PaymentIntent::from(*closed).as_str(), closed.as_str());
        }
        assert!(matches!(ProductType::from("PayOnly"), ProductType::PayOnly));
        let later = PaymentIntent::from("AuthorizeLater");
        assert_eq!((later.known(), later.as_str()), (None, "AuthorizeLater"));
        // A hand-built Unknown with a known spelling is that value.
        assert_eq!(
            FrequencyUnit::Unknown("Week".into()).known(),
            Some(vocabulary::FrequencyUnit::Week)
        );
    }

    #[test]
    fn states_parse_and_keep_unknowns() {
        assert_eq!(
            CheckoutSessionState::from("Canceled"),
            CheckoutSessionState::Canceled
        );
        assert_eq!(
            ChargePermissionState::from("NonChargeable"),
            ChargePermissionState::NonChargeable
        );
        assert_eq!(
            ChargeState::from("CaptureInitiated"),
            ChargeState::CaptureInitiated
        );
        assert_eq!(RefundState::from("RefundInitiated"), RefundState::RefundInitiated);
        // "Completed" is the doc summary's name for Captured, not a charge state.
        assert!(!ChargeState::from("Completed").is_known());
        let s: ChargeState = serde_json::from_str(r#""PartiallyCaptured""#).unwrap();
        assert_eq!(s, ChargeState::Unknown("PartiallyCaptured".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""PartiallyCaptured""#);
    }
}
