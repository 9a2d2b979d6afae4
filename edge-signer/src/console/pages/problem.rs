//! An error or a refusal: its code and message as the API would give them, and a way back.

use maud::{html, Markup};

use crate::console::layout::{page, Frame};
use crate::error::ApiError;

/// The page of an error; `back` is where "Back" leads.
pub fn page_of(frame: &Frame<'_>, error: &ApiError, back: &str) -> Markup {
    let lang = frame.lang;
    page(
        frame,
        lang.t("Not done", "実行できませんでした"),
        html! {
            div.error role="alert" {
                p { strong { (error.code.as_str()) } }
                p.reason-text { (error.message) }
            }
            p { a.button.secondary href=(back) { (lang.t("Back", "戻る")) } }
        },
    )
}
