-- People who sign in to the web app, their sessions, and failed sign-ins (for rate limiting).
CREATE TABLE "app_user" (
    "id"            SERIAL PRIMARY KEY,
    "email"         TEXT NOT NULL,
    "role"          TEXT NOT NULL CHECK ("role" IN ('viewer', 'finance', 'admin')),
    "password_hash" TEXT NOT NULL,
    "created_at"    TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);
-- Emails compare case-insensitively: they are stored lower-cased.
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user" ("email");

CREATE TABLE "user_session" (
    "id"           SERIAL PRIMARY KEY,
    "user_id"      INTEGER NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    "token_hash"   TEXT NOT NULL,
    "csrf_token"   TEXT NOT NULL,
    "created_at"   TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "revoked_at"   TIMESTAMPTZ(6)
);
CREATE UNIQUE INDEX "user_session_token_hash_key" ON "user_session" ("token_hash");
CREATE INDEX "user_session_user_id_idx" ON "user_session" ("user_id");

CREATE TABLE "sign_in_failure" (
    "id"      BIGSERIAL PRIMARY KEY,
    "at"      TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "email"   TEXT NOT NULL,
    "address" TEXT NOT NULL
);
CREATE INDEX "sign_in_failure_email_at_idx" ON "sign_in_failure" ("email", "at");
CREATE INDEX "sign_in_failure_address_at_idx" ON "sign_in_failure" ("address", "at");

-- A token belongs to a user (null: made with the CLI by whoever runs the server) and may act
-- only within that user's current role.
ALTER TABLE "api_token" ADD COLUMN "user_id" INTEGER REFERENCES "app_user" ("id") ON DELETE CASCADE;
CREATE INDEX "api_token_user_id_idx" ON "api_token" ("user_id");
