//! The Yew user interface.
//!
//! The UI reads engine views and changes the cluster only through `Action`s.
//! So far it is the first page: the title and a live virtual clock.

mod app;
mod clock;
pub mod config;
pub mod file_io;
mod messages;
pub mod session_panel;

pub use app::App;
