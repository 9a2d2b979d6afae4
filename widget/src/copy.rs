//! The buyer-facing text of the widget, in Japanese (for `checkoutLanguage` `ja_JP`) and English
//! (every other language). Amazon's names are written as Amazon writes them: Amazon Pay,
//! Amazonアカウント.

use crate::error::WidgetError;

/// The language of the widget's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Japanese for `ja_JP` (any `ja` language), English otherwise.
    pub fn from_checkout_language(checkout_language: &str) -> Lang {
        if checkout_language.starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

/// One piece of buyer-facing text of the return pages.
#[cfg(feature = "pages")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Text {
    /// Review page, while the checkout session loads.
    ReviewLoading,
    /// Label of the buyer's name.
    Name,
    /// Label of the buyer's email address.
    Email,
    /// Label of the shipping address.
    ShippingAddress,
    /// Label of the payment method.
    PaymentMethod,
    /// The change links.
    Change,
    /// Label of the lines' sum (review page).
    Subtotal,
    /// Label of shipping.
    Shipping,
    /// Label of tax.
    Tax,
    /// The tax row's value when the prices include it.
    TaxIncluded,
    /// Label of what will be charged.
    OrderTotal,
    /// The place-order button.
    PlaceOrder,
    /// While the order is being placed.
    Placing,
    /// No checkout session (or buyer token) in the page address.
    SessionMissing,
    /// The checkout session is no longer open.
    SessionClosed,
    /// A return page opened in a browser that did not start the checkout.
    OtherBrowser,
    /// Something failed; the code follows.
    Unavailable,
    /// The link back to the cart.
    BackToCart,
    /// Result page, while the payment is confirmed.
    ResultLoading,
    /// The payment was accepted.
    Completed,
    /// The payment method was saved without a charge (a setup-only checkout).
    Saved,
    /// The authorization is still pending.
    Pending,
    /// Label of the order reference.
    OrderReference,
    /// The payment was declined.
    Declined,
    /// Above the fresh button after a decline.
    ChooseAnother,
    /// The buyer canceled.
    Canceled,
    /// The checkout session expired.
    Expired,
    /// Sign-in return page, while the buyer's profile loads.
    SignInLoading,
    /// The shop's form was filled from the Amazon account.
    SignInFilled,
}

