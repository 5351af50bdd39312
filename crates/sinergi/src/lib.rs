//! The binary's library: command-line parsing, configuration, and the
//! commands. It is the only place that picks a database backend and reads
//! files or the environment.

pub mod cli;
pub mod commands;
pub mod demo_accounts;
pub mod demo_campaigns;
pub mod demo_contacts;
pub mod demo_forums;
pub mod demo_monitoring;
pub mod demo_newsroom;
pub mod demo_press;
pub mod region_files;
pub mod rng;
pub mod server;
pub mod settings;
