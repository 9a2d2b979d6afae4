//! Every page of the demo shop, looked at as a guest and as a registered member at 390 px (a
//! smartphone) and 1280 px (a desktop) in headless Chromium against the real signer and the
//! sandbox's checkout.js: what must and must not be visible, no page wider than the screen, no
//! layout shift while the widget loads (Chromium's `layout-shift` entries), no slot refused.
//! Screenshots: `target/test-artifacts/shop-pages-<guest|member>-<width>-<page>.png`.

use amazon_pay_tests::shop::{require_widget_build, ShopStack};
use amazon_pay_tests::{artifacts_dir, browser_json};
use serde_json::{json, Value};

const PAGES: &[&str] = &[
    "index.html",
    "cart.html",
    "subscription.html",
    "signin.html",
    "review.html",
    "result.html",
    "member.html",
];
const WIDTHS: &[u32] = &[390, 1280];

// What the tests look at (CSS selectors).
const MEMBER_BLOCK: &str = "#member-delivery";
const MEMBER_ADDRESS: &str = "#member-address";
const CART_BUTTON: &str = "#amazon-pay-button [id^=amazon-pay-button]";
const MEMBER_CART_BUTTON: &str = "#amazon-pay-member [id^=amazon-pay-button]";
const PLAN_BUTTON: &str = "#amazon-pay-subscribe [id^=amazon-pay-button]";
const MEMBER_PLAN_BUTTON: &str = "#amazon-pay-subscribe-address [id^=amazon-pay-button]";
const SAVE_BUTTON: &str = "#amazon-pay-save [id^=amazon-pay-button]";
const SIGNIN_BUTTON: &str = "#amazon-pay-signin-button [id^=amazon-pay-button]";
const PRODUCTS: &str = "#products .product";
const OFFER: &str = "#subscription-offer";
const CART_LINES: &str = "#lines tr";
const MEMBER_FORM: &str = "form#member";
const REVIEW_MESSAGE: &str = "#amazon-pay-review [data-amazon-pay-message]";
const RESULT_MESSAGE: &str = "#amazon-pay-result [data-amazon-pay-message]";
const PLAN_RESULT: &str = "#plan-result";
const CONTINUE: &str = "#continue";
const WIDGET_MESSAGE: &str = "[data-amazon-pay-widget=button] [data-amazon-pay-message]";
const MEMBER_LINK: &str = "#member-link";
const MEMBER_REGISTERED: &str = "#member-registered";
const MEMBER_GUEST: &str = "#member-guest";
const SUBSCRIPTIONS_EMPTY: &str = "#subscriptions-empty";
const SUBSCRIPTION_CARD: &str = "#subscriptions .subscription";
const SUBSCRIPTIONS_ERROR: &str = "#subscriptions-error";
const NAV_MEMBER: &str = "header nav a[href='member.html']";

const SELECTORS: &[&str] = &[
    MEMBER_BLOCK,
    MEMBER_ADDRESS,
    CART_BUTTON,
    MEMBER_CART_BUTTON,
    PLAN_BUTTON,
    MEMBER_PLAN_BUTTON,
    SAVE_BUTTON,
    SIGNIN_BUTTON,
    PRODUCTS,
    OFFER,
    CART_LINES,
    MEMBER_FORM,
    REVIEW_MESSAGE,
    RESULT_MESSAGE,
    PLAN_RESULT,
    CONTINUE,
    WIDGET_MESSAGE,
    MEMBER_LINK,
    MEMBER_REGISTERED,
    MEMBER_GUEST,
    SUBSCRIPTIONS_EMPTY,
    SUBSCRIPTION_CARD,
    SUBSCRIPTIONS_ERROR,
    NAV_MEMBER,
];

fn member() -> Value {
    json!({
        "name": "佐藤 一郎", "postalCode": "150-0001", "stateOrRegion": "東京都", "city": "渋谷区",
        "addressLine1": "神宮前1-2-3", "addressLine2": "エッジビル5F", "phoneNumber": "0398765432",
        "countryCode": "JP",
    })
}

/// Every page at every width, as a guest and as a member (two teas and a cup in the cart).
async fn look_at_every_page(stack: &ShopStack) -> Value {
    require_widget_build();
    std::fs::create_dir_all(artifacts_dir()).unwrap();
    let input = json!({
        "shop": stack.shop.base, "outDir": artifacts_dir(), "pages": PAGES, "widths": WIDTHS,
        "cart": [{"sku": "TEA-1", "quantity": 2}, {"sku": "CUP-2", "quantity": 1}],
        "member": member(), "selectors": SELECTORS,
        // The member kept a 定期便 whose token this signer does not open (another shop's, or
        // expired): the member page says so.
        "memberSubscriptions": [{"id": "sub-S03-0000000-0000000",
                                 "token": "s1.sub-S03-0000000-0000000.1800000000.forged", "name": "煎茶 静岡 定期便（毎月お届け）"}],
    });
    let out = tokio::task::spawn_blocking(move || browser_json("shop_pages.js", &input))
        .await
        .unwrap();
    assert!(out.get("error").is_none(), "{out}");
    assert_eq!(out["pageErrors"], json!([]), "{out}");
    out
}

fn view<'a>(out: &'a Value, persona: &str, width: u32, page: &str) -> &'a Value {
    let key = format!("{persona}-{width}-{}", page.trim_end_matches(".html"));
    let view = &out["views"][&key];
    assert!(view.is_object(), "no view {key}: {out}");
    view
}

