//! Service and data code for training (server only).
