//! Typed clients for the LINE WORKS profile-status API and Rocket.Chat's custom-user-status API,
//! generated at build time by `oagen` from the curated specs in `spec/`.
//!
//! Each module is the generated code for one spec; `generated/` holds the reviewed copy.
#![deny(warnings)]
#![deny(missing_docs)]
// The README's examples are compiled as doctests, so they cannot drift from the code.
#![doc = include_str!("../README.md")]

/// LINE WORKS API 2.0: domain profile statuses and member statuses (`spec/lineworks.yaml`).
pub mod lineworks {
    include!(concat!(env!("OUT_DIR"), "/lineworks.rs"));
}

/// Rocket.Chat REST API: custom user statuses (`spec/rocketchat.yaml`).
pub mod rocketchat {
    include!(concat!(env!("OUT_DIR"), "/rocketchat.rs"));
}
