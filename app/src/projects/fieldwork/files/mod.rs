//! Restricted research data files: recordings and transcripts.
