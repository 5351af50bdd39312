//! Stories of the pickup matcher on real news.

mod hard_negatives;
mod same_day;
