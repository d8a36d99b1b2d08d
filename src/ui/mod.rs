//! The Yew user interface.
//!
//! The UI reads engine views and changes the cluster only through `Action`s.
//! So far it is the first page: the title and a live virtual clock.

mod app;
pub mod challenge;
mod clock;
pub mod embed;
mod guide_messages;
pub mod lessons;
mod messages;
pub mod modes;
pub mod share;

pub use app::App;
