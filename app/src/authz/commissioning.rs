//! Commissioning: who may see and change briefs, questions, responses, decisions and the projects they create.
//! Each action carries the facts its rule needs, loaded by the service beforehand.

use super::Actor;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommissioningAction {}

pub(super) fn may(_actor: &Actor, action: &CommissioningAction) -> bool {
    match *action {}
}

pub(super) fn refusal(_actor: &Actor, action: &CommissioningAction) -> AppError {
    match *action {}
}
