//! One module per console screen, each a pure function from what the handler read to markup:
//! [`sign_in`], [`orders`] (the list), [`order`] (one order and its actions), [`confirm`] (the
//! confirmation step of an action), [`operations`] (sync, settings, notification log),
//! [`problem`] (an error or a refusal), [`subscriptions`] (the subscription list) and
//! [`subscription`] (one subscription, its actions and their confirmation step); [`text`]:
//! times and statuses as the pages write them.

pub mod confirm;
pub mod operations;
pub mod order;
pub mod orders;
pub mod problem;
pub mod sign_in;
pub mod subscription;
pub mod subscriptions;
pub mod text;
