//! Service and data code for projects (server only).
