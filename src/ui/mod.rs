//! The Yew user interface.
//!
//! The UI reads engine views and changes the cluster only through `Action`s.
//! `model` holds the playground's state and messages, `views` turn it into
//! markup, and `app` is the component that runs animation frames and keys.

mod app;
pub mod challenge;
mod clock;
pub mod config;
pub mod controls;
pub mod embed;
pub mod file_io;
mod guide_messages;
pub mod lessons;
pub mod library;
pub mod messages;
pub mod model;
pub mod modes;
pub mod session_panel;
pub mod share;
pub mod speed;
pub mod views;

pub use app::App;
