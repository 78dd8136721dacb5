//! Lone working: check-in, check-out, and the alert when a check-out is missed.