#[cfg(feature = "pages")]
impl Text {
    /// The text in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        let [ja, en] = match self {
            Text::ReviewLoading => [
                "Amazon Payのお届け先とお支払い方法を読み込んでいます…",
                "Loading your Amazon Pay details…",
            ],
            Text::Name => ["お名前", "Name"],
            Text::Email => ["メールアドレス", "Email"],
            Text::ShippingAddress => ["お届け先", "Shipping address"],
            Text::PaymentMethod => ["お支払い方法", "Payment method"],
            Text::Change => ["変更", "Change"],
            Text::Subtotal => ["商品小計", "Subtotal"],
            Text::Shipping => ["送料", "Shipping"],
            Text::Tax => ["消費税", "Tax"],
            Text::TaxIncluded => ["商品価格に含む", "Included in the prices"],
            Text::OrderTotal => ["お支払い金額（合計）", "Order total"],
            Text::PlaceOrder => ["注文を確定する", "Place your order"],
            Text::Placing => ["ご注文を確定しています…", "Placing your order…"],
            Text::SessionMissing => [
                "Amazon Payのお手続きが見つかりません。お手数ですが、カートからやり直してください。",
                "This Amazon Pay checkout could not be found. Please start again from your cart.",
            ],
            Text::OtherBrowser => [
                "このAmazon Payのお手続きは、このブラウザでは続けられません。お手続きを始めたブラウザで開くか、カートからやり直してください。",
                "This Amazon Pay checkout cannot be continued in this browser. Open it in the browser where you started, or start again from your cart.",
            ],
            Text::SessionClosed => [
                "このAmazon Payのお手続きは終了したか、有効期限が切れています。カートからやり直してください。",
                "This Amazon Pay checkout has ended or expired. Please start again from your cart.",
            ],
            Text::Unavailable => UNAVAILABLE,
            Text::BackToCart => ["カートに戻って注文内容を見直す", "Return to your cart"],
            Text::ResultLoading => ["お支払いを確認しています…", "Confirming your payment…"],
            Text::Completed => [
                "ご注文ありがとうございます。Amazon Payでのお支払いを受け付けました。",
                "Thank you for your order. Your Amazon Pay payment was accepted.",
            ],
            Text::Saved => [
                "Amazon Payのお支払い方法を登録しました。今回のお手続きでの請求はありません。",
                "Your Amazon Pay payment method is saved. Nothing was charged.",
            ],
            Text::Pending => [
                "ご注文ありがとうございます。Amazon Payでお支払いの承認を確認しています。結果はメールでお知らせします。",
                "Thank you for your order. Amazon Pay is still confirming the payment; we will email you the result.",
            ],
            Text::OrderReference => ["Amazon Payのお取引番号", "Amazon Pay reference"],
            Text::Declined => [
                "お支払いが承認されませんでした。お手数ですが、別のお支払い方法をお選びください。",
                "The payment was declined. Please choose another payment method.",
            ],
            Text::ChooseAnother => [
                "下のボタンから、Amazonアカウントに登録されている別のお支払い方法を選べます。",
                "Use the button below to choose another payment method from your Amazon account.",
            ],
            Text::Canceled => [
                "お支払いはキャンセルされました。カートの商品はそのまま残っています。",
                "The payment was canceled. Your cart is still there.",
            ],
            Text::Expired => [
                "お支払いの有効期限が切れました。お手数ですが、もう一度カートからお手続きください。",
                "This payment expired. Please check out again from your cart.",
            ],
            Text::SignInLoading => [
                "Amazonアカウントの情報を読み込んでいます…",
                "Loading the details of your Amazon account…",
            ],
            Text::SignInFilled => [
                "Amazonアカウントの情報を入力しました。内容をご確認のうえ、登録してください。",
                "We filled in the details from your Amazon account. Please check them before you register.",
            ],
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// Something failed that may pass ([`WidgetError::retryable`]): try again (the button needs
/// only these lines, so they are kept out of [`Text`]).
const UNAVAILABLE: [&str; 2] = [
    "ただいまAmazon Payをご利用いただけません。時間をおいてもう一度お試しください。",
    "Amazon Pay is not available right now. Please try again in a moment.",
];

/// Something failed that will not pass by trying again: a neutral line (the console tells the
/// shop what to fix).
const NOT_OFFERED: [&str; 2] = [
    "申し訳ありません。このご注文ではAmazon Payをご利用いただけません。",
    "Sorry, Amazon Pay is not available for this order.",
];

/// Shown by a button when the buyer came back from Amazon Pay without finishing.
pub fn canceled_line(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "Amazon Payでのお手続きはキャンセルされました。カートの内容はそのままです。",
        Lang::En => "The Amazon Pay checkout was canceled. Your cart is unchanged.",
    }
}

/// The one calm line shown for an error: what happened for the buyer, and the code for support
/// (the signer's own code for signer errors).
pub fn error_line(lang: Lang, error: &WidgetError) -> String {
    let text = match (error, lang) {
        #[cfg(feature = "pages")]
        (WidgetError::MissingParameter(name), _) if name == "amazonCheckoutSessionId" => {
            Text::SessionMissing.get(lang)
        }
        #[cfg(feature = "pages")]
        (WidgetError::NotThisBrowser, _) => Text::OtherBrowser.get(lang),
        _ => {
            let texts = if error.retryable() {
                UNAVAILABLE
            } else {
                NOT_OFFERED
            };
            texts[usize::from(lang == Lang::En)]
        }
    };
    let code = error.signer_detail().map_or(error.code(), |(code, _)| code);
    let mut line = String::from(text);
    line.push_str(" (");
    line.push_str(code);
    line.push(')');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_for_ja_and_english_otherwise() {
        assert_eq!(Lang::from_checkout_language("ja_JP"), Lang::Ja);
        assert_eq!(Lang::from_checkout_language("en_GB"), Lang::En);
        assert_eq!(Lang::from_checkout_language(""), Lang::En);
    }

    #[test]
    fn an_error_line_ends_with_the_code_for_support() {
        let line = error_line(Lang::En, &WidgetError::Network("offline".into()));
        assert!(line.ends_with(" (NETWORK_ERROR)"), "{line}");
        let signer = WidgetError::Signer {
            status: 400,
            code: "SKU_UNKNOWN".into(),
            message: "x".into(),
            request_id: None,
        };
        assert!(error_line(Lang::Ja, &signer).ends_with(" (SKU_UNKNOWN)"));
        // Trying again helps the network, not an unknown SKU.
        assert!(line.contains("try again"), "{line}");
        assert!(!error_line(Lang::En, &signer).contains("try again"));
    }
}
