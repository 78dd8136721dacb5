//! Training: who may see and change courses, cohorts, attendance, learning logs and certificates.
//! Each action carries the facts its rule needs, loaded by the service beforehand.

use super::Actor;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainingAction {}

pub(super) fn may(_actor: &Actor, action: &TrainingAction) -> bool {
    match *action {}
}

pub(super) fn refusal(_actor: &Actor, action: &TrainingAction) -> AppError {
    match *action {}
}
