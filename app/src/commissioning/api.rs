//! Server functions for commissioning.
