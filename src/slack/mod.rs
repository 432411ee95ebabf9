//! The Slack edge: requests come in through [`http`] (verified by [`verify`], parsed by
//! [`inbound`]) and are handled by [`bot`]; replies go out through [`api`], rendered by [`views`].

pub mod api;
pub mod blocks;
pub mod bot;
pub mod home;
pub mod http;
pub mod inbound;
pub mod outbox;
pub mod socket;
pub mod verify;
pub mod views;
