//! Service and data code for commissioning (server only).
