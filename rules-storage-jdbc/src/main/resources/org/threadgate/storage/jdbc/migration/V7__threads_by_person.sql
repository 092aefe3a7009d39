-- The person-level cap (issue 28) reads every thread of a person for each decision by reference: threads by person.
-- (Erasure, which reads them too, used to scan the table.)
CREATE INDEX threads_by_person ON threads (person_id);
