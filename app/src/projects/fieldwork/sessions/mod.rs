//! Fieldwork sessions and researchers' debriefs.
