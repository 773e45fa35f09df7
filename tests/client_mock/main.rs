//! Every operation of both generated clients, driven against the in-process vendor mock:
//! successes with realistic (Korean and Japanese) data, every documented error through the
//! typed error enums, the checks made before sending, path encoding, credentials, and the
//! failures that are not the server's answer (undocumented status, undecodable body, timeout,
//! refused connection).
//!
//! Every client talks to 127.0.0.1 through a `reqwest::Client` built with `no_proxy()`, because
//! reqwest honours `HTTP_PROXY` even for loopback addresses.
//!
//! By topic: `successes`, `errors` (documented ones), `checks` (made before sending), `paths`,
//! `credentials`, `failures` (answers the spec does not describe, and none); `helpers` holds
//! what they share.

#[path = "../support/mod.rs"]
mod support;

mod checks;
mod credentials;
mod errors;
mod failures;
mod helpers;
mod paths;
mod successes;
