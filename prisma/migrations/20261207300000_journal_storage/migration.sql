-- Remote-write bodies are snappy-compressed already: PostgreSQL's TOAST compression spent CPU
-- on every journalled request to save nothing. Stored out of line as they are.
ALTER TABLE remote_write_batch ALTER COLUMN body SET STORAGE EXTERNAL;
