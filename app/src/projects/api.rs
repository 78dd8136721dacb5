//! Server functions for projects.
