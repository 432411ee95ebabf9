//! The Slack edge. Requests come in through [`http`] or [`socket`] (verified by
//! [`verify`], parsed by [`inbound`]) and are handled by [`bot`]; what the domain queued
//! goes out through [`deliver`], rendered by [`views`], over [`api`].

pub mod api;
pub mod blocks;
pub mod bot;
pub mod command;
pub mod deliver;
mod dispatch;
pub mod forms;
pub mod home;
pub mod home_queue;
pub mod http;
pub mod inbound;
pub mod limits;
pub mod proxy;
pub mod socket;
mod submit;
pub mod verify;
pub mod views;
