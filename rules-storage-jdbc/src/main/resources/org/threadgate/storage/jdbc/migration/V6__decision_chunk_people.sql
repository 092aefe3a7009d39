-- Which person each line of a chunk names, and where the line ends (issue 26): 8 bytes a line, in order, the low 32
-- bits of the person's key hash (0 for a campaign decision) and the end of the line in the body's bytes. A search by
-- person reads this and then only the lines that may be theirs (on PostgreSQL a substring of the body, which reads
-- only the stored pages that hold them), instead of the whole chunk. Chunks written before this version have none and
-- are read whole.
ALTER TABLE decision_chunks ADD COLUMN people ${large_bytes};