fn visible(view: &Value, selector: &str) -> bool {
    view["visible"][selector]
        .as_bool()
        .unwrap_or_else(|| panic!("{selector} not looked at: {view}"))
}

/// Asserts that each selector is visible (`true`) or not (`false`) in a view.
fn expect(view: &Value, what: &str, wanted: &[(&str, bool)]) {
    for (selector, shown) in wanted {
        assert_eq!(
            visible(view, selector),
            *shown,
            "{what}: {selector} should {}be visible: {view}",
            if *shown { "" } else { "not " }
        );
    }
}

/// The pages with Amazon Pay buttons: nothing may move while the widget loads.
const BUTTON_PAGES: &[&str] = &["index.html", "cart.html", "subscription.html", "signin.html"];

#[tokio::test(flavor = "multi_thread")]
async fn every_shop_page_shows_guests_and_members_what_is_theirs_without_layout_shift() {
    let stack = ShopStack::start(&[]).await;
    let out = look_at_every_page(&stack).await;
    for &width in WIDTHS {
        for persona in ["guest", "member"] {
            let member = persona == "member";
            let at = |page: &str| format!("{persona} at {width} px, {page}");
            for &page in PAGES {
                let v = view(&out, persona, width, page);
                assert_eq!(v["overflow"], false, "{}: wider than the screen: {v}", at(page));
                assert_eq!(v["slotErrors"], json!([]), "{}: {v}", at(page));
                // Every page links the member page from its menu.
                expect(v, &at(page), &[(NAV_MEMBER, true)]);
                // No error line under any button: every button was mounted and works.
                expect(v, &at(page), &[(WIDGET_MESSAGE, false)]);
                let shift = v["shift"].as_f64().expect("layout shift");
                println!("layout shift {}: {shift}", at(page));
                if BUTTON_PAGES.contains(&page) {
                    assert_eq!(shift, 0.0, "{}: the page moved while loading: {v}", at(page));
                }
            }

            let index = view(&out, persona, width, "index.html");
            expect(index, &at("index"), &[(PRODUCTS, true), (OFFER, true)]);

            // The members-only block is the member's alone, with the registered address and
            // its own button; a guest sees neither it nor an empty box in its place.
            let cart = view(&out, persona, width, "cart.html");
            expect(
                cart,
                &at("cart"),
                &[
                    (CART_LINES, true),
                    (CART_BUTTON, true),
                    (MEMBER_BLOCK, member),
                    (MEMBER_ADDRESS, member),
                    (MEMBER_CART_BUTTON, member),
                ],
            );
            assert_eq!(
                cart["buttons"],
                if member { 2 } else { 1 },
                "{}: {cart}",
                at("cart")
            );
            let plan = view(&out, persona, width, "subscription.html");
            expect(
                plan,
                &at("subscription"),
                &[
                    (PLAN_BUTTON, true),
                    (MEMBER_BLOCK, member),
                    (MEMBER_PLAN_BUTTON, member),
                ],
            );
            assert_eq!(
                plan["buttons"],
                if member { 2 } else { 1 },
                "{}: {plan}",
                at("subscription")
            );
            if member {
                for (page, v) in [("cart", cart), ("subscription", plan)] {
                    let address = v["texts"][MEMBER_ADDRESS].as_str().unwrap_or_default();
                    assert!(
                        address.contains("神宮前1-2-3") && address.contains("佐藤 一郎"),
                        "{}: {v}",
                        at(page)
                    );
                }
            }

            let signin = view(&out, persona, width, "signin.html");
            expect(
                signin,
                &at("signin"),
                &[(SIGNIN_BUTTON, true), (SAVE_BUTTON, true), (MEMBER_FORM, true)],
            );

            // Opened without a checkout: one calm line, nothing of an order.
            let review = view(&out, persona, width, "review.html");
            expect(
                review,
                &at("review"),
                &[(REVIEW_MESSAGE, true), (CART_BUTTON, false)],
            );
            assert!(
                review["texts"][REVIEW_MESSAGE]
                    .as_str()
                    .unwrap_or_default()
                    .contains("見つかりません"),
                "{}: {review}",
                at("review")
            );
            let result = view(&out, persona, width, "result.html");
            expect(
                result,
                &at("result"),
                &[
                    (RESULT_MESSAGE, true),
                    (PLAN_RESULT, false),
                    (CONTINUE, false),
                    (MEMBER_LINK, false),
                ],
            );

            // The member page: the registered address or the way to register; the kept 定期便
            // (here one the signer does not open: said so, nothing else of it) or a friendly
            // empty state; never an error for either.
            let page = view(&out, persona, width, "member.html");
            expect(
                page,
                &at("member"),
                &[
                    (MEMBER_REGISTERED, member),
                    (MEMBER_ADDRESS, member),
                    (MEMBER_GUEST, !member),
                    (SUBSCRIPTIONS_EMPTY, !member),
                    (SUBSCRIPTION_CARD, member),
                    (SUBSCRIPTIONS_ERROR, false),
                ],
            );
            if member {
                let address = page["texts"][MEMBER_ADDRESS].as_str().unwrap_or_default();
                assert!(address.contains("佐藤 一郎"), "{}: {page}", at("member"));
                let card = page["texts"][SUBSCRIPTION_CARD].as_str().unwrap_or_default();
                assert!(
                    card.contains("表示できなくなりました"),
                    "{}: {page}",
                    at("member")
                );
            } else {
                let empty = page["texts"][SUBSCRIPTIONS_EMPTY].as_str().unwrap_or_default();
                assert!(empty.contains("定期便はありません"), "{}: {page}", at("member"));
            }
        }
    }
    stack.stop();
}
