//! End-to-end tests: the real server on port 0 with a temporary database,
//! driven over HTTP as kiosks and counsellors would. One binary, a module per
//! area, the fixture in `helpers`.

mod access;
mod access_table;
mod accounts;
mod actions;
mod alerts;
mod appointments;
mod bad_input;
mod call_this;
mod calling;
mod checkin;
mod concurrency;
mod durability;
mod errands;
mod events;
mod footfall;
mod fuzz;
mod helpers;
mod instances;
mod kiosk_health;
mod slow;
mod web;
