-- A request id that is a canonical lower-case UUID is its own request_key: it is not stored a
-- second time as text (most ids are UUIDs; 41 bytes a row less to send and store).
-- The id of a request is coalesce(request_id, request_key::text); rows stored before keep their text.
ALTER TABLE request ALTER COLUMN request_id DROP NOT NULL;
