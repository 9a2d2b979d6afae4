//! The sign-in page: one password field for the merchant API token; behind Cloudflare Access,
//! the page that says to come through Access.

use maud::{html, Markup};

use crate::console::layout::{page, Frame};

/// The page, with the reason of a refused attempt.
pub fn page_of(frame: &Frame<'_>, refused: Option<&str>) -> Markup {
    let lang = frame.lang;
    page(
        frame,
        lang.t("Sign in", "サインイン"),
        html! {
            div.card {
                @if let Some(message) = refused {
                    p.error role="alert" { (message) }
                }
                form method="post" action="/console/sign-in" {
                    p {
                        label for="token" { (lang.t("Merchant API token", "マーチャントAPIトークン")) }
                        input #token type="password" name="token" autocomplete="current-password" required
                            size="40" aria-describedby="token-help";
                    }
                    p #token-help .muted {
                        (lang.t(
                            "The MERCHANT_API_TOKEN secret of this signer. The session ends when you sign out or after 8 hours without activity.",
                            "この署名サーバーの MERCHANT_API_TOKEN です。サインアウトするか、8時間操作がないとセッションは終了します。"
                        ))
                    }
                    button type="submit" { (lang.t("Sign in", "サインイン")) }
                }
            }
        },
    )
}

/// The page behind Cloudflare Access when the request carries no valid Access token.
pub fn access_page(frame: &Frame<'_>) -> Markup {
    let lang = frame.lang;
    page(
        frame,
        lang.t("Sign in", "サインイン"),
        html! {
            div.card {
                p.error role="alert" {
                    (lang.t(
                        "This console signs in through Cloudflare Access, and this request carried no valid Access token. Open the console through its Access address.",
                        "この管理画面は Cloudflare Access でサインインします。このリクエストには有効な Access トークンがありません。Access のアドレスから開いてください。"
                    ))
                }
            }
        },
    )
}
