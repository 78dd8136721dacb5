//! Server functions for training.
