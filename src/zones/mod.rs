//! Attendance zones (学区划分): assigning students or planning units to schools under class caps.
