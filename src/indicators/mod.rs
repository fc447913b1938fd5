//! The quality-balanced development indicators (优质均衡) counties are assessed on.
