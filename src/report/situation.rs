//! The situation today: each school's current enrollment against its classrooms and the caps.

use super::{Cell, Table};
use crate::capacity::{grade_classes, split_rooms, LoadCheck};
use crate::model::{Grade, School};
use crate::standards::Standards;

/// One row per school with enrollment: students, classes needed at the caps, classrooms, the
/// shortfall, the largest class and the large/very large classes if no classroom is added, and
/// whether the school is over its size cap. Schools without enrollment figures are listed with empty
/// cells, not left out.
pub fn situation_table(schools: &[School], standards: &Standards) -> Table {
    let mut t = Table::new(
        "situation",
        &[
            "school_id",
            "name",
            "level",
            "students",
            "classes_needed",
            "classrooms",
            "classrooms_short",
            "max_class_size",
            "large_classes",
            "very_large_classes",
            "over_size_cap",
            "over_class_cap",
        ],
    );
    for s in schools {
        let head: Vec<Cell> = vec![
            Cell::Id(s.id.clone()),
            Cell::Name(s.name.clone()),
            s.level.as_str().into(),
        ];
        let Some(counts) = &s.enrollment else {
            t.push(
                head.into_iter()
                    .chain(std::iter::repeat_n(Cell::Empty, 9))
                    .collect(),
            );
            continue;
        };
        let check = LoadCheck::new(s.level, counts, s.classrooms, standards);
        let need = grade_classes(counts, standards);
        let rooms = split_rooms(counts, &need, s.classrooms);
        let over_class_cap = Grade::ALL.iter().any(|g| {
            let (n, k) = (counts.get(*g), rooms.get(*g));
            n > 0 && (k == 0 || n.div_ceil(k) > standards.class_cap(*g))
        });
        let mut row = head;
        row.extend([
            check.students.into(),
            check.classes_needed.into(),
            check.classrooms.into(),
            check.classrooms_short.into(),
            check.max_class_size.into(),
            check.large_classes.into(),
            check.very_large_classes.into(),
            check.over_size_cap.into(),
            over_class_cap.into(),
        ]);
        t.push(row);
    }
    t
}
